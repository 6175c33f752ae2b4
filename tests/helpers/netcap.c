/* netcap.c: listen on a socket and keep the exact bytes that arrive, for
 * tests of the bytes on the wire (framing included).
 *
 *   netcap -k kind -a address -o file [-r readyfile]
 *
 * kind: udgram (address: a unix socket path), ustream (path), udp (port
 * on 127.0.0.1), tcp (port on 127.0.0.1). Stream bytes are appended to
 * file as they come, from every connection in turn; each datagram is
 * appended followed by '\n'. readyfile is created once the socket
 * listens. Runs until killed. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "die.h"
#include "fdio.h"
#include "parse.h"

#define USAGE "-k udgram|ustream|udp|tcp -a address -o file [-r readyfile]"
#define MAXCONN 16

static int
listener(const char *kind, const char *addr)
{
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	int stream = strcmp(kind, "ustream") == 0 || strcmp(kind, "tcp") == 0;
	int unixy = strcmp(kind, "udgram") == 0 || strcmp(kind, "ustream") == 0;
	int fd, one = 1;
	uint64_t port;

	fd = socket(unixy ? AF_UNIX : AF_INET,
	    stream ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0)
		die_sys(EXIT_TEMP, "socket");
	if (unixy) {
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		strncpy(sun.sun_path, addr, sizeof sun.sun_path - 1);
		unlink(addr);
		if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0)
			die_sys(EXIT_TEMP, "bind %s", addr);
	} else {
		if (parse_uint(addr, 65535, &port) < 0)
			die_usage("bad port %s", addr);
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0)
			die_sys(EXIT_TEMP, "bind %s", addr);
	}
	if (stream && listen(fd, 16) < 0)
		die_sys(EXIT_TEMP, "listen");
	return fd;
}

int
main(int argc, char **argv)
{
	const char *kind = NULL, *addr = NULL, *out = NULL, *ready = NULL;
	struct pollfd pfd[1 + MAXCONN];
	static char buf[1 << 17];
	int ch, lfd, ofd, nfd = 1, i, stream;
	ssize_t r;

	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((ch = getopt(argc, argv, "k:a:o:r:")) != -1) {
		if (ch == 'k')
			kind = optarg;
		else if (ch == 'a')
			addr = optarg;
		else if (ch == 'o')
			out = optarg;
		else if (ch == 'r')
			ready = optarg;
		else
			die_usage("invalid option");
	}
	if (kind == NULL || addr == NULL || out == NULL)
		die_usage("missing option");
	stream = strcmp(kind, "ustream") == 0 || strcmp(kind, "tcp") == 0;
	ofd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (ofd < 0)
		die_sys(EXIT_TEMP, "open %s", out);
	lfd = listener(kind, addr);
	if (ready != NULL && close(open(ready, O_WRONLY | O_CREAT, 0644)) < 0)
		die_sys(EXIT_TEMP, "create %s", ready);
	pfd[0].fd = lfd;
	pfd[0].events = POLLIN;
	for (;;) {
		if (poll(pfd, (nfds_t)nfd, -1) < 0 && errno != EINTR)
			die_sys(EXIT_TEMP, "poll");
		if (stream && (pfd[0].revents & POLLIN) && nfd <= MAXCONN) {
			pfd[nfd].fd = accept(lfd, NULL, NULL);
			pfd[nfd].events = POLLIN;
			if (pfd[nfd].fd >= 0)
				nfd++;
		} else if (!stream && (pfd[0].revents & POLLIN)) {
			r = recv(lfd, buf, sizeof buf - 1, 0);
			if (r >= 0) {
				buf[r++] = '\n';
				fd_write_all(ofd, buf, (size_t)r);
			}
		}
		for (i = 1; i < nfd; i++) {
			if (!pfd[i].revents)
				continue;
			r = read(pfd[i].fd, buf, sizeof buf);
			if (r > 0) {
				fd_write_all(ofd, buf, (size_t)r);
				continue;
			}
			close(pfd[i].fd);
			pfd[i--] = pfd[--nfd];
		}
	}
}
