/* test_stamp.c: every stamp format against a fixed clock, including a
 * local time zone with an offset; priorities; facilities; gap records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "die.h"
#include "gap.h"
#include "prio.h"
#include "stamp.h"

static const struct timespec t0 = { 1795313473, 936692500 };

static void
check(enum stamp_fmt fmt, const char *want)
{
	struct stamper s;

	s.fmt = fmt;
	stamp_set(&s, &t0);
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.text, want, s.len);
}

static void
test_formats(void **state)
{
	enum stamp_fmt f;

	(void)state;
	check(STAMP_NONE, "");
	check(STAMP_PERP, "20261122T021113.936692: ");
	check(STAMP_TAI64N, "@400000006b024f4b37d4cb14 ");
	check(STAMP_RFC3339, "2026-11-22T02:11:13.936692Z ");
	check(STAMP_UNIX, "1795313473.936692 ");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	check(STAMP_LOCAL, "2026-11-22T07:41:13.936692+05:30 ");
	setenv("TZ", "EST+5", 1);
	tzset();
	check(STAMP_LOCAL, "2026-11-21T21:11:13.936692-05:00 ");
	assert_int_equal(stamp_format_byname("tai64n", &f), 0);
	assert_int_equal(f, STAMP_TAI64N);
	assert_int_equal(stamp_format_byname("iso", &f), -1);
}

static void
test_prio(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(prio_parse("error: x", 8, &n), LOG_ERR);
	assert_int_equal(n, 6);
	assert_int_equal(prio_parse("ERROR:x", 7, &n), LOG_ERR);
	assert_int_equal(prio_parse("err: x", 6, &n), LOG_ERR);
	assert_int_equal(n, 4);
	assert_int_equal(prio_parse("Warning: x", 10, &n), LOG_WARNING);
	assert_int_equal(prio_parse("alert: x", 8, &n), LOG_ALERT);
	assert_int_equal(prio_parse("emerg: x", 8, &n), LOG_EMERG);
	assert_int_equal(prio_parse("crit: x", 7, &n), LOG_CRIT);
	assert_int_equal(prio_parse("notice: x", 9, &n), LOG_NOTICE);
	assert_int_equal(prio_parse("info: x", 7, &n), LOG_INFO);
	assert_int_equal(prio_parse("debug: x", 8, &n), LOG_DEBUG);
	assert_int_equal(prio_parse("<3>x", 4, &n), 3);
	assert_int_equal(n, 3);
	assert_int_equal(prio_parse("<8>x", 4, &n), -1);
	assert_int_equal(prio_parse("perpd[1]: error: x", 18, &n), -1);
	assert_int_equal(n, 0);
	assert_int_equal(prio_parse("error", 5, &n), -1);
	assert_int_equal(prio_parse("erro", 4, &n), -1); /* short buffer */
	assert_int_equal(prio_facility("LOG_LOCAL0"), LOG_LOCAL0);
	assert_int_equal(prio_facility("local7"), LOG_LOCAL7);
	assert_int_equal(prio_facility("log_mail"), LOG_MAIL);
	assert_int_equal(prio_facility("Daemon"), LOG_DAEMON);
	assert_int_equal(prio_facility("nope"), -1);
}

static void
test_gap(void **state)
{
	struct gap g;
	char buf[512], want[512];
	size_t n;

	(void)state;
	memset(&g, 0, sizeof g);
	assert_false(gap_pending(&g));
	gap_add(&g, 0, 0, 28);
	assert_false(gap_pending(&g));
	gap_add(&g, 3, 300, 28 /* ENOSPC */);
	gap_add(&g, 2, 20, 5);
	assert_true(gap_pending(&g));
	assert_int_equal(g.lines, 5);
	assert_int_equal(g.bytes, 320);
	assert_int_equal(g.err, 28); /* the first reason is the one kept */
	g.from = t0;
	g.to = t0;
	g.to.tv_sec += 60;
	die_init("tinylog", DIE_DAEMON, "");
	n = gap_format(&g, buf, sizeof buf);
	snprintf(want, sizeof want, "warning: tinylog[%ld]: gap: 5 lines "
	    "(320 bytes) lost from 2026-11-22T02:11:13.936692Z to "
	    "2026-11-22T02:12:13.936692Z: out of disk space (ENOSPC)",
	    (long)getpid());
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	gap_clear(&g);
	assert_false(gap_pending(&g));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_prio),
		cmocka_unit_test(test_gap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
