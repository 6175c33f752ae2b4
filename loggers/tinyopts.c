/* tinyopts.c: tinylog's command line (tinyopts.h). The options of perp
 * 2.07's tinylog, those this one adds, then the one directory operand. */
#include <stdint.h>
#include <string.h>

#include "nextopt.h"
#include "parse.h"
#include "tinyopts.h"

/* -k, -s and -S: 0 and the value in *v, or -1 with the usage error. */
static int
number(struct cliopt *r, int c, const char *arg, int sizes, uint64_t *v)
{
	int rc = sizes ? parse_size(arg, (uint64_t)1 << 62, v) :
	    parse_uint(arg, (uint64_t)1 << 62, v);

	if (rc < 0)
		return cliopt_usage(r, "numeric argument required for "
		    "option -%c", c);
	return 0;
}

static int
duration(struct cliopt *r, int c, const char *arg, uint64_t max,
    uint64_t *v)
{
	if (parse_duration(arg, max, v) < 0 || *v < 1)
		return cliopt_usage(r, "option -%c needs a duration (s, m, h "
		    "or d) from %llu to %llu seconds: %s", c, 1ULL,
		    (unsigned long long)max, arg);
	return 0;
}

/* The options of perp 2.07's tinylog: 1 when c is one (taken, or -1
 * with r set), 0 when it is not. */
static int
take_compat(struct tinyopts *o, int c, const char *arg, struct cliopt *r)
{
	switch (c) {
	case 'h':
		return cliopt_end(r, CLIOPT_HELP);
	case 'V':
		return cliopt_end(r, CLIOPT_VERSION);
	case 'k':
		return number(r, c, arg, 0, &o->rot.keep.count) < 0 ? -1 : 1;
	case 'r':
		o->dir.archive_clean = 1;
		return 1;
	case 's':
		if (number(r, c, arg, 1, &o->dir.maxsize) < 0)
			return -1;
		if (o->dir.maxsize < TINYOPTS_SIZE_MIN)
			o->dir.maxsize = TINYOPTS_SIZE_MIN;
		return 1;
	case 't':
		o->log.stamp = STAMP_PERP;
		return 1;
	case 'z':
		o->zip = 1;
		return 1;
	default:
		return 0;
	}
}

/* The options this tinylog adds (product.md section 7): 0 or -1. */
static int
take_more(struct tinyopts *o, int c, const char *arg, struct cliopt *r)
{
	uint64_t v;

	switch (c) {
	case 'y':
		o->dir.durable = 1;
		return 0;
	case 'A':
		if (duration(r, c, arg, TINYOPTS_AGE_MAX, &v) < 0)
			return -1;
		o->rot.keep.has_age = 1;
		o->rot.keep.age_us = (int64_t)v * 1000000;
		return 0;
	case 'S':
		o->rot.keep.has_bytes = 1;
		return number(r, c, arg, 1, &o->rot.keep.bytes);
	case 'T':
		return duration(r, c, arg, TINYOPTS_INTERVAL_MAX,
		    &o->dir.interval_s);
	case 'Z':
		if (parse_uint(arg, 9, &v) < 0 || v < 1)
			return cliopt_usage(r, "option -Z needs a compression "
			    "level from 1 to 9: %s", arg);
		o->rot.level = (int)v;
		o->zip = 1;
		return 0;
	default:
		return cliopt_usage(r, "invalid option -%c", c);
	}
}

static int
take(struct tinyopts *o, struct nextopt *n, int c, struct cliopt *r)
{
	int rc = take_compat(o, c, n->arg, r);

	if (rc == 0)
		rc = logopts_take(&o->log, c, n->arg, r);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (c == ':' || c == '?')
		return cliopt_badopt(r, c, n->opt, "invalid option -%c", 0);
	return take_more(o, c, n->arg, r);
}

int
tinyopts_parse(struct tinyopts *o, int argc, char *const argv[],
    struct cliopt *r)
{
	struct nextopt n;
	int c;

	memset(o, 0, sizeof *o);
	cliopt_init(r);
	logopts_init(&o->log);
	o->dir.maxsize = TINYOPTS_SIZE_DEFAULT;
	o->rot.keep.count = TINYOPTS_KEEP_DEFAULT;
	o->rot.level = TINYOPTS_LEVEL_DEFAULT;
	nextopt_init(&n, argc, argv, TINYOPTS_LETTERS);
	while ((c = nextopt(&n)) != 0)
		if (take(o, &n, c, r) < 0)
			return -1;
	if (n.ind >= argc)
		return cliopt_usage(r, "missing log directory argument");
	if (n.ind + 1 < argc)
		return cliopt_usage(r, "unexpected argument after the log "
		    "directory: %s", argv[n.ind + 1]);
	o->path = argv[n.ind];
	return 0;
}
