/* perpok.c: exit 0 when a service is up under perpd, 1 when it is not
 * (perp 2.07 compatible, with its man page's exit codes). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "client.h"
#include "die.h"
#include "nextopt.h"
#include "okcheck.h"
#include "parse.h"

static const char synopsis[] = "[-hV] [-b basedir] [-u secs] [-v] sv";

/* Say the verdict; return the exit code of a pass or a fail, leave with
 * a diagnostic otherwise. */
static int
verdict(const struct ok_verdict *v, const char *sv, int verbose)
{
	switch (v->kind) {
	case OK_PASS:
	case OK_FAIL:
		if (verbose)
			info("%s: %s: %s", sv, v->kind == OK_PASS ? "ok" :
			    "fail", v->text);
		return v->code;
	case OK_USAGE:
		die_usage("%s", v->text);
	case OK_FATAL:
		break;
	}
	if (v->err == 0)
		die(v->code, "%s", v->text);
	errno = v->err;
	die_sys(v->code, "%s", v->text);
}

int
main(int argc, char **argv)
{
	struct nextopt o;
	struct client c;
	struct svreply r;
	struct ok_verdict v;
	struct timespec now;
	const char *opt_b = NULL;
	uint64_t upsecs = 0;
	int ch, code, verbose = 0;

	die_init(argv[0], DIE_CLIENT, synopsis);
	nextopt_init(&o, argc, argv, "hVb:u:v");
	while ((ch = nextopt(&o)) != 0) {
		switch (ch) {
		case 'h':
			die_usage_line();
			return EXIT_OK;
		case 'V':
			client_version();
			return EXIT_OK;
		case 'b':
			opt_b = o.arg;
			break;
		case 'u':
			if (parse_uint(o.arg, UINT32_MAX, &upsecs) < 0)
				die_usage("non-numeric argument found for "
				    "option -u %s", o.arg);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			client_badopt(ch, o.opt, "invalid option -%c");
		}
	}
	argv += o.ind;
	if (argv[0] == NULL)
		die_usage("missing argument");
	if (argv[1] != NULL)
		die_usage("one service only: %s", argv[1]);
	client_open(&c, client_base(opt_b), "failure chdir() to");
	client_status(&c, argv[0], &r);
	client_close(&c);
	view_label(argv[0]); /* r.name is argv[0] */
	clock_gettime(CLOCK_REALTIME, &now);
	ok_check(&v, &r, &now, (uint32_t)upsecs, c.sock);
	code = verdict(&v, argv[0], verbose);
	client_done(&c);
	return code;
}
