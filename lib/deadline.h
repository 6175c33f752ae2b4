/* deadline.h: monotonic time in milliseconds, and poll() timeouts.
 *
 * Every event loop computes its earliest deadline, passes
 * deadline_timeout() to poll(), and compares deadlines with now_ms(). */
#ifndef LIB_DEADLINE_H
#define LIB_DEADLINE_H

#include <stdint.h>

/* A deadline that never comes. */
#define DEADLINE_NEVER INT64_MAX

/* Milliseconds on CLOCK_MONOTONIC (never goes backwards, never jumps). */
int64_t now_ms(void);

/* Microseconds on CLOCK_MONOTONIC, for the rare wait shorter than 1 ms. */
int64_t now_us(void);

/* The earlier of two deadlines. */
int64_t deadline_min(int64_t a, int64_t b);

/* The poll() timeout that wakes at deadline: -1 for DEADLINE_NEVER, 0 when
 * it has passed, else the milliseconds left (capped at INT_MAX). */
int deadline_timeout(int64_t deadline, int64_t now);

#endif
