/* test_rot_archname.c: archive names: their exact form, parsing (and
 * what is not an archive), ordering by time, uniqueness of new names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "archname.h"

/* 2026-11-22T02:11:13.936692Z */
#define T0 ((int64_t)1795313473 * 1000000 + 936692)

static void
test_format(void **state)
{
	struct archname a = { T0, 's', ARCH_PLAIN };
	char name[ARCHNAME_MAX];

	(void)state;
	assert_int_equal(archname_format(name, &a), 25);
	assert_string_equal(name, "_20261122T021113.936692.s");
	a.kind = 'u';
	a.zip = ARCH_GZ;
	archname_format(name, &a);
	assert_string_equal(name, "_20261122T021113.936692.u.gz");
	a.kind = 's';
	a.zip = ARCH_Z;
	archname_format(name, &a);
	assert_string_equal(name, "_20261122T021113.936692.s.Z");
	a.us = 0;
	a.kind = 't';
	a.zip = ARCH_PLAIN;
	archname_format(name, &a);
	assert_string_equal(name, "_19700101T000000.000000.t");
}

static void
test_parse(void **state)
{
	struct archname a;

	(void)state;
	assert_int_equal(archname_parse("_20261122T021113.936692.s.gz", &a), 0);
	assert_true(a.us == T0);
	assert_int_equal(a.kind, 's');
	assert_int_equal(a.zip, ARCH_GZ);
	assert_int_equal(archname_parse("_20261122T021113.936692.u.Z", &a), 0);
	assert_int_equal(a.kind, 'u');
	assert_int_equal(a.zip, ARCH_Z);
	assert_int_equal(archname_parse("_20261122T021113.936692.t", &a), 0);
	assert_int_equal(a.zip, ARCH_PLAIN);
}

static void
test_not_archives(void **state)
{
	static const char *bad[] = {
		"current", "previous", "zipped", "tinylog.pid", "_", "_notes",
		"_20261122T021113.936692", "_20261122T021113.936692.",
		"_20261122T021113.936692.x", "_20261122T021113.936692.s.",
		"_20261122T021113.936692.s.bz2", "_20261122T021113.936692.sZ",
		"_20261122T021113.936692.t.gz", "_20261322T021113.936692.s",
		"_20261122T251113.936692.s", "_20261122 021113.936692.s",
		"_2026112XT021113.936692.s", "20261122T021113.936692.s",
		"_20261122T021113.93669.s", "_20261122T021113.936692.s.gz.tmp",
		"_19991231T235960.999999.s", /* a leap second: not ours */
	};
	struct archname a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(archname_parse(bad[i], &a), -1);
}

static void
test_roundtrip(void **state)
{
	struct archname a, b;
	char name[ARCHNAME_MAX];
	int64_t t;

	(void)state;
	for (t = -86400000000LL * 365; t < T0 * 2; t += 987654321987LL) {
		a.us = t < 0 ? -t : t;
		a.kind = 's';
		a.zip = ARCH_GZ;
		archname_format(name, &a);
		assert_int_equal(archname_parse(name, &b), 0);
		assert_true(b.us == a.us);
	}
}

/* Names compare as strings exactly as archives compare by time. */
static void
test_order(void **state)
{
	struct archname a = { T0, 's', ARCH_PLAIN }, b = a;
	char na[ARCHNAME_MAX], nb[ARCHNAME_MAX];
	int64_t steps[] = { 1, 999999, 1000000, 59000000, 86400000000LL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		b.us = a.us + steps[i];
		archname_format(na, &a);
		archname_format(nb, &b);
		assert_true(strcmp(na, nb) < 0);
		assert_true(archname_cmp(&a, &b) < 0);
	}
	/* an archive sorts right before its compressed copy */
	b = a;
	b.zip = ARCH_GZ;
	assert_true(archname_cmp(&a, &b) < 0);
	b.us = a.us - 1;
	assert_true(archname_cmp(&a, &b) > 0);
}

static int64_t
next(int64_t now, int64_t newest)
{
	int64_t us = 0;

	assert_int_equal(archname_next(now, newest, &us), 0);
	return us;
}

/* New names never collide, whatever the clock does. */
static void
test_next(void **state)
{
	(void)state;
	assert_true(next(T0, T0 - 5) == T0);
	assert_true(next(T0, T0) == T0 + 1);     /* same microsecond */
	assert_true(next(T0, T0 + 3600000000LL) ==
	    T0 + 3600000001LL);                  /* clock stepped back */
	assert_true(next(T0, INT64_MIN) == T0);  /* no archive yet */
}

/* Names end with the year 9999: a name after the last one would read as
 * year 0000 and sort first (found by fuzz_archname), so there is none. */
static void
test_next_last(void **state)
{
	struct archname a = { ARCHNAME_US_MAX, 's', ARCH_PLAIN }, b;
	char name[ARCHNAME_MAX];
	int64_t us;

	(void)state;
	archname_format(name, &a);
	assert_string_equal(name, "_99991231T235959.999999.s");
	assert_int_equal(archname_parse(name, &b), 0);
	assert_true(b.us == ARCHNAME_US_MAX);
	assert_true(next(ARCHNAME_US_MAX, ARCHNAME_US_MAX - 1) ==
	    ARCHNAME_US_MAX);
	/* a clock past the end: just after the newest name instead */
	assert_true(next(ARCHNAME_US_MAX + 5, T0) == T0 + 1);
	errno = 0;
	assert_int_equal(archname_next(T0, ARCHNAME_US_MAX, &us), -1);
	assert_int_equal(errno, EOVERFLOW);
	assert_int_equal(archname_next(T0, INT64_MAX, &us), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_not_archives),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_next_last),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
