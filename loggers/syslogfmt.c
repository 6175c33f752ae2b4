/* syslogfmt.c: syslog headers and line folding (syslogfmt.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "syslogfmt.h"
#include "tai.h"

int
sysfmt_app_ok(const char *app)
{
	size_t n = strlen(app), i;

	if (n == 0 || n > SYSFMT_APP_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (app[i] < 33 || app[i] > 126 || app[i] == ':' ||
		    app[i] == '[' || app[i] == ']')
			return 0;
	return 1;
}

/* Copy a host name, with '_' for what a header field cannot carry. */
static void
set_host(struct sysfmt *f, const char *host)
{
	size_t i;

	for (i = 0; host[i] != '\0' && i < SYSFMT_HOST_MAX; i++) {
		if (f->kind != SYSFMT_5424 && host[i] == '.')
			break;
		f->host[i] = host[i] < 33 || host[i] > 126 ? '_' : host[i];
	}
	f->host[i] = '\0';
	if (i == 0)
		strcpy(f->host, "-");
}

int
sysfmt_init(struct sysfmt *f, enum sysfmt_kind kind, int facility,
    const char *app, const char *host, long pid)
{
	memset(f, 0, sizeof *f);
	if (!sysfmt_app_ok(app)) {
		errno = EINVAL;
		return -1;
	}
	f->kind = kind;
	f->facility = facility;
	strcpy(f->app, app);
	set_host(f, host);
	snprintf(f->procid, sizeof f->procid, "%ld", pid);
	f->sec = (time_t)-1;
	return 0;
}

/* "Nov  2 03:11:13": strftime's "%b %e %T" in the C locale, as glibc's
 * syslog(3) writes it whatever the locale. */
static size_t
stamp3164(char *out, time_t sec)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	if (localtime_r(&sec, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	return (size_t)snprintf(out, 16, "%s %2d %02d:%02d:%02d",
	    months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

/* The time part for ts: formatted once per second; within the same
 * second only the microseconds of a 5424 stamp change. */
static void
set_stamp(struct sysfmt *f, const struct timespec *ts)
{
	long us = ts->tv_nsec / 1000;
	int i;

	if (ts->tv_sec != f->sec || f->stamplen == 0) {
		f->sec = ts->tv_sec;
		f->stamplen = f->kind == SYSFMT_5424 ?
		    stamp_rfc3339_local(f->stamp, ts) :
		    stamp3164(f->stamp, ts->tv_sec);
		return;
	}
	if (f->kind != SYSFMT_5424)
		return;
	/* 2026-11-22T03:11:13.936692+01:00: digits 20 to 25 */
	for (i = 25; i >= 20; i--) {
		f->stamp[i] = (char)('0' + us % 10);
		us /= 10;
	}
}

size_t
sysfmt_header(struct sysfmt *f, int sev, const struct timespec *ts,
    char *out)
{
	int pri = (f->facility & ~7) | (sev & 7), n;

	set_stamp(f, ts);
	switch (f->kind) {
	case SYSFMT_LOCAL:
		n = snprintf(out, SYSFMT_HEADER_MAX + 1, "<%d>%.*s %s: ", pri,
		    (int)f->stamplen, f->stamp, f->app);
		break;
	case SYSFMT_3164:
		n = snprintf(out, SYSFMT_HEADER_MAX + 1, "<%d>%.*s %s %s: ",
		    pri, (int)f->stamplen, f->stamp, f->host, f->app);
		break;
	default:
		n = snprintf(out, SYSFMT_HEADER_MAX + 1,
		    "<%d>1 %.*s %s %s %s - - ", pri, (int)f->stamplen,
		    f->stamp, f->host, f->app, f->procid);
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}

/* The length of the UTF-8 sequence a lead byte announces (1 for ASCII
 * and for bytes that lead nothing). */
static size_t
seqlen(unsigned char b)
{
	if (b >= 0xc2 && b <= 0xdf)
		return 2;
	if (b >= 0xe0 && b <= 0xef)
		return 3;
	if (b >= 0xf0 && b <= 0xf4)
		return 4;
	return 1;
}

size_t
sysfmt_cut(const char *p, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	if (n <= max)
		return n;
	if ((u[max] & 0xc0) != 0x80)
		return max;
	/* p[max] continues a sequence: find its lead byte, at most three
	 * bytes back, and cut before it if the sequence crosses the cut. */
	for (i = max; i > 0 && max - i < 3; i--) {
		if ((u[i - 1] & 0xc0) == 0x80)
			continue;
		if (i - 1 > 0 && (i - 1) + seqlen(u[i - 1]) > max)
			return i - 1;
		break;
	}
	return max;
}
