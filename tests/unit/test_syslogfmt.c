/* test_syslogfmt.c: syslog headers in the three forms (the bytes glibc's
 * syslog(3) writes, RFC 3164 with a host, RFC 5424), priorities, time
 * zones, the per-second cache, names, and where long lines are cut. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <cmocka.h>

#include "syslogfmt.h"

static const struct timespec nov22 = { 1795313473, 936692000 };
static const struct timespec nov2 = { 1793585473, 5000 };

static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void
header_is(struct sysfmt *f, int sev, const struct timespec *ts,
    const char *want)
{
	char out[SYSFMT_HEADER_MAX + 1];
	size_t n = sysfmt_header(f, sev, ts, out);

	out[n] = '\0';
	assert_string_equal(out, want);
}

static void
test_local(void **state)
{
	struct sysfmt f;

	(void)state;
	zone("UTC");
	assert_int_equal(sysfmt_init(&f, SYSFMT_LOCAL, LOG_DAEMON, "myid",
	    "vm.example.com", 4242), 0);
	header_is(&f, LOG_ERR, &nov22, "<27>Nov 22 02:11:13 myid: ");
	header_is(&f, LOG_INFO, &nov22, "<30>Nov 22 02:11:13 myid: ");
	/* the day is padded with a space, as %e does */
	header_is(&f, LOG_INFO, &nov2, "<30>Nov  2 02:11:13 myid: ");
}

static void
test_3164(void **state)
{
	struct sysfmt f;

	(void)state;
	zone("UTC");
	assert_int_equal(sysfmt_init(&f, SYSFMT_3164, LOG_LOCAL7, "app",
	    "vm.example.com", 1), 0);
	/* the short host name; the highest priority there is */
	header_is(&f, LOG_DEBUG, &nov22, "<191>Nov 22 02:11:13 vm app: ");
	assert_int_equal(sysfmt_init(&f, SYSFMT_3164, LOG_KERN, "app", "h",
	    1), 0);
	header_is(&f, LOG_EMERG, &nov22, "<0>Nov 22 02:11:13 h app: ");
}

static void
test_5424(void **state)
{
	struct sysfmt f;
	struct timespec later = nov22;

	(void)state;
	zone("UTC");
	assert_int_equal(sysfmt_init(&f, SYSFMT_5424, LOG_DAEMON, "myid",
	    "vm.example.com", 4242), 0);
	header_is(&f, LOG_WARNING, &nov22, "<28>1 2026-11-22T02:11:13.936692"
	    "+00:00 vm.example.com myid 4242 - - ");
	/* within the same second only the microseconds change */
	later.tv_nsec = 7000;
	header_is(&f, LOG_WARNING, &later, "<28>1 2026-11-22T02:11:13.000007"
	    "+00:00 vm.example.com myid 4242 - - ");
	later.tv_sec++;
	header_is(&f, LOG_WARNING, &later, "<28>1 2026-11-22T02:11:14.000007"
	    "+00:00 vm.example.com myid 4242 - - ");
}

static void
test_zones(void **state)
{
	struct sysfmt f;

	(void)state;
	zone("IST-5:30");
	assert_int_equal(sysfmt_init(&f, SYSFMT_5424, LOG_USER, "a", "h", 7),
	    0);
	header_is(&f, LOG_NOTICE, &nov22,
	    "<13>1 2026-11-22T07:41:13.936692+05:30 h a 7 - - ");
	assert_int_equal(sysfmt_init(&f, SYSFMT_LOCAL, LOG_USER, "a", "h", 7),
	    0);
	header_is(&f, LOG_NOTICE, &nov22, "<13>Nov 22 07:41:13 a: ");
	zone("UTC");
}

static void
test_names(void **state)
{
	struct sysfmt f;
	char long_app[SYSFMT_APP_MAX + 2];

	(void)state;
	zone("UTC");
	assert_true(sysfmt_app_ok("sissylog"));
	assert_true(sysfmt_app_ok("my-svc.worker/2"));
	assert_false(sysfmt_app_ok(""));
	assert_false(sysfmt_app_ok("two words"));
	assert_false(sysfmt_app_ok("a:b"));
	assert_false(sysfmt_app_ok("a[1]"));
	assert_false(sysfmt_app_ok("tab\there"));
	assert_false(sysfmt_app_ok("caf\xc3\xa9"));
	memset(long_app, 'x', SYSFMT_APP_MAX);
	long_app[SYSFMT_APP_MAX] = '\0';
	assert_true(sysfmt_app_ok(long_app));
	long_app[SYSFMT_APP_MAX] = 'x';
	long_app[SYSFMT_APP_MAX + 1] = '\0';
	assert_false(sysfmt_app_ok(long_app));
	errno = 0;
	assert_int_equal(sysfmt_init(&f, SYSFMT_5424, 0, "a b", "h", 1), -1);
	assert_int_equal(errno, EINVAL);
	/* what a header field cannot carry becomes '_'; no name is "-" */
	assert_int_equal(sysfmt_init(&f, SYSFMT_5424, 0, "a", "my host", 1),
	    0);
	assert_string_equal(f.host, "my_host");
	assert_int_equal(sysfmt_init(&f, SYSFMT_3164, 0, "a", "", 1), 0);
	assert_string_equal(f.host, "-");
}

static void
test_cut(void **state)
{
	const char *euro = "ab\xe2\x82\xac" "cd";       /* a b EURO c d */
	const char *face = "a\xf0\x9f\x98\x80z";        /* a FACE z */
	const char *junk = "\x80\x80\x80\x80\x80\x80";  /* no lead bytes */

	(void)state;
	assert_int_equal(sysfmt_cut("abc", 3, 800), 3);
	assert_int_equal(sysfmt_cut("abcdef", 6, 4), 4);
	/* cutting inside the euro sign backs up to its start */
	assert_int_equal(sysfmt_cut(euro, 7, 3), 2);
	assert_int_equal(sysfmt_cut(euro, 7, 4), 2);
	assert_int_equal(sysfmt_cut(euro, 7, 5), 5);
	assert_int_equal(sysfmt_cut(face, 6, 2), 1);
	assert_int_equal(sysfmt_cut(face, 6, 4), 1);
	assert_int_equal(sysfmt_cut(face, 6, 5), 5);
	/* a piece is never empty, and bytes that are not UTF-8 are cut
	 * where the length says */
	assert_int_equal(sysfmt_cut(face + 1, 5, 2), 2);
	assert_int_equal(sysfmt_cut(junk, 6, 3), 3);
	assert_int_equal(sysfmt_cut("\xc3\xa9\xc3\xa9", 4, 3), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_3164),
		cmocka_unit_test(test_5424),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
