/* relpworker.c: the RELP worker thread (syslogrelp.h): it owns
 * librelp's objects and runs the jobs the event loop posts. */
#include "relpworker.h"

#ifdef HAVE_RELP
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"

#define SESSION_GAP 10      /* ms at least between two session opens */
#define BACKOFF_MIN 100
#define BACKOFF_MAX 10000
#define ANSWER_TIMEOUT 10   /* s librelp waits for window space, answers */
#define CONNECT_TIMEOUT 5   /* s */

/* The answers "200 OK" librelp processed since they were last counted,
 * in order, up to the first other answer (worker only). librelp's debug
 * callback reports each answer with its code; it has no user pointer,
 * hence globals: there is one RELP client per process. */
static unsigned long answers;
static int refused;

static void
relp_debug(char *fmt, ...)
{
	static const char rsp[] = "in rsp command handler, txnr %d, code %d";
	va_list ap;
	int code;

	if (strncmp(fmt, rsp, sizeof rsp - 1) != 0)
		return;
	va_start(ap, fmt);
	(void)va_arg(ap, int); /* txnr */
	code = va_arg(ap, int);
	va_end(ap);
	if (code != 200)
		refused = 1; /* librelp forgets the message: send it again */
	else if (!refused)
		answers++;
}

static void
relp_error(void *usr, char *objinfo, char *errmsg, relpRetVal code)
{
	struct sysrelp *r = usr;

	size_t n;

	r->errors++;
	pthread_mutex_lock(&r->mu);
	/* The first error of an attempt says most (an authentication
	 * failure, say); later ones are added after it. */
	n = strlen(r->errtext);
	snprintf(r->errtext + n, sizeof r->errtext - n, "%s%s: %s (librelp %d)",
	    n > 0 ? "; " : "", objinfo, errmsg, (int)code);
	pthread_mutex_unlock(&r->mu);
}

static void
relp_auth_error(void *usr, char *authinfo, char *errmsg, relpRetVal code)
{
	relp_error(usr, authinfo, errmsg, code);
}

static void
relp_generic_error(char *objinfo, char *errmsg, relpRetVal code)
{
	(void)objinfo;
	(void)errmsg;
	(void)code; /* reported again, with the session, by relp_error */
}

/* Tell the loop: new state, and why. Called with the mutex not held. */
static void
report(struct sysrelp *r, enum relp_state st, int err, const char *why)
{
	uint64_t one = 1;

	pthread_mutex_lock(&r->mu);
	if (why != NULL)
		snprintf(r->errtext, sizeof r->errtext, "%s", why);
	r->state = st;
	r->err = err;
	pthread_mutex_unlock(&r->mu);
	if (write(r->evfd, &one, sizeof one) < 0) {
		/* The counter is full: the loop has news waiting anyway. */
	}
}

static int
stopping(struct sysrelp *r)
{
	int s;

	pthread_mutex_lock(&r->mu);
	s = r->stop || r->cancel;
	pthread_mutex_unlock(&r->mu);
	return s;
}

/* Wait ms milliseconds, or less if the job is cancelled or the worker
 * stopped. */
static void
pause_ms(struct sysrelp *r, int64_t ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)(ms / 1000);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&r->mu);
	while (!r->stop && !r->cancel &&
	    pthread_cond_timedwait(&r->cv, &r->mu, &ts) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&r->mu);
}

static relpRetVal
set_tls(struct sysrelp *r)
{
	relpRetVal rc;
	int i;

	if ((rc = relpCltEnableTLS(r->clt)) != RELP_RET_OK)
		return rc;
	if (r->tls.ca != NULL &&
	    (rc = relpCltSetCACert(r->clt, (char *)r->tls.ca)) != RELP_RET_OK)
		return rc;
	if (r->tls.cert != NULL && (rc = relpCltSetOwnCert(r->clt,
	    (char *)r->tls.cert)) != RELP_RET_OK)
		return rc;
	if (r->tls.key != NULL && (rc = relpCltSetPrivKey(r->clt,
	    (char *)r->tls.key)) != RELP_RET_OK)
		return rc;
	if (r->tls.auth != NULL && (rc = relpCltSetAuthMode(r->clt,
	    (char *)r->tls.auth)) != RELP_RET_OK)
		return rc;
	for (i = 0; i < r->tls.npeers; i++)
		if ((rc = relpCltAddPermittedPeer(r->clt,
		    (char *)r->tls.peers[i])) != RELP_RET_OK)
			return rc;
	return RELP_RET_OK;
}

/* Open a session: 0, or -1 (reported). */
static int
open_session(struct sysrelp *r)
{
	int64_t wait = r->last_open + SESSION_GAP - now_ms();
	unsigned long errs = r->errors;
	relpRetVal rc;
	char why[64];

	if (wait > 0)
		pause_ms(r, wait);
	report(r, RELP_CONNECTING, 0, "");
	r->last_open = now_ms();
	rc = relpEngineCltConstruct(r->eng, &r->clt);
	if (rc == RELP_RET_OK)
		rc = relpCltSetUsrPtr(r->clt, r);
	if (rc == RELP_RET_OK)
		rc = relpCltSetTimeout(r->clt, ANSWER_TIMEOUT);
	if (rc == RELP_RET_OK)
		rc = relpCltSetConnTimeout(r->clt, CONNECT_TIMEOUT);
	if (rc == RELP_RET_OK && r->tls.on)
		rc = set_tls(r);
	answers = 0;
	if (rc == RELP_RET_OK)
		rc = relpCltConnect(r->clt, r->d->v6 ? AF_INET6 : AF_UNSPEC,
		    (unsigned char *)r->d->port, (unsigned char *)r->d->host);
	if (rc == RELP_RET_OK) {
		/* The answer to "open" shows whether librelp reports its
		 * answers in the words relp_debug() knows. */
		r->counting = answers > 0;
		pthread_mutex_lock(&r->mu);
		r->blind = !r->counting;
		pthread_mutex_unlock(&r->mu);
		report(r, RELP_UP, 0, NULL);
		return 0;
	}
	if (r->clt != NULL)
		relpEngineCltDestruct(r->eng, &r->clt);
	snprintf(why, sizeof why, "unable to open a session (librelp %d)",
	    (int)rc);
	report(r, RELP_DOWN, rc == RELP_RET_TIMED_OUT ? ETIMEDOUT :
	    ECONNREFUSED, r->errors > errs ? NULL : why);
	return -1;
}

/* Send messages from, of the job; the index of the first one not sent. */
static size_t
send_from(struct sysrelp *r, size_t from)
{
	size_t i, off = r->joboff[from];

	/* No relpCltHintBurstBegin(): it corks the socket, and frames held
	 * back there stall librelp when it waits for window space. */
	for (i = from; i < r->njob; off += r->joblen[i], i++)
		if (relpCltSendSyslog(r->clt, (unsigned char *)r->jobbuf + off,
		    r->joblen[i]) != RELP_RET_OK)
			break;
	return i;
}

/* Whether the session just closed confirmed the want messages sent in
 * it: each answered "200 OK" (a server going away answers the close with
 * "serverclose" and librelp reports no error). A librelp whose answers
 * cannot be counted leaves only its errors to go by. */
static int
confirmed(const struct sysrelp *r, size_t want, unsigned long errs)
{
	if (r->counting)
		return !refused && answers >= want;
	return r->errors == errs;
}

/* Deliver the job: done when every message was acknowledged, which
 * librelp learns at the latest while closing the session. */
static void
run_job(struct sysrelp *r)
{
	size_t acked = 0, sent;
	int64_t backoff = BACKOFF_MIN;
	unsigned long errs;

	while (!stopping(r)) {
		if (r->clt == NULL && open_session(r) < 0) {
			pause_ms(r, backoff);
			backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
			    backoff * 2;
			continue;
		}
		answers = 0;
		refused = 0;
		errs = r->errors;
		sent = send_from(r, acked);
		relpEngineCltDestruct(r->eng, &r->clt); /* the close */
		if (sent == r->njob && confirmed(r, sent - acked, errs))
			return;
		if (r->counting)
			acked += answers < sent - acked ? answers : sent - acked;
		pthread_mutex_lock(&r->mu);
		r->resent += sent - acked;
		pthread_mutex_unlock(&r->mu);
		report(r, RELP_DOWN, ECONNRESET, r->errors > errs ? NULL :
		    "the session ended before every message was acknowledged");
		pause_ms(r, backoff);
		backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : backoff * 2;
	}
}

static void *
worker(void *arg)
{
	struct sysrelp *r = arg;
	uint64_t one = 1;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (!r->job && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop)
			break;
		pthread_mutex_unlock(&r->mu);
		run_job(r);
		pthread_mutex_lock(&r->mu);
		r->job = 0;
		r->done = 1;
		if (write(r->evfd, &one, sizeof one) < 0) {
			/* full: the loop has news waiting anyway */
		}
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

int
relp_start(struct sysrelp *r)
{
	pthread_condattr_t ca;
	relpRetVal rc;

	rc = relpEngineConstruct(&r->eng);
	if (rc == RELP_RET_OK)
		rc = relpEngineSetDbgprint(r->eng, relp_debug);
	if (rc == RELP_RET_OK)
		rc = relpEngineSetOnErr(r->eng, relp_error);
	if (rc == RELP_RET_OK)
		rc = relpEngineSetOnAuthErr(r->eng, relp_auth_error);
	if (rc == RELP_RET_OK)
		rc = relpEngineSetOnGenericErr(r->eng, relp_generic_error);
	if (rc == RELP_RET_OK)
		rc = relpEngineSetEnableCmd(r->eng, (unsigned char *)"syslog",
		    eRelpCmdState_Required);
	if (rc != RELP_RET_OK) {
		errno = ENOMEM;
		return -1;
	}
	relpEngineSetShutdownImmdtPtr(r->eng, &r->shut);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&r->mu, NULL);
	errno = pthread_create(&r->th, NULL, worker, r);
	if (errno != 0)
		return -1;
	r->started = 1;
	return 0;
}

void
relp_end(struct sysrelp *r)
{
	if (r->clt != NULL)
		relpEngineCltDestruct(r->eng, &r->clt);
	if (r->eng != NULL)
		relpEngineDestruct(&r->eng);
}

#else /* !HAVE_RELP */
typedef int relp_not_compiled_in; /* ISO C wants something here */
#endif
