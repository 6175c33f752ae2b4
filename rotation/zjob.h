/* zjob.h: compressing one archive, crash-safely. The output goes to the
 * temporary file "zipped"; only once it is complete and synced is it
 * renamed to the archive's compressed name (never replacing anything),
 * and only then is the uncompressed archive removed. A crash at any point
 * leaves either the archive alone (and perhaps a "zipped" that the next
 * start removes) or both the archive and its complete compressed copy
 * (the next start removes the archive): never a partial file under a
 * final name, never a lost one.
 *
 * In process (zlib, ".gz"), the work goes a chunk per zjob_step(); with
 * TINYLOG_ZIP (".Z"), a child does it and zjob_step() looks whether it
 * has exited. */
#ifndef ROTATION_ZJOB_H
#define ROTATION_ZJOB_H

#include <sys/types.h>

#include "dirscan.h"
#include "gzfile.h"

enum zmode {
	ZMODE_NONE, /* no compression */
	ZMODE_GZ,   /* zlib, in process: ".gz" */
	ZMODE_EXT   /* TINYLOG_ZIP, a child: ".Z" */
};

struct zjob {
	int active;
	enum zmode mode;
	struct arch_entry src;  /* the archive being compressed */
	int in, out;            /* the archive, and "zipped" */
	struct gzfile gz;
	pid_t pid;              /* ZMODE_EXT: the compressor */
};

/* Start compressing src (a plain archive in dirfd). 0, or -1 with errno
 * (a warning is printed). */
int zjob_start(struct zjob *j, int dirfd, const struct arch_entry *src,
    enum zmode mode, int level, const char *cmd);

/* Make progress: 1 when the compressed copy is complete and in place
 * and the archive removed, 0 while work remains, -1 when this archive
 * cannot be compressed now (warned; the job is over, the archive kept). */
int zjob_step(struct zjob *j, int dirfd);

/* Give up: stop the child, remove "zipped". The archive stays. */
void zjob_abort(struct zjob *j, int dirfd);

#endif
