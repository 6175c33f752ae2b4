/* fdio.h: descriptor helpers POSIX leaves to every program. */
#ifndef LIB_FDIO_H
#define LIB_FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Write all n bytes, retrying on EINTR and waiting in poll() on EAGAIN.
 * Returns n, or -1 with errno (some bytes may have been written). */
ssize_t fd_write_all(int fd, const void *buf, size_t n);

/* read(2), retried on EINTR. Returns the byte count, 0 at end of file,
 * -1 with errno. */
ssize_t fd_read(int fd, void *buf, size_t n);

/* Set or clear close-on-exec. 0 or -1 with errno. */
int fd_cloexec(int fd, int on);

/* Set or clear O_NONBLOCK. 0 or -1 with errno. */
int fd_nonblock(int fd, int on);

/* Make fd `to` a copy of `from` without close-on-exec (for a child's
 * 0, 1, 2); from == to just clears close-on-exec. 0 or -1 with errno. */
int fd_dup_to(int from, int to);

/* Open /dev/null close-on-exec with flags; the descriptor or -1. */
int fd_devnull(int flags);

#endif
