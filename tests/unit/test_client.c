/* test_client.c: the control tools' side of the socket, against a fake
 * perpd forked for each case: a relative base, 2.07's 66-byte status,
 * error replies, malformed replies, a perpd that closes or never answers,
 * one connection for many services, and no perpd at all. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "client.h"
#include "fdio.h"
#include "proto.h"

static char top[64];

/* The reply perp 2.07 gave for foo (perp-2.07.md, part A). */
static const char status207[] = "025342c12b0000400000006b024f13339471e440"
    "0000006b024f1333954ca40300c42b0000400000006b024f133396cb740000c32b00"
    "00400000006b024f1333958f0c0100";

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* A listening socket at base/.control/perpd.sock (cwd: top). */
static int
listen_sock(void)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_int_equal(chdir(top), 0);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, "base/" CLIENT_SOCKET);
	unlink(sa.sun_path);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

/* The fake perpd: for each request read, send the next reply of the
 * list; "hang" never answers, "close" hangs up. Writes every request it
 * read to the pipe wfd. */
static void
serve(int lfd, int wfd, const char *const *replies)
{
	uint8_t req[PKT_MAX], rep[PKT_MAX];
	int fd = accept(lfd, NULL, NULL);
	size_t n;

	for (; *replies != NULL; replies++) {
		if (fd_read(fd, req, PKT_HEADER) != PKT_HEADER ||
		    fd_read(fd, req + PKT_HEADER, req[2]) != req[2])
			_exit(1);
		if (fd_write_all(wfd, req, PKT_HEADER + req[2]) < 0)
			_exit(1);
		if (strcmp(*replies, "hang") == 0)
			pause();
		if (strcmp(*replies, "close") == 0)
			_exit(0);
		n = unhex(*replies, rep);
		if (fd_write_all(fd, rep, n) < 0)
			_exit(1);
	}
	_exit(0);
}

struct fake {
	pid_t pid;
	int rfd; /* the requests the fake read */
};

static struct fake
fake_start(const char *const *replies)
{
	struct fake f;
	int lfd = listen_sock(), p[2];

	assert_int_equal(pipe(p), 0);
	f.pid = fork();
	assert_true(f.pid >= 0);
	if (f.pid == 0) {
		close(p[0]);
		serve(lfd, p[1], replies);
	}
	close(lfd);
	close(p[1]);
	f.rfd = p[0];
	return f;
}

static void
fake_stop(struct fake *f)
{
	kill(f->pid, SIGKILL);
	waitpid(f->pid, NULL, 0);
	close(f->rfd);
}

/* Open the base by its relative name, as "perpls -b base" would. */
static void
open_base(struct client *c)
{
	assert_int_equal(chdir(top), 0);
	client_open(c, "base", "unable to chdir() to");
	assert_string_equal(c->sock, "base/.control/perpd.sock");
	assert_string_equal(c->pidlock, "base/.control/perpd.pid");
}

static int
setup(void **state)
{
	(void)state;
	strcpy(top, "/tmp/test_client.XXXXXX");
	if (mkdtemp(top) == NULL || chdir(top) != 0 ||
	    mkdir("base", 0755) != 0 || mkdir("base/.control", 0700) != 0 ||
	    mkdir("base/foo", 0755) != 0 || chmod("base/foo", 01755) != 0 ||
	    mkdir("base/bar", 0755) != 0 || chmod("base/bar", 01755) != 0 ||
	    mkdir("base/plain", 0755) != 0 ||
	    close(open("base/afile", O_CREAT | O_WRONLY, 0644)) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", top);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_status_207(void **state)
{
	const char *const replies[] = { status207, NULL };
	struct fake f = fake_start(replies);
	struct client c;
	struct svreply r;
	struct stat st;
	uint8_t req[64], want[64];
	struct svkey k;

	(void)state;
	open_base(&c);
	client_status(&c, "foo", &r);
	assert_int_equal(r.kind, SV_STATUS);
	assert_string_equal(r.name, "foo");
	assert_int_equal(r.st.has_ext, 0);
	assert_int_equal(r.st.perpd_pid, 11201);
	assert_int_equal(r.st.main.pid, 11204);
	assert_int_equal(r.st.log.pid, 11203);
	/* The query named foo by device and inode, as 2.07 does. */
	assert_int_equal(stat("foo", &st), 0);
	k.dev = (uint64_t)st.st_dev;
	k.ino = (uint64_t)st.st_ino;
	assert_int_equal(fd_read(f.rfd, req, 19), 19);
	assert_int_equal(pkt_query(want, &k), 19);
	assert_memory_equal(req, want, 19);
	client_done(&c);
	fake_stop(&f);
}

/* One connection for every service, whatever each answer was. */
static void
test_one_connection(void **state)
{
	const char *const replies[] = { "02450414000000", status207,
		"02450410000000", NULL };
	struct fake f = fake_start(replies);
	struct client c;
	struct svreply r;

	(void)state;
	open_base(&c);
	client_status(&c, "foo", &r);
	assert_int_equal(r.kind, SV_ERROR);
	assert_int_equal(r.fail, SVE_REPLY);
	assert_int_equal(r.err, ENOTDIR);
	client_status(&c, "plain", &r);
	assert_int_equal(r.kind, SV_INACTIVE);
	client_status(&c, "afile", &r);
	assert_int_equal(r.kind, SV_ERROR);
	assert_int_equal(r.fail, SVE_NOTDIR);
	client_status(&c, "nosuch", &r);
	assert_int_equal(r.fail, SVE_STAT);
	assert_int_equal(r.err, ENOENT);
	client_status(&c, "bar", &r);
	assert_int_equal(r.kind, SV_STATUS);
	client_control(&c, "foo", 'k', CTLF_KILLPG, &r);
	assert_int_equal(r.kind, SV_ERROR);
	assert_int_equal(r.fail, SVE_REPLY);
	assert_int_equal(r.err, EBUSY);
	client_done(&c);
	fake_stop(&f);
}

static void
test_control(void **state)
{
	const char *const replies[] = { "02450400000000", "02450402000000",
		NULL };
	struct fake f = fake_start(replies);
	struct client c;
	struct svreply r;
	uint8_t req[64];

	(void)state;
	open_base(&c);
	client_control(&c, "foo", 'd', CTLF_LOG, &r);
	assert_int_equal(r.kind, SV_STATUS);
	assert_int_equal(fd_read(f.rfd, req, 21), 21);
	assert_memory_equal(req, "\x02" "C\x12", 3);
	assert_int_equal(req[19], 'd');
	assert_int_equal(req[20], CTLF_LOG);
	client_control(&c, "bar", 'u', 0, &r);
	assert_int_equal(r.kind, SV_ERROR);
	assert_int_equal(r.fail, SVE_REPLY);
	assert_int_equal(r.err, ENOENT);
	/* Not sticky: perpd is not asked. */
	client_control(&c, "plain", 'u', 0, &r);
	assert_int_equal(r.kind, SV_INACTIVE);
	client_done(&c);
	fake_stop(&f);
}

static void
check_bad_reply(const char *reply, enum sv_fail fail, int err, int control)
{
	const char *const replies[] = { reply, NULL };
	struct fake f = fake_start(replies);
	struct client c;
	struct svreply r;

	open_base(&c);
	c.timeout_ms = 300;
	if (control)
		client_control(&c, "foo", 'u', 0, &r);
	else
		client_status(&c, "foo", &r);
	assert_int_equal(r.kind, SV_ERROR);
	assert_int_equal(r.fail, fail);
	assert_int_equal(r.err, err);
	/* A connection that failed once is dropped, not reused. */
	assert_int_equal(c.fd, -1);
	client_done(&c);
	fake_stop(&f);
}

static void
test_bad_replies(void **state)
{
	(void)state;
	check_bad_reply("035300", SVE_PROTO, EPROTO, 0);
	check_bad_reply("02530a00000000000000000000", SVE_PROTO, EPROTO, 0);
	check_bad_reply("0251100000000000000000000000000000000000",
	    SVE_TYPE, EPROTO, 0);
	check_bad_reply(status207, SVE_TYPE, EPROTO, 1);
	check_bad_reply("close", SVE_READ, ECONNRESET, 0);
	check_bad_reply("hang", SVE_READ, ETIMEDOUT, 0);
	check_bad_reply("hang", SVE_READ, ETIMEDOUT, 1);
}

/* E with errno 0 answers a command, never a query. */
static void
test_zero_error_to_query(void **state)
{
	(void)state;
	check_bad_reply("02450400000000", SVE_TYPE, EPROTO, 0);
}

static void
test_no_perpd(void **state)
{
	struct client c;
	struct svreply r;
	int fd;

	(void)state;
	assert_int_equal(chdir(top), 0);
	unlink("base/" CLIENT_SOCKET);
	open_base(&c);
	client_status(&c, "foo", &r);
	assert_int_equal(r.fail, SVE_CONNECT);
	assert_int_equal(r.err, ENOENT);
	/* Not retried: the next service fails the same way at once. */
	assert_int_equal(c.connerr, ENOENT);
	client_status(&c, "bar", &r);
	assert_int_equal(r.fail, SVE_CONNECT);
	/* A stale socket from a perpd that died: connection refused. */
	assert_int_equal(chdir(top), 0);
	fd = listen_sock();
	close(fd);
	client_done(&c);
	open_base(&c);
	client_status(&c, "foo", &r);
	assert_int_equal(r.fail, SVE_CONNECT);
	assert_int_equal(r.err, ECONNREFUSED);
	/* Inactive services need no perpd. */
	client_status(&c, "plain", &r);
	assert_int_equal(r.kind, SV_INACTIVE);
	client_done(&c);
}

static void
test_base(void **state)
{
	(void)state;
	unsetenv("PERP_BASE");
	assert_string_equal(client_base(NULL), ".");
	assert_string_equal(client_base(""), ".");
	assert_string_equal(client_base("b"), "b");
	setenv("PERP_BASE", "", 1);
	assert_string_equal(client_base(NULL), ".");
	setenv("PERP_BASE", "rel/base", 1);
	assert_string_equal(client_base(NULL), "rel/base");
	assert_string_equal(client_base("/abs"), "/abs");
	unsetenv("PERP_BASE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_207),
		cmocka_unit_test(test_one_connection),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_bad_replies),
		cmocka_unit_test(test_zero_error_to_query),
		cmocka_unit_test(test_no_perpd),
		cmocka_unit_test(test_base),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
