/* logopts.h: the options tinylog, sissylog and journalog share
 * (product.md section 7):
 *   -i regex   include lines matching (repeatable, in order with -x)
 *   -x regex   exclude lines matching (repeatable)
 *   -m bytes   how much of each line the filters see (default 8192)
 *   -f format  stamp: perp, tai64n, rfc3339, local, unix
 *   -p policy  block (default) or drop
 *   -b         raw: keep every byte, no '?' for control bytes */
#ifndef LOGGERS_LOGOPTS_H
#define LOGGERS_LOGOPTS_H

#include <stddef.h>

#include "cliopt.h"
#include "filter.h"
#include "gap.h"
#include "stamp.h"

/* The nextopt(3) letters of the shared options, to include in a
 * program's option string (lib/nextopt.h). */
#define LOGOPTS_LETTERS "i:x:m:f:p:b"

/* The synopsis fragment for usage lines and man pages. */
#define LOGOPTS_SYNOPSIS "[-b] [-f format] [-i regex] [-m bytes] " \
	"[-p policy] [-x regex]"

#define LOGOPTS_LOOK_DEFAULT 8192
#define LOGOPTS_LOOK_MAX (1 << 20)

struct logopts {
	struct filter filter;
	enum stamp_fmt stamp;
	enum policy policy;
	int raw;
};

/* Defaults: no filter, no stamp, block, sanitize. */
void logopts_init(struct logopts *o);

/* Take option c with argument arg when it is a shared one: returns 1 if
 * it was, 0 if c is not a shared option, -1 with r filled for a bad value
 * (a usage error) or a rule that could not be stored (111). */
int logopts_take(struct logopts *o, int c, const char *arg,
    struct cliopt *r);

/* Release what the options hold (the filter's rules), at the end. */
void logopts_free(struct logopts *o);

#endif
