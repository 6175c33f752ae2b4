/* perpok.c: exit 0 when a service is up under perpd, 1 when it is not
 * (perp 2.07 compatible, with its man page's exit codes). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "client.h"
#include "die.h"
#include "okcheck.h"
#include "perpopts.h"

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
	static struct cliopt r;
	struct perpok_opts o;
	struct client c;
	struct svreply sr;
	struct ok_verdict v;
	struct timespec now;
	int code;

	die_init(argv[0], DIE_CLIENT, PERPOK_SYNOPSIS);
	if (perpok_opts_parse(&o, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version);
	client_open(&c, client_base(o.base), "failure chdir() to");
	client_status(&c, o.sv, &sr);
	client_close(&c);
	view_label((char *)o.sv); /* sr.name is o.sv, a string of argv */
	clock_gettime(CLOCK_REALTIME, &now);
	ok_check(&v, &sr, &now, (uint32_t)o.upsecs, c.sock);
	code = verdict(&v, o.sv, o.verbose);
	client_done(&c);
	return code;
}
