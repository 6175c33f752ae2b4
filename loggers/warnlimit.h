/* warnlimit.h: rate-limited warnings for conditions that persist (a full
 * disk, a server that is down): the first one at once, then at most one per
 * interval, saying how many were held back. */
#ifndef LOGGERS_WARNLIMIT_H
#define LOGGERS_WARNLIMIT_H

#include <stdint.h>

struct warnlimit {
	int64_t next;        /* monotonic ms before which warnings are held */
	unsigned suppressed; /* held back since the last one printed */
};

/* Whether a warning may be printed now (interval_ms after the last one);
 * when it may, *held receives how many were held back meanwhile. */
int warnlimit_ok(struct warnlimit *w, int64_t interval_ms, unsigned *held);

/* The condition is over: the next warning prints at once. */
void warnlimit_reset(struct warnlimit *w);

#endif
