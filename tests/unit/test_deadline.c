/* test_deadline.c: monotonic clocks and poll() timeouts (lib/deadline.c). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "deadline.h"

static void
test_clocks_agree_and_advance(void **state)
{
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	int64_t ms0, us0, ms1, us1;

	(void)state;
	us0 = now_us();
	ms0 = now_ms();
	nanosleep(&ten_ms, NULL);
	ms1 = now_ms();
	us1 = now_us();
	/* The same clock in two units. */
	assert_true(ms0 >= us0 / 1000 && ms0 <= us0 / 1000 + 1);
	assert_true(us1 / 1000 >= ms1 && us1 / 1000 <= ms1 + 1);
	assert_true(ms1 - ms0 >= 10);
	assert_true(us1 - us0 >= 10000);
	assert_true(ms1 - ms0 < 5000);
}

static void
test_min(void **state)
{
	(void)state;
	assert_int_equal(deadline_min(3, 7), 3);
	assert_int_equal(deadline_min(7, 3), 3);
	assert_true(deadline_min(DEADLINE_NEVER, 42) == 42);
	assert_true(deadline_min(DEADLINE_NEVER, DEADLINE_NEVER) ==
	    DEADLINE_NEVER);
}

static void
test_timeout(void **state)
{
	(void)state;
	assert_int_equal(deadline_timeout(DEADLINE_NEVER, 1000), -1);
	assert_int_equal(deadline_timeout(1000, 1000), 0);
	assert_int_equal(deadline_timeout(999, 1000), 0);
	assert_int_equal(deadline_timeout(INT64_MIN, 1000), 0);
	assert_int_equal(deadline_timeout(1250, 1000), 250);
	assert_int_equal(deadline_timeout((int64_t)INT_MAX + 5000, 1000),
	    INT_MAX);
	assert_int_equal(deadline_timeout(DEADLINE_NEVER - 1, 0), INT_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clocks_agree_and_advance),
		cmocka_unit_test(test_min),
		cmocka_unit_test(test_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
