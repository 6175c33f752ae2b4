/* test_le.c: little-endian packing puts the low byte first and reads
 * back what it put, for every width, at the edges of the range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "le.h"

static void
test_bytes(void **state)
{
	uint8_t b[8];

	(void)state;
	le_put32(b, 0x01020304u);
	assert_memory_equal(b, "\004\003\002\001", 4);
	le_put64(b, 0x0102030405060708ULL);
	assert_memory_equal(b, "\010\007\006\005\004\003\002\001", 8);
	le_put64(b, 300);
	assert_memory_equal(b, "\054\001\0\0\0\0\0\0", 8);
	assert_int_equal(le_get32((const uint8_t *)"\377\0\0\200"),
	    0x800000ffu);
}

static void
test_round_trip(void **state)
{
	static const uint64_t v[] = { 0, 1, 0xff, 0x100, 0x7fffffffULL,
	    0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
	    0x8000000000000000ULL, UINT64_MAX };
	uint8_t b[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		le_put64(b, v[i]);
		assert_true(le_get64(b) == v[i]);
		le_put32(b, (uint32_t)v[i]);
		assert_int_equal(le_get32(b), (uint32_t)v[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
