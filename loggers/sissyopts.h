/* sissyopts.h: sissylog's command line (man/sissylog.8), parsed without
 * side effects (lib/cliopt.h) so that tests and fuzzers can call it.
 *
 * One check is left out: that the -T files can be read. sissylog makes
 * it after sissyopts_parse() and before sissyopts_tls_auth(), the order
 * of its messages. */
#ifndef LOGGERS_SISSYOPTS_H
#define LOGGERS_SISSYOPTS_H

#include "cliopt.h"
#include "logopts.h"
#include "sink_syslog.h"

#define SISSYOPTS_USAGE "[-hV] [-bn] [-d dest] [-F format] [-f format] " \
	"[-i regex] [-l bytes] [-m bytes] [-p policy] [-T tls] [-x regex] " \
	"[ident [facility]]"

/* The option letters, for nextopt() (lib/nextopt.h). */
#define SISSYOPTS_LETTERS "hVnd:F:l:T:" LOGOPTS_LETTERS

/* Parse argv into c and o (defaults first; c->ident defaults to
 * die_prog()). -T's value is cut into its items in place, in argv.
 * 0, or -1 with r saying what to do instead of running. The rules of
 * o->filter are o's either way: filter_free() them when o is dropped. */
int sissyopts_parse(struct sink_syslog_conf *c, struct logopts *o,
    int argc, char *const argv[], struct cliopt *r);

/* -T's auth=MODE: 0 when it is one librelp knows (or not given), or -1
 * with the usage error in r. */
int sissyopts_tls_auth(const struct sink_syslog_conf *c, struct cliopt *r);

#endif
