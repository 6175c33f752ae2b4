/* syncer.h: with compression on, the syncing of rotated archives gets a
 * thread of its own beside the rotation worker's (worker.h). Each pass
 * reads the directory and turns every ".t" into ".s": fsync, rename,
 * then one fsync of the directory. Waiting for the disk then overlaps
 * compressing: one archive is synced while the one before it is
 * compressed, where a single thread would do the two in turn. Only ".s"
 * archives are compressed, so the two threads never want the same file;
 * retention (the worker's) may remove a ".t" under the syncer, which then
 * passes over it.
 *
 * After every pass that renamed something, and once at its end, the
 * syncer calls back the function it was started with (from its own
 * thread, holding no lock of its own). */
#ifndef ROTATION_SYNCER_H
#define ROTATION_SYNCER_H

#include <pthread.h>

#include "dirscan.h"

/* arg as given to syncer_start(); last is 1 for the call at the end. */
typedef void syncer_fn(void *arg, int last);

struct syncer {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int kicked, draining, stopping, started; /* under mu */
	int dirfd;                               /* not owned */
	struct dirscan scan;
	syncer_fn *synced;
	void *arg;
};

/* Start the syncer on dirfd (which must stay open until syncer_join());
 * it begins with a pass. 0, or -1 with errno. */
int syncer_start(struct syncer *s, int dirfd, syncer_fn *synced, void *arg);

/* A rotation happened: a pass is due. */
void syncer_kick(struct syncer *s);

/* One last pass (after everything rotated so far), then end. */
void syncer_drain(struct syncer *s);

/* End after the step under way (an archive stays ".t" for the next
 * start). */
void syncer_stop(struct syncer *s);

/* Wait for the syncer to end (after syncer_drain() or syncer_stop())
 * and release everything. */
void syncer_join(struct syncer *s);

#endif
