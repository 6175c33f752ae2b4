/* syslognet.c: connecting, reconnecting and noticing broken connections
 * (syslognet.h); sending is in syslogsend.c. */
#define _GNU_SOURCE /* SOCK_NONBLOCK, SOCK_CLOEXEC */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "syslognet.h"

#define BACKOFF_MIN 100     /* ms before the first new attempt */
#define BACKOFF_MAX 10000   /* ms at most between attempts */
#define STEADY 2000         /* ms up after which the back-off restarts */
#define CONNECT_TIMEOUT 5000
#define WARN_INTERVAL 60000

int
sysnet_init(struct sysnet *n, const struct sysdest *d, struct syslogq *q,
    int lf, int drop, const char **why)
{
	struct addrinfo hints;
	int rc;

	memset(n, 0, sizeof *n);
	n->dest = d;
	n->q = q;
	n->lf = lf;
	n->drop = drop;
	n->fd = -1;
	n->state = SYSNET_DOWN;
	n->backoff = BACKOFF_MIN;
	n->retry = 0; /* the first attempt is due at once */
	n->recheck = DEADLINE_NEVER;
	n->mm = calloc(SYSNET_BATCH, sizeof *n->mm);
	n->iov = calloc(2 * SYSNET_BATCH, sizeof *n->iov);
	n->pfx = calloc(SYSNET_BATCH, sizeof *n->pfx);
	if (n->mm == NULL || n->iov == NULL || n->pfx == NULL) {
		*why = "out of memory";
		return EXIT_TEMP;
	}
	if (d->kind != SYSDEST_UDP && d->kind != SYSDEST_TCP)
		return 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = d->v6 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = d->kind == SYSDEST_UDP ? SOCK_DGRAM : SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(d->host, d->port, &hints, &n->ai);
	if (rc == 0)
		return 0;
	*why = gai_strerror(rc);
	return rc == EAI_AGAIN || rc == EAI_MEMORY || rc == EAI_SYSTEM ?
	    EXIT_TEMP : EXIT_USAGE;
}

size_t
sysnet_maxmsg(const struct sysnet *n)
{
	const struct addrinfo *a;
	size_t max = 65527; /* a UDP datagram over IPv6 */

	switch (n->dest->kind) {
	case SYSDEST_UDP:
		for (a = n->ai; a != NULL; a = a->ai_next)
			if (a->ai_family == AF_INET)
				max = 65507;
		return max;
	case SYSDEST_LOCAL:
	case SYSDEST_UNIX:
		return 2 * SYSNET_SNDBUF - 4096; /* what a datagram of ours may be */
	default:
		return (size_t)-1;
	}
}

static void
drop_fd(struct sysnet *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->blocked = 0;
	n->recheck = DEADLINE_NEVER;
}

/* The attempt failed or the connection broke: try again after the
 * back-off. */
static void
go_down(struct sysnet *n, int64_t now, int err)
{
	unsigned held;

	drop_fd(n);
	n->state = SYSNET_DOWN;
	n->err = err;
	n->since = now;
	n->retry = now + n->backoff;
	n->backoff = n->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
	    n->backoff * 2;
	errno = err;
	if (!warnlimit_ok(&n->wl, WARN_INTERVAL, &held))
		return;
	if (held > 0)
		warn_sys("unable to connect to %s, trying again "
		    "(%u more failures)", n->dest->name, held);
	else
		warn_sys("unable to connect to %s, trying again",
		    n->dest->name);
}

void
sysnet_broken(struct sysnet *n, int64_t now, int err)
{
	/* After a TCP connection breaks, SIOCOUTQ still tells how much the
	 * peer never acknowledged. A unix socket's count is gone with its
	 * peer: the last look at it stands. */
	if (n->type == SOCK_STREAM && n->dest->kind == SYSDEST_TCP)
		sysnet_confirm(n);
	if (now - n->since >= STEADY)
		n->backoff = BACKOFF_MIN;
	errno = err;
	warn_sys("lost the connection to %s: %zu messages to send again",
	    n->dest->name, n->q->sent);
	warnlimit_reset(&n->wl);
	sysq_rewind(n->q);
	n->outage = now;
	drop_fd(n);
	n->state = SYSNET_DOWN;
	n->err = err;
	n->since = now;
	n->retry = now + n->backoff;
}

static void
go_up(struct sysnet *n, int64_t now)
{
	if (n->type == SOCK_DGRAM)
		n->q->frame = SYSFRAME_NONE;
	else if (n->dest->kind == SYSDEST_LOCAL)
		n->q->frame = SYSFRAME_NUL; /* as glibc on a stream socket */
	else
		n->q->frame = n->lf ? SYSFRAME_LF : SYSFRAME_OCTET;
	if (n->outage != 0 || n->wl.next != 0)
		info("connected to %s again; %zu messages to send",
		    n->dest->name, sysq_unsent(n->q));
	warnlimit_reset(&n->wl);
	n->state = SYSNET_UP;
	n->since = now;
	n->outage = 0;
	n->everup = 1;
}

static int
new_socket(int family, int type)
{
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int size = SYSNET_SNDBUF, one = 1;

	if (fd < 0 || (type == SOCK_DGRAM && family != AF_UNIX))
		return fd;
	/* A fixed send buffer bounds what may wait for confirmation. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	if (family != AF_UNIX)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
	return fd;
}

/* A unix socket: datagram first, stream when the socket is one. */
static int
connect_unix(struct sysnet *n)
{
	struct sockaddr_un sun;
	int types[2] = { SOCK_DGRAM, SOCK_STREAM }, i;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, n->dest->path);
	for (i = 0; i < 2; i++) {
		n->fd = new_socket(AF_UNIX, types[i]);
		if (n->fd < 0)
			return -1;
		n->type = types[i];
		if (connect(n->fd, (struct sockaddr *)&sun, sizeof sun) == 0)
			return 0;
		if (errno != EPROTOTYPE)
			return -1;
		drop_fd(n);
	}
	return -1;
}

/* The next address of a network destination, round robin. */
static int
connect_inet(struct sysnet *n)
{
	n->cur = n->cur == NULL || n->cur->ai_next == NULL ? n->ai :
	    n->cur->ai_next;
	n->type = n->cur->ai_socktype;
	n->fd = new_socket(n->cur->ai_family, n->type);
	if (n->fd < 0)
		return -1;
	return connect(n->fd, n->cur->ai_addr, n->cur->ai_addrlen);
}

static void
start_connect(struct sysnet *n, int64_t now)
{
	int rc;

	drop_fd(n);
	n->since = now;
	rc = n->ai == NULL ? connect_unix(n) : connect_inet(n);
	if (rc == 0) {
		go_up(n, now);
	} else if (errno == EINPROGRESS) {
		n->state = SYSNET_CONNECTING;
		n->until = now + CONNECT_TIMEOUT;
	} else {
		go_down(n, now, errno);
	}
}

/* A stream socket is readable: the server closed it, or sent something
 * (which has no meaning here and is read away). */
static void
check_closed(struct sysnet *n, int64_t now)
{
	char buf[512];
	ssize_t r;

	for (;;) {
		r = read(n->fd, buf, sizeof buf);
		if (r > 0)
			continue;
		if (r == 0)
			sysnet_broken(n, now, ECONNRESET);
		else if (errno != EAGAIN && errno != EINTR)
			sysnet_broken(n, now, errno);
		return;
	}
}

static void
connect_done(struct sysnet *n, int64_t now)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err == 0)
		go_up(n, now);
	else
		go_down(n, now, err);
}

void
sysnet_tick(struct sysnet *n, int64_t now, short revents)
{
	switch (n->state) {
	case SYSNET_DOWN:
		if (now >= n->retry)
			start_connect(n, now);
		return;
	case SYSNET_CONNECTING:
		if (revents & (POLLOUT | POLLERR | POLLHUP))
			connect_done(n, now);
		else if (now >= n->until)
			go_down(n, now, ETIMEDOUT);
		return;
	case SYSNET_UP:
		if (revents & POLLOUT)
			n->blocked = 0;
		if (n->type == SOCK_STREAM &&
		    (revents & (POLLIN | POLLERR | POLLHUP))) {
			check_closed(n, now);
			if (n->state != SYSNET_UP)
				return;
		}
		if (now >= n->recheck) {
			sysnet_confirm(n);
			n->recheck_step *= 2;
			n->recheck = n->q->sent == 0 || n->recheck_step > 5000 ?
			    DEADLINE_NEVER : now + n->recheck_step;
		}
		return;
	}
}

int
sysnet_pollfd(const struct sysnet *n, struct pollfd *p)
{
	p->fd = n->fd;
	p->events = 0;
	if (n->state == SYSNET_CONNECTING)
		p->events = POLLOUT;
	else if (n->state == SYSNET_UP) {
		if (n->type == SOCK_STREAM)
			p->events = POLLIN;
		if (n->blocked)
			p->events |= POLLOUT;
	}
	return p->events != 0;
}

int64_t
sysnet_deadline(const struct sysnet *n)
{
	switch (n->state) {
	case SYSNET_DOWN:
		return n->retry;
	case SYSNET_CONNECTING:
		return n->until;
	default:
		return n->recheck;
	}
}

void
sysnet_close(struct sysnet *n)
{
	drop_fd(n);
	if (n->ai != NULL)
		freeaddrinfo(n->ai);
	n->ai = NULL;
	free(n->mm);
	free(n->iov);
	free(n->pfx);
	n->mm = NULL;
	n->iov = NULL;
	n->pfx = NULL;
}
