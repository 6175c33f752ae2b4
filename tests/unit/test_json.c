/* test_json.c: the JSON object of perpls -j and perpstat -j: exact
 * output for the main states, strings escaped, bad UTF-8 replaced. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <signal.h>
#include <cmocka.h>

#include "json.h"
#include "svfixture.h"

static char *
render(const struct svreply *r)
{
	struct capture cap;

	json_service(cap_open(&cap), r, &NOW);
	return cap_close(&cap);
}

static void
check(const struct svreply *r, const char *want)
{
	char *got = render(r);

	assert_string_equal(got, want);
	free(got);
}

static void
test_up_with_extension(void **state)
{
	struct svreply r = fx_status("foo", 6, SVF_ACTIVE | SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 11204, 6, 0);
	fx_sub(&r.st.log, 11203, 6, SUBF_ISLOG);
	r.st.has_ext = 1;
	r.st.stop_timeout_ms = 10000;
	r.st.main.starts = 2;
	r.st.main.backoff_ms = 1000;
	r.st.main.last_wstatus = 3 << 8;
	r.st.log.starts = 1;
	r.st.log.last_wstatus = WSTATUS_NONE;
	check(&r, "{\"name\":\"foo\",\"active\":true,\"state\":\"active\","
	    "\"panel\":\"[+ +++ +++]\",\"error\":null,\"perpd_pid\":11201,"
	    "\"activated\":6,\"activated_at\":\"2026-11-22T02:11:34.300000Z\","
	    "\"flags\":[\"active\",\"haslog\"],\"stop_timeout_ms\":10000,"
	    "\"main\":{\"state\":\"up\",\"pid\":11204,\"uptime\":6,"
	    "\"downtime\":null,\"since\":\"2026-11-22T02:11:34.300000Z\","
	    "\"want\":\"up\",\"flags\":[],\"starts\":2,\"backoff_ms\":1000,"
	    "\"restart_in_ms\":null,\"last_exit\":{\"exit\":3}},"
	    "\"log\":{\"state\":\"up\",\"pid\":11203,\"uptime\":6,"
	    "\"downtime\":null,\"since\":\"2026-11-22T02:11:34.300000Z\","
	    "\"want\":\"up\",\"flags\":[],\"starts\":1,\"backoff_ms\":0,"
	    "\"restart_in_ms\":null,\"last_exit\":null}}\n");
}

/* A 2.07 perpd: no extension, so its fields are null. */
static void
test_down_207(void **state)
{
	struct svreply r = fx_status("fdown", 4, SVF_ACTIVE | SVF_DOWN);

	(void)state;
	fx_sub(&r.st.main, 0, 0, SUBF_WANTDOWN);
	memset(&r.st.main.when, 0, sizeof r.st.main.when);
	check(&r, "{\"name\":\"fdown\",\"active\":true,\"state\":\"active\","
	    "\"panel\":\"[+ ... ---]\",\"error\":null,\"perpd_pid\":11201,"
	    "\"activated\":4,\"activated_at\":\"2026-11-22T02:11:36.300000Z\","
	    "\"flags\":[\"active\",\"down\"],\"stop_timeout_ms\":null,"
	    "\"main\":{\"state\":\"down\",\"pid\":null,\"uptime\":null,"
	    "\"downtime\":null,\"since\":null,\"want\":\"down\","
	    "\"flags\":[\"wantdown\"],\"starts\":null,\"backoff_ms\":null,"
	    "\"restart_in_ms\":null,\"last_exit\":null},\"log\":null}\n");
}

static void
test_waiting_signal(void **state)
{
	struct svreply r = fx_status("bad", 60, SVF_ACTIVE);
	char *got;

	(void)state;
	fx_sub(&r.st.main, 0, 2, SUBF_ISRESET | SUBF_WAITING);
	r.st.has_ext = 1;
	r.st.main.backoff_ms = 8000;
	r.st.main.pending_ms = 2500;
	r.st.main.starts = 7;
	r.st.main.last_wstatus = SIGTERM;
	got = render(&r);
	assert_non_null(strstr(got, "\"main\":{\"state\":\"waiting\","
	    "\"pid\":null,\"uptime\":null,\"downtime\":2,"));
	assert_non_null(strstr(got, "\"flags\":[\"reset\",\"waiting\"],"
	    "\"starts\":7,\"backoff_ms\":8000,\"restart_in_ms\":2500,"
	    "\"last_exit\":{\"signal\":15,\"signame\":\"SIGTERM\"}}"));
	free(got);
	r.st.main.last_wstatus = 40; /* a real-time signal has no name */
	got = render(&r);
	assert_non_null(strstr(got, "{\"signal\":40,\"signame\":null}"));
	free(got);
}

static void
test_inactive_and_errors(void **state)
{
	struct svreply r;

	(void)state;
	r = fx_inactive("later");
	check(&r, "{\"name\":\"later\",\"active\":false,\"state\":\"inactive\","
	    "\"panel\":\"[- --- ---]\",\"error\":null,\"perpd_pid\":null,"
	    "\"activated\":null,\"activated_at\":null,\"flags\":[],"
	    "\"stop_timeout_ms\":null,\"main\":null,\"log\":null}\n");
	r = fx_error("later", SVE_REPLY, ENOTDIR);
	check(&r, "{\"name\":\"later\",\"active\":true,\"state\":\"error\","
	    "\"panel\":\"[E --- ---]\",\"error\":{\"what\":\"reply\","
	    "\"errno\":\"ENOTDIR\",\"message\":\"service directory not yet "
	    "scanned by perpd\"},\"perpd_pid\":null,\"activated\":null,"
	    "\"activated_at\":null,\"flags\":[],\"stop_timeout_ms\":null,"
	    "\"main\":null,\"log\":null}\n");
	r = fx_error("nosuch", SVE_STAT, ENOENT);
	check(&r, "{\"name\":\"nosuch\",\"active\":false,\"state\":\"error\","
	    "\"panel\":\"[E --- ---]\",\"error\":{\"what\":\"stat\","
	    "\"errno\":\"ENOENT\",\"message\":\"service directory not "
	    "found\"},\"perpd_pid\":null,\"activated\":null,"
	    "\"activated_at\":null,\"flags\":[],\"stop_timeout_ms\":null,"
	    "\"main\":null,\"log\":null}\n");
}

static void
test_cull_starting(void **state)
{
	struct svreply r = fx_status("sig", 2, SVF_CULL | SVF_CYCLE |
	    SVF_HASLOG);
	char *got;

	(void)state;
	fx_sub(&r.st.main, 14678, 0, SUBF_WANTDOWN);
	fx_sub(&r.st.log, 14677, 2, SUBF_ISLOG | SUBF_ISONCE | SUBF_PAUSED);
	got = render(&r);
	assert_non_null(strstr(got, "\"state\":\"reactivating\",\"panel\":"
	    "\"[R !.. +op]\""));
	assert_non_null(strstr(got, "\"flags\":[\"haslog\",\"deactivating\","
	    "\"reactivating\"]"));
	/* Up for less than a second: the pid is real, the state says so. */
	assert_non_null(strstr(got, "\"main\":{\"state\":\"starting\","
	    "\"pid\":14678,\"uptime\":0,\"downtime\":null,"));
	assert_non_null(strstr(got, "\"want\":\"down\",\"flags\":"
	    "[\"wantdown\"]"));
	assert_non_null(strstr(got, "\"flags\":[\"once\",\"paused\"]"));
	free(got);
}

static void
check_string(const char *in, const char *want)
{
	struct capture cap;
	char *got;

	json_string(cap_open(&cap), in);
	got = cap_close(&cap);
	assert_string_equal(got, want);
	free(got);
}

static void
test_strings(void **state)
{
	(void)state;
	check_string("plain", "\"plain\"");
	check_string("q\"b\\s", "\"q\\\"b\\\\s\"");
	check_string("tab\tnl\n\x01\x1f\x7f", "\"tab\\u0009nl\\u000a\\u0001"
	    "\\u001f\x7f\"");
	check_string("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",
	    "\"caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80\"");
	/* Not UTF-8: a lone continuation, a cut sequence, an overlong
	 * slash, a surrogate, a code point past U+10FFFF. */
	check_string("\x80", "\"\\ufffd\"");
	check_string("a\xc3", "\"a\\ufffd\"");
	check_string("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	check_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	check_string("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	check_string("\xe2\x9c", "\"\\ufffd\\ufffd\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_up_with_extension),
		cmocka_unit_test(test_down_207),
		cmocka_unit_test(test_waiting_signal),
		cmocka_unit_test(test_inactive_and_errors),
		cmocka_unit_test(test_cull_starting),
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
