/* syslognet.h: sissylog's connections that live in the event loop: the
 * local syslog socket, unix sockets, UDP and TCP (pipeline.h; RELP is in
 * syslogrelp.h).
 *
 * A connection is down (waiting for its next attempt), connecting, or up.
 * Attempts back off from 100 ms to 10 s, doubling. Sending never blocks:
 * what the socket does not take waits for POLLOUT. What was sent stays in
 * the queue (syslogq.h) until the peer confirms it through SIOCOUTQ, and
 * is sent again on the next connection if the old one breaks first. */
#ifndef LOGGERS_SYSLOGNET_H
#define LOGGERS_SYSLOGNET_H

#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>

#include "syslogdest.h"
#include "syslogq.h"
#include "warnlimit.h"

#define SYSNET_BATCH 256 /* datagrams per sendmmsg, frames per writev */
/* The send buffer asked for: the kernel doubles it, and it bounds what
 * can wait for confirmation, hence what is kept for sending again. */
#define SYSNET_SNDBUF (128 * 1024)
#define SYSNET_HIST_MAX (4 * SYSNET_SNDBUF)

enum sysnet_state {
	SYSNET_DOWN,
	SYSNET_CONNECTING,
	SYSNET_UP
};

struct sysnet {
	const struct sysdest *dest;
	struct syslogq *q;
	int lf;               /* -n: LF framing on stream sockets */
	int drop;             /* the drop policy: do not wait on connects */
	struct addrinfo *ai;  /* network destinations: resolved at start */
	struct addrinfo *cur; /* the address tried last */
	int fd;
	int type;             /* SOCK_DGRAM or SOCK_STREAM */
	enum sysnet_state state;
	int err;              /* why it is down */
	int blocked;          /* the socket took no more: wait for POLLOUT */
	int everup;           /* connected at least once */
	int64_t retry;        /* down: next attempt */
	int64_t until;        /* connecting: give up then */
	int64_t since;        /* when the current state began */
	int64_t backoff;
	int64_t recheck;      /* up: look at SIOCOUTQ again */
	int64_t recheck_step;
	int64_t outage;       /* when the last connection broke, or 0 */
	struct warnlimit wl;
	struct mmsghdr *mm;   /* SYSNET_BATCH of them */
	struct iovec *iov;    /* 2 * SYSNET_BATCH */
	char (*pfx)[SYSQ_PREFIX_MAX]; /* SYSNET_BATCH octet-count prefixes */
};

/* Set n up for the destination d and the queue q; names are resolved
 * here, once. 0; or EXIT_USAGE (unknown host) or EXIT_TEMP (resolver
 * failure) with *why set. */
int sysnet_init(struct sysnet *n, const struct sysdest *d,
    struct syslogq *q, int lf, int drop, const char **why);

/* The largest message the destination carries (UDP: a datagram). */
size_t sysnet_maxmsg(const struct sysnet *n);

/* Send what the queue has not sent. 0 when it is all sent; -1 with errno
 * EINPROGRESS while connecting or waiting for the socket, or with the
 * reason the destination is down (its deadline says when it is tried
 * again). */
int sysnet_send(struct sysnet *n, int64_t now);

/* The descriptor to poll: 1 with *p set, or 0. */
int sysnet_pollfd(const struct sysnet *n, struct pollfd *p);

/* When sysnet_tick() is due next, or DEADLINE_NEVER. */
int64_t sysnet_deadline(const struct sysnet *n);

/* Make progress: connect, notice a closed connection, look at what the
 * peer confirmed. revents are those of the descriptor (0 if none). */
void sysnet_tick(struct sysnet *n, int64_t now, short revents);

/* The connection broke with err: keep what the peer confirmed out of
 * it, close, and send everything else again on the next connection. */
void sysnet_broken(struct sysnet *n, int64_t now, int err);

/* Ask the kernel what the peer has confirmed, and retire it. */
void sysnet_confirm(struct sysnet *n);

/* At end of input: send the rest and wait, up to ms milliseconds or until
 * sigfd is readable, for the peer to confirm it. 0 when all is
 * confirmed, -1 otherwise. */
int sysnet_drain(struct sysnet *n, int64_t ms, int sigfd);

/* Close the connection and free what sysnet_init allocated. */
void sysnet_close(struct sysnet *n);

#endif
