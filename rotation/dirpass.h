/* dirpass.h: one pass of the worker over the log directory (worker.h):
 * recovery of leftovers, syncing and naming rotated archives (unless a
 * syncer does: syncer.h), retention, and the choice of the next archive
 * to compress. Synchronous; it may block in fsync, which is why it runs
 * off the read path. */
#ifndef ROTATION_DIRPASS_H
#define ROTATION_DIRPASS_H

#include <stdint.h>

#include "dirscan.h"
#include "retain.h"
#include "zjob.h"

struct rotcfg {
	struct retention keep;
	enum zmode zip;
	int level;            /* zlib level, 1-9 */
	const char *zipcmd;   /* TINYLOG_ZIP */
	int syncer;           /* ".t" archives are a syncer's, not the pass's */
};

/* Run a pass over dirfd at now_us. job is the compression under way (if
 * job->active: its "zipped" is kept, and if retention removes its archive
 * the job is abandoned first). With compression on, *next receives the
 * oldest plain archive newer than skip_upto that is not job's: returns 1
 * then, else 0; -1 with errno when the directory cannot be read. */
int dirpass_run(int dirfd, const struct rotcfg *cfg, struct dirscan *scan,
    struct zjob *job, int64_t skip_upto, int64_t now_us,
    struct arch_entry *next);

/* Sync every ".t" archive in s and rename it ".s" (s is updated); one
 * that has gone meanwhile is passed over. Returns whether a name
 * changed: the caller then syncs the directory. */
int dirpass_sync_new(int dirfd, struct dirscan *s);

#endif
