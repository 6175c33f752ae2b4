/* journalconn.c: our own socket to journald, to see what it has read
 * (journalconn.h). Linux: SIOCOUTQ on AF_UNIX datagram sockets. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fdio.h"
#include "journalconn.h"

#define LIBSYSTEMD_SNDBUF (8 << 20) /* what libsystemd asks for */

int
jring_push(struct jring *r, struct jmark m)
{
	if (r->count == JC_RING) {
		errno = ENOBUFS;
		return -1;
	}
	r->m[(r->head + r->count) % JC_RING] = m;
	r->count++;
	return 0;
}

int
jring_settle(struct jring *r, size_t unread, struct jmark *m)
{
	if (unread >= r->count)
		return 0;
	r->head = (r->head + (r->count - unread) - 1) % JC_RING;
	*m = r->m[r->head];
	r->head = (r->head + 1) % JC_RING;
	r->count = unread;
	return 1;
}

size_t
jring_unread(size_t q, size_t btrue)
{
	return btrue == 0 ? 0 : (q + btrue - 1) / btrue;
}

/* An empty datagram carrying fd, without waiting. */
static ssize_t
send_fd(int sock, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr mh;
	struct cmsghdr *cm;

	memset(&u, 0, sizeof u);
	memset(&mh, 0, sizeof mh);
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	return sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
}

/* The charge of one empty datagram, and of one carrying a descriptor
 * (of /dev/null: not a socket, so that no cycle is left in flight), on a
 * socket pair's sending end. */
static int
measure(int s, size_t *bare, size_t *withfd)
{
	int q = 0, fd, r;

	if (send(s, "", 0, MSG_DONTWAIT) != 0 ||
	    ioctl(s, SIOCOUTQ, &q) < 0 || q <= 0)
		return -1;
	*bare = (size_t)q;
	fd = fd_devnull(O_RDONLY);
	if (fd < 0)
		return -1;
	r = send_fd(s, fd) == 0 && ioctl(s, SIOCOUTQ, &q) == 0 ? 0 : -1;
	close(fd);
	if (r == 0)
		*withfd = (size_t)q - *bare;
	return r;
}

int
jconn_init(struct jconn *c)
{
	int sp[2], rc = -1, err;
	size_t withfd = 0;

	memset(c, 0, sizeof *c);
	c->fd = -1;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0)
		return -1;
	errno = 0;
	if (measure(sp[0], &c->btrue, &withfd) == 0) {
		/* Counted as a barrier, a memfd entry charged less would
		 * hide one that is unread; charged more, it only delays. */
		if (withfd >= c->btrue)
			rc = 0;
		else
			errno = EPROTO;
	} else if (errno == 0)
		errno = EPROTO;
	err = errno;
	close(sp[0]);
	close(sp[1]);
	errno = err;
	return rc;
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int
jconn_open(struct jconn *c, const char *path)
{
	struct sockaddr_un sa;
	struct stat before, after;
	int fd, err;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if (stat(path, &before) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		goto fail;
	/* The socket we reached is the file we saw only if the path did
	 * not change meanwhile (journald starting again). */
	if (stat(path, &after) < 0)
		goto fail;
	if (!same_file(&before, &after)) {
		errno = ESTALE;
		goto fail;
	}
	c->fd = fd;
	c->dev = after.st_dev;
	c->ino = after.st_ino;
	c->ring.head = c->ring.count = 0;
	c->read = c->sent;
	return 0;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

void
jconn_close(struct jconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->ring.head = c->ring.count = 0;
	c->read = c->sent;
}

int
jconn_room(const struct jconn *c)
{
	struct pollfd p;

	p.fd = c->fd;
	p.events = POLLOUT;
	p.revents = 0;
	return c->fd >= 0 && poll(&p, 1, 0) == 1 && (p.revents & POLLOUT);
}

void
jconn_sent(struct jconn *c, uint64_t cost)
{
	c->sent.pos++;
	c->sent.cost += cost;
}

int
jconn_barrier(struct jconn *c)
{
	if (c->fd < 0) {
		errno = ENOTCONN;
		return -1;
	}
	if (c->ring.count == JC_RING) {
		errno = EAGAIN;
		return -1;
	}
	if (send(c->fd, "", 0, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return -1;
	return jring_push(&c->ring, c->sent);
}

int
jconn_send_fd(struct jconn *c, int fd, uint64_t cost)
{
	if (c->fd < 0) {
		errno = ENOTCONN;
		return -1;
	}
	if (c->ring.count == JC_RING) {
		errno = EAGAIN;
		return -1;
	}
	if (send_fd(c->fd, fd) < 0)
		return -1;
	jconn_sent(c, cost);
	return jring_push(&c->ring, c->sent);
}

int
jconn_unmarked(const struct jconn *c)
{
	const struct jmark *last;

	if (c->ring.count == 0)
		return c->sent.pos != c->read.pos;
	last = &c->ring.m[(c->ring.head + c->ring.count - 1) % JC_RING];
	return last->pos != c->sent.pos;
}

int
jconn_check(struct jconn *c, const char *path)
{
	struct stat st;
	struct jmark m;
	int q;

	if (c->fd < 0) {
		errno = ENOTCONN;
		return -1;
	}
	if (c->ring.count == 0)
		return 0;
	if (ioctl(c->fd, SIOCOUTQ, &q) < 0)
		return -1;
	if (!jring_settle(&c->ring, jring_unread((size_t)q, c->btrue), &m) ||
	    m.pos <= c->read.pos)
		return 0;
	/* Barriers left the queue: read, or dropped with a dead journald.
	 * A send that works now proves it lives (EAGAIN too: its queue is
	 * full, so it is there); the path still leading to the socket we
	 * watch proves libsystemd's datagrams went to it. */
	if (jconn_barrier(c) < 0 && errno != EAGAIN)
		return -1;
	if (stat(path, &st) < 0)
		return -1;
	if (st.st_dev != c->dev || st.st_ino != c->ino) {
		errno = ESTALE;
		return -1;
	}
	c->read = m;
	return 1;
}

uint64_t
jconn_inflight(const struct jconn *c)
{
	return c->sent.cost - c->read.cost;
}

size_t
jconn_sndbuf(void)
{
	int fd, v = LIBSYSTEMD_SNDBUF, got = 0;
	socklen_t l = sizeof got;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 212992; /* the kernel's usual default */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &got, &l) < 0 ||
	    got < 2 * v)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v);
	l = sizeof got;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &got, &l) < 0 || got <= 0)
		got = 212992;
	close(fd);
	return (size_t)got;
}
