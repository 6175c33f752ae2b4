/* test_rot_retain.c: which archives retention removes: by count (-k,
 * including many at once), total bytes (-S) and age (-A), alone and
 * together; never more than there are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "retain.h"

#define S 1000000LL /* one second in microseconds */
#define NOW (1800000000LL * S)

/* Archives one hour apart, the newest an hour old, of sizes 100, 200 ... */
static void
fill(struct retain_item *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		a[i].us = NOW - (int64_t)(n - i) * 3600 * S;
		a[i].size = 100 * (i + 1);
	}
}

static void
test_count(void **state)
{
	struct retain_item a[8];
	struct retention r = { 5, 0, 0, 0, 0 };

	(void)state;
	fill(a, 8);
	assert_int_equal(retain_excess(a, 8, &r, NOW), 3);
	assert_int_equal(retain_excess(a, 5, &r, NOW), 0);
	assert_int_equal(retain_excess(a, 0, &r, NOW), 0);
	r.count = 1; /* perp 2.07 aborted here with five old archives */
	assert_int_equal(retain_excess(a, 6, &r, NOW), 5);
	r.count = 0;
	assert_int_equal(retain_excess(a, 8, &r, NOW), 8);
}

static void
test_bytes(void **state)
{
	struct retain_item a[4];
	struct retention r = { 100, 1, 0, 0, 0 };

	(void)state;
	fill(a, 4); /* 100 200 300 400: 1000 in all */
	r.bytes = 1000;
	assert_int_equal(retain_excess(a, 4, &r, NOW), 0);
	r.bytes = 999;
	assert_int_equal(retain_excess(a, 4, &r, NOW), 1);
	r.bytes = 700;
	assert_int_equal(retain_excess(a, 4, &r, NOW), 2);
	r.bytes = 399; /* even the newest alone is too big */
	assert_int_equal(retain_excess(a, 4, &r, NOW), 4);
	r.bytes = 0;
	assert_int_equal(retain_excess(a, 4, &r, NOW), 4);
}

static void
test_age(void **state)
{
	struct retain_item a[5];
	struct retention r = { 100, 0, 0, 1, 0 };

	(void)state;
	fill(a, 5); /* 5h, 4h, 3h, 2h, 1h old */
	r.age_us = 3 * 3600 * S;
	assert_int_equal(retain_excess(a, 5, &r, NOW), 2);
	r.age_us = 3 * 3600 * S - 1;
	assert_int_equal(retain_excess(a, 5, &r, NOW), 3);
	r.age_us = 10 * 3600 * S;
	assert_int_equal(retain_excess(a, 5, &r, NOW), 0);
	/* archives from the future (a clock stepped back) are kept */
	r.age_us = 1;
	assert_int_equal(retain_excess(a, 5, &r, NOW - 100 * 3600 * S), 0);
}

static void
test_together(void **state)
{
	struct retain_item a[6];
	struct retention r = { 4, 1, 1100, 1, 0 };

	(void)state;
	fill(a, 6); /* 100..600, 6h..1h old */
	r.age_us = 100 * 3600 * S;
	/* count: 2 go; then 300+400+500+600 = 1800 > 1100: 2 more */
	assert_int_equal(retain_excess(a, 6, &r, NOW), 4);
	r.bytes = 5000;
	r.age_us = 2 * 3600 * S - 1; /* only the 1h-old one is young enough */
	assert_int_equal(retain_excess(a, 6, &r, NOW), 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_together),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
