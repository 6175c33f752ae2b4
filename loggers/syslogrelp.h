/* syslogrelp.h: sissylog's RELP destination through librelp (pipeline.h).
 *
 * librelp's client calls block (connect, waiting for window space and
 * answers), so they run in a worker thread; the event loop hands it a
 * copy of the messages to send and polls an eventfd for the outcome.
 *
 * librelp tells its caller nothing when the server acknowledges a
 * message, and reads acknowledgements only while it sends or closes. So
 * each job ends with a close of the session, during which librelp reads
 * the last answers, and the job is done when every message in it was
 * answered "200 OK": librelp reports each answer and its code on its
 * debug callback, which counts them (answers come in order). A close
 * alone proves nothing: a server going away answers it with
 * "serverclose", and librelp reports no error. Sessions are opened at
 * most every 10 ms, which bounds the connections a busy log makes.
 *
 * When a session ends before every message was answered, the job goes
 * on in a new session from the first message not answered "200 OK". The
 * server may have processed a message whose answer was lost: that one is
 * sent again, as RELP permits. If this librelp does not report its
 * answers in the words known here (its answer to "open" shows it), a
 * warning says so, a close without error counts as confirmation, and a
 * broken job starts over.
 *
 * Built without librelp (HAVE_RELP undefined), sysrelp_available() is 0
 * and nothing else may be called. */
#ifndef LOGGERS_SYSLOGRELP_H
#define LOGGERS_SYSLOGRELP_H

#include <poll.h>
#include <stdint.h>

#include "syslogdest.h"
#include "syslogq.h"

#define SYSRELP_PEERS_MAX 8

/* RELP over TLS (librelp's settings): on, and the files and checks. */
struct sysrelp_tls {
	int on;
	const char *ca, *cert, *key; /* PEM files, NULL if unset */
	const char *auth;            /* name, fingerprint, certvalid; NULL */
	const char *peers[SYSRELP_PEERS_MAX];
	int npeers;
};

struct sysrelp;

/* Whether this build has RELP. */
int sysrelp_available(void);

/* Start the worker for destination d. 0, or -1 with errno. */
int sysrelp_open(struct sysrelp **r, const struct sysdest *d,
    const struct sysrelp_tls *tls, int drop);

/* Deliver the records of q not sent yet: hand them to the worker, then 0
 * once the server acknowledged all of them (they are retired from q);
 * -1 with errno EINPROGRESS meanwhile, or with the reason the server is
 * unreachable (the drop policy then gives up the batch: sysrelp_cancel).
 * With a job under way, records added to q since wait for the next. */
int sysrelp_flush(struct sysrelp *r, struct syslogq *q, int64_t now);

/* Abandon the job under way (its records were discarded from q). */
void sysrelp_cancel(struct sysrelp *r, struct syslogq *q);

/* The eventfd the worker signals. */
int sysrelp_pollfd(struct sysrelp *r, struct pollfd *p);

/* When sysrelp_flush() should be asked again without an event. */
int64_t sysrelp_deadline(const struct sysrelp *r);

/* Take the worker's news: print what changed (connected, down). */
void sysrelp_tick(struct sysrelp *r, int64_t now, short revents);

/* Whether a job is under way. */
int sysrelp_busy(const struct sysrelp *r);

/* At end of input: deliver what q holds, waiting up to ms milliseconds
 * or until sigfd is readable. 0 when all is acknowledged. */
int sysrelp_drain(struct sysrelp *r, struct syslogq *q, int64_t ms,
    int sigfd);

/* Stop the worker. 0 when it has ended and everything is freed; -1 when
 * it is inside librelp with a job (a connect or a wait can last
 * seconds): it is left running, and the process must end at once with
 * _exit(), before freeing what the worker may still read. */
int sysrelp_close(struct sysrelp *r);

#endif
