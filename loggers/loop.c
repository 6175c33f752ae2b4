/* loop.c: the logger event loop. Each turn: the earliest deadline, poll,
 * then signals, then the sink, then stdin. Bytes are consumed from stdin
 * only after the sink delivered them (or the drop policy gave them up), so
 * whatever is in flight when a logger dies stays in the pipe. */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "deadline.h"
#include "die.h"
#include "loop.h"
#include "sanitize.h"
#include "sig.h"

#define TAILSTEP_MIN 100     /* us: first look again at a partial line */
#define TAILSTEP_MAX 1000000 /* us: then at most once a second */
#define DROP_RETRY 1000     /* ms between attempts on a failed sink */
#define WARN_INTERVAL 60000 /* ms between repeated warnings */

int
logloop_init(struct logloop *L, const struct logopts *opt,
    const struct sink_ops *ops, void *sink, int sigfd)
{
	memset(L, 0, sizeof *L);
	L->opt = opt;
	L->ops = ops;
	L->sink = sink;
	L->sigfd = sigfd;
	L->st.fmt = opt->stamp;
	L->retry = DEADLINE_NEVER;
	L->tailwait = DEADLINE_NEVER;
	return input_open(&L->in, 0, opt->filter.look);
}

/* Consume what has been put or skipped. A failure here means the bytes
 * were delivered but stay in the pipe (they would be repeated), so the
 * logger stops rather than go on inconsistently. */
static void
consume(struct logloop *L)
{
	if (L->done == 0)
		return;
	if (input_consume(&L->in, L->done) < 0) {
		warn_sys("unable to consume input");
		L->stopping = 1;
		L->exitcode = EXIT_TEMP;
		return;
	}
	L->pos -= L->done;
	L->done = 0;
	filter_window(&L->opt->filter, L->in.buf, L->in.len);
}

static void
note_drop(struct logloop *L, int err)
{
	unsigned held;

	L->down = 1;
	L->retry = now_ms() + DROP_RETRY;
	errno = err;
	if (warnlimit_ok(&L->wl, WARN_INTERVAL, &held))
		warn_sys("dropping input until the sink recovers "
		    "(%u warnings held)", held);
}

static void
settled(struct logloop *L)
{
	L->pending = 0;
	L->gap_sent = 0;
	L->batch_lines = L->batch_bytes = 0;
	consume(L);
}

/* Try to deliver the pending batch. Returns 1 when it is settled
 * (delivered, or given up by the drop policy) and consumed, 0 while it is
 * still pending. */
static int
deliver(struct logloop *L)
{
	int err;

	if (L->ops->flush(L->sink) == 0) {
		if (L->gap_sent) {
			errno = L->gap.err;
			warn_sys("input was dropped; resumed after %llu lines "
			    "(%llu bytes) lost",
			    (unsigned long long)L->gap.lines,
			    (unsigned long long)L->gap.bytes);
			gap_clear(&L->gap);
			warnlimit_reset(&L->wl);
		}
		settled(L);
		return 1;
	}
	err = errno;
	if (err == EINPROGRESS || L->opt->policy == POLICY_BLOCK)
		return 0;
	L->ops->discard(L->sink);
	gap_add(&L->gap, L->batch_lines, L->batch_bytes, err);
	note_drop(L, err);
	settled(L);
	return 1;
}

/* Put one segment, flushing first if the batch is full. 0 when taken (or
 * counted as dropped), -1 when a flush is pending and feeding must stop.
 * A flush consumes what was delivered, which moves the window's bytes
 * down: sg->p and *before (a window offset) move with them. */
static int
put(struct logloop *L, struct seg *sg, size_t *before)
{
	size_t slen = sg->start ? L->st.len : 0, pos0;

	for (;;) {
		if (L->down) {
			gap_add(&L->gap, (uint64_t)sg->end,
			    sg->len + (size_t)sg->end, L->gap.err);
			return 0;
		}
		if (L->ops->put(L->sink, sg, L->st.text, slen) == 0) {
			L->pending = 1;
			L->batch_lines += (uint64_t)sg->end;
			L->batch_bytes += sg->len + (size_t)sg->end;
			return 0;
		}
		if (errno != ENOBUFS)
			return -1;
		pos0 = L->pos;
		if (!deliver(L))
			return -1;
		sg->p -= pos0 - L->pos;
		*before -= pos0 - L->pos;
	}
}

/* Frame the window and put its lines, until it is all put or a flush is
 * pending. Then deliver what was put, or consume what was only skipped. */
static void
feed(struct logloop *L)
{
	struct seg sg;
	size_t before;
	int mid;

	/* The window may have grown or moved since the filter last saw it. */
	filter_window(&L->opt->filter, L->in.buf, L->in.len);
	for (;;) {
		before = L->pos;
		mid = L->fr.midline;
		if (!frame_next(&L->fr, L->in.buf, L->in.len, &L->pos,
		    input_full(&L->in), L->in.eof, &sg))
			break;
		/* sg.p points into our own window, which we may change. */
		if (!L->opt->raw)
			sanitize(L->in.buf + (sg.p - L->in.buf), sg.len);
		if (sg.start)
			L->skipping = !filter_keep(&L->opt->filter, sg.p,
			    sg.len);
		if (!L->skipping && put(L, &sg, &before) < 0) {
			L->pos = before; /* frame it again next time */
			L->fr.midline = mid;
			return;
		}
		if (sg.end)
			L->skipping = 0;
		L->done = L->pos;
	}
	if (L->pending)
		deliver(L);
	else
		consume(L);
}

/* A down sink is due for another try: offer it the gap record alone. */
static void
retry_down(struct logloop *L)
{
	struct seg sg;

	L->down = 0;
	L->retry = DEADLINE_NEVER;
	sg.len = gap_format(&L->gap, L->gaptext, sizeof L->gaptext);
	sg.p = L->gaptext;
	sg.start = sg.end = 1;
	stamp_now(&L->st);
	if (L->ops->put(L->sink, &sg, L->st.text, L->st.len) < 0) {
		note_drop(L, errno);
		return;
	}
	L->pending = 1;
	L->gap_sent = 1;
	deliver(L);
}

/* Read what arrived and feed it on. While reads fill the whole window
 * (a fast producer, or a pipe grown larger than the window), read again at
 * once, a few times, before looking at signals again. */
static void
read_input(struct logloop *L)
{
	long n;
	int rounds = 0, full;

	do {
		n = input_fill(&L->in);
		if (n < 0) {
			warn_sys("unable to read standard input");
			L->stopping = 1;
			L->exitcode = EXIT_TEMP;
			return;
		}
		full = input_full(&L->in);
		if (n > 0) {
			stamp_now(&L->st); /* stamps: when lines are read */
			L->tailstep = 0;
		}
		feed(L);
	} while (n > 0 && full && !L->pending && !L->stopping &&
	    ++rounds < 16);
	/* A partial last line stays in the pipe until it is complete, so
	 * that a logger killed now loses none of it. But a pipe holding it
	 * stays readable, and a writer blocked on a full pipe does not wake
	 * a reader of a non-empty one: poll() can tell neither way. So ask
	 * the kernel how much is there, and if nothing is new, look again
	 * soon, then less and less often. */
	L->tailwait = DEADLINE_NEVER;
	if (L->in.tee && !L->in.eof && L->in.len > 0 && !L->pending &&
	    !L->stopping) {
		if (input_more(&L->in))
			L->tailstep = 0;
		L->tailwait = now_us() + L->tailstep;
		L->tailstep = L->tailstep == 0 ? TAILSTEP_MIN :
		    L->tailstep * 2 > TAILSTEP_MAX ? TAILSTEP_MAX :
		    L->tailstep * 2;
	}
}

static void
take_signals(struct logloop *L)
{
	int s;

	while ((s = sig_next(L->sigfd)) > 0) {
		if (s == SIGTERM || s == SIGINT)
			L->stopping = 1;
		else
			L->ops->signal(L->sink, s);
	}
}

/* Wait for the next event and handle it. */
static void
turn(struct logloop *L)
{
	struct pollfd pfd[3];
	int nfd = 1, in_slot = -1, sink_slot = -1;
	int64_t now = now_ms(), dl, wait, tail;
	struct timespec ts;

	pfd[0].fd = L->sigfd;
	pfd[0].events = POLLIN;
	dl = deadline_min(L->ops->deadline(L->sink), L->retry);
	wait = dl == DEADLINE_NEVER ? -1 : (int64_t)deadline_timeout(dl, now) * 1000;
	if (!L->pending && !L->in.eof && !input_full(&L->in)) {
		in_slot = nfd++;
		pfd[in_slot].fd = L->in.fd;
		/* A tail wait means the pipe cannot be polled for input
		 * (see read_input); its hangup is still reported. */
		pfd[in_slot].events = L->tailwait != DEADLINE_NEVER ? 0 : POLLIN;
		if (L->tailwait != DEADLINE_NEVER) {
			tail = L->tailwait - now_us();
			tail = tail < 0 ? 0 : tail;
			wait = wait < 0 || tail < wait ? tail : wait;
		}
	}
	if (L->ops->pollfd(L->sink, &pfd[nfd]))
		sink_slot = nfd++;
	ts.tv_sec = (time_t)(wait / 1000000);
	ts.tv_nsec = (long)(wait % 1000000) * 1000;
	if (ppoll(pfd, (nfds_t)nfd, wait < 0 ? NULL : &ts, NULL) < 0) {
		if (errno != EINTR)
			warn_sys("poll");
		return;
	}
	now = now_ms();
	if (pfd[0].revents)
		take_signals(L);
	if (L->stopping)
		return;
	if ((sink_slot >= 0 && pfd[sink_slot].revents) ||
	    L->ops->deadline(L->sink) <= now)
		L->ops->tick(L->sink, now,
		    sink_slot >= 0 ? pfd[sink_slot].revents : 0);
	if (L->pending) {
		if (!deliver(L))
			return;
		feed(L); /* what the last batch had no room for */
	}
	if (L->down && L->retry <= now)
		retry_down(L);
	if (!L->pending && !L->stopping && ((in_slot >= 0 &&
	    pfd[in_slot].revents) || L->tailwait <= now_us()))
		read_input(L);
}

int
logloop_run(struct logloop *L)
{
	int rc;

	for (;;) {
		if (L->stopping) {
			rc = L->ops->finish(L->sink, FINISH_TERM);
			input_close(&L->in);
			return L->exitcode ? L->exitcode : rc;
		}
		if (L->in.eof && L->pos == L->in.len && !L->pending) {
			if (gap_pending(&L->gap) && L->down)
				retry_down(L);
			if (!L->pending)
				break;
		}
		turn(L);
	}
	rc = L->ops->finish(L->sink, FINISH_EOF);
	input_close(&L->in);
	return rc;
}
