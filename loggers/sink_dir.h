/* sink_dir.h: tinylog's sink (sink.h): batches of lines appended to the
 * log directory's current, which is rotated on size, on time, and on
 * SIGHUP or SIGALRM; the rotation worker (rotation/worker.h) syncs,
 * compresses and prunes the archives off the read path.
 *
 * One write per batch; a batch that fails (disk full) is cut off again,
 * so current never holds half of one; the loop keeps its bytes in the
 * pipe and calls flush again after the sink's deadline (block), or gives
 * them up and counts them (drop). A line never straddles two files: the
 * pieces of a line longer than the input window all go to one. */
#ifndef LOGGERS_SINK_DIR_H
#define LOGGERS_SINK_DIR_H

#include <stddef.h>
#include <stdint.h>

#include "logdir.h"
#include "sink.h"
#include "warnlimit.h"
#include "worker.h"

struct dircfg {
	uint64_t maxsize;    /* -s: rotate before current reaches this */
	uint64_t interval_s; /* -T: rotate on UTC-aligned intervals; 0: no */
	int durable;         /* -y: sync each batch before it is consumed */
	int archive_clean;   /* -r: archive a clean current at start */
	int quiet;           /* -p drop: the loop reports failures */
};

struct dirsink {
	struct logdir dir;
	struct worker worker;
	struct dircfg cfg;
	const char *path;
	int sigfd;
	char *buf;
	size_t len, cap;     /* the batch */
	int lead;            /* buf[0] is a '\n' ending a line cut off */
	int cont;            /* the batch starts inside a line */
	int rotate_first;    /* the batch is to start a new file */
	int rot_wanted;      /* SIGHUP or SIGALRM while a batch waits */
	int64_t batch_us;    /* when the batch's first line was put */
	int64_t retry;       /* monotonic ms: retry a failed step then */
	int64_t fail_since;  /* monotonic ms of the first failure, or 0 */
	struct warnlimit wl;
};

extern const struct sink_ops sink_dir_ops;

/* Open the log directory path (rotation/logdir.h: lock, recovery,
 * current), and start the worker with rc. sigfd is the loop's signal
 * descriptor, watched while waiting for the worker at the end. 0, or -1
 * with errno and s->dir.what naming the failed step. */
int sink_dir_open(struct dirsink *s, const char *path,
    const struct dircfg *cfg, const struct rotcfg *rc, int sigfd);

/* Size the batch buffer for input windows of window bytes: one write per
 * window, stamps included. 0, or -1 with errno. */
int sink_dir_buffer(struct dirsink *s, size_t window);

#endif
