/* test_pairfind.c: pair_find() and both its copies (the base one and,
 * where the CPU has it, the wide one) agree with a plain loop on random
 * bytes at every start and end offset (the vector steps, the tail, and
 * the pair across a step's edge), for bytes above 0x7f and for a == b. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pairfind.h"

static const char *
naive(const char *p, const char *end, unsigned char a, unsigned char b)
{
	for (; end - p >= 2; p++)
		if ((unsigned char)p[0] == a && (unsigned char)p[1] == b)
			return p;
	return NULL;
}

typedef const char *finder(const char *, const char *, unsigned char,
    unsigned char);

/* The copies to test: pair_find() itself, then each one it may choose. */
static finder *const finders[] = { pair_find, pair_find_base,
    pair_find_wide };

static int
nfinders(void)
{
	return pair_find_has_wide() ? 3 : 2;
}

/* Every window [i, j) of buf, for the pair (a, b). */
static void
check_windows(const char *buf, size_t n, unsigned char a, unsigned char b)
{
	size_t i, j;
	int f;

	for (f = 0; f < nfinders(); f++)
		for (i = 0; i < n; i++)
			for (j = i; j <= n; j++)
				assert_ptr_equal(finders[f](buf + i, buf + j,
				    a, b), naive(buf + i, buf + j, a, b));
}

static void
test_random(void **state)
{
	char buf[160];
	uint32_t x = 2024;
	size_t k;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		/* A small alphabet, so that pairs occur; the high half
		 * tests the sign of the comparison. */
		for (k = 0; k < sizeof buf; k++) {
			x = x * 1103515245u + 12345u;
			buf[k] = (char)((x >> 16) % 4 + (round % 2 ? 0xfe : 'a'));
		}
		check_windows(buf, sizeof buf, (unsigned char)buf[round % 159],
		    (unsigned char)buf[round % 159 + 1]);
	}
}

static void
test_edges(void **state)
{
	char buf[160];
	size_t at;
	int f;

	(void)state;
	for (f = 0; f < nfinders(); f++) {
		/* One pair at each place, first byte alone elsewhere. */
		for (at = 0; at + 1 < sizeof buf; at++) {
			memset(buf, 'x', sizeof buf);
			buf[at] = 'a';
			buf[at + 1] = 'b';
			if (at + 3 < sizeof buf)
				buf[at + 3] = 'a';
			assert_ptr_equal(finders[f](buf, buf + sizeof buf, 'a',
			    'b'), buf + at);
			/* The window ends inside the pair: not found. */
			assert_null(finders[f](buf, buf + at + 1, 'a', 'b'));
		}
		/* a == b: a run of three is found at its start. */
		memset(buf, 'x', sizeof buf);
		memset(buf + 100, 'z', 3);
		assert_ptr_equal(finders[f](buf, buf + sizeof buf, 'z', 'z'),
		    buf + 100);
		assert_null(finders[f](buf, buf, 'x', 'x'));
		assert_null(finders[f](buf, buf + 1, 'x', 'x'));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
