/* lockfile.h: fcntl-locked pid files, perp style (perpd.pid, tinylog.pid).
 *
 * The lock, not the file's content, says who runs: a stale file left by a
 * dead process holds no lock. */
#ifndef LIB_LOCKFILE_H
#define LIB_LOCKFILE_H

#include <sys/types.h>

/* Open or create path (mode 0644) relative to dirfd (AT_FDCWD for the
 * cwd), take an exclusive non-blocking write lock on the whole file, and
 * write "pid\n" into it. Returns the close-on-exec descriptor holding the
 * lock, or -1 with errno (EAGAIN: another process holds it). */
int lockfile_take(int dirfd, const char *path);

/* The pid of the process holding the lock on path, 0 when nobody holds
 * it, -1 with errno when path cannot be opened or tested. */
pid_t lockfile_holder(int dirfd, const char *path);

#endif
