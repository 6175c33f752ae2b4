/* test_die.c: diagnostic formats of both styles and the errno wording. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daemon_style),
		cmocka_unit_test(test_client_style),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_errstr),
		cmocka_unit_test(test_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
