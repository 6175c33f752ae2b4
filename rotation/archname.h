/* archname.h: the names of archives in a log directory.
 *
 *   _yyyymmddThhmmss.uuuuuu.K[.gz|.Z]
 *
 * The stamp is the UTC time of the rotation, in microseconds; names sort
 * by time as plain strings. K is the kind:
 *   s  closed safely: rotated, synced to disk (perp 2.07's ".s")
 *   u  found unclean at start (a crash); may lack its last lines
 *   t  rotated, not synced yet: the worker turns it into ".s"
 * ".gz" marks an archive compressed in process (zlib), ".Z" one compressed
 * by the external TINYLOG_ZIP program (perp 2.07's suffix). */
#ifndef ROTATION_ARCHNAME_H
#define ROTATION_ARCHNAME_H

#include <stddef.h>
#include <stdint.h>

enum arch_zip {
	ARCH_PLAIN,
	ARCH_GZ, /* ".gz": zlib, in process */
	ARCH_Z   /* ".Z": TINYLOG_ZIP, as perp 2.07 named it */
};

struct archname {
	int64_t us;        /* rotation time: UTC microseconds since 1970 */
	char kind;         /* 's', 'u' or 't' */
	enum arch_zip zip;
};

/* Room for the longest name and its NUL. */
#define ARCHNAME_MAX 32

/* The last microsecond a name can carry, 9999-12-31T23:59:59.999999: the
 * stamp has four digits of year, and a later time would be written as a
 * year that sorts first. */
#define ARCHNAME_US_MAX INT64_C(253402300799999999)

/* Write a's name into out (ARCHNAME_MAX bytes, NUL-terminated); returns
 * its length. */
size_t archname_format(char *out, const struct archname *a);

/* Parse a directory entry's name. 0 with *a set when it is an archive
 * name in exactly the form above, or -1 with errno EINVAL. */
int archname_parse(const char *name, struct archname *a);

/* Order of two archives: by time, then plain before compressed, so that
 * an archive and its compressed copy are neighbours. For qsort-like use:
 * <0, 0, >0. */
int archname_cmp(const struct archname *a, const struct archname *b);

/* The time for a new archive name into *us: now, or just after the newest
 * existing name if that is not earlier (a clock stepped back, or two
 * rotations within one microsecond, or now past ARCHNAME_US_MAX), so that
 * names never collide and always sort in the order the archives were
 * made. 0, or -1 with errno EOVERFLOW when the newest name is at
 * ARCHNAME_US_MAX or later: no name sorts after it. */
int archname_next(int64_t now_us, int64_t newest_us, int64_t *us);

/* The suffix of a compression kind: "", ".gz" or ".Z". */
const char *archname_zipext(enum arch_zip zip);

#endif
