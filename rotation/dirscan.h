/* dirscan.h: what a log directory holds, read in one pass: its archives
 * (regular files with an archive's name) in time order and the transient
 * names a crash may leave behind. */
#ifndef ROTATION_DIRSCAN_H
#define ROTATION_DIRSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "archname.h"

/* The temporary output of a compression (as perp 2.07 named it). */
#define DIRSCAN_ZIPPED "zipped"
/* perp 2.07's transient name during a rotation. */
#define DIRSCAN_PREVIOUS "previous"

struct arch_entry {
	struct archname a;
	char name[ARCHNAME_MAX];
	uint64_t size;     /* bytes on disk (when sizes were asked for) */
};

struct dirscan {
	struct arch_entry *v; /* archives, oldest first */
	size_t n, cap;
	int zipped;           /* a compression's temporary file is there */
};

/* Read the directory dirfd into s (initialised to zeros, or reused from
 * a previous scan); with sizes, also stat each archive. 0, or -1 with
 * errno. */
int dirscan_read(int dirfd, struct dirscan *s, int sizes);

/* The newest archive time, or INT64_MIN when there is none. */
int64_t dirscan_newest(const struct dirscan *s);

/* Release the memory. */
void dirscan_free(struct dirscan *s);

#endif
