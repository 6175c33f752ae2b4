/* fsops.c: no-replace renames, directory syncs, the wall clock. */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsops.h"

int
fsops_rename_new(int dirfd, const char *from, const char *to)
{
	if (renameat2(dirfd, from, dirfd, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* No RENAME_NOREPLACE here: link(2) never replaces either. */
	if (linkat(dirfd, from, dirfd, to, 0) < 0)
		return -1;
	return unlinkat(dirfd, from, 0);
}

int
fsops_same_file(int dirfd, const char *a, const char *b)
{
	struct stat sa, sb;

	return fstatat(dirfd, a, &sa, AT_SYMLINK_NOFOLLOW) == 0 &&
	    fstatat(dirfd, b, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int
fsops_sync_dir(int dirfd)
{
	if (fsync(dirfd) == 0 || errno == EINVAL)
		return 0; /* EINVAL: a file system that cannot sync dirs */
	return -1;
}

int
fsops_sync_file(int dirfd, const char *name)
{
	int fd, rc, err;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

int64_t
fsops_wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
