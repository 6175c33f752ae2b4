/* logopts.c: parsing the options all three loggers share. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "logopts.h"
#include "parse.h"

void
logopts_init(struct logopts *o)
{
	memset(o, 0, sizeof *o);
	filter_init(&o->filter, LOGOPTS_LOOK_DEFAULT);
	o->stamp = STAMP_NONE;
	o->policy = POLICY_BLOCK;
}

static int
take_rule(struct logopts *o, int include, const char *arg,
    struct cliopt *r)
{
	char err[256];

	if (filter_add(&o->filter, include, arg, err, sizeof err) == 0)
		return 1;
	if (errno == ENOMEM)
		return cliopt_fatal(r, EXIT_TEMP, ENOMEM,
		    "unable to store rule");
	return cliopt_usage(r, "invalid regular expression for option -%c: "
	    "%s: %s", include ? 'i' : 'x', arg, err);
}

int
logopts_take(struct logopts *o, int c, const char *arg, struct cliopt *r)
{
	uint64_t v;

	switch (c) {
	case 'i':
	case 'x':
		return take_rule(o, c == 'i', arg, r);
	case 'm':
		if (parse_size(arg, LOGOPTS_LOOK_MAX, &v) < 0 || v == 0)
			return cliopt_usage(r, "option -m needs a size from 1 "
			    "to 1M: %s", arg);
		o->filter.look = (size_t)v;
		return 1;
	case 'f':
		if (stamp_format_byname(arg, &o->stamp) < 0)
			return cliopt_usage(r, "unknown stamp format for "
			    "option -f: %s (perp, tai64n, rfc3339, local, "
			    "unix)", arg);
		return 1;
	case 'p':
		if (strcmp(arg, "block") == 0)
			o->policy = POLICY_BLOCK;
		else if (strcmp(arg, "drop") == 0)
			o->policy = POLICY_DROP;
		else
			return cliopt_usage(r, "unknown policy for option -p: "
			    "%s (block, drop)", arg);
		return 1;
	case 'b':
		o->raw = 1;
		return 1;
	default:
		return 0;
	}
}

void
logopts_free(struct logopts *o)
{
	filter_free(&o->filter);
}
