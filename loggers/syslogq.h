/* syslogq.h: the messages sissylog holds (pipeline.h), oldest first:
 *
 *   [ sent, not yet confirmed | not sent yet ]
 *                              ^ sent        ^ n
 *
 * A message stays after it is sent until the peer confirms it (TCP: its
 * kernel acknowledged the bytes; unix sockets: the server read them;
 * RELP: the server answered), so that it can be sent again on a new
 * connection if the old one breaks first. The loop's current batch is the
 * tail from index batch on: what the drop policy may throw away.
 *
 * Messages are stored without framing; wire lengths add what the
 * transport's framing puts around each one. One arena and one ring of
 * records, both sized at start: memory is bounded. */
#ifndef LOGGERS_SYSLOGQ_H
#define LOGGERS_SYSLOGQ_H

#include <stddef.h>

enum sysframe {
	SYSFRAME_NONE,  /* datagrams, RELP: the transport delimits */
	SYSFRAME_OCTET, /* RFC 6587 octet counting: "LEN SP MSG" */
	SYSFRAME_LF,    /* MSG LF */
	SYSFRAME_NUL    /* MSG NUL: glibc's framing on a stream /dev/log */
};

#define SYSQ_PREFIX_MAX 12 /* "4294967295 " */

struct sysrec {
	size_t off, len;
};

struct syslogq {
	char *buf;
	size_t cap, lo, hi;   /* arena; bytes in use are [lo, hi) */
	struct sysrec *rec;   /* ring of n records from head */
	size_t rcap, head, n;
	size_t sent;          /* records [0, sent) are sent */
	size_t part;          /* wire bytes of record sent already written */
	size_t histwire;      /* wire bytes sent and not retired */
	size_t batch;         /* the loop's batch is [batch, n) */
	enum sysframe frame;
};

/* Allocate an arena of cap bytes and rcap records. 0, or -1 with errno. */
int sysq_init(struct syslogq *q, size_t cap, size_t rcap);

/* Free what sysq_init allocated. */
void sysq_free(struct syslogq *q);

/* Room for a message of up to max bytes at the end: the pointer to write
 * it at, or NULL with errno ENOBUFS when the arena or the ring is full.
 * sysq_commit(len) then adds it. */
char *sysq_reserve(struct syslogq *q, size_t max);
void sysq_commit(struct syslogq *q, size_t len);

/* Forget the records added after the first n (n <= the count), which
 * are not sent yet: a put that did not fit takes itself back. */
void sysq_truncate(struct syslogq *q, size_t n);

/* Retire the oldest sent records until at most max wire bytes of sent
 * records remain (a bound on what is kept for sending again). */
void sysq_trim(struct syslogq *q, size_t max);

/* Record i, counted from the oldest (i < n). */
const struct sysrec *sysq_rec(const struct syslogq *q, size_t i);

/* The bytes of record i. */
const char *sysq_data(const struct syslogq *q, size_t i);

/* The wire length of a message of len bytes, framing included. */
size_t sysq_wirelen(const struct syslogq *q, size_t len);

/* The octet-counting prefix of a message of len bytes into out (room for
 * SYSQ_PREFIX_MAX); its length, 0 for other framings. */
size_t sysq_prefix(const struct syslogq *q, size_t len, char *out);

/* The suffix byte of the framing ('\n' or '\0'), or -1 when none. */
int sysq_suffix(const struct syslogq *q);

/* Count wire bytes as written, in order from record sent, part. */
void sysq_advance(struct syslogq *q, size_t bytes);

/* The peer has not confirmed the last unconfirmed wire bytes written:
 * retire the sent records older than those (all of them for 0). */
void sysq_confirm(struct syslogq *q, size_t unconfirmed);

/* The connection broke: every record kept is to be sent again. */
void sysq_rewind(struct syslogq *q);

/* The loop's batch is delivered (it starts anew after the last record). */
void sysq_settle(struct syslogq *q);

/* The drop policy gave the loop's batch up: forget its records. */
void sysq_discard(struct syslogq *q);

/* Records not sent yet. */
size_t sysq_unsent(const struct syslogq *q);

/* Bytes of the records not sent yet (without framing). */
size_t sysq_unsent_bytes(const struct syslogq *q);

/* Bytes of the records of the loop's batch (without framing). */
size_t sysq_batch_bytes(const struct syslogq *q);

#endif
