/* prio.h: the priority a line announces at its start (pipeline.h). */
#ifndef LOGGERS_PRIO_H
#define LOGGERS_PRIO_H

#include <stddef.h>

/* The syslog severity (0 emerg .. 7 debug) announced by the start of the
 * line p (n bytes), or -1 when it announces none (callers use LOG_INFO).
 * Recognised, case-insensitively: "emerg:" "alert:" "crit:" "err:"
 * "error:" "warning:" "notice:" "info:" "debug:", and sd-daemon's "<N>"
 * with N from 0 to 7. *prefix receives the length of the marker itself
 * (for stripping it; 0 when there is none). */
int prio_parse(const char *p, size_t n, size_t *prefix);

/* The number of a syslog facility given by name ("daemon", "LOG_LOCAL3",
 * case-insensitive, with or without "LOG_"), in syslog(3)'s encoding
 * (LOG_DAEMON = 3 << 3); -1 when unknown. */
int prio_facility(const char *name);

#endif
