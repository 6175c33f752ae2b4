/* journalopts.h: journalog's command line (man/journalog.8), parsed
 * without side effects (lib/cliopt.h) so that tests and fuzzers can
 * call it. */
#ifndef LOGGERS_JOURNALOPTS_H
#define LOGGERS_JOURNALOPTS_H

#include <stddef.h>

#include "cliopt.h"
#include "journalfields.h"
#include "logopts.h"

#define JOURNALOPTS_USAGE "[-hV] [-bs] [-e key=value] [-F facility] " \
	"[-f format] [-i regex] [-l bytes] [-m bytes] [-p policy] " \
	"[-x regex] [ident]"

/* The option letters, for nextopt() (lib/nextopt.h). */
#define JOURNALOPTS_LETTERS "hV" LOGOPTS_LETTERS "e:F:l:s"

struct jopts {
	struct logopts lo;
	const char *extra[JF_EXTRA_MAX]; /* -e KEY=VALUE, checked */
	size_t nextra;
	int facility;      /* -F, syslog(3)'s encoding */
	int strip;         /* -s */
	size_t limit;      /* -l */
	const char *ident; /* the operand, or NULL */
};

/* Parse argv into o (defaults first). 0, or -1 with r saying what to do
 * instead of running. The rules of o->lo.filter are o's either way:
 * filter_free() them when o is dropped. */
int jopts_parse(struct jopts *o, int argc, char *const argv[],
    struct cliopt *r);

#endif
