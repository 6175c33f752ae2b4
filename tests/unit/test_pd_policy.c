/* test_pd_policy.c: perpd's restart arithmetic and name labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "perpd.h"

static void
test_backoff_doubles_to_cap(void **state)
{
	uint32_t b = 0, want[] = { 1000, 2000, 4000, 8000, 16000, 32000,
	    60000, 60000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		b = policy_backoff(b, 200);
		assert_int_equal(b, want[i]);
	}
	/* Just short of stable still counts as a crash. */
	assert_int_equal(policy_backoff(4000, STABLE_MS - 1), 8000);
}

static void
test_backoff_reset_after_stable_run(void **state)
{
	(void)state;
	assert_int_equal(policy_backoff(60000, STABLE_MS), 0);
	assert_int_equal(policy_backoff(0, 3600 * 1000), 0);
	/* An odd value below the minimum starts over at the minimum. */
	assert_int_equal(policy_backoff(1, 0), BACKOFF_MIN_MS);
}

static void
test_start_at(void **state)
{
	(void)state;
	/* Never started: now. */
	assert_int_equal(policy_start_at(-1, -1, 0, 5000), 5000);
	/* Governor: a second after the previous start. */
	assert_int_equal(policy_start_at(4500, 4600, 0, 4700), 5500);
	assert_int_equal(policy_start_at(1000, 9000, 0, 9000), 9000);
	/* Back-off counts from the death, and wins when longer. */
	assert_int_equal(policy_start_at(4500, 4600, 1000, 4700), 5600);
	assert_int_equal(policy_start_at(4500, 4600, 8000, 4700), 12600);
	/* Both already past: now. */
	assert_int_equal(policy_start_at(0, 10, 1000, 99999), 99999);
}

static void
test_secs_rounding(void **state)
{
	(void)state;
	assert_int_equal(policy_secs(-5), 0);
	assert_int_equal(policy_secs(0), 0);
	assert_int_equal(policy_secs(499), 0);
	assert_int_equal(policy_secs(500), 0);  /* exactly half: down */
	assert_int_equal(policy_secs(501), 1);
	assert_int_equal(policy_secs(1500), 1);
	assert_int_equal(policy_secs(1501), 2);
	assert_int_equal(policy_secs(155000), 155);
	assert_int_equal(policy_secs(INT64_MAX), UINT32_MAX);
}

static void
test_label(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(policy_label("plain name", out), 0);
	assert_string_equal(out, "plain name");
	assert_int_equal(policy_label("a\nerror: forged\x7f\x01", out), 1);
	assert_string_equal(out, "a?error: forged??");
	/* Bytes >= 0x80 (UTF-8) are kept. */
	assert_int_equal(policy_label("caf\xc3\xa9", out), 0);
	assert_string_equal(out, "caf\xc3\xa9");
	assert_int_equal(policy_label("", out), 0);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_doubles_to_cap),
		cmocka_unit_test(test_backoff_reset_after_stable_run),
		cmocka_unit_test(test_start_at),
		cmocka_unit_test(test_secs_rounding),
		cmocka_unit_test(test_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
