/* syslogrelp.c: the event loop's side of RELP (syslogrelp.h): posting
 * jobs to the worker (relpworker.c) and taking its news. */
#define _GNU_SOURCE /* eventfd */
#include "relpworker.h"
#include "syslogrelp.h"

#ifdef HAVE_RELP
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"

#define DROP_GRACE 250 /* ms a connect may hold up the drop policy */
#define WARN_INTERVAL 60000

int
sysrelp_available(void)
{
	return 1;
}

int
sysrelp_open(struct sysrelp **rp, const struct sysdest *d,
    const struct sysrelp_tls *tls, int drop)
{
	struct sysrelp *r = calloc(1, sizeof *r);

	if (r == NULL)
		return -1;
	r->d = d;
	r->tls = *tls;
	r->drop = drop;
	r->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (r->evfd < 0 || relp_start(r) < 0) {
		if (r->evfd >= 0)
			close(r->evfd);
		relp_end(r);
		free(r);
		return -1;
	}
	*rp = r;
	return 0;
}

/* Grow the job's copy to hold n messages of bytes bytes. */
static int
job_room(struct sysrelp *r, size_t n, size_t bytes)
{
	char *b;
	size_t *l, *o;

	if (bytes > r->jobcap) {
		b = realloc(r->jobbuf, bytes);
		if (b == NULL)
			return -1;
		r->jobbuf = b;
		r->jobcap = bytes;
	}
	if (n > r->lencap) {
		l = realloc(r->joblen, n * sizeof *l);
		if (l != NULL)
			r->joblen = l;
		o = realloc(r->joboff, n * sizeof *o);
		if (o != NULL)
			r->joboff = o;
		if (l == NULL || o == NULL)
			return -1;
		r->lencap = n;
	}
	return 0;
}

/* Copy what q has not sent into a job and hand it to the worker. */
static int
post(struct sysrelp *r, struct syslogq *q, int64_t now)
{
	size_t i, n = sysq_unsent(q), off = 0;
	const struct sysrec *rec;

	if (job_room(r, n, sysq_unsent_bytes(q)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		rec = sysq_rec(q, q->sent + i);
		memcpy(r->jobbuf + off, q->buf + rec->off, rec->len);
		r->joboff[i] = off;
		r->joblen[i] = rec->len;
		off += rec->len;
	}
	sysq_advance(q, off); /* no framing: wire bytes are the bytes */
	r->posted = now;
	pthread_mutex_lock(&r->mu);
	r->njob = n;
	r->job = 1;
	r->cancel = 0;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return 0;
}

int
sysrelp_flush(struct sysrelp *r, struct syslogq *q, int64_t now)
{
	enum relp_state st;
	int job, done, err;

	pthread_mutex_lock(&r->mu);
	job = r->job;
	done = r->done;
	st = r->state;
	err = r->err;
	r->done = 0;
	pthread_mutex_unlock(&r->mu);
	if (job) {
		if (r->drop && (st == RELP_DOWN || (st == RELP_CONNECTING &&
		    now - r->posted >= DROP_GRACE))) {
			errno = err != 0 ? err : ETIMEDOUT;
			return -1;
		}
		errno = EINPROGRESS;
		return -1;
	}
	if (done && !r->cancelled)
		sysq_confirm(q, 0); /* acknowledged: retire */
	if (done)
		r->cancelled = 0;
	if (sysq_unsent(q) == 0)
		return 0;
	if (post(r, q, now) < 0)
		return -1;
	errno = EINPROGRESS;
	return -1;
}

void
sysrelp_cancel(struct sysrelp *r, struct syslogq *q)
{
	pthread_mutex_lock(&r->mu);
	if (r->job) {
		r->cancel = 1;
		r->cancelled = 1;
		pthread_cond_signal(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	sysq_rewind(q); /* what the job held besides the batch goes again */
}

int
sysrelp_pollfd(struct sysrelp *r, struct pollfd *p)
{
	p->fd = r->evfd;
	p->events = POLLIN;
	return 1;
}

int64_t
sysrelp_deadline(const struct sysrelp *r)
{
	struct sysrelp *w = (struct sysrelp *)r;
	int64_t dl = DEADLINE_NEVER;

	pthread_mutex_lock(&w->mu);
	if (r->drop && r->job && r->state != RELP_UP)
		dl = r->posted + DROP_GRACE;
	pthread_mutex_unlock(&w->mu);
	return dl;
}

int
sysrelp_busy(const struct sysrelp *r)
{
	struct sysrelp *w = (struct sysrelp *)r;
	int job;

	pthread_mutex_lock(&w->mu);
	job = r->job;
	pthread_mutex_unlock(&w->mu);
	return job;
}

void
sysrelp_tick(struct sysrelp *r, int64_t now, short revents)
{
	uint64_t v;
	enum relp_state st;
	char text[sizeof r->errtext];
	uint64_t resent;
	unsigned held;
	int blind;

	(void)now;
	if ((revents & POLLIN) && read(r->evfd, &v, sizeof v) < 0) {
		/* nothing there after all */
	}
	pthread_mutex_lock(&r->mu);
	st = r->state;
	resent = r->resent;
	blind = r->blind;
	memcpy(text, r->errtext, sizeof text);
	pthread_mutex_unlock(&r->mu);
	if (blind && !r->shown_blind) {
		warn("this librelp does not report the server's answers in "
		    "words sissylog knows: a server that goes away while a "
		    "session closes may lose messages");
		r->shown_blind = 1;
	}
	if (st == RELP_DOWN && warnlimit_ok(&r->wl, WARN_INTERVAL, &held)) {
		if (held > 0)
			warn("unable to deliver to %s, trying again (%u more "
			    "failures): %s", r->d->name, held, text);
		else
			warn("unable to deliver to %s, trying again: %s",
			    r->d->name, text);
	} else if (st == RELP_UP && r->shown == RELP_DOWN) {
		info("connected to %s again; %llu messages sent again so far",
		    r->d->name, (unsigned long long)resent);
		warnlimit_reset(&r->wl);
	}
	if (st != RELP_CONNECTING)
		r->shown = st;
}

int
sysrelp_drain(struct sysrelp *r, struct syslogq *q, int64_t ms,
    int sigfd)
{
	int64_t end = now_ms() + ms, now;
	struct pollfd pfd[2];

	for (;;) {
		now = now_ms();
		if (sysrelp_flush(r, q, now) == 0)
			return 0;
		if (now >= end)
			return -1;
		pfd[0].fd = sigfd;
		pfd[0].events = POLLIN;
		sysrelp_pollfd(r, &pfd[1]);
		if (poll(pfd, 2, deadline_timeout(end, now)) < 0 &&
		    errno != EINTR)
			return -1;
		if (pfd[0].revents)
			return -1;
		sysrelp_tick(r, now_ms(), pfd[1].revents);
	}
}

int
sysrelp_close(struct sysrelp *r)
{
	int job;

	pthread_mutex_lock(&r->mu);
	job = r->job;
	r->stop = 1;
	r->cancel = 1;
	r->shut = 1;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	if (job)
		return -1;
	if (r->started)
		pthread_join(r->th, NULL);
	relp_end(r);
	close(r->evfd);
	free(r->jobbuf);
	free(r->joblen);
	free(r->joboff);
	free(r);
	return 0;
}

#else /* !HAVE_RELP: the RELP destination is refused at start */
#include <errno.h>

#include "deadline.h"

int
sysrelp_available(void)
{
	return 0;
}

int
sysrelp_open(struct sysrelp **r, const struct sysdest *d,
    const struct sysrelp_tls *tls, int drop)
{
	(void)r;
	(void)d;
	(void)tls;
	(void)drop;
	errno = ENOTSUP;
	return -1;
}

int
sysrelp_flush(struct sysrelp *r, struct syslogq *q, int64_t now)
{
	(void)r;
	(void)q;
	(void)now;
	errno = ENOTSUP;
	return -1;
}

void
sysrelp_cancel(struct sysrelp *r, struct syslogq *q)
{
	(void)r;
	(void)q;
}

int
sysrelp_pollfd(struct sysrelp *r, struct pollfd *p)
{
	(void)r;
	(void)p;
	return 0;
}

int64_t
sysrelp_deadline(const struct sysrelp *r)
{
	(void)r;
	return DEADLINE_NEVER;
}

void
sysrelp_tick(struct sysrelp *r, int64_t now, short revents)
{
	(void)r;
	(void)now;
	(void)revents;
}

int
sysrelp_busy(const struct sysrelp *r)
{
	(void)r;
	return 0;
}

int
sysrelp_drain(struct sysrelp *r, struct syslogq *q, int64_t ms, int sigfd)
{
	(void)r;
	(void)q;
	(void)ms;
	(void)sigfd;
	return -1;
}

int
sysrelp_close(struct sysrelp *r)
{
	(void)r;
	return 0;
}
#endif
