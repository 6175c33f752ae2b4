/* test_parse.c: strict number, size and duration parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse.h"

static void
test_uint(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_uint("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_uint("100000", UINT64_MAX, &v), 0);
	assert_int_equal(v, 100000);
	assert_int_equal(parse_uint("18446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	errno = 0;
	assert_int_equal(parse_uint("18446744073709551616", UINT64_MAX, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(parse_uint("11", 10, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(parse_uint("", 10, &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(parse_uint("-1", 10, &v), -1);
	assert_int_equal(parse_uint("+1", 10, &v), -1);
	assert_int_equal(parse_uint(" 1", 10, &v), -1);
	assert_int_equal(parse_uint("1x", 10, &v), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_size(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_size("2000", UINT64_MAX, &v), 0);
	assert_int_equal(v, 2000);
	assert_int_equal(parse_size("10k", UINT64_MAX, &v), 0);
	assert_int_equal(v, 10240);
	assert_int_equal(parse_size("10K", UINT64_MAX, &v), 0);
	assert_int_equal(v, 10240);
	assert_int_equal(parse_size("5M", UINT64_MAX, &v), 0);
	assert_int_equal(v, 5 * 1024 * 1024);
	assert_int_equal(parse_size("2G", UINT64_MAX, &v), 0);
	assert_true(v == 2ull * 1024 * 1024 * 1024);
	assert_int_equal(parse_size("1kk", UINT64_MAX, &v), -1);
	assert_int_equal(parse_size("1T", UINT64_MAX, &v), -1);
	assert_int_equal(parse_size("k", UINT64_MAX, &v), -1);
	assert_int_equal(parse_size("2G", 1024, &v), -1);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(parse_size("18014398509481984k", UINT64_MAX, &v), -1);
	assert_int_equal(errno, ERANGE);
}

static void
test_duration(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_duration("90", UINT64_MAX, &v), 0);
	assert_int_equal(v, 90);
	assert_int_equal(parse_duration("90s", UINT64_MAX, &v), 0);
	assert_int_equal(v, 90);
	assert_int_equal(parse_duration("15m", UINT64_MAX, &v), 0);
	assert_int_equal(v, 900);
	assert_int_equal(parse_duration("1h", UINT64_MAX, &v), 0);
	assert_int_equal(v, 3600);
	assert_int_equal(parse_duration("7d", UINT64_MAX, &v), 0);
	assert_int_equal(v, 604800);
	assert_int_equal(parse_duration("1w", UINT64_MAX, &v), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(parse_duration("1hm", UINT64_MAX, &v), -1);
	assert_int_equal(parse_duration("2d", 86400, &v), -1);
	assert_int_equal(errno, ERANGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
