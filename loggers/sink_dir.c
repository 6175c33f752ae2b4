/* sink_dir.c: the log directory sink (sink_dir.h). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fsops.h"
#include "rotpolicy.h"
#include "sig.h"
#include "sink_dir.h"

#define RETRY_MS 500        /* a failed write or rotation step, again */
#define WARN_MS 60000       /* at most one warning a minute meanwhile */
#define TERM_GRACE_MS 800   /* SIGTERM: how long the worker may take */
#define BATCH_EXTRA (256 * 1024)

int
sink_dir_open(struct dirsink *s, const char *path, const struct dircfg *cfg,
    const struct rotcfg *rc, int sigfd)
{
	memset(s, 0, sizeof *s);
	s->cfg = *cfg;
	s->path = path;
	s->sigfd = sigfd;
	s->retry = DEADLINE_NEVER;
	if (logdir_open(&s->dir, path, cfg->archive_clean) < 0)
		return -1;
	if (s->dir.cut > 0)
		info("recovery: cut %llu bytes off the end of the previous "
		    "current, never taken from the pipe", (unsigned long long)
		    s->dir.cut);
	if (worker_start(&s->worker, s->dir.dirfd, rc) < 0) {
		s->dir.what = "unable to start the rotation worker for log "
		    "directory";
		return -1;
	}
	return 0;
}

int
sink_dir_buffer(struct dirsink *s, size_t window)
{
	/* A whole window and its stamps, and a lead byte; beyond 256 KiB
	 * of slack, a window of tiny stamped lines takes two writes. */
	s->cap = window + (window < BATCH_EXTRA ? window : BATCH_EXTRA) + 64;
	s->buf = malloc(s->cap);
	return s->buf == NULL ? -1 : 0;
}

/* A step failed (errno says why): try again after RETRY_MS, and say so,
 * at most once a minute. Returns -1 with errno kept. */
static int
failed(struct dirsink *s, const char *what)
{
	unsigned held;
	int err = errno;

	s->retry = now_ms() + RETRY_MS;
	if (s->fail_since == 0)
		s->fail_since = now_ms();
	if (!s->cfg.quiet && warnlimit_ok(&s->wl, WARN_MS, &held)) {
		errno = err;
		if (held > 0)
			warn_sys("pausing: %s log directory %s "
			    "(%u warnings held back)", what, s->path, held);
		else
			warn_sys("pausing: %s log directory %s", what,
			    s->path);
	}
	errno = err;
	return -1;
}

static void
recovered(struct dirsink *s)
{
	if (s->fail_since != 0 && !s->cfg.quiet)
		info("resuming: log directory %s writable again after %lld ms",
		    s->path, (long long)(now_ms() - s->fail_since));
	s->fail_since = 0;
	s->retry = DEADLINE_NEVER;
	warnlimit_reset(&s->wl);
}

static int
rotate(struct dirsink *s)
{
	if (logdir_rotate(&s->dir, s->cfg.durable) < 0)
		return failed(s, "unable to rotate current in");
	s->rot_wanted = 0;
	worker_kick(&s->worker);
	return 0;
}

/* Whether -T wants current rotated before lines read at now_us. */
static int
time_due(const struct dirsink *s, int64_t now_us)
{
	return s->cfg.interval_s > 0 && s->dir.size > 0 &&
	    rotpolicy_crossed(s->dir.first_us, now_us, s->cfg.interval_s);
}

static int
dir_put(void *v, const struct seg *sg, const char *stamp, size_t slen)
{
	struct dirsink *s = v;
	size_t need = sg->len + (size_t)sg->end + (sg->start ? slen : 0);

	if (s->len == 0) {
		/* The lines were read just now: the time for -T, which
		 * matches their stamps to the microsecond. */
		s->batch_us = fsops_wall_us();
		s->cont = !sg->start;
		/* A line left unfinished (its rest was dropped, or a
		 * predecessor stopped inside it) is ended first. */
		s->lead = sg->start && s->dir.midline;
		if (s->lead)
			s->buf[s->len++] = '\n';
	}
	/* The file this line goes to: a new one if the batch starts one. */
	if (sg->start && rotpolicy_size((s->rotate_first ? 0 : s->dir.size) +
	    s->len - s->lead, need, s->cfg.maxsize)) {
		if (s->len > (size_t)s->lead) {
			errno = ENOBUFS; /* this line begins the next file */
			return -1;
		}
		s->rotate_first = 1;
	}
	if (s->len + need > s->cap) {
		errno = ENOBUFS;
		return -1;
	}
	if (sg->start) {
		memcpy(s->buf + s->len, stamp, slen);
		s->len += slen;
	}
	memcpy(s->buf + s->len, sg->p, sg->len);
	s->len += sg->len;
	if (sg->end)
		s->buf[s->len++] = '\n';
	return 0;
}

/* Whether the batch must start a new file. */
static int
rotation_due(struct dirsink *s)
{
	if (s->dir.fd < 0 || s->rotate_first)
		return 1;
	return !s->cont && s->dir.size > 0 &&
	    (s->rot_wanted || time_due(s, s->batch_us));
}

static int
dir_flush(void *v)
{
	struct dirsink *s = v;
	size_t skip;

	if (s->len == 0)
		return 0;
	skip = 0;
	if (rotation_due(s)) {
		if (rotate(s) < 0)
			return -1;
		skip = (size_t)s->lead; /* a new file has no line to end */
	}
	if (logdir_append(&s->dir, s->buf + skip, s->len - skip, s->batch_us,
	    s->cfg.durable) < 0)
		return failed(s, "unable to write to current in");
	if (!s->cont)
		s->rot_wanted = 0; /* else it waits for a line to start */
	s->len = 0;
	s->lead = s->rotate_first = 0;
	recovered(s);
	return 0;
}

static void
dir_discard(void *v)
{
	struct dirsink *s = v;

	s->len = 0;
	s->lead = s->rotate_first = 0;
}

static int
dir_pollfd(void *v, struct pollfd *p)
{
	(void)v;
	(void)p;
	return 0;
}

static int64_t
dir_deadline(void *v)
{
	struct dirsink *s = v;
	int64_t dl = s->retry, left;

	/* An idle, non-empty current is rotated when its interval ends. */
	if (s->cfg.interval_s > 0 && s->len == 0 && s->dir.size > 0 &&
	    !s->dir.midline && s->fail_since == 0) {
		left = rotpolicy_slot_end(s->dir.first_us, s->cfg.interval_s) -
		    fsops_wall_us();
		dl = deadline_min(dl, now_ms() + (left > 0 ? left / 1000 + 1 : 0));
	}
	return dl;
}

/* Rotate now if a rotation is wanted and nothing is in the way. */
static void
rotate_idle(struct dirsink *s)
{
	if (s->len > 0)
		return; /* the loop flushes the batch, rotating first */
	if (s->dir.size == 0 && s->dir.fd >= 0)
		s->rot_wanted = 0; /* an empty current is never rotated */
	if (s->dir.fd < 0 || (!s->dir.midline && s->dir.size > 0 &&
	    (s->rot_wanted || time_due(s, fsops_wall_us())))) {
		if (rotate(s) == 0)
			recovered(s);
	}
}

static void
dir_tick(void *v, int64_t now, short revents)
{
	struct dirsink *s = v;

	(void)revents;
	if (s->retry != DEADLINE_NEVER) {
		if (now < s->retry)
			return;
		if (s->len == 0)
			s->retry = DEADLINE_NEVER;
	}
	rotate_idle(s);
}

static void
dir_signal(void *v, int sig)
{
	struct dirsink *s = v;

	if (sig == SIGCHLD) {
		worker_child(&s->worker);
		return;
	}
	if (sig != SIGHUP && sig != SIGALRM)
		return;
	s->rot_wanted = 1;
	rotate_idle(s);
}

/* Wait for the worker to end; after SIGTERM, at most TERM_GRACE_MS. */
static void
wait_worker(struct dirsink *s, enum finish_how how)
{
	struct pollfd p[2];
	int64_t end = how == FINISH_TERM ? now_ms() + TERM_GRACE_MS :
	    DEADLINE_NEVER;
	int sig;

	p[0].fd = worker_donefd(&s->worker);
	p[1].fd = s->sigfd;
	p[0].events = p[1].events = POLLIN;
	while (now_ms() < end) {
		if (poll(p, 2, deadline_timeout(end, now_ms())) < 0 &&
		    errno != EINTR)
			break;
		if (p[0].revents) {
			worker_join(&s->worker);
			return;
		}
		while (p[1].revents && (sig = sig_next(s->sigfd)) > 0) {
			if (sig == SIGCHLD)
				worker_child(&s->worker);
			else if (sig == SIGTERM || sig == SIGINT) {
				worker_stop(&s->worker);
				end = deadline_min(end, now_ms() +
				    TERM_GRACE_MS);
			}
		}
	}
	/* Still busy (a slow sync): exiting ends it; the next start picks
	 * up where it stopped. */
}

static int
dir_finish(void *v, enum finish_how how)
{
	struct dirsink *s = v;
	int rc = EXIT_OK;

	if (how == FINISH_EOF && s->len > 0 && dir_flush(s) < 0)
		rc = EXIT_TEMP;
	if (logdir_close(&s->dir, rc == EXIT_OK) < 0) {
		warn_sys("unable to close current in log directory %s",
		    s->path);
		rc = EXIT_TEMP;
	}
	if (how == FINISH_EOF)
		worker_drain(&s->worker);
	else
		worker_stop(&s->worker);
	wait_worker(s, how);
	free(s->buf);
	s->buf = NULL;
	return rc;
}

const struct sink_ops sink_dir_ops = {
	dir_put, dir_flush, dir_discard, dir_pollfd, dir_deadline, dir_tick,
	dir_signal, dir_finish
};
