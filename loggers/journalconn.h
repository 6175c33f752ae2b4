/* journalconn.h: knowing what journald has read (sink_journal.c).
 *
 * sd_journal_sendv() sends each entry as a datagram to journald's socket
 * and says nothing more: it reports success when no journald listens, and
 * the datagrams waiting in journald's queue are lost when journald exits.
 * So journalog keeps a socket of its own connected to the same path, and
 * after the entries it sends through libsystemd it sends "barriers":
 * empty datagrams, which journald reads and ignores. journald's queue is
 * first in, first out; a datagram is charged to its sender's socket until
 * it is read, so SIOCOUTQ on our socket says how many barriers are still
 * unread, hence how far journald has read. A barrier leaves the queue
 * also when journald dies and drops it; a send that succeeds after the
 * observation proves journald still lives, so what left was read.
 *
 * An entry too long for a datagram goes as a memfd on this same socket
 * (journalmemfd.h), in an empty datagram of its own: it is charged as a
 * barrier is (jconn_init checks), so it is one, marking itself.
 *
 * The same socket tells whether journald's queue has room (POLLOUT), so
 * that sd_journal_sendv(), which blocks, is called only when it will not
 * wait. Positions count the entries sent (monotonic), and "cost" the
 * estimated bytes they hold in the kernel, which must stay below
 * libsystemd's send buffer for the same reason. */
#ifndef LOGGERS_JOURNALCONN_H
#define LOGGERS_JOURNALCONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define JC_PATH "/run/systemd/journal/socket" /* libsystemd's, fixed */
#define JC_RING 4096 /* barriers in flight; journald's queue is shorter */

/* Where a barrier was sent: after pos entries costing cost bytes. */
struct jmark {
	uint64_t pos;
	uint64_t cost;
};

/* Barriers sent and not yet known to be read, oldest first. */
struct jring {
	struct jmark m[JC_RING];
	size_t head, count;
};

struct jconn {
	int fd;            /* connected, non-blocking; -1 when closed */
	dev_t dev;         /* the socket file it reached */
	ino_t ino;
	size_t btrue;      /* SIOCOUTQ bytes of one unread barrier */
	struct jring ring;
	struct jmark sent; /* entries handed to libsystemd so far */
	struct jmark read; /* of which journald has read */
};

/* Add a barrier's mark; 0, or -1 with errno ENOBUFS when the ring is
 * full. */
int jring_push(struct jring *r, struct jmark m);

/* journald has read all barriers but the last unread: drop the others.
 * Returns 1 with *m the mark of the last one dropped, or 0 when none was
 * dropped. */
int jring_settle(struct jring *r, size_t unread, struct jmark *m);

/* How many barriers are unread, from SIOCOUTQ's byte count q and the
 * size of one (rounded up: a partial count means one is still there). */
size_t jring_unread(size_t q, size_t btrue);

/* Measure the kernel's charge for one empty datagram and clear c; fd -1.
 * 0, or -1 with errno (EPROTO: an empty datagram carrying a descriptor
 * is charged less than one without, so memfd entries would not count as
 * barriers). */
int jconn_init(struct jconn *c);

/* Connect to journald's socket at path. 0, or -1 with errno: ENOENT (no
 * socket), ECONNREFUSED (nobody listens), EACCES, ... */
int jconn_open(struct jconn *c, const char *path);

/* Close; what was sent and not known read is read or lost: the caller
 * sends it again. */
void jconn_close(struct jconn *c);

/* Whether journald's queue has room for one more datagram now: 1 or 0. */
int jconn_room(const struct jconn *c);

/* Count an entry handed to libsystemd, with its estimated cost. */
void jconn_sent(struct jconn *c, uint64_t cost);

/* Send the sealed memfd fd as an entry (cost: its estimated cost, as
 * for jconn_sent), which is also a barrier. 0; -1 with errno EAGAIN
 * (journald's queue is full, or the ring), or another: journald has
 * gone. */
int jconn_send_fd(struct jconn *c, int fd, uint64_t cost);

/* Send a barrier after what was sent so far. 0; -1 with errno EAGAIN
 * (journald's queue is full, or the ring), or another errno: journald
 * has gone (ECONNREFUSED). */
int jconn_barrier(struct jconn *c);

/* Whether a barrier is needed for journald's progress to show: something
 * was sent after the last barrier. */
int jconn_unmarked(const struct jconn *c);

/* Learn how far journald has read (c->read). 1 when it moved on, 0 when
 * not, -1 with errno when journald has gone or path now leads to another
 * socket (ESTALE): then what was not read may be lost. */
int jconn_check(struct jconn *c, const char *path);

/* Estimated bytes in flight: sent, not known read. */
uint64_t jconn_inflight(const struct jconn *c);

/* The size of libsystemd's send buffer, found as libsystemd sets it (8
 * MiB asked, forced when privileged, as the kernel grants it). */
size_t jconn_sndbuf(void);

#endif
