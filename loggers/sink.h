/* sink.h: what the loop asks of a sink (pipeline.h). The set is closed:
 * sink_dir (tinylog), sink_syslog (sissylog), sink_journal (journalog).
 *
 * The loop puts the segments of a batch, then flushes. Only when flush
 * returns 0 does the loop consume those bytes from stdin; so whatever a
 * sink has not delivered when the logger dies is read again by the next
 * one. */
#ifndef LOGGERS_SINK_H
#define LOGGERS_SINK_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "pipeline.h"

enum finish_how {
	FINISH_EOF, /* input ended: deliver everything, sync, close */
	FINISH_TERM /* SIGTERM: give up what is pending, close cleanly, now */
};

struct sink_ops {
	/* Add a segment to the batch; stamp (stamplen bytes, may be 0) goes
	 * in front of a line's first segment. sg->p stays valid until the
	 * batch is delivered or discarded, so a sink may point into it
	 * rather than copy. 0, or -1 with errno ENOBUFS when the batch is
	 * full: the loop flushes and puts the segment again. */
	int (*put)(void *sink, const struct seg *sg, const char *stamp,
	    size_t stamplen);

	/* Deliver the batch. 0 when all of it is delivered (written,
	 * sent, acknowledged: what the sink promises); -1 with errno
	 * EINPROGRESS when delivery goes on (call again after the sink's
	 * descriptor or deadline fires); -1 with another errno when it
	 * failed: the batch is kept, and the sink's deadline says when to
	 * try again. */
	int (*flush)(void *sink);

	/* Forget the batch (the drop policy gave up on it). */
	void (*discard)(void *sink);

	/* The descriptor and events the sink waits for: 1 with *p set,
	 * or 0 when it waits for none. */
	int (*pollfd)(void *sink, struct pollfd *p);

	/* When the sink next wants tick(): a monotonic ms deadline, or
	 * DEADLINE_NEVER. */
	int64_t (*deadline)(void *sink);

	/* Make progress: reconnect, read acknowledgements, retry, rotate
	 * on time. revents are those of the sink's descriptor (0 if none). */
	void (*tick)(void *sink, int64_t now, short revents);

	/* A signal for the sink: SIGHUP, SIGALRM, SIGCHLD. */
	void (*signal)(void *sink, int sig);

	/* Close. Returns the program's exit code. */
	int (*finish)(void *sink, enum finish_how how);
};

#endif
