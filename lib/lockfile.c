/* lockfile.c: fcntl-locked pid files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"
#include "lockfile.h"

int
lockfile_take(int dirfd, const char *path)
{
	struct flock fl;
	char buf[32];
	int fd, n, err;

	fd = openat(dirfd, path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd < 0)
		return -1;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		err = (errno == EACCES) ? EAGAIN : errno;
		close(fd);
		errno = err;
		return -1;
	}
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

pid_t
lockfile_holder(int dirfd, const char *path)
{
	struct flock fl;
	int fd, err;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	memset(&fl, 0, sizeof fl);
	/* A read lock conflicts with the holder's write lock, so F_GETLK
	 * reports the holder; no write access to the file is needed. */
	fl.l_type = F_RDLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return fl.l_type == F_UNLCK ? 0 : fl.l_pid;
}
