/* tinyopts.h: tinylog's command line (man/tinylog.8), parsed without
 * side effects (lib/cliopt.h) so that tests and fuzzers can call it. */
#ifndef LOGGERS_TINYOPTS_H
#define LOGGERS_TINYOPTS_H

#include "cliopt.h"
#include "logopts.h"
#include "sink_dir.h"

#define TINYOPTS_USAGE "[-hV] [-k numkeep] [-r] [-s logsize] [-t] [-z] " \
	"[-y] [-A age] [-S bytes] [-T interval] [-Z level] " \
	LOGOPTS_SYNOPSIS " dir"

/* The option letters, for nextopt() (lib/nextopt.h). */
#define TINYOPTS_LETTERS "hVk:rs:tzyA:S:T:Z:" LOGOPTS_LETTERS

#define TINYOPTS_SIZE_DEFAULT 100000
#define TINYOPTS_SIZE_MIN 2000
#define TINYOPTS_KEEP_DEFAULT 5
#define TINYOPTS_LEVEL_DEFAULT 6
#define TINYOPTS_INTERVAL_MAX (366 * 86400)  /* -T: at most a year */
#define TINYOPTS_AGE_MAX ((uint64_t)100 * 366 * 86400)

struct tinyopts {
	struct logopts log;
	struct dircfg dir;
	struct rotcfg rot;
	int zip;          /* -z or -Z: compress rotated archives */
	const char *path; /* the log directory */
};

/* Parse argv into o (defaults first). 0, or -1 with r saying what to do
 * instead of running. The rules of o->log.filter are o's either way:
 * filter_free() them when o is dropped. */
int tinyopts_parse(struct tinyopts *o, int argc, char *const argv[],
    struct cliopt *r);

#endif
