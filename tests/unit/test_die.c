/* test_die.c: diagnostic formats of both styles, the errno wording, and
 * what the emitting functions really write and with which exit code (in a
 * forked child whose stderr is a pipe). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "die.h"
#include "errstr.h"

static int
fmt(char *buf, int size, const char *kind, int err, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = die_format(buf, size, kind, err, f, ap);
	va_end(ap);
	return n;
}

static void
test_daemon_style(void **state)
{
	char buf[256], want[256];
	long pid = (long)getpid();

	(void)state;
	die_init("/usr/sbin/perpd", DIE_DAEMON, "[-hV] basedir");
	assert_string_equal(die_prog(), "perpd");

	fmt(buf, sizeof buf, "info", 0, "starting on %s ...", "/etc/perp");
	snprintf(want, sizeof want, "perpd[%ld]: starting on /etc/perp ...",
	    pid);
	assert_string_equal(buf, want);

	fmt(buf, sizeof buf, "warning", 0, "rc.log exists");
	snprintf(want, sizeof want, "warning: perpd[%ld]: rc.log exists", pid);
	assert_string_equal(buf, want);

	fmt(buf, sizeof buf, "fatal", EAGAIN, "failure on lock file %s",
	    "perpd.pid");
	snprintf(want, sizeof want, "error: perpd[%ld]: fatal: failure on "
	    "lock file perpd.pid: temporary i/o failure (EAGAIN)", pid);
	assert_string_equal(buf, want);

	fmt(buf, sizeof buf, "usage error", 0, "invalid option -x");
	snprintf(want, sizeof want, "error: perpd[%ld]: usage error: invalid "
	    "option -x", pid);
	assert_string_equal(buf, want);
}

static void
test_client_style(void **state)
{
	char buf[256];

	(void)state;
	die_init("perpctl", DIE_CLIENT, "[-hV] cmd sv");
	fmt(buf, sizeof buf, "fatal", ECONNREFUSED, "perpd not running on "
	    "control socket %s", "/x/.control/perpd.sock");
	assert_string_equal(buf, "perpctl fatal: perpd not running on "
	    "control socket /x/.control/perpd.sock: connection refused "
	    "(ECONNREFUSED)");
	fmt(buf, sizeof buf, "usage error", 0, "unknown control command '%c'",
	    'Z');
	assert_string_equal(buf, "perpctl usage error: unknown control "
	    "command 'Z'");
	fmt(buf, sizeof buf, "warning", 0, "pausing");
	assert_string_equal(buf, "perpctl: warning: pausing");
	fmt(buf, sizeof buf, "info", 0, "foo: ok");
	assert_string_equal(buf, "perpctl: foo: ok");
}

static void
test_truncation(void **state)
{
	char buf[16];
	int n;

	(void)state;
	die_init("x", DIE_CLIENT, "");
	n = fmt(buf, sizeof buf, "info", ENOENT, "%s", "a very long message");
	assert_int_equal(n, 15);
	assert_int_equal(strlen(buf), 15);
	assert_memory_equal(buf, "x: a very long ", 15);
}

static void
test_errstr(void **state)
{
	(void)state;
	assert_string_equal(errstr_phrase(ENOENT), "file does not exist");
	assert_string_equal(errstr_name(ENOENT), "ENOENT");
	assert_string_equal(errstr_phrase(ENOTDIR), "not a directory");
	assert_string_equal(errstr_phrase(EBADF), "file descriptor not open");
	assert_string_equal(errstr_phrase(EPROTO), "protocol error");
	assert_string_equal(errstr_name(ENOSPC), "ENOSPC");
	assert_string_equal(errstr_name(123456), "E?");
	assert_non_null(errstr_phrase(123456));
	assert_string_equal(errstr_signame(15), "SIGTERM");
	assert_string_equal(errstr_signame(9), "SIGKILL");
	assert_null(errstr_signame(34));
}

static void
test_exit_codes(void **state)
{
	(void)state;
	assert_int_equal(EXIT_OK, 0);
	assert_int_equal(EXIT_NOTOK, 1);
	assert_int_equal(EXIT_USAGE, 100);
	assert_int_equal(EXIT_TEMP, 111);
}

/* Run fn in a child with stderr on a pipe: what it wrote goes into out,
 * and its exit status is returned (fn returning is exit 0). */
static int
in_child(void (*fn)(void), char *out, size_t size)
{
	int p[2], st;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		fn();
		_exit(0);
	}
	close(p[1]);
	while (n < size - 1 && (r = read(p[0], out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
daemon_lines(void)
{
	die_init("tinylog", DIE_DAEMON, "[-hV] dir");
	info("starting %d", 1);
	warn("slow %s", "disk");
	errno = ENOSPC;
	warn_sys("unable to write %s", "current");
	errno = ENOENT;
	die_sys(EXIT_TEMP, "unable to open %s", "dir");
}

static void
client_lines(void)
{
	die_init("perpctl", DIE_CLIENT, "[-hV] cmd sv ...");
	say("%s: ok", "foo");
	warn("perpd not running");
	die(EXIT_TEMP, "unable to chdir() to %s", "/etc/perp");
}

static void
usage_lines(void)
{
	die_init("perpok", DIE_CLIENT, "[-hV] [-b basedir] sv");
	die_usage_line();
	die_usage("missing argument");
}

static void
version_lines(void)
{
	die_init("perpd", DIE_DAEMON, "[-hV] [basedir]");
	die_version();
	die_init("tinylog", DIE_DAEMON, "[-hV] dir");
	die_version_named();
}

static void
test_emitters(void **state)
{
	char out[1024], want[1024];
	long pid;

	(void)state;
	/* The child's pid is in its lines: learn it from the first. */
	assert_int_equal(in_child(daemon_lines, out, sizeof out), EXIT_TEMP);
	assert_int_equal(sscanf(out, "tinylog[%ld]", &pid), 1);
	snprintf(want, sizeof want, "tinylog[%ld]: starting 1\n"
	    "warning: tinylog[%ld]: slow disk\n"
	    "warning: tinylog[%ld]: unable to write current: "
	    "out of disk space (ENOSPC)\n"
	    "error: tinylog[%ld]: fatal: unable to open dir: "
	    "file does not exist (ENOENT)\n", pid, pid, pid, pid);
	assert_string_equal(out, want);

	assert_int_equal(in_child(client_lines, out, sizeof out), EXIT_TEMP);
	assert_string_equal(out, "foo: ok\n"
	    "perpctl: warning: perpd not running\n"
	    "perpctl fatal: unable to chdir() to /etc/perp\n");

	assert_int_equal(in_child(usage_lines, out, sizeof out), EXIT_USAGE);
	assert_string_equal(out, "usage: perpok [-hV] [-b basedir] sv\n"
	    "perpok usage error: missing argument\n"
	    "usage: perpok [-hV] [-b basedir] sv\n");

	/* perp 2.07's two forms of the version line */
	assert_int_equal(in_child(version_lines, out, sizeof out), EXIT_OK);
	snprintf(want, sizeof want, "version: perpd %s\n"
	    "tinylog: version: %s\n", VERSION, VERSION);
	assert_string_equal(out, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daemon_style),
		cmocka_unit_test(test_client_style),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_errstr),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_emitters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
