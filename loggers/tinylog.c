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

#define USAGE "[-hV] [-k numkeep] [-r] [-s logsize] [-t] [-z] " \
	LOGOPTS_SYNOPSIS " dir"

#define SIZE_DEFAULT 100000
#define SIZE_MIN 2000
#define KEEP_DEFAULT 5
#define ZIP_DEFAULT "/usr/bin/gzip"

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

static void
take(struct options *o, int c, const char *arg)
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
	case ':':
		die_usage("missing argument for option -%c", optopt);
	default:
		if (!logopts_take(&o->log, c, arg))
			die_usage("invalid option -%c", optopt);
	}
}

/* TINYLOG_ZIP, when set, names the compressor; perp 2.07's default
 * otherwise. */
static void
settle(struct options *o)
{
	const char *cmd = getenv("TINYLOG_ZIP");

	if (!o->zip)
		return;
	o->rot.zip = ZMODE_EXT;
	o->rot.zipcmd = cmd != NULL && *cmd != '\0' ? cmd : ZIP_DEFAULT;
	o->dir.quiet = o->log.policy == POLICY_DROP;
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
	int c, sigfd;

	die_init(argv[0], DIE_DAEMON, USAGE);
	memset(&o, 0, sizeof o);
	logopts_init(&o.log);
	o.dir.maxsize = SIZE_DEFAULT;
	o.rot.keep.count = KEEP_DEFAULT;
	while ((c = getopt(argc, argv, "+:hVk:rs:tz" LOGOPTS_LETTERS)) != -1)
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
	return logloop_run(&L);
}
