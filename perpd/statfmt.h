/* statfmt.h: perpstat's report, perp 2.07's text blocks:
 *
 *     foo: activated 6 seconds[, deactivation in progress][, flagged for reactivation]
 *       main: up 6 seconds (pid 11204)
 *        log: up 6 seconds (pid 11203)
 *
 * with two fixes: a sub-service that never ran says "down, never
 * started" (2.07 printed about 4.6e18 seconds), and a restart that waits
 * out a back-off says so: ", restart in 3 seconds (back-off 8 seconds)". */
#ifndef PERPD_STATFMT_H
#define PERPD_STATFMT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "svview.h"

/* Write the block of a service perpd answered for (kind SV_STATUS), or
 * "<sv>: not activated" for SV_INACTIVE. */
void statfmt_block(FILE *out, const struct svreply *r,
    const struct timespec *now);

/* Write the state of one sub-service, the text after "main: ". */
void statfmt_sub(FILE *out, const struct svstatus *st, int log,
    const struct timespec *now);

/* The stderr line for an SV_ERROR reply (no newline), NUL-terminated and
 * truncated to size; "" for SVE_CONNECT, which is fatal instead. */
void statfmt_error(char *buf, size_t size, const struct svreply *r);

/* A duration in milliseconds as perpstat prints it in seconds: "8",
 * "1.5", "0.25". */
void statfmt_ms(char *buf, size_t size, uint32_t ms);

#endif
