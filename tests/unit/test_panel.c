/* test_panel.c: perpls lines against the ones perp 2.07 printed
 * (perp-2.07.md, observed behaviour A to D), byte for byte. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "panel.h"
#include "svfixture.h"

/* One line as perpls prints it, names padded to width. */
static char *
line(const struct svreply *r, size_t width, const struct panel_colors *c)
{
	struct capture cap;

	panel_line(cap_open(&cap), r, width, c, &NOW);
	return cap_close(&cap);
}

static void
check(const struct svreply *r, const char *want)
{
	char *got = line(r, strlen(r->name), NULL);

	assert_string_equal(got, want);
	free(got);
}

/* Service foo with a logger in the states of parts A and B. */
static void
test_foo_states(void **state)
{
	struct svreply r = fx_status("foo", 30, SVF_ACTIVE | SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 11204, 6, 0);
	fx_sub(&r.st.log, 11203, 6, SUBF_ISLOG);
	check(&r, "[+ +++ +++]  foo  uptime: 6s/6s  pids: 11204/11203\n");

	fx_sub(&r.st.main, 0, 1, SUBF_WANTDOWN | SUBF_ISRESET);
	fx_sub(&r.st.log, 11203, 16, SUBF_ISLOG);
	check(&r, "[+ ... +++]  foo  uptime: -s/16s  pids: -/11203\n");

	/* perpctl u: up for less than a second shows as "want up". */
	fx_sub(&r.st.main, 11631, 0, 0);
	check(&r, "[+ !.. +++]  foo  uptime: -s/16s  pids: -/11203\n");

	fx_sub(&r.st.main, 11631, 1, 0);
	fx_sub(&r.st.log, 11203, 17, SUBF_ISLOG);
	check(&r, "[+ +++ +++]  foo  uptime: 1s/17s  pids: 11631/11203\n");

	fx_sub(&r.st.main, 11631, 5, SUBF_PAUSED);
	check(&r, "[+ ++p +++]  foo  uptime: 5s/17s  pids: 11631/11203\n");

	fx_sub(&r.st.main, 11631, 5, SUBF_ISONCE);
	check(&r, "[+ +o+ +++]  foo  uptime: 5s/17s  pids: 11631/11203\n");

	/* o, then t: down after its reset, no restart. */
	fx_sub(&r.st.main, 0, 2, SUBF_ISONCE | SUBF_WANTDOWN | SUBF_ISRESET);
	check(&r, "[+ ... +++]  foo  uptime: -s/17s  pids: -/11203\n");

	/* perpctl -L d foo */
	fx_sub(&r.st.main, 11735, 4, 0);
	fx_sub(&r.st.log, 0, 1, SUBF_ISLOG | SUBF_WANTDOWN | SUBF_ISRESET);
	check(&r, "[+ +++ ...]  foo  uptime: 4s/-s  pids: 11735/-\n");

	/* perpctl D foo */
	fx_sub(&r.st.main, 0, 1, SUBF_WANTDOWN | SUBF_ISRESET);
	check(&r, "[+ ... ...]  foo  uptime: -s/-s  pids: -/-\n");
}

/* Services without a logger: part C and D. */
static void
test_nolog_states(void **state)
{
	struct svreply r = fx_status("bad", 5, SVF_ACTIVE);

	(void)state;
	fx_sub(&r.st.main, 14360, 0, 0);
	check(&r, "[+ !.. ---]  bad  uptime: -s/-s  pids: -/-\n");

	r.name = "noexec";
	fx_sub(&r.st.main, 14495, 1, 0);
	check(&r, "[+ +++ ---]  noexec  uptime: 1s/-s  pids: 14495/-\n");

	r = fx_status("fdown", 4, SVF_ACTIVE | SVF_DOWN);
	fx_sub(&r.st.main, 0, 0, SUBF_WANTDOWN);
	memset(&r.st.main.when, 0, sizeof r.st.main.when);
	check(&r, "[+ ... ---]  fdown  uptime: -s/-s  pids: -/-\n");

	r = fx_status("fonce", 4, SVF_ACTIVE | SVF_ONCE);
	fx_sub(&r.st.main, 15071, 2, SUBF_ISONCE);
	check(&r, "[+ +o+ ---]  fonce  uptime: 2s/-s  pids: 15071/-\n");

	r = fx_status("slowreset", 40, SVF_ACTIVE);
	fx_sub(&r.st.main, 15663, 1, SUBF_ISRESET);
	check(&r, "[+ ++r ---]  slowreset  uptime: 1s/-s  pids: 15663/-\n");
}

/* A resetting logger shows its uptime even under a second. */
static void
test_resetting_zero(void **state)
{
	struct svreply r = fx_status("svc", 9, SVF_ACTIVE | SVF_HASLOG);

	(void)state;
	fx_sub(&r.st.main, 30500, 0, 0);
	fx_sub(&r.st.log, 30401, 0, SUBF_ISLOG | SUBF_ISRESET);
	check(&r, "[+ !.. ++r]  svc  uptime: -s/0s  pids: -/30401\n");
}

static void
test_deactivation(void **state)
{
	struct svreply r = fx_status("sig", 10, SVF_CULL);

	(void)state;
	fx_sub(&r.st.main, 14678, 10, SUBF_WANTDOWN);
	check(&r, "[! !++ ---]  sig  (service deactivation in progress)\n");
	r.st.flags |= SVF_CYCLE;
	check(&r, "[R !++ ---]  sig  (service reactivation in progress)\n");
}

static void
test_errors_and_inactive(void **state)
{
	struct svreply r;

	(void)state;
	r = fx_inactive("bad");
	check(&r, "[- --- ---]  bad  (service not activated)\n");
	r = fx_error("later", SVE_REPLY, ENOTDIR);
	check(&r, "[E --- ---]  later  error: error reported in status reply "
	    "[ENOTDIR]\n");
	r = fx_error("nosuch", SVE_STAT, ENOENT);
	check(&r, "[E --- ---]  nosuch  error: failure stat() on service "
	    "directory [ENOENT]\n");
	r = fx_error("afile", SVE_NOTDIR, ENOTDIR);
	check(&r, "[E --- ---]  afile  error: not a directory [ENOTDIR]\n");
	r = fx_error("x", SVE_READ, ECONNRESET);
	check(&r, "[E --- ---]  x  error: failure pkt_read() during status "
	    "query [ECONNRESET]\n");
	/* perpd down: still listed, with the reason. */
	r = fx_error("foo", SVE_CONNECT, ECONNREFUSED);
	check(&r, "[E --- ---]  foo  error: perpd not running [ECONNREFUSED]\n");
	r = fx_error("foo", SVE_CONNECT, EACCES);
	check(&r, "[E --- ---]  foo  error: failure connecting to perpd "
	    "control socket [EACCES]\n");
}

/* The padded listing of part D, and names longer than 80 characters
 * (2.07 printed every name empty then). */
static void
test_padding(void **state)
{
	struct svreply r;
	char *got, longname[101];

	(void)state;
	r = fx_inactive("noexec");
	got = line(&r, 6, NULL);
	assert_string_equal(got, "[- --- ---]  noexec  (service not "
	    "activated)\n");
	free(got);
	r = fx_error("later", SVE_REPLY, ENOTDIR);
	got = line(&r, 6, NULL);
	assert_string_equal(got, "[E --- ---]  later   error: error reported "
	    "in status reply [ENOTDIR]\n");
	free(got);

	memset(longname, 'a', 100);
	longname[100] = '\0';
	r = fx_inactive("short");
	got = line(&r, 100, NULL);
	assert_int_equal(strlen(got), 11 + 2 + 100 + 2 +
	    strlen("(service not activated)") + 1);
	assert_memory_equal(got + 13, "short     ", 10);
	free(got);
	r = fx_inactive(longname);
	got = line(&r, 100, NULL);
	assert_memory_equal(got + 13, longname, 100);
	free(got);
}

static void
test_colour_line(void **state)
{
	struct svreply r = fx_status("foo", 30, SVF_ACTIVE | SVF_HASLOG);
	struct panel_colors c;
	char *got;

	(void)state;
	fx_sub(&r.st.main, 11204, 6, 0);
	fx_sub(&r.st.log, 11203, 6, SUBF_ISLOG);
	panel_colors_init(&c, panel_colors_default);
	got = line(&r, 3, &c);
	assert_string_equal(got, "[+ +++ +++]  \033[00m\033[01mfoo\033[00m  "
	    "uptime: 6s/6s  pids: 11204/11203\n");
	free(got);
	/* The padding goes inside the colour. */
	got = line(&r, 5, &c);
	assert_string_equal(got, "[+ +++ +++]  \033[00m\033[01mfoo  \033[00m  "
	    "uptime: 6s/6s  pids: 11204/11203\n");
	free(got);
}

static void
test_caps(void **state)
{
	(void)state;
	assert_int_equal(panel_cap("[E --- ---]"), CAP_ER);
	assert_int_equal(panel_cap("[! !++ ---]"), CAP_EX);
	assert_int_equal(panel_cap("[R !++ ---]"), CAP_EX);
	assert_int_equal(panel_cap("[- --- ---]"), CAP_NA);
	assert_int_equal(panel_cap("[+ !.. +++]"), CAP_WU);
	assert_int_equal(panel_cap("[+ !++ +++]"), CAP_WD);
	assert_int_equal(panel_cap("[+ +++ !..]"), CAP_WU);
	assert_int_equal(panel_cap("[+ +++ !++]"), CAP_WD);
	assert_int_equal(panel_cap("[+ ... +++]"), CAP_AD);
	assert_int_equal(panel_cap("[+ ++p +++]"), CAP_AP);
	assert_int_equal(panel_cap("[+ ++r ---]"), CAP_AR);
	assert_int_equal(panel_cap("[+ +o+ ---]"), CAP_AN);
	assert_int_equal(panel_cap("[+ +++ +++]"), CAP_AN);
}

static void
test_colour_table(void **state)
{
	struct panel_colors c;

	(void)state;
	panel_colors_init(&c, panel_colors_default);
	assert_string_equal(c.attr[CAP_DF], "00");
	assert_string_equal(c.attr[CAP_AR], "01;33");
	assert_string_equal(c.attr[CAP_AD], "01;34");
	assert_string_equal(c.attr[CAP_EX], "01;31");
	/* Missing keys take df's value; df's own fallback is "0". */
	panel_colors_init(&c, "an=01;32");
	assert_string_equal(c.attr[CAP_AN], "01;32");
	assert_string_equal(c.attr[CAP_DF], "0");
	assert_string_equal(c.attr[CAP_ER], "0");
	panel_colors_init(&c, "df=07:er=01;31");
	assert_string_equal(c.attr[CAP_NA], "07");
	assert_string_equal(c.attr[CAP_ER], "01;31");
	/* 15 characters or more: too long, df instead. */
	panel_colors_init(&c, "df=1:an=123456789012345:ad=12345678901234");
	assert_string_equal(c.attr[CAP_AN], "1");
	assert_string_equal(c.attr[CAP_AD], "12345678901234");
	/* Garbage: a key without '=' ends the table. */
	panel_colors_init(&c, "an=5:junk:wu=3");
	assert_string_equal(c.attr[CAP_AN], "5");
	assert_string_equal(c.attr[CAP_WU], "0");
	panel_colors_init(&c, "");
	assert_string_equal(c.attr[CAP_WD], "0");
}

/* perpd's back-off: a restart is pending, the service wants up. */
static void
test_waiting(void **state)
{
	struct svreply r = fx_status("bad", 60, SVF_ACTIVE);

	(void)state;
	fx_sub(&r.st.main, 0, 2, SUBF_ISRESET | SUBF_WAITING);
	r.st.has_ext = 1;
	r.st.main.backoff_ms = 8000;
	r.st.main.pending_ms = 2500;
	check(&r, "[+ !.. ---]  bad  uptime: -s/-s  pids: -/-\n");
	/* Even when perpd shows the pid of a child sleeping out the delay. */
	r.st.main.pid = 4242;
	check(&r, "[+ !.. ---]  bad  uptime: -s/-s  pids: -/-\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foo_states),
		cmocka_unit_test(test_nolog_states),
		cmocka_unit_test(test_resetting_zero),
		cmocka_unit_test(test_deactivation),
		cmocka_unit_test(test_errors_and_inactive),
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_colour_line),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_colour_table),
		cmocka_unit_test(test_waiting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
