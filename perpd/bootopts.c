/* bootopts.c: the command lines of perpd, perpboot and perphup
 * (perpopts.h). All three read one optional base directory operand;
 * none has an option perp 2.07 did not. */
#include <stdint.h>
#include <string.h>

#include "nextopt.h"
#include "parse.h"
#include "perpopts.h"

/* The operand at argv[ind] (if any), as the base; or "too many". */
static int
base_operand(const char **base, int argc, char *const argv[], int ind,
    const char *env_base, struct cliopt *r)
{
	if (argc - ind > 1)
		return cliopt_usage(r, "too many arguments");
	*base = ind < argc && argv[ind][0] ? argv[ind] :
	    env_base && *env_base ? env_base : PERPOPTS_BASE_DEFAULT;
	return 0;
}

/* -g: a number, else a group name. */
static int
opt_gid(struct perpd_opts *o, const char *arg, perpopts_group_fn *group,
    struct cliopt *r)
{
	uint64_t v;

	o->has_gid = 1;
	if (parse_uint(arg, (gid_t)-1 - 1, &v) == 0) {
		o->gid = (gid_t)v;
		return 0;
	}
	if (group(arg, &o->gid) < 0)
		return cliopt_usage(r, "no group id found for option -g %s",
		    arg);
	return 0;
}

static int
perpd_opt(struct perpd_opts *o, const struct nextopt *n, int c,
    perpopts_group_fn *group, struct cliopt *r)
{
	switch (c) {
	case 'h':
		return cliopt_end(r, CLIOPT_HELP);
	case 'V':
		return cliopt_end(r, CLIOPT_VERSION);
	case 'a':
		if (parse_uint(n->arg, UINT32_MAX, &o->autoscan) < 0)
			return cliopt_usage(r, "non-numeric argument found "
			    "for option -a: %s", n->arg);
		return 0;
	case 'g':
		return opt_gid(o, n->arg, group, r);
	default:
		return cliopt_badopt(r, c, n->opt, "invalid option -%c", 1);
	}
}

int
perpd_opts_parse(struct perpd_opts *o, int argc, char *const argv[],
    const char *env_base, perpopts_group_fn *group, struct cliopt *r)
{
	struct nextopt n;
	int c;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	nextopt_init(&n, argc, argv, PERPD_LETTERS);
	while ((c = nextopt(&n)) != 0)
		if (perpd_opt(o, &n, c, group, r) < 0)
			return -1;
	if (base_operand(&o->base, argc, argv, n.ind, env_base, r) < 0)
		return -1;
	if (o->base[0] != '/')
		return cliopt_usage(r, "base directory not defined as "
		    "absolute path: %s", o->base);
	return 0;
}

/* perpboot's and perphup's flags: letter a sets *a, b sets *b. */
static int
two_flags(int *a, int *b, const char *spec, int argc, char *const argv[],
    int *ind, struct cliopt *r)
{
	struct nextopt n;
	int c;

	nextopt_init(&n, argc, argv, spec);
	while ((c = nextopt(&n)) != 0) {
		if (c == 'h')
			return cliopt_end(r, CLIOPT_HELP);
		if (c == 'V')
			return cliopt_end(r, CLIOPT_VERSION);
		if (c == spec[2])
			*a = 1;
		else if (c == spec[3])
			*b = 1;
		else
			return cliopt_badopt(r, c, n.opt, "invalid option -%c",
			    1);
	}
	*ind = n.ind;
	return 0;
}

int
perpboot_opts_parse(struct perpboot_opts *o, int argc, char *const argv[],
    const char *env_base, struct cliopt *r)
{
	int ind;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	if (two_flags(&o->detach, &o->noexec, PERPBOOT_LETTERS, argc, argv,
	    &ind, r) < 0)
		return -1;
	return base_operand(&o->base, argc, argv, ind, env_base, r);
}

int
perphup_opts_parse(struct perphup_opts *o, int argc, char *const argv[],
    const char *env_base, struct cliopt *r)
{
	int ind;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	if (two_flags(&o->quiet, &o->term, PERPHUP_LETTERS, argc, argv, &ind,
	    r) < 0)
		return -1;
	return base_operand(&o->base, argc, argv, ind, env_base, r);
}
