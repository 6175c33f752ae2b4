/* test_ctlcmd.c: perpctl's command word and its per-service lines, in
 * perp 2.07's words. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "ctlcmd.h"
#include "proto.h"

static void
test_letters(void **state)
{
	struct ctl_request q;
	char err[128];
	const char *c;

	(void)state;
	for (c = "udopcahikqtw12"; *c; c++) {
		char word[2] = { *c, '\0' };

		assert_int_equal(ctl_parse(&q, word, 0, 0, err, sizeof err), 0);
		assert_int_equal(q.kind, CTL_SEND);
		assert_int_equal(q.cmd, *c);
		assert_int_equal(q.flags, 0);
		assert_int_equal(ctl_parse(&q, word, 1, 1, err, sizeof err), 0);
		assert_int_equal(q.flags, CTLF_LOG | CTLF_KILLPG);
	}
	/* Only the first character counts. */
	assert_int_equal(ctl_parse(&q, "down", 0, 0, err, sizeof err), 0);
	assert_int_equal(q.cmd, 'd');
	assert_int_equal(ctl_parse(&q, "Up", 0, 1, err, sizeof err), 0);
	assert_int_equal(q.cmd, 'U');
	assert_int_equal(q.flags, CTLF_KILLPG);
	assert_int_equal(ctl_parse(&q, "D", 0, 0, err, sizeof err), 0);
	assert_int_equal(q.cmd, 'D');
}

static void
test_sticky(void **state)
{
	struct ctl_request q;
	char err[128];

	(void)state;
	assert_int_equal(ctl_parse(&q, "A", 0, 0, err, sizeof err), 0);
	assert_int_equal(q.kind, CTL_ACTIVATE);
	assert_int_equal(ctl_parse(&q, "Xit", 1, 0, err, sizeof err), 0);
	assert_int_equal(q.kind, CTL_DEACTIVATE);
}

static void
test_refused(void **state)
{
	struct ctl_request q;
	char err[128];

	(void)state;
	assert_int_equal(ctl_parse(&q, "Z", 0, 0, err, sizeof err), -1);
	assert_string_equal(err, "unknown control command 'Z'");
	assert_int_equal(ctl_parse(&q, "zap", 0, 0, err, sizeof err), -1);
	assert_string_equal(err, "unknown control command 'zap'");
	assert_int_equal(ctl_parse(&q, "", 0, 0, err, sizeof err), -1);
	assert_string_equal(err, "unknown control command ''");
	assert_int_equal(ctl_parse(&q, "D", 1, 0, err, sizeof err), -1);
	assert_string_equal(err, "meta-command 'D' may not be used with "
	    "option -L");
	assert_int_equal(ctl_parse(&q, "Up", 1, 0, err, sizeof err), -1);
	assert_string_equal(err, "meta-command 'Up' may not be used with "
	    "option -L");
}

static void
check_line(enum sv_kind kind, enum sv_fail fail, int e, const char *want)
{
	struct svreply r;
	char buf[256];

	memset(&r, 0, sizeof r);
	r.name = "sv";
	r.kind = kind;
	r.fail = fail;
	r.err = e;
	ctl_error_line(buf, sizeof buf, &r);
	assert_string_equal(buf, want);
}

static void
test_lines(void **state)
{
	(void)state;
	check_line(SV_ERROR, SVE_STAT, ENOENT,
	    "error: sv: service directory not found");
	check_line(SV_ERROR, SVE_STAT, ELOOP, "error: sv: failure stat() on "
	    "service directory: symbolic link loop (ELOOP)");
	check_line(SV_ERROR, SVE_NOTDIR, ENOTDIR, "error: sv: not a directory");
	check_line(SV_INACTIVE, 0, 0,
	    "error: sv: service directory not activated");
	check_line(SV_ERROR, SVE_REPLY, ENOENT, "error: sv: error reported in "
	    "reply: file does not exist (ENOENT)");
	check_line(SV_ERROR, SVE_REPLY, EBUSY, "error: sv: error reported in "
	    "reply: device busy (EBUSY)");
	check_line(SV_ERROR, SVE_WRITE, EPIPE, "error: sv: error writing "
	    "request: broken pipe (EPIPE)");
	check_line(SV_ERROR, SVE_READ, ECONNRESET, "error: sv: error reading "
	    "response: connection reset (ECONNRESET)");
	check_line(SV_ERROR, SVE_PROTO, EPROTO,
	    "error: sv: unknown packet protocol in reply");
	check_line(SV_ERROR, SVE_TYPE, EPROTO,
	    "error: sv: unknown packet type in reply");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters),
		cmocka_unit_test(test_sticky),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
