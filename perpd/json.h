/* json.h: one service as one JSON object on one line (perpls -j,
 * perpstat -j). The fields are documented in perpls(8); in short:
 *
 *   name, active, state, panel, error, perpd_pid, activated,
 *   activated_at, flags, stop_timeout_ms, main, log
 *
 * with main and log objects holding state, pid, uptime, downtime, since,
 * want, flags, starts, backoff_ms, restart_in_ms and last_exit. Fields a
 * 2.07 perpd cannot tell are null. */
#ifndef PERPD_JSON_H
#define PERPD_JSON_H

#include <stdio.h>
#include <time.h>

#include "svview.h"

/* Write r as one JSON object and a newline. */
void json_service(FILE *out, const struct svreply *r,
    const struct timespec *now);

/* Write s as a JSON string: quotes, escapes, and U+FFFD for each byte
 * that is not part of valid UTF-8. */
void json_string(FILE *out, const char *s);

#endif
