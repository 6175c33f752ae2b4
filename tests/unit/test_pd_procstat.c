/* test_pd_procstat.c: /proc/PID/stat lines, including command names that
 * hold spaces and parentheses, zombies, and junk. */
#include <errno.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "procstat.h"


/* A stat line: pid (comm) and the 50 fields from 3 to 52; exit_code < 0
 * leaves out fields 23..52 as kernels before 3.5 do. */
static size_t
mkstat(char *buf, size_t n, const char *comm, char st, long sess,
    long start, int exit_code)
{
	size_t len;
	int f;

	len = (size_t)snprintf(buf, n, "%ld (%s) %c 1 %ld %ld", sess, comm,
	    st, sess, sess);
	for (f = 7; f <= (exit_code < 0 ? 22 : 52); f++)
		len += (size_t)snprintf(buf + len, n - len, " %ld",
		    f == 22 ? start : f == 52 ? (long)exit_code : 0L);
	len += (size_t)snprintf(buf + len, n - len, "\n");
	return len;
}

static void
test_plain(void **state)
{
	char s[1024];
	size_t n = mkstat(s, sizeof s, "sleep", 'S', 4242, 987654, -1);
	struct procstat ps;

	(void)state;
	assert_int_equal(procstat_parse(s, n, &ps), 0);
	assert_int_equal(ps.pid, 4242);
	assert_int_equal(ps.state, 'S');
	assert_int_equal(ps.ppid, 1);
	assert_int_equal(ps.pgrp, 4242);
	assert_int_equal(ps.session, 4242);
	assert_true(ps.starttime == 987654);
	assert_int_equal(ps.exit_code, -1);
}

static void
test_odd_comm_and_zombie(void **state)
{
	char s[1024];
	size_t n = mkstat(s, sizeof s, "a) b (c) d", 'Z', 77, 123, 256);
	struct procstat ps;

	(void)state;
	assert_int_equal(procstat_parse(s, n, &ps), 0);
	assert_int_equal(ps.pid, 77);
	assert_int_equal(ps.state, 'Z');
	assert_int_equal(ps.session, 77);
	assert_true(ps.starttime == 123);
	assert_int_equal(ps.exit_code, 256);
}

static void
test_junk(void **state)
{
	struct procstat ps;
	const char *bad[] = { "", "42", "42 (x)", "x (y) S 1 2 3",
	    "42 (x) SS 1 2 3 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0\n",
	    "42 (x) S 1 2 z 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0\n",
	    "-3 (x) S 1 2 3 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0\n" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		assert_int_equal(procstat_parse(bad[i], strlen(bad[i]), &ps), -1);
		assert_int_equal(errno, EINVAL);
	}
}

static void
test_self(void **state)
{
	struct procstat ps, ps2;

	(void)state;
	assert_int_equal(procstat_read(0, &ps), 0);
	assert_int_equal(ps.pid, getpid());
	assert_int_equal(procstat_read(getpid(), &ps2), 0);
	assert_true(ps.starttime == ps2.starttime && ps.starttime > 0);
	assert_int_equal(procstat_read(0x7ffffff0, &ps), -1);
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_odd_comm_and_zombie),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
