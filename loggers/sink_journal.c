/* sink_journal.c: the journald sink (sink_journal.h). Only with
 * libsystemd; journalog without it explains and exits (journalog.c). */
#ifdef HAVE_SYSTEMD
/* Without it, sd_journal_sendv() adds CODE_FILE, CODE_LINE and CODE_FUNC
 * of this very file to every entry: not the fields of journalog(8), and
 * not those of the entries it writes into memfds itself. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <errno.h>
#include <string.h>
#include <systemd/sd-journal.h>

#include "deadline.h"
#include "die.h"
#include "sink_journal.h"

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
	if (jconn_init(&s->conn) < 0 ||
	    jbatch_init(&s->b, conf->limit, conf->window, conf->strip,
	    conf->fields) < 0)
		return -1;
	/* Half of libsystemd's send buffer, so that its sendmsg() never
	 * waits for journald to read (see journalconn.h). */
	s->budget = jconn_sndbuf() / 2;
	s->due = DEADLINE_NEVER;
	s->retry = 0;
	s->backoff = BACKOFF_MIN;
	return 0;
}

static int
jsink_put(void *v, const struct seg *sg, const char *stamp, size_t slen)
{
	struct jsink *s = v;

	if (s->b.nent == 0) /* a new batch: journald's wait starts now */
		s->progress = s->sent_at = now_ms();
	if (jbatch_put(&s->b, sg, stamp, slen) == 0)
		return 0;
	if (errno == ENOBUFS)
		return -1;
	/* The part of the line already read is in the memfd alone, and
	 * gone from the pipe: nothing to go back to. */
	die_sys(EXIT_TEMP, "unable to write a long line into a memfd");
}

static void
batch_reset(struct jsink *s)
{
	jbatch_clear(&s->b);
	s->sent = s->acked = 0;
	s->base = s->conn.sent.pos;
	s->wait_room = 0;
	s->due = DEADLINE_NEVER;
}

/* The bytes the kernel charges libsystemd's socket for an entry while
 * journald has not read it: the datagram, rounded up by the allocator (at
 * most twice), plus its buffer head. A datagram too big for the send
 * buffer goes as a memfd, and costs little; our own memfds go on our own
 * socket, and cost libsystemd's nothing. */
static uint64_t
cost(const struct jsink *s, const struct jentry *e)
{
	uint64_t dgram = JB_ROOM + e->len + s->c.fields->fixedlen + 256;

	if (e->fd >= 0)
		return 0;
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
	char save[JB_ROOM], *m = e->text - JB_ROOM;
	size_t n;
	int r;

	memcpy(save, m, JB_ROOM);
	memcpy(m, "MESSAGE=", JB_ROOM);
	n = jf_entry(s->c.fields, m, e->len + JB_ROOM, e->prio, &e->pc, &pt,
	    iov);
	r = sd_journal_sendv(iov, (int)n);
	memcpy(m, save, JB_ROOM);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return 0;
}

/* Send one entry costing c: a memfd on our socket (a barrier itself),
 * or through libsystemd. 0, or -1 with errno (EAGAIN: no room). */
static int
send_one(struct jsink *s, const struct jentry *e, uint64_t c)
{
	if (e->fd >= 0)
		return jconn_send_fd(&s->conn, e->fd, c);
	if (send_entry(s, e) < 0)
		return -1;
	jconn_sent(&s->conn, c);
	return 0;
}

/* Send what journald has room for and the kernel may hold, barriers
 * between; then a barrier after the last one sent, which shows when
 * journald has read it all. 0, or -1 with errno: journald has gone or
 * refused. */
static int
send_some(struct jsink *s, int64_t now)
{
	uint64_t c;

	s->wait_room = 0;
	while (s->sent < s->b.nent) {
		c = cost(s, &s->b.ent[s->sent]);
		if (jconn_inflight(&s->conn) > 0 &&
		    jconn_inflight(&s->conn) + c > s->budget)
			break; /* wait until journald reads what is marked */
		if (!jconn_room(&s->conn)) {
			s->wait_room = 1;
			return 0;
		}
		if (send_one(s, &s->b.ent[s->sent], c) < 0) {
			if (errno != EAGAIN)
				return -1;
			s->wait_room = 1;
			return 0;
		}
		s->sent++;
		s->progress = s->sent_at = now;
		if (s->conn.sent.pos % BARRIER_EVERY == 0 &&
		    jconn_unmarked(&s->conn) &&
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
		    s->c.path, s->b.nent - s->acked);
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
		    "read go again", s->b.nent - s->acked);
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

	if (s->b.nent == 0) { /* a long line's segment, kept by the batch */
		batch_reset(s);
		return 0;
	}
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
	if (s->acked == s->b.nent) {
		batch_reset(s);
		return 0;
	}
	return waiting(s, now);
}

static void
jsink_discard(void *v)
{
	struct jsink *s = v;

	jbatch_drop(&s->b);
	batch_reset(s);
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
	jbatch_free(&s->b);
	return EXIT_OK;
}

const struct sink_ops jsink_ops = {
	jsink_put, jsink_flush, jsink_discard, jsink_pollfd, jsink_deadline,
	jsink_tick, jsink_signal, jsink_finish
};

#endif /* HAVE_SYSTEMD */
