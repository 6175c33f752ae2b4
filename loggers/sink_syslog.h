/* sink_syslog.h: the syslog sink of sissylog (sink.h, pipeline.h).
 *
 * Each line becomes one message, or several when it is longer than the
 * fold length: the first piece carries the stamp (if any), the others
 * start with '+' and have the first one's priority, as perp 2.07 does.
 * Empty lines are skipped. The priority comes from the line's prefix
 * (prio.h), the prefix itself stays in the message. The sink sends its own
 * start and end messages as 2.07 did. */
#ifndef LOGGERS_SINK_SYSLOG_H
#define LOGGERS_SINK_SYSLOG_H

#include <stddef.h>

#include "sink.h"
#include "syslogdest.h"
#include "syslogfmt.h"
#include "syslogrelp.h"

#define SINK_SYSLOG_FOLD_DEFAULT 800
#define SINK_SYSLOG_FOLD_MIN 16
#define SINK_SYSLOG_FOLD_MAX 65536

struct sink_syslog_conf {
	struct sysdest dest;
	enum sysfmt_kind format;
	int facility;       /* LOG_DAEMON, ... */
	const char *ident;  /* APP-NAME and TAG */
	size_t fold;        /* line bytes per message */
	int lf;             /* -n: LF framing on streams */
	int drop;           /* the drop policy */
	size_t window;      /* the input window: the longest segment */
	struct sysrelp_tls tls;
};

extern const struct sink_ops sink_syslog_ops;

/* Set up the sink for c (host names are resolved here), and queue the
 * start message. Returns the sink; or NULL with *code EXIT_USAGE (a
 * setting the destination cannot honour: unknown host, fold too long for
 * UDP, ...) or EXIT_TEMP, and why saying what. */
void *sink_syslog_open(const struct sink_syslog_conf *c, int *code,
    char *why, size_t whysize);

/* Start it once signals are blocked (the RELP worker thread inherits the
 * mask). sigfd is the loop's signalfd, watched while draining at the
 * end. 0; or -1 with *code and why as above. */
int sink_syslog_start(void *sink, int sigfd, int *code, char *why,
    size_t whysize);

#endif
