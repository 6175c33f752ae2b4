/* logdir.h: the log directory as the writing side sees it: opening and
 * locking it, recovering from a crash, appending batches to current and
 * rotating current into an archive. Everything here is quick (no fsync
 * of old files, no compression): the worker (worker.h) does the slow part
 * off the read path.
 *
 * Files (perp 2.07's layout):
 *   tinylog.pid  fcntl-locked pid file: one writer per directory
 *   current      the file being written: mode 0644 while open, 0744 once
 *                closed cleanly (synced, every batch whole)
 *   _T.K[.gz|.Z] archives, see archname.h
 *   previous     perp 2.07's transient rotation name (recovered here)
 *   zipped       a compression's temporary output (removed by the worker)
 *
 * Recovery at open: a 2.07 "previous" becomes an archive (or is dropped
 * when it is already linked to one); a current without the owner-exec bit
 * was not closed cleanly: what it holds beyond its commit mark is cut off
 * (commitmark.h), and the rest becomes a ".u" archive (when not empty); a
 * clean current is appended to, or archived first with -r. Archives
 * rotated but not yet synced (".t") are the worker's. */
#ifndef ROTATION_LOGDIR_H
#define ROTATION_LOGDIR_H

#include <stddef.h>
#include <stdint.h>

#include "commitmark.h"

#define LOGDIR_LOCK "tinylog.pid"
#define LOGDIR_CURRENT "current"

struct logdir {
	int dirfd;          /* the directory, for *at() calls */
	int lockfd;         /* holds the lock on tinylog.pid */
	int fd;             /* current, or -1 between a rotation's steps */
	uint64_t size;      /* bytes in current */
	int64_t first_us;   /* when current's first line came (size > 0) */
	int64_t newest_us;  /* the newest archive name's time */
	int midline;        /* current ends inside a line (no '\n' last) */
	int torn;           /* a failed write could not be cut off yet */
	int dirsync;        /* a durable rotation still has to sync the dir */
	int mark;           /* commit marks are recorded (commitmark.h) */
	char boot[CMARK_BOOT];
	uint64_t cut;       /* bytes recovery cut off a crashed current */
	const char *what;   /* after a failure: the step, for messages */
};

/* Create (one level, mode 0700 as perp) and lock the directory path,
 * recover what a crash left, and open current. archive_clean: archive a
 * cleanly closed current instead of appending to it (-r). 0, or -1 with
 * errno and d->what naming the step that failed, to be followed by the
 * directory's name in a message. */
int logdir_open(struct logdir *d, const char *path, int archive_clean);

/* Append len bytes, lines read at when_us (UTC microseconds), to current
 * with one write, synced first when durable, then commit-marked (before
 * returning: their input may be consumed then). On failure nothing of
 * them stays in current (a short write is cut off again). 0, or -1 with
 * errno. */
int logdir_append(struct logdir *d, const char *buf, size_t len,
    int64_t when_us, int durable);

/* Rotate: current becomes a ".t" archive and a new, empty current is
 * opened. Each of the two steps can fail and be retried by calling again
 * (d->fd < 0 after the first succeeded). With durable, the directory is
 * synced before a new current is used. 0, or -1 with errno. */
int logdir_rotate(struct logdir *d, int durable);

/* Close current: sync it and, when that worked and clean is set, give it
 * the owner-exec bit (0744) that says so. 0, or -1 with errno. */
int logdir_close(struct logdir *d, int clean);

#endif
