/* journalopts.c: journalog's command line (journalopts.h). */
#include <stdint.h>
#include <string.h>
#include <syslog.h>

#include "journalopts.h"
#include "nextopt.h"
#include "parse.h"
#include "prio.h"
#include "sink_journal.h"

/* Check a -e option now, so that a bad one is a usage error. */
static int
take_extra(struct jopts *o, const char *arg, struct cliopt *r)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : 0;

	if (eq == NULL)
		return cliopt_usage(r, "option -e needs KEY=VALUE: %s", arg);
	if (!jf_name_valid(arg, n))
		return cliopt_usage(r, "invalid field name for option -e: "
		    "%.*s (1 to %d of A-Z, 0-9 and _, not starting with a "
		    "digit or _)", (int)n, arg, JF_NAME_MAX);
	if (jf_name_reserved(arg, n))
		return cliopt_usage(r, "field %.*s is set by journalog "
		    "itself", (int)n, arg);
	if (o->nextra == JF_EXTRA_MAX)
		return cliopt_usage(r, "too many -e options (at most %d)",
		    JF_EXTRA_MAX);
	o->extra[o->nextra++] = arg;
	return 0;
}

static int
take_option(struct jopts *o, int c, const char *arg, struct cliopt *r)
{
	uint64_t v;

	switch (c) {
	case 'e':
		return take_extra(o, arg, r);
	case 'F':
		o->facility = prio_facility(arg);
		if (o->facility < 0)
			return cliopt_usage(r, "unknown facility for option "
			    "-F: %s", arg);
		return 0;
	case 'l':
		if (parse_size(arg, JSINK_LIMIT_MAX, &v) < 0 ||
		    v < JSINK_LIMIT_MIN)
			return cliopt_usage(r, "option -l needs a size from 1k "
			    "to 768M: %s", arg);
		o->limit = (size_t)v;
		return 0;
	case 's':
		o->strip = 1;
		return 0;
	default:
		switch (logopts_take(&o->lo, c, arg, r)) {
		case 1:
			return 0;
		case 0:
			return cliopt_usage(r, "invalid option -%c", c);
		default:
			return -1;
		}
	}
}

int
jopts_parse(struct jopts *o, int argc, char *const argv[],
    struct cliopt *r)
{
	struct nextopt n;
	int c;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	logopts_init(&o->lo);
	o->facility = LOG_DAEMON;
	o->limit = JSINK_LIMIT_DEFAULT;
	nextopt_init(&n, argc, argv, JOURNALOPTS_LETTERS);
	while ((c = nextopt(&n)) != 0) {
		if (c == 'h')
			return cliopt_end(r, CLIOPT_HELP);
		if (c == 'V')
			return cliopt_end(r, CLIOPT_VERSION);
		if (c == ':' || c == '?')
			return cliopt_badopt(r, c, n.opt, "invalid option -%c",
			    0);
		if (take_option(o, c, n.arg, r) < 0)
			return -1;
	}
	if (argc - n.ind > 1)
		return cliopt_usage(r, "too many arguments");
	o->ident = n.ind < argc ? argv[n.ind] : NULL;
	if (o->ident != NULL && *o->ident == '\0')
		return cliopt_usage(r, "empty ident");
	return 0;
}
