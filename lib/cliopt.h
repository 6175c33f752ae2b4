/* cliopt.h: what a program's command-line parser decided, apart from
 * acting on it.
 *
 * Each program's parser fills its own options struct and prints nothing,
 * exits never and touches no file, so that unit tests and fuzzers can
 * call it on any argv. It returns 0 to run, or -1 with a struct cliopt
 * saying why not; the program then calls cliopt_exit(), which does what
 * the programs always did: the usage line, a usage error, a fatal line,
 * each with its exit code (lib/README). */
#ifndef LIB_CLIOPT_H
#define LIB_CLIOPT_H

#include "die.h"

/* As large as die.c's line, so that a message is cut where it was. */
#define CLIOPT_MSG_MAX 4096

enum cliopt_end {
	CLIOPT_RUN,        /* parsed: go on */
	CLIOPT_HELP,       /* -h: the usage line, exit 0 */
	CLIOPT_VERSION,    /* -V: the program's version line, exit 0 */
	CLIOPT_USAGE,      /* die_usage(msg): msg, the usage line, exit 100 */
	CLIOPT_USAGE_LINE, /* "-?": the usage line alone, exit 100 */
	CLIOPT_USAGE_INFO, /* info(msg), the usage line, exit 100 */
	CLIOPT_FATAL       /* die(code, msg), errno err's phrase appended
	                      when err is not 0 */
};

struct cliopt {
	enum cliopt_end end;
	int code; /* CLIOPT_FATAL's exit code */
	int err;  /* CLIOPT_FATAL's errno, or 0 */
	char msg[CLIOPT_MSG_MAX];
};

/* Start with CLIOPT_RUN and no message. */
void cliopt_init(struct cliopt *r);

/* Record an ending: each returns -1, for "return cliopt_usage(...)". */
int cliopt_end(struct cliopt *r, enum cliopt_end end);
int cliopt_usage(struct cliopt *r, const char *fmt, ...) DIE_PRINTF(2, 3);
int cliopt_fatal(struct cliopt *r, int code, int err, const char *fmt, ...)
    DIE_PRINTF(4, 5);

/* nextopt()'s ':' or '?' as most programs word them: "missing argument
 * for option -%c", invalid_fmt with the letter, and "-?" (the usage line
 * alone) when usage_line is set, else invalid_fmt with '?'. */
int cliopt_badopt(struct cliopt *r, int ret, int opt, const char *invalid_fmt,
    int usage_line);

/* Act on r: print what it says and exit with its code. version prints
 * the program's version line for CLIOPT_VERSION (it may exit itself). */
void cliopt_exit(const struct cliopt *r, void (*version)(void))
    DIE_NORETURN;

#endif
