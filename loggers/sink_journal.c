/* sink_journal.c: the journald sink (sink_journal.h). Only with
 * libsystemd; journalog without it explains and exits (journalog.c). */
#ifdef HAVE_SYSTEMD
#define _GNU_SOURCE /* getrandom */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <systemd/sd-journal.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "prio.h"
#include "sink_journal.h"

#define ROOM 8               /* before each text: "MESSAGE=" goes there */
#define ENTRIES 4096         /* entries in a batch */
#define BARRIER_EVERY 64     /* entries between barriers */
#define STALL_MS 5000        /* journald reads nothing: warn, or drop */
#define BACKOFF_MIN 20       /* ms between attempts to reach journald */
#define BACKOFF_MAX 1000
#define WARN_MS 60000        /* between repeated warnings */
#define CHECK_MAX 100        /* ms between looks at journald's progress */

int
jsink_init(struct jsink *s, const struct jsink_conf *conf)
{
	memset(s, 0, sizeof *s);
	s->c = *conf;
	if (jconn_init(&s->conn) < 0)
		return -1;
	/* Room for a whole window of lines and their stamps at once. */
	s->cap = 2 * conf->window + 64;
	s->buf = malloc(ROOM + s->cap);
	s->entcap = ENTRIES;
	s->ent = calloc(s->entcap, sizeof *s->ent);
	/* The limit, a window more, a stamp: see put_long(). */
	s->lg.cap = conf->limit + conf->window + 64;
	s->lg.buf = malloc(ROOM + s->lg.cap);
	if (s->buf == NULL || s->ent == NULL || s->lg.buf == NULL) {
		free(s->buf);
		free(s->ent);
		free(s->lg.buf);
		return -1;
	}
	/* Half of libsystemd's send buffer, so that its sendmsg() never
	 * waits for journald to read (see journalconn.h). */
	s->budget = jconn_sndbuf() / 2;
	s->due = DEADLINE_NEVER;
	s->retry = 0;
	s->backoff = BACKOFF_MIN;
	return 0;
}

/* A fresh id for the pieces of one split line. */
static void
new_line_id(struct jsink *s, struct jpiece *pc)
{
	struct timespec ts;
	uint32_t n = ++s->idcount;
	pid_t pid = getpid();

	if (getrandom(pc->id, sizeof pc->id, GRND_NONBLOCK) ==
	    (ssize_t)sizeof pc->id)
		return;
	/* No entropy yet (early boot): unique is enough. */
	clock_gettime(CLOCK_REALTIME, &ts);
	memset(pc->id, 0, sizeof pc->id);
	memcpy(pc->id, &ts, sizeof ts < 8 ? sizeof ts : 8);
	memcpy(pc->id + 8, &pid, sizeof pid < 4 ? sizeof pid : 4);
	memcpy(pc->id + 12, &n, 4);
}

/* The line's priority; under -s, *skip gets the length of its prefix
 * and the blanks after it. */
static int
line_prio(const struct jsink *s, const char *p, size_t n, size_t *skip)
{
	int prio = prio_parse(p, n, skip);

	if (!s->c.strip || prio < 0) {
		*skip = 0;
		return prio < 0 ? 6 : prio; /* LOG_INFO */
	}
	while (*skip < n && (p[*skip] == ' ' || p[*skip] == '\t'))
		(*skip)++;
	return prio;
}

/* Copy the stamp and the line, less skip bytes, to dst. */
static size_t
copy_line(char *dst, const struct seg *sg, size_t skip, const char *stamp,
    size_t slen)
{
	memcpy(dst, stamp, slen);
	memcpy(dst + slen, sg->p + skip, sg->len - skip);
	return slen + sg->len - skip;
}

static void
add_entry(struct jsink *s, char *text, size_t len, int prio,
    const struct jpiece *pc)
{
	struct jentry *e = &s->ent[s->nent++];

	e->text = text;
	e->len = len;
	e->prio = prio;
	if (pc != NULL)
		e->pc = *pc;
	else
		memset(&e->pc, 0, sizeof e->pc);
}

/* How many entries text (len bytes) makes. */
static size_t
count_pieces(const struct jsink *s, const char *text, size_t len)
{
	size_t n = 0, cut;

	do {
		cut = jf_cut(text, len, s->c.limit);
		text += cut;
		len -= cut;
		n++;
	} while (len > 0);
	return n;
}

/* Make entries of text: one when it fits the limit, else pieces. */
static void
add_split(struct jsink *s, char *text, size_t len, int prio)
{
	struct jpiece pc;
	size_t cut;

	if (len <= s->c.limit) {
		add_entry(s, text, len, prio, NULL);
		return;
	}
	new_line_id(s, &pc);
	pc.num = 0;
	while (len > 0) {
		cut = jf_cut(text, len, s->c.limit);
		pc.num++;
		pc.last = cut == len;
		add_entry(s, text, cut, prio, &pc);
		text += cut;
		len -= cut;
	}
}

/* A whole line: copied into the batch. */
static int
put_line(struct jsink *s, const struct seg *sg, const char *stamp,
    size_t slen)
{
	size_t skip, len;
	int prio = line_prio(s, sg->p, sg->len, &skip);
	char *text = s->buf + ROOM + s->len;

	if (s->len + slen + sg->len > s->cap) {
		errno = ENOBUFS;
		return -1;
	}
	len = copy_line(text, sg, skip, stamp, slen);
	if (s->nent + count_pieces(s, text, len) > s->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	s->len += len;
	add_split(s, text, len, prio);
	return 0;
}

/* Make pieces of the long line while more than the limit is left; at its
 * end, the rest is the last piece (or the whole line, if it was never
 * split). */
static void
cut_long(struct jsink *s, int end)
{
	struct jlong *g = &s->lg;
	char *text = g->buf + ROOM;
	size_t cut;

	while (g->len - g->cut > s->c.limit) {
		if (g->pc.num == 0)
			new_line_id(s, &g->pc);
		cut = jf_cut(text + g->cut, g->len - g->cut, s->c.limit);
		g->pc.num++;
		g->pc.last = 0;
		add_entry(s, text + g->cut, cut, g->prio, &g->pc);
		g->cut += cut;
	}
	if (!end)
		return;
	if (g->pc.num == 0) {
		add_entry(s, text, g->len, g->prio, NULL);
	} else {
		g->pc.num++;
		g->pc.last = 1;
		add_entry(s, text + g->cut, g->len - g->cut, g->prio, &g->pc);
	}
	g->cut = g->len;
}

/* A segment of a line longer than the window. Such a segment comes alone
 * in its batch (frame.c gives one only at the start of a full window), so
 * the pieces made before were delivered, or dropped, and their bytes can
 * go. */
static int
put_long(struct jsink *s, const struct seg *sg, const char *stamp,
    size_t slen)
{
	struct jlong *g = &s->lg;
	char *text = g->buf + ROOM;
	size_t skip = 0;

	if (s->nent + (g->len - g->cut + sg->len) / s->c.limit + 2 >
	    s->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	if (sg->start) {
		g->prio = line_prio(s, sg->p, sg->len, &skip);
		g->len = copy_line(text, sg, skip, stamp, slen);
		g->cut = 0;
		g->pc.num = 0;
	} else {
		memmove(text, text + g->cut, g->len - g->cut);
		g->len -= g->cut;
		g->cut = 0;
		memcpy(text + g->len, sg->p, sg->len);
		g->len += sg->len;
	}
	cut_long(s, sg->end);
	return 0;
}

static int
jsink_put(void *v, const struct seg *sg, const char *stamp, size_t slen)
{
	struct jsink *s = v;

	if (s->nent == s->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	if (s->nent == 0) /* a new batch: journald's wait starts now */
		s->progress = s->sent_at = now_ms();
	if (sg->start && sg->end)
		return put_line(s, sg, stamp, slen);
	return put_long(s, sg, stamp, slen);
}

static void
batch_reset(struct jsink *s)
{
	s->nent = s->len = s->sent = s->acked = 0;
	s->base = s->conn.sent.pos;
	s->wait_room = 0;
	s->due = DEADLINE_NEVER;
}

/* The bytes the kernel charges for an entry while journald has not read
 * it: the datagram, rounded up by the allocator (at most twice), plus its
 * buffer head. A datagram too big for the send buffer goes as a memfd,
 * and costs little. */
static uint64_t
cost(const struct jsink *s, const struct jentry *e)
{
	uint64_t dgram = ROOM + e->len + s->c.fields->fixedlen + 256;

	if (dgram > 2 * s->budget - 32)
		return 2048;
	return 2 * dgram + 1024;
}

/* Send one entry: "MESSAGE=" goes in the 8 bytes before its text for the
 * call (sd_journal_sendv wants each field in one piece), then those bytes
 * are put back: they may be the end of the entry before. */
static int
send_entry(const struct jsink *s, const struct jentry *e)
{
	struct iovec iov[JF_IOV_MAX];
	struct jpiecetext pt;
	char save[ROOM], *m = e->text - ROOM;
	size_t n;
	int r;

	memcpy(save, m, ROOM);
	memcpy(m, "MESSAGE=", ROOM);
	n = jf_entry(s->c.fields, m, e->len + ROOM, e->prio, &e->pc, &pt,
	    iov);
	r = sd_journal_sendv(iov, (int)n);
	memcpy(m, save, ROOM);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return 0;
}

/* Send what journald has room for, barriers between; then the barrier
 * that shows when all is read. 0, or -1 with errno: journald has gone or
 * refused. */
static int
send_some(struct jsink *s, int64_t now)
{
	uint64_t c;

	s->wait_room = 0;
	while (s->sent < s->nent) {
		c = cost(s, &s->ent[s->sent]);
		if (jconn_inflight(&s->conn) > 0 &&
		    jconn_inflight(&s->conn) + c > s->budget)
			return 0; /* wait until journald reads */
		if (!jconn_room(&s->conn)) {
			s->wait_room = 1;
			return 0;
		}
		if (send_entry(s, &s->ent[s->sent]) < 0)
			return -1;
		jconn_sent(&s->conn, c);
		s->sent++;
		s->progress = s->sent_at = now;
		if (s->conn.sent.pos % BARRIER_EVERY == 0 &&
		    jconn_barrier(&s->conn) < 0 && errno != EAGAIN)
			return -1;
	}
	if (jconn_unmarked(&s->conn) && jconn_barrier(&s->conn) < 0) {
		if (errno != EAGAIN)
			return -1;
		s->wait_room = 1;
	}
	return 0;
}

/* Learn what journald has read. 0, or -1 with errno: it has gone. */
static int
settle(struct jsink *s, int64_t now)
{
	uint64_t done;
	int r = jconn_check(&s->conn, s->c.path);

	if (r <= 0)
		return r;
	done = s->conn.read.pos - s->base;
	if (done > s->sent)
		done = s->sent;
	if (done > s->acked) {
		s->acked = (size_t)done;
		s->progress = now;
	}
	return 0;
}

static int
fail(struct jsink *s, int err, int64_t now)
{
	unsigned held;

	if (!s->down && warnlimit_ok(&s->wl, WARN_MS, &held)) {
		errno = err;
		warn_sys("unable to reach journald at %s; %s", s->c.path,
		    s->c.policy == POLICY_BLOCK ? "holding the input" :
		    "dropping input");
	}
	s->down = 1;
	s->err = err;
	s->retry = now + s->backoff;
	s->backoff = s->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
	    s->backoff * 2;
	s->due = s->retry;
	errno = err;
	return -1;
}

/* Connect our socket to journald; what it may not have read of the batch
 * goes again. */
static int
reach(struct jsink *s, int64_t now)
{
	if (now < s->retry) {
		s->due = s->retry;
		errno = s->err;
		return -1;
	}
	if (jconn_open(&s->conn, s->c.path) < 0)
		return fail(s, errno, now);
	if (s->down) {
		info("journald is back at %s (%zu entries to send)",
		    s->c.path, s->nent - s->acked);
		warnlimit_reset(&s->wl);
	}
	s->down = 0;
	s->backoff = BACKOFF_MIN;
	s->base = s->conn.sent.pos - s->acked;
	s->sent = s->acked;
	s->progress = now;
	return 0;
}

int
jsink_probe(struct jsink *s)
{
	if (jconn_open(&s->conn, s->c.path) < 0)
		return -1;
	s->base = s->conn.sent.pos;
	return 0;
}

/* journald went away, or would not take an entry: close our socket;
 * what journald may not have read goes again. */
static void
lost(struct jsink *s, int err)
{
	unsigned held;

	if (warnlimit_ok(&s->wl_lost, WARN_MS, &held)) {
		errno = err;
		warn_sys("journald went away; %zu entries not known to be "
		    "read go again", s->nent - s->acked);
	}
	jconn_close(&s->conn);
	s->sent = s->acked;
}

/* Send what may go, then learn what journald has read. 0, or -1 with
 * errno: journald has gone, or refused an entry. */
static int
advance(struct jsink *s, int64_t now)
{
	if (send_some(s, now) < 0)
		return -1;
	return settle(s, now);
}

/* Still waiting: say when to look again. -1 with errno EINPROGRESS, or
 * ETIMEDOUT when journald has read nothing for long under -p drop. */
static int
waiting(struct jsink *s, int64_t now)
{
	int64_t idle = now - s->progress, step;
	unsigned held;

	if (idle >= STALL_MS) {
		if (s->c.policy == POLICY_DROP) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (warnlimit_ok(&s->wl_stall, WARN_MS, &held))
			warn("journald has read nothing for %lld s; holding "
			    "the input", (long long)(idle / 1000));
	}
	if (s->wait_room) {
		s->due = now + STALL_MS;
	} else {
		/* Look again soon, less often as the wait goes on. */
		step = (now - s->sent_at) / 8;
		step = step < 1 ? 1 : step > CHECK_MAX ? CHECK_MAX : step;
		s->due = now + step;
	}
	errno = EINPROGRESS;
	return -1;
}

static int
jsink_flush(void *v)
{
	struct jsink *s = v;
	int64_t now = now_ms();
	int err;

	if (s->conn.fd < 0 && reach(s, now) < 0)
		return -1;
	if (advance(s, now) < 0) {
		lost(s, errno);
		s->retry = now; /* a new journald may be there already */
		if (reach(s, now) < 0)
			return -1;
		if (advance(s, now) < 0) {
			err = errno;
			jconn_close(&s->conn);
			s->sent = s->acked;
			return fail(s, err, now);
		}
	}
	if (s->acked == s->nent) {
		batch_reset(s);
		return 0;
	}
	return waiting(s, now);
}

static void
jsink_discard(void *v)
{
	batch_reset(v);
}

static int
jsink_pollfd(void *v, struct pollfd *p)
{
	struct jsink *s = v;

	if (!s->wait_room || s->conn.fd < 0)
		return 0;
	p->fd = s->conn.fd;
	p->events = POLLOUT;
	p->revents = 0;
	return 1;
}

static int64_t
jsink_deadline(void *v)
{
	return ((struct jsink *)v)->due;
}

static void
jsink_tick(void *v, int64_t now, short revents)
{
	(void)now;
	(void)revents;
	/* flush() follows while a batch is pending, and sets it again. */
	((struct jsink *)v)->due = DEADLINE_NEVER;
}

static void
jsink_signal(void *v, int sig)
{
	(void)v;
	(void)sig;
}

static int
jsink_finish(void *v, enum finish_how how)
{
	struct jsink *s = v;

	(void)how; /* at end of input, everything was delivered already */
	jconn_close(&s->conn);
	free(s->buf);
	free(s->ent);
	free(s->lg.buf);
	s->buf = s->lg.buf = NULL;
	s->ent = NULL;
	return EXIT_OK;
}

const struct sink_ops jsink_ops = {
	jsink_put, jsink_flush, jsink_discard, jsink_pollfd, jsink_deadline,
	jsink_tick, jsink_signal, jsink_finish
};

#endif /* HAVE_SYSTEMD */
