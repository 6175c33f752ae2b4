/* client.c: base directory, connection and exchanges of the control
 * tools. */
/* S_ISVTX, the sticky bit, is XSI. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "client.h"
#include "deadline.h"
#include "proto.h"

const char *
client_base(const char *opt_b)
{
	const char *env;

	if (opt_b != NULL && *opt_b != '\0')
		return opt_b;
	env = getenv("PERP_BASE");
	return (env != NULL && *env != '\0') ? env : ".";
}

static char *
join(const char *base, const char *rest)
{
	size_t n = strlen(base) + 1 + strlen(rest) + 1;
	char *s = malloc(n);

	if (s == NULL)
		die(EXIT_TEMP, "allocation failure");
	strcpy(s, base);
	strcat(s, "/");
	strcat(s, rest);
	return s;
}

void
client_open(struct client *c, const char *base, const char *what)
{
	if (chdir(base) != 0)
		die_sys(EXIT_TEMP, "%s %s", what, base);
	c->base = base;
	c->sock = join(base, CLIENT_SOCKET);
	c->pidlock = join(base, CLIENT_PIDLOCK);
	c->fd = -1;
	c->connerr = 0;
	c->timeout_ms = CLIENT_TIMEOUT_MS;
}

int
client_connect(struct client *c)
{
	struct sockaddr_un sa;
	int fd;

	if (c->fd >= 0)
		return 0;
	if (c->connerr != 0) {
		errno = c->connerr;
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, CLIENT_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
		c->fd = fd;
		return 0;
	}
	c->connerr = errno;
	if (fd >= 0)
		close(fd);
	errno = c->connerr;
	return -1;
}

void
client_die_connect(const struct client *c)
{
	errno = c->connerr;
	if (view_perpd_down(c->connerr))
		die_sys(EXIT_TEMP, "perpd not running on control socket %s",
		    c->sock);
	die_sys(EXIT_TEMP, "failure connecting to perpd control socket %s",
	    c->sock);
}

void
client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

void
client_done(struct client *c)
{
	client_close(c);
	free(c->sock);
	free(c->pidlock);
	c->sock = c->pidlock = NULL;
}

/* Wait until fd is ready for events or the deadline passes. */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	for (;;) {
		n = poll(&p, 1, deadline_timeout(deadline, now_ms()));
		if (n > 0)
			return 0;
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (errno != EINTR)
			return -1;
	}
}

static int
send_all(int fd, const uint8_t *buf, size_t n, int64_t deadline)
{
	ssize_t w;

	while (n > 0) {
		if (wait_fd(fd, POLLOUT, deadline) < 0)
			return -1;
		/* MSG_NOSIGNAL: a perpd gone away is an error, not SIGPIPE. */
		w = send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno != EINTR && errno != EAGAIN)
			return -1;
		if (w > 0) {
			buf += w;
			n -= (size_t)w;
		}
	}
	return 0;
}

/* Read until buf holds want bytes. */
static int
recv_all(int fd, uint8_t *buf, size_t have, size_t want, int64_t deadline)
{
	ssize_t r;

	while (have < want) {
		if (wait_fd(fd, POLLIN, deadline) < 0)
			return -1;
		r = recv(fd, buf + have, want - have, MSG_DONTWAIT);
		if (r == 0) {
			errno = ECONNRESET;
			return -1;
		}
		if (r < 0 && errno != EINTR && errno != EAGAIN)
			return -1;
		if (r > 0)
			have += (size_t)r;
	}
	return 0;
}

static void
fail(struct svreply *r, enum sv_fail why, int err)
{
	r->kind = SV_ERROR;
	r->fail = why;
	r->err = err;
}

/* Send one request and read one reply into p. 0, or -1 with r filled
 * (and the connection dropped: after a failure it cannot be trusted). */
static int
exchange(struct client *c, const uint8_t *req, size_t n, struct pkt *p,
    struct svreply *r)
{
	uint8_t buf[PKT_MAX];
	int64_t deadline = now_ms() + c->timeout_ms;

	if (client_connect(c) < 0) {
		fail(r, SVE_CONNECT, errno);
		return -1;
	}
	if (send_all(c->fd, req, n, deadline) < 0) {
		fail(r, SVE_WRITE, errno);
	} else if (recv_all(c->fd, buf, 0, PKT_HEADER, deadline) < 0) {
		fail(r, SVE_READ, errno);
	} else if (buf[0] != PROTO_VERSION) {
		fail(r, SVE_PROTO, EPROTO);
	} else if (recv_all(c->fd, buf, PKT_HEADER, pkt_size(buf, PKT_HEADER),
	    deadline) < 0) {
		fail(r, SVE_READ, errno);
	} else if (pkt_decode(buf, pkt_size(buf, PKT_HEADER), p) < 0) {
		fail(r, SVE_PROTO, EPROTO);
	} else
		return 0;
	client_close(c);
	return -1;
}

/* stat() sv: 0 with its key (the directory's device and inode) when it
 * is a sticky directory, else -1 with r filled. */
static int
look(const char *sv, struct svkey *k, struct svreply *r)
{
	struct stat st;

	memset(r, 0, sizeof *r);
	r->name = sv;
	if (stat(sv, &st) < 0) {
		fail(r, SVE_STAT, errno);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fail(r, SVE_NOTDIR, ENOTDIR);
		return -1;
	}
	if (!(st.st_mode & S_ISVTX)) {
		r->kind = SV_INACTIVE;
		return -1;
	}
	k->dev = (uint64_t)st.st_dev;
	k->ino = (uint64_t)st.st_ino;
	return 0;
}

/* An E reply: its errno, or -1 when it is malformed. */
static int
reply_errno(const struct pkt *p)
{
	uint32_t e;

	if (pkt_parse_error(p, &e) < 0)
		return -1;
	return (int)e;
}

void
client_status(struct client *c, const char *sv, struct svreply *r)
{
	struct svkey k;
	struct pkt p;
	uint8_t req[PKT_MAX];
	int e;

	if (look(sv, &k, r) < 0)
		return;
	if (exchange(c, req, pkt_query(req, &k), &p, r) < 0)
		return;
	if (p.type == PKT_STATUS) {
		if (pkt_parse_status(&p, &r->st) < 0) {
			fail(r, SVE_PROTO, EPROTO);
			client_close(c);
		} else
			r->kind = SV_STATUS;
	} else if (p.type == PKT_ERROR && (e = reply_errno(&p)) > 0) {
		fail(r, SVE_REPLY, e);
	} else {
		fail(r, SVE_TYPE, EPROTO);
		client_close(c);
	}
}

void
client_control(struct client *c, const char *sv, uint8_t cmd, uint8_t flags,
    struct svreply *r)
{
	struct svkey k;
	struct pkt p;
	uint8_t req[PKT_MAX];
	int e;

	if (look(sv, &k, r) < 0)
		return;
	if (exchange(c, req, pkt_control(req, &k, cmd, flags), &p, r) < 0)
		return;
	if (p.type != PKT_ERROR || (e = reply_errno(&p)) < 0) {
		fail(r, SVE_TYPE, EPROTO);
		client_close(c);
	} else if (e != 0)
		fail(r, SVE_REPLY, e);
	else
		r->kind = SV_STATUS;
}
