/* die.h: diagnostics in perp's formats and the exit-code contract.
 *
 * This module is the only writer of diagnostics to stderr. See lib/README
 * for the exact formats of the two styles. */
#ifndef LIB_DIE_H
#define LIB_DIE_H

#include <stdarg.h>

/* The exit codes every program in the suite uses, and no others. */
enum {
	EXIT_OK = 0,      /* success */
	EXIT_NOTOK = 1,   /* a check answered "no" (perpok) */
	EXIT_USAGE = 100, /* usage or permanent error */
	EXIT_TEMP = 111   /* temporary or system error */
};

enum die_style {
	DIE_DAEMON, /* "prog[pid]: ...", "warning: prog[pid]: ..." */
	DIE_CLIENT  /* "prog: ...", "prog fatal: ..." */
};

#ifdef __GNUC__
#define DIE_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define DIE_NORETURN __attribute__((noreturn))
#else
#define DIE_PRINTF(a, b)
#define DIE_NORETURN
#endif

/* Set the program name (basename of argv0), the style and the usage
 * synopsis (the part after "usage: prog "). */
void die_init(const char *argv0, enum die_style style, const char *synopsis);

/* The program name as die_init() set it. */
const char *die_prog(void);

/* Print "usage: prog synopsis" to stderr. */
void die_usage_line(void);

/* Print an information line. */
void info(const char *fmt, ...) DIE_PRINTF(1, 2);

/* Print a warning line. */
void warn(const char *fmt, ...) DIE_PRINTF(1, 2);

/* Print a warning line ending in ": <phrase> (<ENAME>)" for errno. */
void warn_sys(const char *fmt, ...) DIE_PRINTF(1, 2);

/* Print a fatal line and exit with code. */
void die(int code, const char *fmt, ...) DIE_PRINTF(2, 3) DIE_NORETURN;

/* Print a fatal line ending in errno's phrase and exit with code. */
void die_sys(int code, const char *fmt, ...) DIE_PRINTF(2, 3) DIE_NORETURN;

/* Print a usage error and the usage line, then exit 100. */
void die_usage(const char *fmt, ...) DIE_PRINTF(1, 2) DIE_NORETURN;

/* Print a line as it is, without the program name: the per-item report
 * lines of perp's clients ("foo: ok", "error: foo: not a directory"). */
void say(const char *fmt, ...) DIE_PRINTF(1, 2);

/* Print the version line, as perp 2.07 worded it: "version: prog 3.0"
 * (die_version, most programs) or "prog: version: 3.0"
 * (die_version_named, tinylog and sissylog). For cliopt_exit(). */
void die_version(void);
void die_version_named(void);

/* Format a diagnostic of kind "info", "warning" or "fatal" into buf
 * (always NUL-terminated, truncated to size); err is an errno value to
 * append, or 0. Returns the length written. Used by the functions above
 * and by tests. */
int die_format(char *buf, int size, const char *kind, int err,
    const char *fmt, va_list ap);

#endif
