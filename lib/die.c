/* die.c: the one writer of diagnostics, in perp's formats (lib/README). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "errstr.h"

static const char *prog = "?";
static const char *usage_synopsis = "";
static enum die_style style = DIE_DAEMON;
static long pid;

void
die_init(const char *argv0, enum die_style s, const char *synopsis)
{
	const char *slash;

	if (argv0 != NULL && *argv0 != '\0') {
		slash = strrchr(argv0, '/');
		prog = slash ? slash + 1 : argv0;
	}
	style = s;
	usage_synopsis = synopsis ? synopsis : "";
	/* Cached on purpose: a forked child reports with its parent's pid,
	 * as perp does, so that its lines group with the parent's. */
	pid = (long)getpid();
}

const char *
die_prog(void)
{
	return prog;
}

/* Append at most the remaining room; keep buf NUL-terminated. */
static int
append(char *buf, int size, int len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len >= size - 1)
		return len;
	va_start(ap, fmt);
	n = vsnprintf(buf + len, (size_t)(size - len), fmt, ap);
	va_end(ap);
	if (n < 0)
		return len;
	return len + n >= size ? size - 1 : len + n;
}

int
die_format(char *buf, int size, const char *kind, int err, const char *fmt,
    va_list ap)
{
	int len = 0, n;

	if (size <= 0)
		return 0;
	buf[0] = '\0';
	if (style == DIE_DAEMON) {
		if (strcmp(kind, "info") == 0)
			len = append(buf, size, len, "%s[%ld]: ", prog, pid);
		else if (strcmp(kind, "warning") == 0)
			len = append(buf, size, len, "warning: %s[%ld]: ",
			    prog, pid);
		else
			len = append(buf, size, len, "error: %s[%ld]: %s: ",
			    prog, pid, kind);
	} else {
		if (strcmp(kind, "info") == 0)
			len = append(buf, size, len, "%s: ", prog);
		else if (strcmp(kind, "warning") == 0)
			len = append(buf, size, len, "%s: warning: ", prog);
		else
			len = append(buf, size, len, "%s %s: ", prog, kind);
	}
	if (len < size - 1) {
		n = vsnprintf(buf + len, (size_t)(size - len), fmt, ap);
		if (n > 0)
			len = len + n >= size ? size - 1 : len + n;
	}
	if (err != 0)
		len = append(buf, size, len, ": %s (%s)", errstr_phrase(err),
		    errstr_name(err));
	return len;
}

/* Format and write one line with a single write(2), so that lines from
 * several processes sharing stderr never interleave. */
static void
emit(const char *kind, int err, const char *fmt, va_list ap)
{
	char buf[4096];
	int len, saved = errno;
	ssize_t w;

	len = die_format(buf, (int)sizeof buf - 1, kind, err, fmt, ap);
	buf[len++] = '\n';
	do
		w = write(2, buf, (size_t)len);
	while (w < 0 && errno == EINTR);
	errno = saved;
}

void
say(const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int len, saved = errno;
	ssize_t w;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if (len > (int)sizeof buf - 2)
		len = (int)sizeof buf - 2;
	buf[len++] = '\n';
	do
		w = write(2, buf, (size_t)len);
	while (w < 0 && errno == EINTR);
	errno = saved;
}

void
die_usage_line(void)
{
	char buf[4096];
	int len;
	ssize_t w;

	len = snprintf(buf, sizeof buf, "usage: %s %s\n", prog,
	    usage_synopsis);
	if (len < 0)
		return;
	if (len >= (int)sizeof buf)
		len = (int)sizeof buf - 1;
	do
		w = write(2, buf, (size_t)len);
	while (w < 0 && errno == EINTR);
}

void
info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("info", 0, fmt, ap);
	va_end(ap);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("warning", 0, fmt, ap);
	va_end(ap);
}

void
warn_sys(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	emit("warning", err, fmt, ap);
	va_end(ap);
	errno = err;
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("fatal", 0, fmt, ap);
	va_end(ap);
	exit(code);
}

void
die_sys(int code, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	emit("fatal", err, fmt, ap);
	va_end(ap);
	exit(code);
}

void
die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("usage error", 0, fmt, ap);
	va_end(ap);
	die_usage_line();
	exit(EXIT_USAGE);
}

void
die_version(void)
{
	say("version: %s %s", die_prog(), VERSION);
}

void
die_version_named(void)
{
	say("%s: version: %s", die_prog(), VERSION);
}
