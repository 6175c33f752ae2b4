/* toolopts.c: the command lines of perpctl, perpls, perpstat and perpok
 * (perpopts.h), with perp 2.07's words for each mistake. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nextopt.h"
#include "parse.h"
#include "perpopts.h"

/* -h and -V end every tool's options at once. */
static int
common(int c, struct cliopt *r)
{
	if (c == 'h')
		return cliopt_end(r, CLIOPT_HELP);
	if (c == 'V')
		return cliopt_end(r, CLIOPT_VERSION);
	return 0;
}

int
perpctl_opts_parse(struct perpctl_opts *o, int argc, char *const argv[],
    struct cliopt *r)
{
	/* ctl_parse's message is cut where perpctl always cut it. */
	char err[512];
	struct nextopt n;
	int c, g = 0, L = 0;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	nextopt_init(&n, argc, argv, PERPCTL_LETTERS);
	while ((c = nextopt(&n)) != 0) {
		if (common(c, r) < 0)
			return -1;
		if (c == 'b')
			o->base = n.arg;
		else if (c == 'g')
			g = 1;
		else if (c == 'L')
			L = 1;
		else if (c == 'q')
			o->quiet = 1;
		else
			return cliopt_badopt(r, c, n.opt,
			    "invalid option: -%c", 1);
	}
	argv += n.ind;
	if (*argv == NULL) {
		/* 2.07 words this one with a colon after the name. */
		snprintf(r->msg, sizeof r->msg, "usage error: missing "
		    "arguments");
		return cliopt_end(r, CLIOPT_USAGE_INFO);
	}
	if (ctl_parse(&o->req, *argv, L, g, err, sizeof err) < 0)
		return cliopt_usage(r, "%s", err);
	if (*++argv == NULL)
		return cliopt_usage(r, "missing argument: no service(s) "
		    "specified");
	o->sv = argv;
	return 0;
}

static int
perpls_opt(struct perpls_opts *o, const struct nextopt *n, int c,
    struct cliopt *r)
{
	switch (c) {
	case 'b':
		o->base = n->arg;
		break;
	case 'c':
		o->base = ".";
		break;
	case 'G':
	case 'g':
		o->color = o->force = c == 'G';
		break;
	case 'K':
		o->show_caps = 1;
		break;
	case 'j':
		o->json = 1;
		break;
	case 'r':
		o->rev = 1;
		break;
	case 't':
		o->by_time = 1;
		break;
	default:
		return cliopt_badopt(r, c, n->opt, "invalid option -%c", 1);
	}
	return 0;
}

int
perpls_opts_parse(struct perpls_opts *o, int argc, char *const argv[],
    struct cliopt *r)
{
	struct nextopt n;
	int c;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	o->color = 1;
	nextopt_init(&n, argc, argv, PERPLS_LETTERS);
	while ((c = nextopt(&n)) != 0)
		if (common(c, r) < 0 || perpls_opt(o, &n, c, r) < 0)
			return -1;
	o->sv = argv + n.ind;
	return 0;
}

int
perpstat_opts_parse(struct perpstat_opts *o, int argc, char *const argv[],
    struct cliopt *r)
{
	struct nextopt n;
	int c;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	nextopt_init(&n, argc, argv, PERPSTAT_LETTERS);
	while ((c = nextopt(&n)) != 0) {
		if (common(c, r) < 0)
			return -1;
		if (c == 'b')
			o->base = n.arg;
		else if (c == 'j')
			o->json = 1;
		else
			return cliopt_badopt(r, c, n.opt, "invalid option -%c",
			    1);
	}
	o->sv = argv + n.ind;
	if (*o->sv == NULL)
		return cliopt_usage(r, "missing argument");
	return 0;
}

int
perpok_opts_parse(struct perpok_opts *o, int argc, char *const argv[],
    struct cliopt *r)
{
	struct nextopt n;
	int c;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	nextopt_init(&n, argc, argv, PERPOK_LETTERS);
	while ((c = nextopt(&n)) != 0) {
		if (common(c, r) < 0)
			return -1;
		if (c == 'b')
			o->base = n.arg;
		else if (c == 'v')
			o->verbose = 1;
		else if (c != 'u')
			return cliopt_badopt(r, c, n.opt, "invalid option -%c",
			    1);
		else if (parse_uint(n.arg, UINT32_MAX, &o->upsecs) < 0)
			return cliopt_usage(r, "non-numeric argument found "
			    "for option -u %s", n.arg);
	}
	argv += n.ind;
	if (argv[0] == NULL)
		return cliopt_usage(r, "missing argument");
	if (argv[1] != NULL)
		return cliopt_usage(r, "one service only: %s", argv[1]);
	o->sv = argv[0];
	return 0;
}
