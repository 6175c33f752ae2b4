/* inherit.c: the descriptors a daemon inherits from whoever started it.
 * 0, 1 and 2 must be open (else the first descriptor it opens would
 * become someone's stdout), and nothing else may leak into its children:
 * every other inherited descriptor is marked close-on-exec. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fdio.h"
#include "perpd.h"

/* Open /dev/null on any of 0, 1, 2 that is closed. 0, or -1 with errno. */
int
fds_standard(void)
{
	int fd;

	while (fcntl(0, F_GETFD) < 0 || fcntl(1, F_GETFD) < 0 ||
	    fcntl(2, F_GETFD) < 0) {
		fd = open("/dev/null", O_RDWR);
		if (fd < 0)
			return -1;
		if (fd > 2) {
			close(fd);
			break;
		}
	}
	return 0;
}

/* Mark every descriptor above 2 close-on-exec: one system call on Linux
 * 5.11 and later, else a walk of /proc/self/fd. 0, or -1 with errno. */
int
fds_cloexec_inherited(void)
{
	struct dirent *e;
	DIR *d;
	int fd;

	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if ((fd = atoi(e->d_name)) > 2 && fd != dirfd(d))
			fd_cloexec(fd, 1);
	closedir(d);
	return 0;
}
