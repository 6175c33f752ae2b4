/* cliopt.c: a parser's decision (cliopt.h), and acting on it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cliopt.h"

void
cliopt_init(struct cliopt *r)
{
	r->end = CLIOPT_RUN;
	r->code = EXIT_OK;
	r->err = 0;
	r->msg[0] = '\0';
}

int
cliopt_end(struct cliopt *r, enum cliopt_end end)
{
	r->end = end;
	return -1;
}

int
cliopt_usage(struct cliopt *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->end = CLIOPT_USAGE;
	return -1;
}

int
cliopt_fatal(struct cliopt *r, int code, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->end = CLIOPT_FATAL;
	r->code = code;
	r->err = err;
	return -1;
}

int
cliopt_badopt(struct cliopt *r, int ret, int opt, const char *invalid_fmt,
    int usage_line)
{
	if (ret == ':')
		return cliopt_usage(r, "missing argument for option -%c", opt);
	if (opt == '?' && usage_line)
		return cliopt_end(r, CLIOPT_USAGE_LINE);
	return cliopt_usage(r, invalid_fmt, opt);
}

void
cliopt_exit(const struct cliopt *r, void (*version)(void))
{
	switch (r->end) {
	case CLIOPT_HELP:
		die_usage_line();
		exit(EXIT_OK);
	case CLIOPT_VERSION:
		version();
		exit(EXIT_OK);
	case CLIOPT_USAGE:
		die_usage("%s", r->msg);
	case CLIOPT_USAGE_INFO:
		info("%s", r->msg);
		/* fall through */
	case CLIOPT_USAGE_LINE:
		die_usage_line();
		exit(EXIT_USAGE);
	case CLIOPT_FATAL:
		if (r->err == 0)
			die(r->code, "%s", r->msg);
		errno = r->err;
		die_sys(r->code, "%s", r->msg);
	case CLIOPT_RUN:
		break;
	}
	/* Not an ending: a caller's mistake, not the user's. */
	die(EXIT_TEMP, "internal error: no reason to stop given");
}
