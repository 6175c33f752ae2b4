/* atomicfile.c: write NAME.new, fsync, rename, fsync the directory. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "fdio.h"

/* fsync the directory holding name, so that the rename itself is durable. */
static int
sync_dir(int dirfd, const char *name)
{
	char dir[PATH_MAX];
	const char *slash = NULL, *p;
	int fd, r;

	for (p = name; *p; p++)
		if (*p == '/')
			slash = p;
	if (slash == NULL)
		fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else {
		if ((size_t)(slash - name) >= sizeof dir) {
			errno = ENAMETOOLONG;
			return -1;
		}
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - name), name);
		fd = openat(dirfd, slash == name ? "/" : dir,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

int
atomic_write(int dirfd, const char *name, const void *buf, size_t len,
    mode_t mode)
{
	char tmp[PATH_MAX];
	int fd, err;

	if (snprintf(tmp, sizeof tmp, "%s.new", name) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	if (fd_write_all(fd, buf, len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, name) < 0)
		goto fail;
	return sync_dir(dirfd, name);
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	errno = err;
	return -1;
}
