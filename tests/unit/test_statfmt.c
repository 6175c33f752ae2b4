/* test_statfmt.c: perpstat blocks against perp 2.07's (perp-2.07.md,
 * observed behaviour A to D), plus the two fixes: "never started" and
 * the pending restart with its back-off. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "statfmt.h"
#include "svfixture.h"

static void
check_block(const struct svreply *r, const char *want)
{
	struct capture cap;
	char *got;

	statfmt_block(cap_open(&cap), r, &NOW);
	got = cap_close(&cap);
	assert_string_equal(got, want);
	free(got);
}

static void
check_main(const struct svreply *r, const char *want)
{
	struct capture cap;
	char *got;

	statfmt_sub(cap_open(&cap), &r->st, 0, &NOW);
	got = cap_close(&cap);
	assert_string_equal(got, want);
	free(got);
}

static void
test_foo(void **state)
{
	struct svreply r = fx_status("foo", 6, SVF_ACTIVE | SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 11204, 6, 0);
	fx_sub(&r.st.log, 11203, 6, SUBF_ISLOG);
	check_block(&r, "foo: activated 6 seconds\n"
	    "  main: up 6 seconds (pid 11204)\n"
	    "   log: up 6 seconds (pid 11203)\n");

	r = fx_status("foo", 16, SVF_ACTIVE | SVF_HASLOG);
	fx_sub(&r.st.main, 0, 1, SUBF_WANTDOWN | SUBF_ISRESET);
	fx_sub(&r.st.log, 11203, 16, SUBF_ISLOG);
	check_block(&r, "foo: activated 16 seconds\n"
	    "  main: down 1 seconds\n"
	    "   log: up 16 seconds (pid 11203)\n");
}

static void
test_main_states(void **state)
{
	struct svreply r = fx_status("foo", 30, SVF_ACTIVE | SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 11631, 0, 0);
	check_main(&r, "down, want up!");
	fx_sub(&r.st.main, 11631, 5, SUBF_PAUSED);
	check_main(&r, "up 5 seconds (pid 11631), paused");
	fx_sub(&r.st.main, 11631, 5, SUBF_ISONCE);
	check_main(&r, "up 5 seconds (pid 11631), flagged once");
	fx_sub(&r.st.main, 0, 2, SUBF_ISONCE | SUBF_WANTDOWN | SUBF_ISRESET);
	check_main(&r, "down 2 seconds, flagged once");
	fx_sub(&r.st.main, 15663, 1, SUBF_ISRESET);
	check_main(&r, "resetting 1 seconds (pid 15663)");
	fx_sub(&r.st.main, 15663, 1, SUBF_ISRESET | SUBF_PAUSED | SUBF_ISONCE);
	check_main(&r, "resetting 1 seconds (pid 15663), paused, flagged once");
	fx_sub(&r.st.main, 0, 7, 0);
	check_main(&r, "down 7 seconds, want up!");
	fx_sub(&r.st.main, 3, 0, SUBF_ISONCE);
	check_main(&r, "down, want up!, flagged once");
}

static void
test_nolog_and_cull(void **state)
{
	struct svreply r = fx_status("bad", 5, SVF_ACTIVE);

	(void)state;
	fx_sub(&r.st.main, 14360, 0, 0);
	check_block(&r, "bad: activated 5 seconds\n"
	    "  main: down, want up!\n"
	    "   log: (no log)\n");
	r = fx_status("sig", 10, SVF_CULL);
	fx_sub(&r.st.main, 14678, 10, SUBF_WANTDOWN);
	check_block(&r, "sig: activated 10 seconds, deactivation in progress\n"
	    "  main: up 10 seconds (pid 14678)\n"
	    "   log: (no log)\n");
	r = fx_status("sig", 2, SVF_CULL | SVF_CYCLE);
	fx_sub(&r.st.main, 14678, 2, SUBF_WANTDOWN);
	check_block(&r, "sig: activated 2 seconds, deactivation in progress, "
	    "flagged for reactivation\n"
	    "  main: up 2 seconds (pid 14678)\n"
	    "   log: (no log)\n");
	r = fx_inactive("later");
	check_block(&r, "later: not activated\n");
}

/* 2.07 printed "down 4611686020222701422 seconds" here. */
static void
test_never_started(void **state)
{
	struct svreply r = fx_status("fdown", 4, SVF_ACTIVE | SVF_DOWN |
	    SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 0, 0, SUBF_WANTDOWN);
	memset(&r.st.main.when, 0, sizeof r.st.main.when);
	fx_sub(&r.st.log, 0, 0, SUBF_ISLOG);
	memset(&r.st.log.when, 0, sizeof r.st.log.when);
	check_block(&r, "fdown: activated 4 seconds\n"
	    "  main: down, never started\n"
	    "   log: down, never started, want up!\n");
}

static void
test_waiting(void **state)
{
	struct svreply r = fx_status("bad", 60, SVF_ACTIVE);

	(void)state;
	fx_sub(&r.st.main, 0, 2, SUBF_ISRESET | SUBF_WAITING);
	r.st.has_ext = 1;
	r.st.main.backoff_ms = 8000;
	r.st.main.pending_ms = 2500;
	check_main(&r, "down 2 seconds, want up!, restart in 3 seconds "
	    "(back-off 8 seconds)");
	r.st.main.backoff_ms = 1500;
	r.st.main.pending_ms = 1;
	check_main(&r, "down 2 seconds, want up!, restart in 1 seconds "
	    "(back-off 1.5 seconds)");
	r.st.main.pending_ms = 0;
	check_main(&r, "down 2 seconds, want up!, restart pending "
	    "(back-off 1.5 seconds)");
	/* perpd cannot fork: it retries. */
	fx_sub(&r.st.main, 0, 2, SUBF_FAILING);
	r.st.main.pending_ms = 900;
	check_main(&r, "down 2 seconds, want up!, fork failing, retry in 1 "
	    "seconds");
	/* A 2.07 perpd tells nothing of the kind. */
	fx_sub(&r.st.main, 0, 2, SUBF_WAITING);
	r.st.has_ext = 0;
	check_main(&r, "down 2 seconds, want up!");
}

static void
test_ms(void **state)
{
	char buf[32];

	(void)state;
	statfmt_ms(buf, sizeof buf, 8000);
	assert_string_equal(buf, "8");
	statfmt_ms(buf, sizeof buf, 1500);
	assert_string_equal(buf, "1.5");
	statfmt_ms(buf, sizeof buf, 250);
	assert_string_equal(buf, "0.25");
	statfmt_ms(buf, sizeof buf, 1001);
	assert_string_equal(buf, "1.001");
	statfmt_ms(buf, sizeof buf, 0);
	assert_string_equal(buf, "0");
	statfmt_ms(buf, sizeof buf, 4294967295u);
	assert_string_equal(buf, "4294967.295");
}

static void
test_errors(void **state)
{
	char buf[256];
	struct svreply r;

	(void)state;
	r = fx_error("nosuch", SVE_STAT, ENOENT);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "nosuch: error: service directory not found");
	r = fx_error("locked", SVE_STAT, EACCES);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "locked: error: failure stat() on service "
	    "directory: access denied (EACCES)");
	r = fx_error("afile", SVE_NOTDIR, ENOTDIR);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "afile: error: not a directory");
	r = fx_error("later", SVE_REPLY, ENOTDIR);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "error: later: error reported in reply: not "
	    "a directory (ENOTDIR)");
	r = fx_error("x", SVE_WRITE, EPIPE);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "error: x: error writing query: broken pipe "
	    "(EPIPE)");
	r = fx_error("x", SVE_READ, ETIMEDOUT);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "error: x: error reading response: timed out "
	    "(ETIMEDOUT)");
	r = fx_error("x", SVE_PROTO, EPROTO);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "error: x: unknown packet protocol in reply");
	r = fx_error("x", SVE_TYPE, EPROTO);
	statfmt_error(buf, sizeof buf, &r);
	assert_string_equal(buf, "error: x: unknown packet type in reply");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foo),
		cmocka_unit_test(test_main_states),
		cmocka_unit_test(test_nolog_and_cull),
		cmocka_unit_test(test_never_started),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_ms),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
