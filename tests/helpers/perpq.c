/* perpq.c: talk to perpd's control socket directly, for tests.
 *
 *   perpq [-b base] sv ...            Q: one block of key=value lines per
 *                                     sv (status, decoded), or err=N
 *   perpq [-b base] -c cmd [-L] [-g] sv ...   C: prints err=N per sv
 *   perpq [-b base] -x hex            send these raw bytes in one write;
 *                                     print the reply in hex, or closed
 *   perpq [-b base] -F n              n connections of malformed packets
 *                                     (bad version, type, length, junk)
 *   perpq [-b base] -i                connect, send nothing; print the ms
 *                                     until perpd closes the connection
 * Exit 0, or 1 when a reply carried an error, 111 on system errors. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fdio.h"
#include "proto.h"

#define USAGE "[-b base] [-c cmd [-L] [-g] | -x hex | -F n | -i] [sv ...]"

static const char *base = ".";

static int
conn(void)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/.control/perpd.sock",
	    base);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die_sys(EXIT_TEMP, "failure connecting to %s", sa.sun_path);
	return fd;
}

/* Read one whole packet within ms; its length, 0 on close, -1 timeout. */
static int
read_pkt(int fd, uint8_t *buf, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	size_t have = 0;
	ssize_t r;

	while (have < pkt_size(buf, have)) {
		if (poll(&p, 1, ms) <= 0)
			return -1;
		r = read(fd, buf + have, pkt_size(buf, have) - have);
		if (r <= 0)
			return 0;
		have += (size_t)r;
	}
	return (int)have;
}

static void
sub_print(const char *who, const struct substatus *s)
{
	printf("%s.pid=%u\n%s.flags=0x%02x\n%s.when=%lld.%09ld\n", who,
	    (unsigned)s->pid, who, (unsigned)s->flags, who,
	    (long long)s->when.tv_sec, (long)s->when.tv_nsec);
	printf("%s.backoff=%u\n%s.pending=%u\n%s.wstatus=%ld\n%s.starts=%u\n",
	    who, (unsigned)s->backoff_ms, who, (unsigned)s->pending_ms, who,
	    s->last_wstatus == WSTATUS_NONE ? -1L : (long)s->last_wstatus,
	    who, (unsigned)s->starts);
}

static int
keyof(const char *sv, struct svkey *k)
{
	char path[4096];
	struct stat st;

	if (sv[0] == '/')
		snprintf(path, sizeof path, "%s", sv);
	else
		snprintf(path, sizeof path, "%s/%s", base, sv);
	if (stat(path, &st) < 0) {
		warn_sys("stat %s", path);
		return -1;
	}
	k->dev = (uint64_t)st.st_dev;
	k->ino = (uint64_t)st.st_ino;
	return 0;
}

/* One request for sv, one reply printed. 0 ok, 1 error reply. */
static int
ask(int fd, const char *sv, int cmd, int flags)
{
	uint8_t buf[PKT_MAX];
	struct svstatus st;
	struct svkey k;
	struct pkt p;
	uint32_t err;
	size_t n;

	if (keyof(sv, &k) < 0)
		return 1;
	n = cmd ? pkt_control(buf, &k, (uint8_t)cmd, (uint8_t)flags) :
	    pkt_query(buf, &k);
	if (fd_write_all(fd, buf, n) < 0)
		die_sys(EXIT_TEMP, "write");
	if ((n = (size_t)read_pkt(fd, buf, 10000)) == 0 || (int)n < 0 ||
	    pkt_decode(buf, n, &p) < 0)
		die(EXIT_TEMP, "no valid reply");
	if (pkt_parse_error(&p, &err) == 0) {
		printf("err=%u\n", (unsigned)err);
		return err != 0;
	}
	if (pkt_parse_status(&p, &st) < 0)
		die(EXIT_TEMP, "bad status reply");
	printf("sv=%s\nperpd=%u\nflags=0x%02x\nactivated=%lld\n"
	    "stop_timeout=%u\n", sv, (unsigned)st.perpd_pid,
	    (unsigned)st.flags, (long long)st.activated.tv_sec,
	    (unsigned)st.stop_timeout_ms);
	sub_print("main", &st.main);
	sub_print("log", &st.log);
	return 0;
}

static int
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && n < max && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return (int)n;
}

static int
raw(const char *hex)
{
	uint8_t buf[4096];
	int fd = conn(), n = unhex(hex, buf, sizeof buf), i;

	if (fd_write_all(fd, buf, (size_t)n) < 0)
		die_sys(EXIT_TEMP, "write");
	n = read_pkt(fd, buf, 3000);
	if (n == 0)
		printf("closed\n");
	else if (n < 0)
		printf("timeout\n");
	else {
		for (i = 0; i < n; i++)
			printf("%02x", buf[i]);
		printf("\n");
	}
	return 0;
}

/* Malformed packets of every kind, each on its own connection. */
static int
flood(int count)
{
	uint8_t buf[600], reply[PKT_MAX];
	unsigned seed = 12345;
	int i, fd, n, j;

	for (i = 0; i < count; i++) {
		fd = conn();
		n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 300;
		for (j = 0; j < n; j++)
			buf[j] = (uint8_t)((seed = seed * 1103515245u +
			    12345u) >> 16);
		if (i % 4 == 0)
			buf[0] = 2; /* right version, random type/length */
		if (i % 8 == 1 && n > 3) {
			buf[0] = 2;
			buf[1] = 'Q';
			buf[2] = (uint8_t)(n - 3); /* wrong length for Q */
		}
		fd_write_all(fd, buf, (size_t)n);
		read_pkt(fd, reply, 50);
		close(fd);
	}
	printf("sent %d\n", count);
	return 0;
}

static int
idle(void)
{
	int64_t t0 = now_ms();
	uint8_t b[16];
	int fd = conn();

	while (read(fd, b, sizeof b) > 0)
		;
	printf("%lld\n", (long long)(now_ms() - t0));
	return 0;
}

int
main(int argc, char **argv)
{
	int c, cmd = 0, flags = 0, rc = 0, fd;
	const char *hex = NULL;
	long fl = -1;
	int doidle = 0;

	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((c = getopt(argc, argv, "b:c:LgF:x:i")) != -1) {
		switch (c) {
		case 'b': base = optarg; break;
		case 'c': cmd = optarg[0]; break;
		case 'L': flags |= CTLF_LOG; break;
		case 'g': flags |= CTLF_KILLPG; break;
		case 'F': fl = atol(optarg); break;
		case 'x': hex = optarg; break;
		case 'i': doidle = 1; break;
		default: die_usage("bad option");
		}
	}
	if (hex)
		return raw(hex);
	if (fl >= 0)
		return flood((int)fl);
	if (doidle)
		return idle();
	if (optind >= argc)
		die_usage("missing sv");
	fd = conn();
	for (; optind < argc; optind++)
		rc |= ask(fd, argv[optind], cmd, flags);
	return rc;
}
