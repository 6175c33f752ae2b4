/* sink_syslog.c: lines into syslog messages, and their delivery through
 * syslognet.c (local, unix, UDP, TCP) or syslogrelp.c (RELP). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "prio.h"
#include "sink_syslog.h"
#include "syslognet.h"

#define STAMP_MAX 48           /* the longest stamp prefix (stamp.h) */
#define BATCH_MIN (256 * 1024) /* unsent bytes a batch may reach */
#define RELP_MAXMSG (128 * 1024) /* imrelp's default maxDataSize */
#define DRAIN_BLOCK 5000       /* ms to deliver the rest at end of input */
#define DRAIN_DROP 1000

struct syslogsink {
	struct sink_syslog_conf c;
	struct sysfmt fmt;
	struct syslogq q;
	struct sysnet net;
	struct sysrelp *relp;
	size_t batch_max;   /* unsent bytes before put says the batch is full */
	int sev;            /* severity of the line being put */
	struct timespec ts; /* when its first piece was put */
	int inbatch;        /* the loop's batch is not delivered yet */
	int sigfd;          /* the loop's signals, watched while draining */
};

/* Add one message: the header, then a and b. 0, or -1 when there is no
 * room. */
static int
add_msg(struct syslogsink *s, const char *a, size_t alen, const char *b,
    size_t blen)
{
	char *dst = sysq_reserve(&s->q, SYSFMT_HEADER_MAX + alen + blen);
	size_t h;

	if (dst == NULL)
		return -1;
	h = sysfmt_header(&s->fmt, s->sev, &s->ts, dst);
	memcpy(dst + h, a, alen);
	memcpy(dst + h + alen, b, blen);
	sysq_commit(&s->q, h + alen + blen);
	return 0;
}

/* A message of sissylog's own, at severity info. */
static int
add_own(struct syslogsink *s, const char *text)
{
	s->sev = LOG_INFO;
	clock_gettime(CLOCK_REALTIME, &s->ts);
	return add_msg(s, "", 0, text, strlen(text));
}

static int
ss_put(void *sink, const struct seg *sg, const char *stamp, size_t slen)
{
	struct syslogsink *s = sink;
	size_t n0 = s->q.n, len = sg->len, cut, pfx;
	const char *p = sg->p;
	int first = sg->start, sev;

	if (sg->start && sg->end && sg->len == 0)
		return 0; /* 2.07 skips empty lines */
	if (sysq_batch_bytes(&s->q) > s->batch_max) {
		errno = ENOBUFS;
		return -1;
	}
	sysq_trim(&s->q, SYSNET_HIST_MAX);
	if (sg->start) {
		sev = prio_parse(p, len, &pfx);
		s->sev = sev < 0 ? LOG_INFO : sev;
		clock_gettime(CLOCK_REALTIME, &s->ts);
	}
	while (len > 0) {
		cut = sysfmt_cut(p, len, s->c.fold);
		if (add_msg(s, first ? stamp : "+", first ? slen : 1, p,
		    cut) < 0) {
			sysq_truncate(&s->q, n0);
			errno = ENOBUFS;
			return -1;
		}
		first = 0;
		p += cut;
		len -= cut;
	}
	s->inbatch = 1;
	return 0;
}

static int
deliver(struct syslogsink *s, int64_t now)
{
	if (s->relp != NULL)
		return sysrelp_flush(s->relp, &s->q, now);
	return sysnet_send(&s->net, now);
}

static int
ss_flush(void *sink)
{
	struct syslogsink *s = sink;

	if (deliver(s, now_ms()) < 0)
		return -1;
	sysq_settle(&s->q);
	s->inbatch = 0;
	return 0;
}

static void
ss_discard(void *sink)
{
	struct syslogsink *s = sink;

	sysq_discard(&s->q);
	if (s->relp != NULL)
		sysrelp_cancel(s->relp, &s->q);
	s->inbatch = 0;
}

static int
ss_pollfd(void *sink, struct pollfd *p)
{
	struct syslogsink *s = sink;

	if (s->relp != NULL)
		return sysrelp_pollfd(s->relp, p);
	return sysnet_pollfd(&s->net, p);
}

/* Whether the sink itself has messages to send: its own, or those kept
 * for sending again after a reconnect, while the loop has no batch. */
static int
own_work(const struct syslogsink *s)
{
	if (s->inbatch || sysq_unsent(&s->q) == 0)
		return 0;
	if (s->relp != NULL)
		return !sysrelp_busy(s->relp);
	return s->net.state == SYSNET_UP && !s->net.blocked;
}

static int64_t
ss_deadline(void *sink)
{
	struct syslogsink *s = sink;

	if (own_work(s))
		return 0;
	if (s->relp != NULL)
		return sysrelp_deadline(s->relp);
	return sysnet_deadline(&s->net);
}

static void
ss_tick(void *sink, int64_t now, short revents)
{
	struct syslogsink *s = sink;

	/* With no batch of the loop's under way, the sink moves its own
	 * messages itself (errors are the connection's business), and
	 * retires what a finished RELP job delivered. */
	if (s->relp != NULL) {
		sysrelp_tick(s->relp, now, revents);
		if (!s->inbatch)
			(void)deliver(s, now);
	} else {
		sysnet_tick(&s->net, now, revents);
		if (own_work(s))
			(void)deliver(s, now);
	}
}

static void
ss_signal(void *sink, int sig)
{
	(void)sink;
	(void)sig; /* HUP, ALRM, CHLD mean nothing to a forwarder */
}

/* Deliver the rest and wait for confirmation: 0 when done. */
static int
drain(struct syslogsink *s, int64_t ms)
{
	if (s->relp != NULL)
		return sysrelp_drain(s->relp, &s->q, ms, s->sigfd);
	return sysnet_drain(&s->net, ms, s->sigfd);
}

static int
ss_finish(void *sink, enum finish_how how)
{
	struct syslogsink *s = sink;
	char text[128];
	int64_t ms = s->c.drop ? DRAIN_DROP : DRAIN_BLOCK;
	int rc = EXIT_OK;

	if (how == FINISH_EOF) {
		snprintf(text, sizeof text,
		    "%s: terminating normally on eof reading stdin",
		    die_prog());
		(void)add_own(s, text);
		if (drain(s, 0) < 0) {
			info("waiting up to %lld ms for %s to confirm %zu "
			    "messages", (long long)ms, s->c.dest.name, s->q.n);
			(void)drain(s, ms);
		}
	} else if (s->relp == NULL && s->net.state == SYSNET_UP) {
		sysnet_confirm(&s->net);
	}
	if (s->q.n > 0) {
		warn("exiting with %zu messages not confirmed by %s",
		    s->q.n, s->c.dest.name);
		rc = EXIT_TEMP;
	}
	if (s->relp != NULL && sysrelp_close(s->relp) < 0)
		_exit(rc); /* the RELP worker is busy in librelp: leave now */
	sysnet_close(&s->net);
	sysq_free(&s->q);
	free(s);
	return rc;
}

const struct sink_ops sink_syslog_ops = {
	ss_put, ss_flush, ss_discard, ss_pollfd, ss_deadline, ss_tick,
	ss_signal, ss_finish
};

/* Size the queue: one segment of the input window must always fit, its
 * pieces each with a header, beside what is kept for sending again. */
static int
size_queue(struct syslogsink *s, size_t hdr)
{
	size_t fold = s->c.fold, pieces, seg, cap, small;
	struct timespec ts = { 0, 0 };
	char sample[SYSFMT_HEADER_MAX + 1];

	pieces = s->c.window / (fold > 4 ? fold - 3 : 1) + 2;
	seg = pieces * (hdr + 1 + fold) + STAMP_MAX;
	s->batch_max = seg > BATCH_MIN ? seg : BATCH_MIN;
	cap = 2 * s->batch_max + SYSNET_HIST_MAX + hdr;
	small = sysfmt_header(&s->fmt, 0, &ts, sample) + 1;
	return sysq_init(&s->q, cap, cap / small + 16);
}

static void *
fail(struct syslogsink *s, int *code, int c)
{
	sysnet_close(&s->net);
	sysq_free(&s->q);
	free(s);
	*code = c;
	return NULL;
}

/* The longest header this sink writes. */
static size_t
header_max(const struct sysfmt *f)
{
	return 7 + 32 + 1 + strlen(f->host) + 1 + strlen(f->app) + 1 +
	    strlen(f->procid) + 5;
}

void *
sink_syslog_open(const struct sink_syslog_conf *c, int *code, char *why,
    size_t whysize)
{
	struct syslogsink *s = calloc(1, sizeof *s);
	char host[SYSFMT_HOST_MAX + 1] = "", text[128];
	const char *w = NULL;
	size_t hdr, maxmsg;
	int rc;

	if (s == NULL) {
		snprintf(why, whysize, "unable to allocate");
		*code = EXIT_TEMP;
		return NULL;
	}
	s->c = *c;
	s->net.fd = -1;
	(void)gethostname(host, sizeof host - 1);
	if (sysfmt_init(&s->fmt, c->format, c->facility, c->ident, host,
	    (long)getpid()) < 0) {
		snprintf(why, whysize, "invalid ident: %s (1 to %d printable "
		    "characters, no space, ':', '[' or ']')", c->ident,
		    SYSFMT_APP_MAX);
		return fail(s, code, EXIT_USAGE);
	}
	hdr = header_max(&s->fmt);
	if (c->dest.kind == SYSDEST_RELP) {
		maxmsg = RELP_MAXMSG;
	} else {
		rc = sysnet_init(&s->net, &s->c.dest, &s->q, c->lf, c->drop,
		    &w);
		if (rc != 0) {
			snprintf(why, whysize, "unable to resolve %s: %s",
			    c->dest.host, w);
			return fail(s, code, rc);
		}
		maxmsg = sysnet_maxmsg(&s->net);
	}
	if (c->fold + hdr + STAMP_MAX + 1 > maxmsg) {
		snprintf(why, whysize, "fold length %zu too long for %s: at "
		    "most %zu", c->fold, c->dest.name,
		    maxmsg - hdr - STAMP_MAX - 1);
		return fail(s, code, EXIT_USAGE);
	}
	if (size_queue(s, hdr) < 0) {
		snprintf(why, whysize, "unable to allocate");
		return fail(s, code, EXIT_TEMP);
	}
	snprintf(text, sizeof text, "%s: logging from stdin ...", die_prog());
	(void)add_own(s, text);
	return s;
}

int
sink_syslog_start(void *sink, int sigfd, int *code, char *why,
    size_t whysize)
{
	struct syslogsink *s = sink;

	s->sigfd = sigfd;
	if (s->c.dest.kind != SYSDEST_RELP)
		return 0;
	if (sysrelp_open(&s->relp, &s->c.dest, &s->c.tls, s->c.drop) < 0) {
		snprintf(why, whysize, "unable to start RELP: %s",
		    strerror(errno));
		*code = EXIT_TEMP;
		return -1;
	}
	return 0;
}
