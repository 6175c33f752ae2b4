/* perpstat.c: report the status of perpd's services, one block (or JSON
 * object) each (perp 2.07 compatible). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "client.h"
#include "die.h"
#include "json.h"
#include "perpopts.h"
#include "statfmt.h"

static void
flush_out(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		die_sys(EXIT_TEMP, "failure writing to standard output");
}

/* Report one service; 1 when it could not be reported, else 0. */
static int
report(struct client *c, char *sv, int json)
{
	struct svreply r;
	struct timespec now;
	char line[4096];

	client_status(c, sv, &r);
	if (r.kind == SV_ERROR && r.fail == SVE_CONNECT) {
		flush_out();
		client_die_connect(c);
	}
	if (!json)
		view_label(sv); /* r.name is sv */
	clock_gettime(CLOCK_REALTIME, &now);
	if (json) {
		json_service(stdout, &r, &now);
	} else if (r.kind != SV_ERROR) {
		statfmt_block(stdout, &r, &now);
	} else {
		/* Keep stdout and stderr in order on a shared terminal. */
		flush_out();
		statfmt_error(line, sizeof line, &r);
		say("%s", line);
	}
	return r.kind == SV_ERROR;
}

int
main(int argc, char **argv)
{
	static struct cliopt r;
	struct perpstat_opts o;
	struct client c;
	char *const *sv;
	int errs = 0;

	die_init(argv[0], DIE_CLIENT, PERPSTAT_SYNOPSIS);
	if (perpstat_opts_parse(&o, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version);
	client_open(&c, client_base(o.base), "fail chdir() to");
	for (sv = o.sv; *sv != NULL; sv++)
		errs += report(&c, *sv, o.json);
	client_done(&c);
	flush_out();
	return errs ? EXIT_TEMP : EXIT_OK;
}
