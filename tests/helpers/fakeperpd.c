/* fakeperpd.c: a stand-in for perpd's control socket, for testing the
 * control tools against states and faults a real perpd will not show on
 * demand.
 *
 *   fakeperpd [-7] [-l log] base table
 *
 * It takes perpd's lock on base/.control/perpd.pid, listens on
 * base/.control/perpd.sock, and answers every request from the table,
 * which it reads again for each request so that a test can change it.
 * A table line names a directory of base and the answer for it:
 *
 *   foo S act svf mpid mage mf lpid lage lf [backoff pending wstat starts]
 *       a status: activated act seconds ago, service flags svf, main pid,
 *       seconds since its start or reset ("-": never), its flags, the
 *       same for the logger, and the main's extension fields
 *   foo E errno       an error reply
 *   foo X hex         these bytes, whatever they are
 *   foo hang          no answer at all
 *   foo close         hang up
 *
 * Numbers take C syntax (0x12). A command (C) to an S service is
 * answered E 0. A directory not in the table gets what perpd gives one
 * it has not scanned: ENOTDIR to a query, ENOENT to a command. -7 sends
 * perp 2.07's 66-byte status, without the extension. Every request and
 * SIGHUP is logged as a line: "Q foo", "C foo k 2", "HUP". */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "fdio.h"
#include "lockfile.h"
#include "nextopt.h"
#include "proto.h"
#include "sig.h"

#define MAXCONN 32
#define NFIELDS 16 /* table fields, the name first */

static const char *table, *logpath;
static int old207;

static void
logline(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int fd, n;

	if (logpath == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	fd = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		fd_write_all(fd, buf, (size_t)n);
		close(fd);
	}
}

/* The time stamp secs seconds ago; "-" is all zero (never). */
static void
stamp(struct timespec *ts, const char *secs)
{
	double d;

	memset(ts, 0, sizeof *ts);
	if (secs == NULL || strcmp(secs, "-") == 0)
		return;
	d = strtod(secs, NULL);
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec -= (time_t)d;
	ts->tv_nsec -= (long)((d - (double)(time_t)d) * 1e9);
	if (ts->tv_nsec < 0) {
		ts->tv_nsec += 1000000000L;
		ts->tv_sec--;
	}
}

static unsigned long
num(char **f, int i)
{
	return f[i] ? strtoul(f[i], NULL, 0) : 0;
}

/* Build the status of an S line (fields f[2]...). */
static size_t
status_reply(uint8_t *out, char **f)
{
	struct svstatus st;
	size_t n;

	memset(&st, 0, sizeof st);
	st.perpd_pid = (uint32_t)getpid();
	stamp(&st.perpd_start, "100");
	stamp(&st.activated, f[2]);
	st.flags = (uint8_t)num(f, 3);
	st.main.pid = (uint32_t)num(f, 4);
	stamp(&st.main.when, f[5]);
	st.main.flags = (uint8_t)num(f, 6);
	st.log.pid = (uint32_t)num(f, 7);
	stamp(&st.log.when, f[8]);
	st.log.flags = (uint8_t)num(f, 9);
	st.main.backoff_ms = (uint32_t)num(f, 10);
	st.main.pending_ms = (uint32_t)num(f, 11);
	st.main.last_wstatus = f[12] && strcmp(f[12], "-") != 0 ?
	    (uint32_t)num(f, 12) : WSTATUS_NONE;
	st.main.starts = (uint32_t)num(f, 13);
	st.log.last_wstatus = WSTATUS_NONE;
	st.stop_timeout_ms = 10000;
	n = pkt_status(out, &st);
	if (old207) {
		out[2] = STATUS_LEN_207;
		n = PKT_HEADER + STATUS_LEN_207;
	}
	return n;
}

/* The table line for the directory with key k: its fields in f, which
 * has NFIELDS slots, every one after the last field NULL (the strings live
 * in line). 0 when found, -1 when not. */
static int
lookup(const struct svkey *k, char *line, size_t size, char **f)
{
	FILE *t = fopen(table, "r");
	struct stat st;
	char *p;
	int i;

	while (t != NULL && fgets(line, (int)size, t) != NULL) {
		for (i = 0, p = strtok(line, " \t\n"); p && i < NFIELDS - 1;
		    p = strtok(NULL, " \t\n"))
			f[i++] = p;
		while (i < NFIELDS)
			f[i++] = NULL;
		if (i < 2 || f[0][0] == '#' || stat(f[0], &st) != 0)
			continue;
		if ((uint64_t)st.st_dev == k->dev &&
		    (uint64_t)st.st_ino == k->ino) {
			fclose(t);
			return 0;
		}
	}
	if (t != NULL)
		fclose(t);
	return -1;
}

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && n < PKT_MAX && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static int
send_error(int fd, uint32_t err)
{
	uint8_t out[PKT_MAX];

	return fd_write_all(fd, out, pkt_error(out, err)) < 0 ? -1 : 0;
}

/* Answer one request; -1 when the connection is to be closed. */
static int
answer(int fd, const struct pkt *p)
{
	uint8_t out[PKT_MAX], cmd = 0, flags = 0;
	char line[1024], *f[NFIELDS];
	struct svkey k;
	size_t n;

	if (pkt_parse_query(p, &k) < 0 &&
	    pkt_parse_control(p, &k, &cmd, &flags) < 0)
		return send_error(fd, EPROTO);
	if (lookup(&k, line, sizeof line, f) < 0)
		return send_error(fd, cmd ? ENOENT : ENOTDIR);
	if (cmd)
		logline("C %s %c %u", f[0], cmd, flags);
	else
		logline("Q %s", f[0]);
	if (strcmp(f[1], "hang") == 0)
		return 0;
	if (strcmp(f[1], "close") == 0)
		return -1;
	if (strcmp(f[1], "E") == 0)
		return send_error(fd, (uint32_t)num(f, 2));
	if (strcmp(f[1], "X") == 0)
		n = unhex(f[2] ? f[2] : "", out);
	else if (cmd)
		return send_error(fd, 0);
	else
		n = status_reply(out, f);
	return fd_write_all(fd, out, n) < 0 ? -1 : 0;
}

/* Read one request from a readable client and answer it; -1 when the
 * connection ends. */
static int
serve(int fd)
{
	uint8_t buf[PKT_MAX];
	struct pkt p;
	size_t want;

	if (fd_read(fd, buf, PKT_HEADER) != PKT_HEADER)
		return -1;
	want = pkt_size(buf, PKT_HEADER);
	if (fd_read(fd, buf + PKT_HEADER, want - PKT_HEADER) !=
	    (ssize_t)(want - PKT_HEADER))
		return -1;
	if (pkt_decode(buf, want, &p) < 0)
		return send_error(fd, EPROTO);
	return answer(fd, &p);
}

static int
listen_on(void)
{
	struct sockaddr_un sa;
	int fd;

	if (mkdir(".control", 0700) < 0 && errno != EEXIST)
		die_sys(EXIT_TEMP, "mkdir .control");
	if (lockfile_take(AT_FDCWD, ".control/perpd.pid") < 0)
		die_sys(EXIT_TEMP, "lock .control/perpd.pid");
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, ".control/perpd.sock");
	unlink(sa.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(fd, MAXCONN) < 0)
		die_sys(EXIT_TEMP, "listen on .control/perpd.sock");
	return fd;
}

static void
loop(int lfd, int sfd)
{
	struct pollfd pfd[MAXCONN + 2];
	int n = 2, i, fd, sig;

	pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = lfd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR)
			die_sys(EXIT_TEMP, "poll");
		while ((sig = sig_next(sfd)) > 0) {
			if (sig != SIGHUP)
				return;
			logline("HUP");
		}
		for (i = 2; i < n; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (serve(pfd[i].fd) < 0) {
				close(pfd[i].fd);
				pfd[i--] = pfd[--n];
			}
		}
		if ((pfd[1].revents & POLLIN) && n < MAXCONN + 2 &&
		    (fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
			pfd[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
	}
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGPIPE };
	struct nextopt o;
	int ch, sfd;

	die_init(argv[0], DIE_DAEMON, "[-7] [-l log] base table");
	nextopt_init(&o, argc, argv, "7l:");
	while ((ch = nextopt(&o)) != 0) {
		if (ch == '7')
			old207 = 1;
		else if (ch == 'l')
			logpath = o.arg;
		else
			die_usage("invalid option -%c", o.opt);
	}
	if (argc - o.ind != 2)
		die_usage("base and table required");
	table = argv[o.ind + 1];
	if (chdir(argv[o.ind]) < 0)
		die_sys(EXIT_TEMP, "chdir %s", argv[o.ind]);
	if ((sfd = sig_open(sigs, 4)) < 0)
		die_sys(EXIT_TEMP, "signalfd");
	loop(listen_on(), sfd);
	return 0;
}
