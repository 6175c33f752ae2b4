/* test_rot_policy.c: when current is rotated: the size rule of perp 2.07
 * (files stay below -s, a long line fills a file alone, an empty current
 * never rotates) and UTC-aligned time intervals (-T), with a clock the
 * test sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rotpolicy.h"
#include "tai.h"

#define S 1000000LL

/* UTC microseconds of a calendar time. */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s, int us)
{
	return utc_seconds(y, mo, d, h, mi, s) * S + us;
}

static void
test_size(void **state)
{
	(void)state;
	/* 2.07: 50-byte lines, max 2000: 39 fit (1950), the 40th rotates */
	assert_false(rotpolicy_size(1900, 50, 2000));
	assert_true(rotpolicy_size(1950, 50, 2000));
	assert_true(rotpolicy_size(1999, 1, 2000));
	assert_false(rotpolicy_size(1998, 1, 2000));
	/* an empty current never rotates, however long the line */
	assert_false(rotpolicy_size(0, 5000000, 2000));
	/* after a long line, the next one starts a new file */
	assert_true(rotpolicy_size(5000000, 1, 2000));
}

static void
test_slot_end(void **state)
{
	(void)state;
	/* hourly: on the hour */
	assert_true(rotpolicy_slot_end(utc(2026, 11, 22, 2, 11, 13, 5), 3600) ==
	    utc(2026, 11, 22, 3, 0, 0, 0));
	/* exactly on a boundary: the next one */
	assert_true(rotpolicy_slot_end(utc(2026, 11, 22, 3, 0, 0, 0), 3600) ==
	    utc(2026, 11, 22, 4, 0, 0, 0));
	/* daily: midnight UTC, across a month and a year end */
	assert_true(rotpolicy_slot_end(utc(2026, 12, 31, 23, 59, 59, 999999),
	    86400) == utc(2027, 1, 1, 0, 0, 0, 0));
	assert_true(rotpolicy_slot_end(utc(2028, 2, 28, 12, 0, 0, 0), 86400) ==
	    utc(2028, 2, 29, 0, 0, 0, 0));
	/* 15 minutes: :00 :15 :30 :45 */
	assert_true(rotpolicy_slot_end(utc(2026, 11, 22, 2, 44, 59, 0), 900) ==
	    utc(2026, 11, 22, 2, 45, 0, 0));
	/* 2 s, and before 1970 */
	assert_true(rotpolicy_slot_end(3 * S + 1, 2) == 4 * S);
	assert_true(rotpolicy_slot_end(-3 * S, 2) == -2 * S);
	assert_true(rotpolicy_slot_end(-S / 2, 2) == 0);
}

static void
test_crossed(void **state)
{
	int64_t first = utc(2026, 11, 22, 2, 59, 58, 0);

	(void)state;
	assert_false(rotpolicy_crossed(first, first, 3600));
	assert_false(rotpolicy_crossed(first,
	    utc(2026, 11, 22, 2, 59, 59, 999999), 3600));
	assert_true(rotpolicy_crossed(first, utc(2026, 11, 22, 3, 0, 0, 0),
	    3600));
	assert_true(rotpolicy_crossed(first, utc(2026, 11, 23, 0, 0, 0, 0),
	    3600));
	/* the clock stepped back: no rotation */
	assert_false(rotpolicy_crossed(first, first - 7200 * S, 3600));
	/* a day that began at 00:00:01 ends at midnight, not 24 h later */
	assert_true(rotpolicy_crossed(utc(2026, 11, 22, 0, 0, 1, 0),
	    utc(2026, 11, 23, 0, 0, 0, 0), 86400));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_slot_end),
		cmocka_unit_test(test_crossed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
