/* loop.h: the event loop every logger runs (pipeline.h). */
#ifndef LOGGERS_LOOP_H
#define LOGGERS_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "gap.h"
#include "input.h"
#include "logopts.h"
#include "sink.h"
#include "stamp.h"
#include "warnlimit.h"

struct logloop {
	const struct logopts *opt;
	const struct sink_ops *ops;
	void *sink;
	int sigfd;

	struct input in;
	struct framer fr;
	struct stamper st;
	size_t pos;          /* window bytes framed so far */
	size_t done;         /* window bytes put or skipped: consumable */
	int skipping;        /* inside a line the filter dropped */
	int pending;         /* a batch was put and is not delivered yet */
	uint64_t batch_lines, batch_bytes;

	int stopping;        /* SIGTERM or SIGINT arrived, or a fatal error */
	int exitcode;        /* EXIT_TEMP after a fatal error, else 0 */
	int down;            /* drop policy: the sink failed, dropping */
	int64_t retry;       /* when a down sink is tried again */
	int64_t tailwait;    /* monotonic us: look again at a partial line */
	int64_t tailstep;    /* us; doubles while the line stays partial */
	struct gap gap;
	int gap_sent;        /* the pending batch carries the gap record */
	char gaptext[512];
	struct warnlimit wl;
};

/* Prepare to log stdin into a sink with the options opt. sigfd is a
 * signalfd (lib/sig.h) for TERM, INT, HUP, ALRM and CHLD. 0, or -1 with
 * errno. */
int logloop_init(struct logloop *L, const struct logopts *opt,
    const struct sink_ops *ops, void *sink, int sigfd);

/* Run until end of input or SIGTERM; returns the exit code. */
int logloop_run(struct logloop *L);

#endif
