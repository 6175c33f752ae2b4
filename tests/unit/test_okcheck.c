/* test_okcheck.c: perpok's verdicts and exit codes: 2.07's messages, and
 * its man page's contract (1 when not ok, also when perpd is down). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "okcheck.h"
#include "svfixture.h"

#define SOCK "base/.control/perpd.sock"

static void
check(const struct svreply *r, uint32_t upsecs, enum ok_kind kind, int code,
    int err, const char *text)
{
	struct ok_verdict v;

	ok_check(&v, r, &NOW, upsecs, SOCK);
	assert_int_equal(v.kind, kind);
	assert_int_equal(v.code, code);
	assert_int_equal(v.err, err);
	assert_string_equal(v.text, text);
}

static void
test_up(void **state)
{
	struct svreply r = fx_status("foo", 6, SVF_ACTIVE | SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 11204, 6, 0);
	fx_sub(&r.st.log, 11203, 6, SUBF_ISLOG);
	check(&r, 0, OK_PASS, 0, 0, "service is activated/ok");
	check(&r, 2, OK_PASS, 0, 0, "service uptime ok");
	check(&r, 6, OK_PASS, 0, 0, "service uptime ok");
	check(&r, 7, OK_FAIL, 1, 0, "service uptime not met");
	check(&r, 100, OK_FAIL, 1, 0, "service uptime not met");
}

static void
test_uptime_failures(void **state)
{
	struct svreply r = fx_status("foo", 20, SVF_ACTIVE);

	(void)state;
	fx_sub(&r.st.main, 0, 1, SUBF_WANTDOWN | SUBF_ISRESET);
	check(&r, 0, OK_PASS, 0, 0, "service is activated/ok");
	check(&r, 1, OK_FAIL, 1, 0, "service not running (pid is 0)");
	fx_sub(&r.st.main, 15663, 5, SUBF_ISRESET);
	check(&r, 1, OK_FAIL, 1, 0, "service is resetting");
	fx_sub(&r.st.main, 15663, 5, SUBF_WANTDOWN);
	check(&r, 1, OK_FAIL, 1, 0, "service wants down");
	fx_sub(&r.st.main, 0, 5, SUBF_WAITING | SUBF_ISRESET);
	check(&r, 1, OK_FAIL, 1, 0, "service not running (restart pending)");
}

static void
test_not_supervised(void **state)
{
	struct svreply r;

	(void)state;
	r = fx_inactive("later");
	check(&r, 0, OK_FAIL, 1, 0, "service directory later not activated");
	/* 2.07 exited 111 on these three. */
	r = fx_error("foo", SVE_CONNECT, ECONNREFUSED);
	check(&r, 0, OK_FAIL, 1, 0, "perpd not running on control socket "
	    SOCK);
	r = fx_error("foo", SVE_CONNECT, ENOENT);
	check(&r, 3, OK_FAIL, 1, 0, "perpd not running on control socket "
	    SOCK);
	r = fx_error("later", SVE_REPLY, ENOTDIR);
	check(&r, 0, OK_FAIL, 1, 0, "service directory later not yet scanned "
	    "by perpd");
	r = fx_status("sig", 10, SVF_CULL);
	fx_sub(&r.st.main, 14678, 10, SUBF_WANTDOWN);
	check(&r, 0, OK_FAIL, 1, 0, "service deactivation in progress");
}

static void
test_usage_and_system_errors(void **state)
{
	struct svreply r;

	(void)state;
	r = fx_error("afile", SVE_NOTDIR, ENOTDIR);
	check(&r, 0, OK_USAGE, 100, 0, "argument not a directory: afile");
	r = fx_error("nosuch", SVE_STAT, ENOENT);
	check(&r, 0, OK_FATAL, 100, ENOENT, "failure stat() on service "
	    "directory nosuch");
	r = fx_error("locked", SVE_STAT, EACCES);
	check(&r, 0, OK_FATAL, 111, EACCES, "failure stat() on service "
	    "directory locked");
	r = fx_error("foo", SVE_CONNECT, EACCES);
	check(&r, 0, OK_FATAL, 111, EACCES, "failure connecting to perpd "
	    "control socket " SOCK);
	r = fx_error("foo", SVE_WRITE, EPIPE);
	check(&r, 0, OK_FATAL, 111, EPIPE, "failure pkt_write() to perpd "
	    "control socket");
	r = fx_error("foo", SVE_READ, ECONNRESET);
	check(&r, 0, OK_FATAL, 111, ECONNRESET, "failure pkt_read() from "
	    "perpd control socket");
	r = fx_error("foo", SVE_PROTO, EPROTO);
	check(&r, 0, OK_FATAL, 111, 0, "unknown protocol found in reply from "
	    "perpd control socket");
	r = fx_error("foo", SVE_TYPE, EPROTO);
	check(&r, 0, OK_FATAL, 111, 0, "unknown packet reply type from perpd "
	    "control socket");
	r = fx_error("foo", SVE_REPLY, EPROTO);
	check(&r, 0, OK_FATAL, 111, EPROTO, "error reported in reply from "
	    "perpd control socket");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_up),
		cmocka_unit_test(test_uptime_failures),
		cmocka_unit_test(test_not_supervised),
		cmocka_unit_test(test_usage_and_system_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
