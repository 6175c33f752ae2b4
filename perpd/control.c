/* control.c: the control socket .control/perpd.sock (protocol in
 * proto.h). A fixed array of client slots; every socket is non-blocking,
 * with a read cursor and a write cursor, so that no client can hang
 * perpd. Exchanges strictly alternate: a client's next request is read
 * only after its reply has gone. An idle client is closed by its own
 * deadline, PERPD_CLIENT_MS after it connected or got its last reply. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "perpd.h"

struct client {
	int fd;              /* -1: free slot */
	int writing;         /* a reply is going out */
	size_t len, off;     /* bytes in buf; bytes of the reply written */
	int64_t deadline;
	uint8_t buf[PKT_MAX];
};

static struct client clients[PERPD_CLIENTS];
static int nclients;

/* Create, bind and listen on path (relative to the cwd): mode 0700, or
 * 0770 and group gid. The listening descriptor, or -1 with errno. */
int
control_open(const char *path, int has_gid, gid_t gid)
{
	struct sockaddr_un sa;
	mode_t old;
	int fd, i, r;

	for (i = 0; i < PERPD_CLIENTS; i++)
		clients[i].fd = -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	/* No window in which the socket is open to others. */
	old = umask(077);
	r = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (r < 0 || (has_gid && chown(path, (uid_t)-1, gid) < 0) ||
	    chmod(path, has_gid ? 0770 : 0700) < 0 || listen(fd, 64) < 0) {
		r = errno;
		close(fd);
		errno = r;
		return -1;
	}
	return fd;
}

static void
drop(struct client *c)
{
	close(c->fd);
	c->fd = -1;
	nclients--;
}

/* The number of connected clients. */
int
control_nclients(void)
{
	return nclients;
}

/* Descriptors control_poll() fills: the listener and every client. */
int
control_npoll(void)
{
	return perpd.listenfd >= 0 ? 1 + PERPD_CLIENTS : 0;
}

void
control_poll(struct pollfd *p)
{
	int i;

	if (perpd.listenfd < 0)
		return;
	p[0].fd = perpd.listenfd;
	p[0].events = POLLIN;
	for (i = 0; i < PERPD_CLIENTS; i++) {
		p[1 + i].fd = clients[i].fd;
		p[1 + i].events = clients[i].writing ? POLLOUT : POLLIN;
		p[1 + i].revents = 0;
	}
	p[0].revents = 0;
}

static void
reply_error(struct client *c, uint32_t err)
{
	c->len = pkt_error(c->buf, err);
}

/* Turn the complete request in c->buf into the reply in c->buf. */
static void
dispatch(struct client *c, int64_t now)
{
	struct svstatus st;
	struct service *sv;
	struct svkey k;
	struct pkt p;
	uint8_t cmd, flags;

	c->writing = 1;
	c->off = 0;
	if (pkt_decode(c->buf, c->len, &p) < 0) {
		reply_error(c, EPROTO);
	} else if (pkt_parse_query(&p, &k) == 0) {
		if ((sv = svtab_find(&k)) == NULL) {
			reply_error(c, ENOTDIR);
			return;
		}
		sv_status(sv, &st, now);
		c->len = pkt_status(c->buf, &st);
	} else if (pkt_parse_control(&p, &k, &cmd, &flags) == 0) {
		sv = svtab_find(&k);
		reply_error(c, sv ? (uint32_t)sv_command(sv, cmd, flags, now) :
		    ENOENT);
	} else
		reply_error(c, p.type == PKT_PIDYANK ? ENOTSUP : EPROTO);
}

static void
client_read(struct client *c, int64_t now)
{
	ssize_t r;
	size_t want;

	r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		if (r < 0)
			warn_sys("error reading client");
		drop(c);
		return;
	}
	c->len += (size_t)r;
	want = pkt_size(c->buf, c->len);
	if (c->len < want)
		return;
	if (c->len > want) {
		/* More than the header announced: no pipelining (2.07). */
		errno = EPROTO;
		warn_sys("error reading client");
		drop(c);
		return;
	}
	dispatch(c, now);
}

static void
client_write(struct client *c, int64_t now)
{
	ssize_t w = write(c->fd, c->buf + c->off, c->len - c->off);

	if (w < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (w < 0) {
		warn_sys("error writing to client");
		drop(c);
		return;
	}
	c->off += (size_t)w;
	if (c->off < c->len)
		return;
	c->writing = 0;
	c->len = c->off = 0;
	c->deadline = now + PERPD_CLIENT_MS;
}

static void
accept_client(int64_t now)
{
	struct client *c = NULL;
	int fd, i;

	fd = accept4(perpd.listenfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			warn_sys("failure accept() on new client connection");
		return;
	}
	for (i = 0; i < PERPD_CLIENTS && c == NULL; i++)
		if (clients[i].fd < 0)
			c = &clients[i];
	if (c == NULL) {
		warn("too many client connections");
		close(fd);
		return;
	}
	memset(c, 0, sizeof *c);
	c->fd = fd;
	c->deadline = now + PERPD_CLIENT_MS;
	nclients++;
}

/* Serve what poll() reported in the descriptors control_poll() filled. */
void
control_io(const struct pollfd *p, int64_t now)
{
	struct client *c;
	int i;

	if (perpd.listenfd < 0)
		return;
	for (i = 0; i < PERPD_CLIENTS; i++) {
		c = &clients[i];
		if (c->fd < 0 || p[1 + i].fd != c->fd || p[1 + i].revents == 0)
			continue;
		if (c->writing)
			client_write(c, now);
		else if (p[1 + i].revents & (POLLIN | POLLHUP | POLLERR))
			client_read(c, now);
	}
	if (p[0].revents & POLLIN)
		accept_client(now);
}

/* The earliest client deadline. */
int64_t
control_earliest(void)
{
	int64_t at = DEADLINE_NEVER;
	int i;

	for (i = 0; i < PERPD_CLIENTS; i++)
		if (clients[i].fd >= 0)
			at = deadline_min(at, clients[i].deadline);
	return at;
}

/* Close the clients that stayed idle too long. */
void
control_expire(int64_t now)
{
	int i;

	for (i = 0; i < PERPD_CLIENTS; i++)
		if (clients[i].fd >= 0 && clients[i].deadline <= now) {
			warn("closing stale client connection");
			drop(&clients[i]);
		}
}

/* Close the listener and every client (at termination). */
void
control_close(void)
{
	int i;

	for (i = 0; i < PERPD_CLIENTS; i++)
		if (clients[i].fd >= 0)
			drop(&clients[i]);
	if (perpd.listenfd >= 0)
		close(perpd.listenfd);
	perpd.listenfd = -1;
}
