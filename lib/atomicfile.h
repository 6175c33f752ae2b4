/* atomicfile.h: the only way state files are written: write NAME.new,
 * fsync it, rename it over NAME, fsync the directory. A reader sees the
 * old content or the new, never a mixture, whatever crashes when. */
#ifndef LIB_ATOMICFILE_H
#define LIB_ATOMICFILE_H

#include <stddef.h>
#include <sys/types.h>

/* Replace name (relative to dirfd, which may be AT_FDCWD) with the len
 * bytes at buf, created with mode. 0, or -1 with errno; on failure name is
 * untouched and NAME.new removed. */
int atomic_write(int dirfd, const char *name, const void *buf, size_t len,
    mode_t mode);

#endif
