/* fsops.h: the few file-system steps rotation needs that POSIX spells
 * awkwardly: renaming without ever replacing, syncing a directory, and the
 * wall clock in microseconds. */
#ifndef ROTATION_FSOPS_H
#define ROTATION_FSOPS_H

#include <stdint.h>

/* Rename from to to (both relative to dirfd) unless to exists: then -1
 * with errno EEXIST and nothing changed. Uses renameat2(RENAME_NOREPLACE);
 * where the file system lacks it, link then unlink (a crash between the
 * two leaves both names on one inode, which recovery recognises). 0, or
 * -1 with errno. */
int fsops_rename_new(int dirfd, const char *from, const char *to);

/* Whether two names in dirfd are links to the same file. */
int fsops_same_file(int dirfd, const char *a, const char *b);

/* fsync(2) the directory dirfd itself, so that renames and new names
 * survive a power loss. 0, or -1 with errno. */
int fsops_sync_dir(int dirfd);

/* fsync(2) the file name in dirfd. 0, or -1 with errno. */
int fsops_sync_file(int dirfd, const char *name);

/* The wall clock (CLOCK_REALTIME) in microseconds since 1970. */
int64_t fsops_wall_us(void);

#endif
