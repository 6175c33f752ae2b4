/* tinylog.c: the perp-compatible rotating logger. Options, then the
 * shared loop (loop.h) with the log directory sink (sink_dir.h). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "logopts.h"
#include "loop.h"
#include "parse.h"
#include "sig.h"
#include "sink_dir.h"

#define USAGE "[-hV] [-k numkeep] [-r] [-s logsize] [-t] [-z] [-y] " \
	"[-A age] [-S bytes] [-T interval] [-Z level] " LOGOPTS_SYNOPSIS " dir"

#define SIZE_DEFAULT 100000
#define SIZE_MIN 2000
#define KEEP_DEFAULT 5
#define LEVEL_DEFAULT 6
#define INTERVAL_MAX (366 * 86400)  /* -T: at most a year */
#define AGE_MAX ((uint64_t)100 * 366 * 86400)

struct options {
	struct logopts log;
	struct dircfg dir;
	struct rotcfg rot;
	int zip;
};

static void
version(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%s: version: %s\n", die_prog(),
	    VERSION);

	if (n > 0 && write(2, buf, (size_t)n) < 0)
		exit(EXIT_TEMP);
	exit(EXIT_OK);
}

static uint64_t
number(int c, const char *arg, int sizes)
{
	uint64_t v;
	int rc = sizes ? parse_size(arg, (uint64_t)1 << 62, &v) :
	    parse_uint(arg, (uint64_t)1 << 62, &v);

	if (rc < 0)
		die_usage("numeric argument required for option -%c", c);
	return v;
}

static uint64_t
duration(int c, const char *arg, uint64_t min, uint64_t max)
{
	uint64_t v;

	if (parse_duration(arg, max, &v) < 0 || v < min)
		die_usage("option -%c needs a duration (s, m, h or d) from %llu "
		    "to %llu seconds: %s", c, (unsigned long long)min,
		    (unsigned long long)max, arg);
	return v;
}

/* The options of perp 2.07's tinylog. */
static int
take_compat(struct options *o, int c, const char *arg)
{
	switch (c) {
	case 'h':
		die_usage_line();
		exit(EXIT_OK);
	case 'V':
		version();
		break;
	case 'k':
		o->rot.keep.count = number(c, arg, 0);
		break;
	case 'r':
		o->dir.archive_clean = 1;
		break;
	case 's':
		o->dir.maxsize = number(c, arg, 1);
		if (o->dir.maxsize < SIZE_MIN)
			o->dir.maxsize = SIZE_MIN;
		break;
	case 't':
		o->log.stamp = STAMP_PERP;
		break;
	case 'z':
		o->zip = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* The options this tinylog adds (product.md section 7). */
static void
take(struct options *o, int c, const char *arg)
{
	uint64_t v;

	if (take_compat(o, c, arg) || logopts_take(&o->log, c, arg))
		return;
	switch (c) {
	case 'y':
		o->dir.durable = 1;
		break;
	case 'A':
		o->rot.keep.has_age = 1;
		o->rot.keep.age_us = (int64_t)duration(c, arg, 1, AGE_MAX) *
		    1000000;
		break;
	case 'S':
		o->rot.keep.has_bytes = 1;
		o->rot.keep.bytes = number(c, arg, 1);
		break;
	case 'T':
		o->dir.interval_s = duration(c, arg, 1, INTERVAL_MAX);
		break;
	case 'Z':
		if (parse_uint(arg, 9, &v) < 0 || v < 1)
			die_usage("option -Z needs a compression level from 1 "
			    "to 9: %s", arg);
		o->rot.level = (int)v;
		o->zip = 1;
		break;
	case ':':
		die_usage("missing argument for option -%c", optopt);
	default:
		die_usage("invalid option -%c", optopt);
	}
}

/* -z compresses with zlib, in process; TINYLOG_ZIP, when set, names an
 * external compressor run as perp 2.07 ran it. */
static void
settle(struct options *o)
{
	const char *cmd = getenv("TINYLOG_ZIP");

	o->dir.quiet = o->log.policy == POLICY_DROP;
	if (!o->zip)
		return;
	if (cmd != NULL && *cmd != '\0') {
		o->rot.zip = ZMODE_EXT;
		o->rot.zipcmd = cmd;
	} else
		o->rot.zip = ZMODE_GZ;
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM,
		SIGCHLD, SIGPIPE };
	struct options o;
	struct dirsink s;
	struct logloop L;
	const char *path;
	int c, rc, sigfd;

	die_init(argv[0], DIE_DAEMON, USAGE);
	memset(&o, 0, sizeof o);
	logopts_init(&o.log);
	o.dir.maxsize = SIZE_DEFAULT;
	o.rot.keep.count = KEEP_DEFAULT;
	o.rot.level = LEVEL_DEFAULT;
	while ((c = getopt(argc, argv, "+:hVk:rs:tzyA:S:T:Z:" LOGOPTS_LETTERS))
	    != -1)
		take(&o, c, optarg);
	if (optind >= argc)
		die_usage("missing log directory argument");
	if (optind + 1 < argc)
		die_usage("unexpected argument after the log directory: %s",
		    argv[optind + 1]);
	path = argv[optind];
	settle(&o);
	/* Before the worker thread starts, so that it inherits the mask. */
	sigfd = sig_open(sigs, (int)(sizeof sigs / sizeof sigs[0]));
	if (sigfd < 0)
		die_sys(EXIT_TEMP, "unable to set up signals");
	if (sink_dir_open(&s, path, &o.dir, &o.rot, sigfd) < 0)
		die_sys(EXIT_TEMP, "%s %s", s.dir.what, path);
	info("starting for logging in %s ...", path);
	if (logloop_init(&L, &o.log, &sink_dir_ops, &s, sigfd) < 0)
		die_sys(EXIT_TEMP, "unable to set up standard input");
	if (sink_dir_buffer(&s, L.in.cap) < 0)
		die_sys(EXIT_TEMP, "unable to allocate");
	rc = logloop_run(&L);
	logopts_free(&o.log);
	return rc;
}
