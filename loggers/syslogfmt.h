/* syslogfmt.h: syslog messages as bytes, for sink_syslog.c (pipeline.h).
 *
 *   local    <PRI>Mmm dd hh:mm:ss APP: MSG           what glibc's syslog(3)
 *                                                     sends to /dev/log
 *   rfc3164  <PRI>Mmm dd hh:mm:ss HOST APP: MSG      RFC 3164 on the network
 *   rfc5424  <PRI>1 TIMESTAMP HOST APP PROCID - - MSG
 *
 * 3164 times are local time to the second (the day padded with a space,
 * English month names); the 5424 TIMESTAMP is RFC 3339 local time with
 * microseconds and the offset. HOST is the short host name in 3164 and
 * the full one in 5424; PROCID is sissylog's pid. MSGID and
 * STRUCTURED-DATA are "-", and MSG carries no BOM: a line is not always
 * UTF-8. Everything here is pure (no I/O) and unit-tested. */
#ifndef LOGGERS_SYSLOGFMT_H
#define LOGGERS_SYSLOGFMT_H

#include <stddef.h>
#include <time.h>

enum sysfmt_kind {
	SYSFMT_LOCAL,
	SYSFMT_3164,
	SYSFMT_5424
};

#define SYSFMT_APP_MAX 48   /* RFC 5424 APP-NAME */
#define SYSFMT_HOST_MAX 255 /* RFC 5424 HOSTNAME */
#define SYSFMT_PROCID_MAX 20
/* "<191>1 " TIMESTAMP SP HOST SP APP SP PROCID " - - " */
#define SYSFMT_HEADER_MAX (7 + 32 + 1 + SYSFMT_HOST_MAX + 1 + \
	SYSFMT_APP_MAX + 1 + SYSFMT_PROCID_MAX + 5)

struct sysfmt {
	enum sysfmt_kind kind;
	int facility; /* syslog(3)'s encoding: LOG_DAEMON is 3 << 3 */
	char host[SYSFMT_HOST_MAX + 1];
	char app[SYSFMT_APP_MAX + 1];
	char procid[SYSFMT_PROCID_MAX + 1];
	/* The time part, formatted once per second. */
	time_t sec;
	char stamp[40];
	size_t stamplen;
};

/* Whether app may be an APP-NAME and a 3164 TAG: 1 to 48 printable
 * ASCII characters, none of them a space, ':', '[' or ']'. */
int sysfmt_app_ok(const char *app);

/* Set f up. host is the machine's name (gethostname); characters that a
 * header cannot carry become '_', and 3164 keeps the part before the
 * first '.'. 0, or -1 with errno EINVAL when app is not sysfmt_app_ok. */
int sysfmt_init(struct sysfmt *f, enum sysfmt_kind kind, int facility,
    const char *app, const char *host, long pid);

/* Write the header of a message of severity sev (0..7) sent at ts into
 * out (room for SYSFMT_HEADER_MAX bytes): everything before MSG,
 * including the separator. Returns its length. */
size_t sysfmt_header(struct sysfmt *f, int sev, const struct timespec *ts,
    char *out);

/* The length of the next piece of a line of n bytes when pieces hold at
 * most max bytes (max > 0): n when it fits, else max, or less so that a
 * UTF-8 sequence is not cut in two (never 0). */
size_t sysfmt_cut(const char *p, size_t n, size_t max);

#endif
