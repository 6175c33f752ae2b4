/* test_filter.c: include/exclude order (s6-log semantics), the look
 * limit, NUL bytes, invalid expressions, and random rule sets against
 * regexec() alone. */
#include <errno.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"

static int
keep(struct filter *f, const char *s)
{
	return filter_keep(f, s, strlen(s));
}

static void
add(struct filter *f, int inc, const char *re)
{
	char err[128];

	assert_int_equal(filter_add(f, inc, re, err, sizeof err), 0);
}

static void
test_no_rules(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f, 8192);
	assert_true(keep(&f, "anything"));
	filter_free(&f);
}

/* -x debug: drop debug lines, keep the rest. */
static void
test_exclude(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f, 8192);
	add(&f, 0, "^debug:");
	assert_false(keep(&f, "debug: noise"));
	assert_true(keep(&f, "error: boom"));
	assert_true(keep(&f, "say debug: here")); /* anchored */
	filter_free(&f);
}

/* -x . -i error: keep only errors (the last matching rule decides). */
static void
test_only(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f, 8192);
	add(&f, 0, ".");
	add(&f, 1, "error");
	assert_true(keep(&f, "an error here"));
	assert_false(keep(&f, "all fine"));
	assert_true(keep(&f, "")); /* "." does not match an empty line */
	filter_free(&f);
}

/* -i error -x noisy: errors are kept, except noisy ones. */
static void
test_order(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f, 8192);
	add(&f, 1, "error");
	add(&f, 0, "noisy");
	assert_true(keep(&f, "error: real"));
	assert_false(keep(&f, "error: noisy thing"));
	assert_false(keep(&f, "noisy info"));
	assert_true(keep(&f, "plain")); /* no rule matches: kept */
	filter_free(&f);
	/* reversed: noisy errors are kept again */
	filter_init(&f, 8192);
	add(&f, 0, "noisy");
	add(&f, 1, "error");
	assert_true(keep(&f, "error: noisy thing"));
	assert_false(keep(&f, "noisy info"));
	filter_free(&f);
}

static void
test_look_and_nul(void **state)
{
	struct filter f;
	const char line[] = "0123456789 secret\0 after nul";

	(void)state;
	filter_init(&f, 8);
	add(&f, 0, "secret");
	assert_true(filter_keep(&f, line, sizeof line - 1)); /* beyond 8 */
	f.look = 8192;
	assert_false(filter_keep(&f, line, sizeof line - 1));
	filter_free(&f);
	filter_init(&f, 8192);
	add(&f, 0, "after nul$");
	assert_false(filter_keep(&f, line, sizeof line - 1)); /* sees past NUL */
	filter_free(&f);
}

static void
test_invalid(void **state)
{
	struct filter f;
	char err[128] = "";

	(void)state;
	filter_init(&f, 8192);
	assert_int_equal(filter_add(&f, 1, "a(b", err, sizeof err), -1);
	assert_int_equal(errno, EINVAL);
	assert_true(strlen(err) > 0);
	assert_int_equal(f.n, 0);
	filter_free(&f);
}

/* The answer by regexec() alone: the last rule that matches decides. */
static int
naive(regex_t *re, const int *inc, int n, const char *p, size_t len)
{
	regmatch_t m;
	int i;

	for (i = n - 1; i >= 0; i--) {
		m.rm_so = 0;
		m.rm_eo = (regoff_t)len;
		if (regexec(&re[i], p, 1, &m, REG_STARTEND) == 0)
			return inc[i];
	}
	return 1;
}

/* Random sets of include and exclude rules over random lines, read from
 * one window: filter_keep() agrees with trying every rule in order. The
 * window is read 20 times, more than the 64 KiB the filter samples
 * before its quickest test (filter.h) answers lines. */
static void
test_random_rules(void **state)
{
	static const char *const eres[] = {
		"error", "^debug", "fatal|error", "GET /x", "st=5[0-9]",
		"^a", "b$", "a.c", ".", "x*", "ab|^c", "[0-9]+", "c", "b?c",
	};
	static const char alpha[] = "abcdex5 /GET=st09\n";
	enum { NE = sizeof eres / sizeof eres[0] };
	char win[4096], err[128], want[4096];
	regex_t re[6];
	int inc[6], n, i, round, pass, k;
	unsigned seed = 12345;
	struct filter f;
	char *p, *nl, *end;
	size_t len;

	(void)state;
	for (round = 0; round < 300; round++) {
		filter_init(&f, 8192);
		n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 5;
		for (i = 0; i < n; i++) {
			const char *e;

			seed = seed * 1103515245u + 12345u;
			e = eres[(seed >> 16) % NE];
			inc[i] = (int)(seed >> 8) & 1;
			assert_int_equal(filter_add(&f, inc[i], e, err,
			    sizeof err), 0);
			assert_int_equal(regcomp(&re[i], e, REG_EXTENDED |
			    REG_NOSUB), 0);
		}
		for (len = 0; len < sizeof win - 1; len++) {
			seed = seed * 1103515245u + 12345u;
			win[len] = alpha[(seed >> 16) % (sizeof alpha - 1)];
		}
		win[len] = '\0';
		for (pass = 0; pass < 20; pass++) {
			filter_window(&f, win, len);
			end = win + len;
			for (p = win, k = 0; p < end; p = nl + 1, k++) {
				nl = memchr(p, '\n', (size_t)(end - p));
				if (nl == NULL)
					nl = end;
				if (pass == 0)
					want[k] = (char)naive(re, inc, n, p,
					    (size_t)(nl - p));
				assert_int_equal(filter_keep(&f, p,
				    (size_t)(nl - p)), want[k]);
			}
		}
		for (i = 0; i < n; i++)
			regfree(&re[i]);
		filter_free(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rules),
		cmocka_unit_test(test_exclude),
		cmocka_unit_test(test_only),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_look_and_nul),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_random_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
