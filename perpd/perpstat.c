/* perpstat.c: report the status of perpd's services, one block (or JSON
 * object) each (perp 2.07 compatible). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "client.h"
#include "die.h"
#include "json.h"
#include "nextopt.h"
#include "statfmt.h"

static const char synopsis[] = "[-hV] [-b basedir] [-j] sv [sv ...]";

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
	struct nextopt o;
	struct client c;
	const char *opt_b = NULL;
	int ch, json = 0, errs = 0;

	die_init(argv[0], DIE_CLIENT, synopsis);
	nextopt_init(&o, argc, argv, "hVb:j");
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
		case 'j':
			json = 1;
			break;
		default:
			client_badopt(ch, o.opt, "invalid option -%c");
		}
	}
	argv += o.ind;
	if (*argv == NULL)
		die_usage("missing argument");
	client_open(&c, client_base(opt_b), "fail chdir() to");
	for (; *argv != NULL; argv++)
		errs += report(&c, *argv, json);
	client_done(&c);
	flush_out();
	return errs ? EXIT_TEMP : EXIT_OK;
}
