/* worker.h: the slow half of rotation, in a thread of its own so that
 * intake never waits for it. The directory itself is the work queue:
 * every pass reads it and
 *   - syncs each ".t" archive and renames it ".s" (then syncs the dir),
 *   - removes what a crash left: a "zipped" no job is writing, and an
 *     archive whose compressed copy is complete,
 *   - applies retention (count, total bytes, age; oldest first),
 *   - picks the oldest uncompressed archive to compress (-z), which then
 *     goes a chunk at a time, between passes.
 * A pass runs at start (crash recovery), after each rotation, after each
 * compression and at least hourly (age retention). With compression on,
 * the syncing of ".t" archives is left to a syncer thread (syncer.h) so
 * that it overlaps compressing; its passes are followed by the worker's. Memory stays bounded:
 * when compression falls behind, archives wait on disk, uncompressed.
 *
 * The writer talks to the worker only through the calls below; SIGCHLD
 * (the TINYLOG_ZIP child exiting) arrives at the writer's signal
 * descriptor and is passed on with worker_child(). */
#ifndef ROTATION_WORKER_H
#define ROTATION_WORKER_H

#include <pthread.h>
#include <stdint.h>

#include "dirpass.h"
#include "dirscan.h"
#include "syncer.h"
#include "zjob.h"

struct worker {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Requests, under mu. */
	int kicked, child, draining, stopping;
	int donefd;           /* eventfd: readable once the thread ended */
	int started;
	/* The thread's own. */
	int dirfd;
	struct rotcfg cfg;
	struct dirscan scan;
	struct zjob job;
	struct arch_entry next;  /* the next archive to compress */
	int has_next;
	int64_t skip_upto;       /* archives up to this time failed to compress */
	int64_t hourly;          /* monotonic ms of the next pass regardless
	                          * (under mu; 0 until the first pass ends) */
	struct syncer sync;      /* with compression on */
	int sync_ended;          /* under mu: the syncer's last pass is over */
};

/* Start the worker on the directory dirfd (duplicated) with cfg (copied).
 * It begins with a pass. 0, or -1 with errno. */
int worker_start(struct worker *w, int dirfd, const struct rotcfg *cfg);

/* A rotation happened: a pass is due. */
void worker_kick(struct worker *w);

/* SIGCHLD arrived: look at the compressor child. */
void worker_child(struct worker *w);

/* End of input: finish every pending step (sync, retention and
 * compression), then end; worker_donefd() becomes readable. */
void worker_drain(struct worker *w);

/* Stop as soon as possible, leaving any compression for the next start
 * (its temporary file removed). worker_donefd() becomes readable. */
void worker_stop(struct worker *w);

/* The descriptor that becomes readable once the worker has ended. */
int worker_donefd(const struct worker *w);

/* Wait for the ended thread and release everything. */
void worker_join(struct worker *w);

#endif
