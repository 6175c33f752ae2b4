/* stamp.h: the time stamp put in front of each line (pipeline.h). */
#ifndef LOGGERS_STAMP_H
#define LOGGERS_STAMP_H

#include <stddef.h>
#include <time.h>

enum stamp_fmt {
	STAMP_NONE,
	STAMP_PERP,    /* 20261122T021113.936692: (tinylog -t) */
	STAMP_TAI64N,  /* @400000006b024f4b37d4cb14 */
	STAMP_RFC3339, /* 2026-11-22T02:11:13.936692Z */
	STAMP_LOCAL,   /* 2026-11-22T03:11:13.936692+01:00 */
	STAMP_UNIX     /* 1795313473.936692 */
};

struct stamper {
	enum stamp_fmt fmt;
	char text[48]; /* the prefix, separator included */
	size_t len;    /* 0 when fmt is STAMP_NONE */
};

/* The format named by name ("perp", "tai64n", "rfc3339", "local",
 * "unix"). 0, or -1 with errno EINVAL for an unknown name. */
int stamp_format_byname(const char *name, enum stamp_fmt *fmt);

/* Set the prefix for the instant ts: the stamp, then ": " for perp's
 * format (as tinylog -t writes it) or " " for the others. */
void stamp_set(struct stamper *s, const struct timespec *ts);

/* Set the prefix for the current time (CLOCK_REALTIME). */
void stamp_now(struct stamper *s);

#endif
