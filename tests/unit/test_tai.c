/* test_tai.c: every stamp form against fixed instants, and parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "tai.h"

/* 2026-11-22T02:11:13.936692Z, from perp's observed run. */
static const struct timespec t0 = { 1795313473, 936692500 };

static void
check(size_t n, const char *buf, const char *want)
{
	assert_int_equal(n, strlen(want));
	assert_memory_equal(buf, want, n);
}

static void
test_perp(void **state)
{
	char buf[64];
	struct timespec ts;

	(void)state;
	check(stamp_perp(buf, &t0), buf, "20261122T021113.936692");
	assert_int_equal(stamp_perp_parse("20261122T021113.936692",
	    STAMP_PERP_LEN, &ts), 0);
	assert_int_equal(ts.tv_sec, t0.tv_sec);
	assert_int_equal(ts.tv_nsec, 936692000);
	assert_int_equal(stamp_perp_parse("20261322T021113.936692", 22, &ts),
	    -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(stamp_perp_parse("20260229T000000.000000", 22, &ts),
	    -1);
	assert_int_equal(stamp_perp_parse("20240229T000000.000000", 22, &ts),
	    0);
	assert_int_equal(stamp_perp_parse("20261122X021113.936692", 22, &ts),
	    -1);
	assert_int_equal(stamp_perp_parse("20261122T021113.93669", 21, &ts),
	    -1);
}

static void
test_tai64n(void **state)
{
	char buf[64];
	unsigned char bin[12];
	struct timespec ts;
	static const unsigned char want[12] = { 0x40, 0, 0, 0, 0x6b, 0x02,
		0x4f, 0x4b, 0x37, 0xd4, 0xcb, 0x14 };

	(void)state;
	tai64n_pack(bin, &t0);
	assert_memory_equal(bin, want, 12);
	tai64n_unpack(bin, &ts);
	assert_int_equal(ts.tv_sec, t0.tv_sec);
	assert_int_equal(ts.tv_nsec, t0.tv_nsec);
	check(tai64n_text(buf, &t0), buf, "@400000006b024f4b37d4cb14");
	assert_int_equal(tai64n_text_parse(buf, TAI64N_TEXT_LEN, &ts), 0);
	assert_int_equal(ts.tv_sec, t0.tv_sec);
	assert_int_equal(ts.tv_nsec, t0.tv_nsec);
	assert_int_equal(tai64n_text_parse("@400000006B024F4B37D4CB14", 25,
	    &ts), 0);
	assert_int_equal(tai64n_text_parse("400000006b024f4b37d4cb14x", 25,
	    &ts), -1);
	assert_int_equal(tai64n_text_parse("@400000006b024f4b3b9aca00", 25,
	    &ts), -1); /* nanoseconds over 10^9 */
}

static void
test_rfc3339(void **state)
{
	char buf[64];
	struct timespec ts;

	(void)state;
	check(stamp_rfc3339_utc(buf, &t0), buf, "2026-11-22T02:11:13.936692Z");
	setenv("TZ", "CET-1", 1);
	tzset();
	check(stamp_rfc3339_local(buf, &t0), buf,
	    "2026-11-22T03:11:13.936692+01:00");
	setenv("TZ", "NST+3:30", 1);
	tzset();
	check(stamp_rfc3339_local(buf, &t0), buf,
	    "2026-11-21T22:41:13.936692-03:30");
	setenv("TZ", "UTC0", 1);
	tzset();
	check(stamp_rfc3339_local(buf, &t0), buf,
	    "2026-11-22T02:11:13.936692+00:00");

	assert_int_equal(stamp_rfc3339_parse("2026-11-22T03:11:13.936692+01:00",
	    32, &ts), 0);
	assert_int_equal(ts.tv_sec, t0.tv_sec);
	assert_int_equal(ts.tv_nsec, 936692000);
	assert_int_equal(stamp_rfc3339_parse("2026-11-21T22:41:13-03:30", 25,
	    &ts), 0);
	assert_int_equal(ts.tv_sec, t0.tv_sec);
	assert_int_equal(ts.tv_nsec, 0);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02T03:04:05.5Z", 22,
	    &ts), 0);
	assert_int_equal(ts.tv_nsec, 500000000);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02 03:04:05.123456789z",
	    30, &ts), 0);
	assert_int_equal(ts.tv_nsec, 123456789);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02T03:04:05.1234567890Z",
	    31, &ts), -1);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02T03:04:05", 19, &ts),
	    -1);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02T03:04:05.Z", 21, &ts),
	    -1);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02T24:04:05Z", 20, &ts),
	    -1);
	assert_int_equal(stamp_rfc3339_parse("2024-01-02T03:04:05+0100", 24,
	    &ts), -1);
}

static void
test_unix(void **state)
{
	char buf[64];
	struct timespec ts = { 0, 1000 };

	(void)state;
	check(stamp_unix(buf, &t0), buf, "1795313473.936692");
	check(stamp_unix(buf, &ts), buf, "0.000001");
}

static void
test_utc_seconds(void **state)
{
	(void)state;
	assert_int_equal(utc_seconds(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(utc_seconds(2000, 3, 1, 0, 0, 0), 951868800);
	assert_int_equal(utc_seconds(1969, 12, 31, 23, 59, 59), -1);
	assert_int_equal(utc_seconds(2026, 11, 22, 2, 11, 13), 1795313473);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perp),
		cmocka_unit_test(test_tai64n),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_utc_seconds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
