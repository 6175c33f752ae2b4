/* retain.h: which archives retention removes. A pure function of the
 * archives' times and sizes, oldest first, so that tests need no files.
 *
 * Three limits, any combination: the number of archives (-k), their total
 * size in bytes, compressed sizes as they are on disk (-S), and their age
 * (-A: an archive is as old as its name says, the time it was rotated).
 * The oldest go first; current is never an archive. */
#ifndef ROTATION_RETAIN_H
#define ROTATION_RETAIN_H

#include <stddef.h>
#include <stdint.h>

struct retention {
	uint64_t count;   /* keep at most this many */
	int has_bytes;
	uint64_t bytes;   /* keep at most this many bytes in archives */
	int has_age;
	int64_t age_us;   /* remove archives older than this */
};

struct retain_item {
	int64_t us;       /* rotation time (from the name) */
	uint64_t size;    /* bytes on disk */
};

/* How many of the n archives in a (oldest first) must be removed at
 * now_us: the first so many. */
size_t retain_excess(const struct retain_item *a, size_t n,
    const struct retention *r, int64_t now_us);

#endif
