/* test_nextopt.c: option reading as perp 2.07's nextopt does it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "nextopt.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])) - 1)

static void
test_cluster_and_args(void **state)
{
	char *argv[] = { "perpctl", "-qL", "-bbase", "-b", "other", "-g",
		"d", "foo", NULL };
	struct nextopt o;

	(void)state;
	nextopt_init(&o, ARGC(argv), argv, "hVb:gLq");
	assert_int_equal(nextopt(&o), 'q');
	assert_int_equal(nextopt(&o), 'L');
	assert_int_equal(nextopt(&o), 'b');
	assert_string_equal(o.arg, "base");
	assert_int_equal(nextopt(&o), 'b');
	assert_string_equal(o.arg, "other");
	assert_int_equal(nextopt(&o), 'g');
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 6);
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 6);
}

static void
test_arg_inside_cluster(void **state)
{
	char *argv[] = { "perpok", "-vu5", "sv", NULL };
	struct nextopt o;

	(void)state;
	nextopt_init(&o, ARGC(argv), argv, "hVb:u:v");
	assert_int_equal(nextopt(&o), 'v');
	assert_int_equal(nextopt(&o), 'u');
	assert_string_equal(o.arg, "5");
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 2);
}

static void
test_end_markers(void **state)
{
	char *a1[] = { "p", "-g", "--", "-x", NULL };
	char *a2[] = { "p", "-", "-g", NULL };
	char *a3[] = { "p", "sv", "-g", NULL };
	struct nextopt o;

	(void)state;
	nextopt_init(&o, ARGC(a1), a1, "g");
	assert_int_equal(nextopt(&o), 'g');
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 3);
	nextopt_init(&o, ARGC(a2), a2, "g");
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 1);
	nextopt_init(&o, ARGC(a3), a3, "g");
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 1);
}

static void
test_errors(void **state)
{
	char *a1[] = { "p", "-x", NULL };
	char *a2[] = { "p", "-?", NULL };
	char *a3[] = { "p", "-qb", NULL };
	char *a4[] = { "p", "-:", NULL };
	struct nextopt o;

	(void)state;
	nextopt_init(&o, ARGC(a1), a1, "qb:");
	assert_int_equal(nextopt(&o), '?');
	assert_int_equal(o.opt, 'x');
	nextopt_init(&o, ARGC(a2), a2, "qb:");
	assert_int_equal(nextopt(&o), '?');
	assert_int_equal(o.opt, '?');
	nextopt_init(&o, ARGC(a3), a3, "qb:");
	assert_int_equal(nextopt(&o), 'q');
	assert_int_equal(nextopt(&o), ':');
	assert_int_equal(o.opt, 'b');
	nextopt_init(&o, ARGC(a4), a4, "qb:");
	assert_int_equal(nextopt(&o), '?');
	assert_int_equal(o.opt, ':');
}

/* An option argument may itself start with '-'. */
static void
test_dash_argument(void **state)
{
	char *argv[] = { "p", "-b", "-q", "x", NULL };
	struct nextopt o;

	(void)state;
	nextopt_init(&o, ARGC(argv), argv, "qb:");
	assert_int_equal(nextopt(&o), 'b');
	assert_string_equal(o.arg, "-q");
	assert_int_equal(nextopt(&o), 0);
	assert_int_equal(o.ind, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cluster_and_args),
		cmocka_unit_test(test_arg_inside_cluster),
		cmocka_unit_test(test_end_markers),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dash_argument),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
