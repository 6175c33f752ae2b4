/* test_cliopts.c: the programs' command-line parsers (tinyopts.h,
 * sissyopts.h, journalopts.h, perpopts.h): defaults, what each option
 * sets, and that a mistake is an ending with the programs' own words
 * instead of an exit (the integration tests check what is printed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <syslog.h>
#include <cmocka.h>

#include "journalopts.h"
#include "perpopts.h"
#include "sink_journal.h"
#include "sissyopts.h"
#include "tinyopts.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])) - 1)

static struct cliopt r;

static void
test_tinylog(void **state)
{
	char *ok[] = { "tinylog", "-k3", "-s", "12", "-Z9", "-T", "1h", "-b",
		"dir", NULL };
	char *bad[] = { "tinylog", "-m", "0", "dir", NULL };
	char *none[] = { "tinylog", "-t", NULL };
	char *help[] = { "tinylog", "-h", "-q", NULL };
	struct tinyopts o;

	(void)state;
	assert_int_equal(tinyopts_parse(&o, ARGC(ok), ok, &r), 0);
	assert_int_equal(r.end, CLIOPT_RUN);
	assert_string_equal(o.path, "dir");
	assert_int_equal(o.rot.keep.count, 3);
	assert_int_equal(o.dir.maxsize, TINYOPTS_SIZE_MIN);
	assert_int_equal(o.rot.level, 9);
	assert_int_equal(o.zip, 1);
	assert_int_equal(o.dir.interval_s, 3600);
	assert_int_equal(o.log.raw, 1);
	filter_free(&o.log.filter);
	assert_int_equal(tinyopts_parse(&o, ARGC(bad), bad, &r), -1);
	assert_int_equal(r.end, CLIOPT_USAGE);
	assert_string_equal(r.msg, "option -m needs a size from 1 to 1M: 0");
	assert_int_equal(tinyopts_parse(&o, ARGC(none), none, &r), -1);
	assert_string_equal(r.msg, "missing log directory argument");
	assert_int_equal(tinyopts_parse(&o, ARGC(help), help, &r), -1);
	assert_int_equal(r.end, CLIOPT_HELP);
}

static void
test_sissylog(void **state)
{
	/* -T cuts its argument in place: not string literals */
	char tls[] = "auth=bogus,peer=a", ca[] = "ca=x";
	char *net[] = { "sissylog", "-d", "udp:127.0.0.1:514", "app",
		"local3", NULL };
	char *local[] = { "sissylog", "-F", "rfc3164", NULL };
	char *relp[] = { "sissylog", "-d", "relp:h:1", "-T", tls, NULL };
	char *notls[] = { "sissylog", "-T", ca, NULL };
	struct sink_syslog_conf c;
	struct logopts o;

	(void)state;
	assert_int_equal(sissyopts_parse(&c, &o, ARGC(net), net, &r), 0);
	assert_int_equal(c.format, SYSFMT_5424); /* the network default */
	assert_int_equal(c.facility, LOG_LOCAL3);
	assert_string_equal(c.ident, "app");
	assert_int_equal(sissyopts_parse(&c, &o, ARGC(local), local, &r), 0);
	assert_int_equal(c.format, SYSFMT_LOCAL); /* no host on /dev/log */
	assert_int_equal(c.fold, SINK_SYSLOG_FOLD_DEFAULT);
	if (sissyopts_parse(&c, &o, ARGC(relp), relp, &r) == 0) {
		assert_int_equal(c.tls.npeers, 1);
		assert_int_equal(sissyopts_tls_auth(&c, &r), -1);
		assert_string_equal(r.msg, "unknown TLS auth mode: bogus "
		    "(name, fingerprint, certvalid)");
	} else {
		assert_int_equal(r.end, CLIOPT_FATAL); /* without librelp */
		assert_int_equal(r.code, EXIT_USAGE);
	}
	assert_int_equal(sissyopts_parse(&c, &o, ARGC(notls), notls, &r), -1);
	assert_string_equal(r.msg, "option -T needs a relp: destination");
}

static void
test_journalog(void **state)
{
	char *ok[] = { "journalog", "-e", "FOO=bar", "-F", "user", "-s",
		"web", NULL };
	char *mine[] = { "journalog", "-e", "PRIORITY=1", NULL };
	char *empty[] = { "journalog", "", NULL };
	static struct jopts o;

	(void)state;
	assert_int_equal(jopts_parse(&o, ARGC(ok), ok, &r), 0);
	assert_int_equal(o.nextra, 1);
	assert_int_equal(o.facility, LOG_USER);
	assert_int_equal(o.strip, 1);
	assert_string_equal(o.ident, "web");
	assert_int_equal(o.limit, JSINK_LIMIT_DEFAULT);
	assert_int_equal(jopts_parse(&o, ARGC(mine), mine, &r), -1);
	assert_string_equal(r.msg, "field PRIORITY is set by journalog "
	    "itself");
	assert_int_equal(jopts_parse(&o, ARGC(empty), empty, &r), -1);
	assert_string_equal(r.msg, "empty ident");
}

static int
no_group(const char *name, gid_t *gid)
{
	(void)name;
	(void)gid;
	return -1;
}

static void
test_boot(void **state)
{
	char *pd[] = { "perpd", "-a", "5", "-g", "7", NULL };
	char *grp[] = { "perpd", "-g", "staff", "/b", NULL };
	char *q[] = { "perpboot", "-?", NULL };
	char *hup[] = { "perphup", "-qt", "", NULL };
	struct perpd_opts d;
	struct perpboot_opts b;
	struct perphup_opts h;

	(void)state;
	assert_int_equal(perpd_opts_parse(&d, ARGC(pd), pd, "/env", no_group,
	    &r), 0);
	assert_string_equal(d.base, "/env");
	assert_int_equal(d.autoscan, 5);
	assert_int_equal(d.gid, 7);
	assert_int_equal(perpd_opts_parse(&d, ARGC(pd), pd, "rel", no_group,
	    &r), -1);
	assert_string_equal(r.msg, "base directory not defined as absolute "
	    "path: rel");
	assert_int_equal(perpd_opts_parse(&d, ARGC(grp), grp, NULL, no_group,
	    &r), -1);
	assert_string_equal(r.msg, "no group id found for option -g staff");
	assert_int_equal(perpboot_opts_parse(&b, ARGC(q), q, NULL, &r), -1);
	assert_int_equal(r.end, CLIOPT_USAGE_LINE);
	assert_int_equal(perphup_opts_parse(&h, ARGC(hup), hup, NULL, &r), 0);
	assert_string_equal(h.base, PERPOPTS_BASE_DEFAULT);
	assert_true(h.quiet && h.term);
}

static void
test_tools(void **state)
{
	char *ctl[] = { "perpctl", "-L", "-b", "/b", "up", "a", "b", NULL };
	char *bare[] = { "perpctl", "-q", NULL };
	char *ls[] = { "perpls", "-G", NULL };
	char *ok[] = { "perpok", "-u", "x", "sv", NULL };
	struct perpctl_opts c;
	struct perpls_opts l;
	struct perpok_opts k;

	(void)state;
	assert_int_equal(perpctl_opts_parse(&c, ARGC(ctl), ctl, &r), 0);
	assert_int_equal(c.req.cmd, 'u');
	assert_string_equal(c.base, "/b");
	assert_string_equal(c.sv[0], "a");
	assert_null(c.sv[2]);
	assert_int_equal(perpctl_opts_parse(&c, ARGC(bare), bare, &r), -1);
	assert_int_equal(r.end, CLIOPT_USAGE_INFO);
	assert_string_equal(r.msg, "usage error: missing arguments");
	assert_int_equal(perpls_opts_parse(&l, ARGC(ls), ls, &r), 0);
	assert_true(l.color && l.force);
	assert_null(l.sv[0]);
	assert_int_equal(perpok_opts_parse(&k, ARGC(ok), ok, &r), -1);
	assert_string_equal(r.msg, "non-numeric argument found for option "
	    "-u x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tinylog),
		cmocka_unit_test(test_sissylog),
		cmocka_unit_test(test_journalog),
		cmocka_unit_test(test_boot),
		cmocka_unit_test(test_tools),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
