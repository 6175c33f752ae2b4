/* test_pd_pidrec.c: the pid table's records: round trips, and that an
 * empty, torn or misplaced quarter is never taken for a record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pidrec.h"

static void
test_header(void **state)
{
	uint8_t rec[PIDREC_SIZE];
	struct pidrec_header h, back;

	(void)state;
	memset(&h, 0, sizeof h);
	strcpy(h.boot_id, "0f8fad5b-d9cb-469f-a165-70867728950e");
	h.dev = 0xfe01;
	h.ino = 123456789012345ULL;
	pidrec_pack_header(rec, &h);
	assert_memory_equal(rec, "PERPTAB1", 8);
	assert_int_equal(pidrec_unpack_header(rec, &back), 0);
	assert_string_equal(back.boot_id, h.boot_id);
	assert_true(back.dev == h.dev && back.ino == h.ino);
	rec[20] ^= 1;
	assert_int_equal(pidrec_unpack_header(rec, &back), -1);
}

static void
test_service_and_state(void **state)
{
	uint8_t q[PIDREC_QUARTER];
	struct pidrec_service s = { 2049, 7777777, 424242 }, sb;
	struct pidrec_state t = { { 0x10, 0x04 }, { 8000, 0 }, { 12, 3 } }, tb;

	(void)state;
	pidrec_pack_service(q, &s);
	assert_int_equal(pidrec_unpack_service(q, &sb), 0);
	assert_true(sb.dev == 2049 && sb.ino == 7777777 &&
	    sb.pipe_ino == 424242);
	/* A service quarter is not a state quarter. */
	assert_int_equal(pidrec_unpack_state(q, &tb), -1);
	pidrec_pack_state(q, &t);
	assert_int_equal(pidrec_unpack_state(q, &tb), 0);
	assert_int_equal(tb.flags[0], 0x10);
	assert_int_equal(tb.flags[1], 0x04);
	assert_int_equal(tb.backoff_ms[0], 8000);
	assert_int_equal(tb.starts[0], 12);
	assert_int_equal(tb.starts[1], 3);
}

static void
test_proc(void **state)
{
	uint8_t q[PIDREC_QUARTER];
	struct pidrec_proc p, b;
	size_t i;

	(void)state;
	p.pid = 31337;
	p.reset = 1;
	p.starttime = 9876543210ULL;
	p.when.tv_sec = 1795313417;
	p.when.tv_nsec = 865366500;
	pidrec_pack_proc(q, &p);
	assert_int_equal(pidrec_unpack_proc(q, &b), 0);
	assert_int_equal(b.pid, 31337);
	assert_int_equal(b.reset, 1);
	assert_true(b.starttime == 9876543210ULL);
	assert_int_equal(b.when.tv_sec, 1795313417);
	assert_int_equal(b.when.tv_nsec, 865366500);
	/* Any single damaged byte is caught. */
	for (i = 0; i < PIDREC_QUARTER; i++) {
		q[i] ^= 0x40;
		assert_int_equal(pidrec_unpack_proc(q, &b), -1);
		q[i] ^= 0x40;
	}
}

static void
test_empty_and_torn(void **state)
{
	uint8_t q[PIDREC_QUARTER], half[PIDREC_QUARTER];
	struct pidrec_proc p = { 100, 0, 5, { 1, 2 } }, b;

	(void)state;
	memset(q, 0, sizeof q);
	assert_int_equal(pidrec_unpack_proc(q, &b), -1);
	assert_int_equal(pidrec_unpack_service(q, (void *)&b), -1);
	/* A write cut half-way over a cleared quarter. */
	pidrec_pack_proc(half, &p);
	memcpy(q, half, 16);
	assert_int_equal(pidrec_unpack_proc(q, &b), -1);
	/* pid 0 never names a process. */
	p.pid = 0;
	pidrec_pack_proc(q, &p);
	assert_int_equal(pidrec_unpack_proc(q, &b), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_service_and_state),
		cmocka_unit_test(test_proc),
		cmocka_unit_test(test_empty_and_torn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
