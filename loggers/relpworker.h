/* relpworker.h: what the event loop's side of RELP (syslogrelp.c) and
 * the worker thread (relpworker.c) share; nothing else includes it. The
 * fields under "shared" are read and written with mu held. */
#ifndef LOGGERS_RELPWORKER_H
#define LOGGERS_RELPWORKER_H

#ifdef HAVE_RELP
#include <stddef.h> /* librelp.h needs size_t first */
#include <librelp.h>
#include <pthread.h>
#include <stdint.h>

#include "syslogrelp.h"
#include "warnlimit.h"

enum relp_state {
	RELP_IDLE,       /* no job yet */
	RELP_CONNECTING,
	RELP_UP,
	RELP_DOWN        /* the last attempt failed: err, errtext */
};

struct sysrelp {
	const struct sysdest *d;
	struct sysrelp_tls tls;
	int drop;
	int evfd;             /* the worker signals the loop here */

	pthread_t th;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;    /* the loop signals the worker here */

	/* shared */
	int job;              /* a job is posted and not finished */
	int done;             /* the worker finished a job */
	int cancel;           /* the loop gave the job up */
	int stop;             /* the worker must end */
	enum relp_state state;
	int err;              /* errno-style reason when down */
	char errtext[300];
	uint64_t resent;      /* messages sent again in a new session */
	int blind;            /* librelp's answers cannot be counted */

	/* the job: a copy of the messages, written by the loop while no
	 * job runs, read by the worker while one does */
	char *jobbuf;
	size_t jobcap;
	size_t *joblen, *joboff;
	size_t njob, lencap;

	/* the loop's own */
	int64_t posted;       /* when the job was posted */
	int cancelled;        /* the finished job was given up */
	enum relp_state shown; /* the state last reported */
	int shown_blind;
	struct warnlimit wl;

	/* the worker's own */
	relpEngine_t *eng;
	relpClt_t *clt;
	int64_t last_open;
	unsigned long errors; /* librelp errors seen */
	int counting;         /* librelp's answers can be counted */
	int shut;             /* librelp stops waiting when set */
};

/* Set librelp up and start the worker. 0, or -1 with errno. */
int relp_start(struct sysrelp *r);

/* Free librelp's objects (the worker has ended). */
void relp_end(struct sysrelp *r);

#endif
#endif
