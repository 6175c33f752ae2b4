/* input.c: read stdin into a window, consuming pipe bytes only on demand.
 *
 * For a pipe: tee(2) copies the pipe's contents, from its first unread
 * byte, into a private pipe; the bytes already in the window are skipped
 * there and the new ones read into the window. The pipe itself is drained
 * only by input_consume(), with splice(2) to /dev/null. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "input.h"

#define DEFAULT_WINDOW 65536
#define GROW_AFTER 4 /* full windows in a row before growing */

/* Try to read stdin with tee(2); 0 when set up, -1 to fall back to read. */
static int
setup_tee(struct input *in, size_t min)
{
	long size = fcntl(in->fd, F_GETPIPE_SZ);

	if (size <= 0)
		return -1;
	/* A filter may need to see more than the pipe holds: grow it. */
	if ((size_t)size < min && fcntl(in->fd, F_SETPIPE_SZ, (int)min) > 0)
		size = fcntl(in->fd, F_GETPIPE_SZ);
	if (pipe2(in->priv, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	/* The copy must fit whole in the private pipe. */
	if (fcntl(in->priv[1], F_SETPIPE_SZ, (int)size) < 0 ||
	    fcntl(in->priv[1], F_GETPIPE_SZ) < size)
		goto fail;
	in->null = fd_devnull(O_WRONLY);
	if (in->null < 0)
		goto fail;
	in->cap = (size_t)size;
	in->tee = 1;
	return 0;
fail:
	close(in->priv[0]);
	close(in->priv[1]);
	in->priv[0] = in->priv[1] = -1;
	return -1;
}

int
input_open(struct input *in, int fd, size_t min)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	in->fd = fd;
	in->priv[0] = in->priv[1] = in->null = -1;
	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISFIFO(st.st_mode) || setup_tee(in, min) < 0)
		in->cap = min > DEFAULT_WINDOW ? min : DEFAULT_WINDOW;
	in->max = in->cap;
	in->buf = malloc(in->cap + 1);
	if (in->buf == NULL) {
		input_close(in);
		return -1;
	}
	in->buf[0] = '\0';
	return 0;
}

int
input_grow_limit(struct input *in, size_t max)
{
	char *b;

	if (max <= in->max)
		return 0;
	/* Allocated now, whole: the window never moves under the filter.
	 * Pages not used yet cost no memory. */
	if ((b = realloc(in->buf, max + 1)) == NULL)
		return -1;
	in->buf = b;
	in->max = max;
	return 0;
}

/* The window was nearly full GROW_AFTER fills in a row: grow the
 * private pipe, then stdin, to in->max. The private pipe is empty here and must
 * stay at least as large as stdin; what the kernel refuses (the per-user
 * pipe quota, pipe-max-size) leaves the sizes as they were. */
static void
grow(struct input *in)
{
	long p, s;

	in->fulls = -1; /* tried: never again */
	if (!in->tee) {
		in->cap = in->max;
		return;
	}
	if (fcntl(in->priv[1], F_SETPIPE_SZ, (int)in->max) < 0)
		return;
	p = fcntl(in->priv[1], F_GETPIPE_SZ);
	if (p <= 0 || fcntl(in->fd, F_SETPIPE_SZ, (int)p) < 0 ||
	    (s = fcntl(in->fd, F_GETPIPE_SZ)) <= 0) {
		fcntl(in->priv[1], F_SETPIPE_SZ, (int)in->cap);
		return;
	}
	if ((size_t)s > (size_t)p)
		s = p;
	if ((size_t)s > in->max)
		s = (long)in->max;
	if ((size_t)s > in->cap)
		in->cap = (size_t)s;
}

/* Count a fill that left the window nearly full (a pipe's pages are
 * rarely all filled to the byte); grow after a few in a row. */
static void
note_full(struct input *in)
{
	if (in->fulls < 0 || in->cap >= in->max)
		return;
	if (in->len < in->cap - in->cap / 4) {
		in->fulls = 0;
		return;
	}
	if (++in->fulls >= GROW_AFTER)
		grow(in);
}

/* Move n bytes from the private pipe to /dev/null. */
static int
skip_priv(struct input *in, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = splice(in->priv[0], NULL, in->null, NULL, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n -= (size_t)r;
	}
	return 0;
}

/* Read exactly n bytes from the private pipe into the window's end. */
static int
read_priv(struct input *in, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = fd_read(in->priv[0], in->buf + in->len, n);
		if (r <= 0)
			return -1;
		in->len += (size_t)r;
		n -= (size_t)r;
	}
	return 0;
}

static int
writers_gone(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP);
}

int
input_more(const struct input *in)
{
	int avail;

	if (!in->tee || ioctl(in->fd, FIONREAD, &avail) < 0)
		return 1;
	return (size_t)avail > in->len;
}

static long
fill_tee(struct input *in)
{
	ssize_t t;
	size_t old = in->len;

	do
		t = tee(in->fd, in->priv[1], in->cap, SPLICE_F_NONBLOCK);
	while (t < 0 && errno == EINTR);
	if (t < 0)
		return errno == EAGAIN ? 0 : -1;
	if (t == 0) {
		in->eof = 1;
		return 0;
	}
	if ((size_t)t < old) {
		/* Someone else drained our pipe: the window is no longer
		 * its prefix, and consuming would lose their bytes. */
		skip_priv(in, (size_t)t);
		errno = EIO;
		return -1;
	}
	if (skip_priv(in, old) < 0 || read_priv(in, (size_t)t - old) < 0)
		return -1;
	/* With no writer left, what we hold is all there will ever be. */
	if ((size_t)t == old && writers_gone(in->fd))
		in->eof = 1;
	return (long)((size_t)t - old);
}

static long
fill_read(struct input *in)
{
	ssize_t r;

	do
		r = read(in->fd, in->buf + in->len, in->cap - in->len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN ? 0 : -1;
	if (r == 0)
		in->eof = 1;
	in->len += (size_t)r;
	return (long)r;
}

long
input_fill(struct input *in)
{
	long r;

	if (in->eof || in->len == in->cap)
		return 0;
	r = in->tee ? fill_tee(in) : fill_read(in);
	in->buf[in->len] = '\0';
	if (r > 0)
		note_full(in);
	return r;
}

int
input_full(const struct input *in)
{
	return in->len == in->cap;
}

/* Drain n bytes from the pipe: spliced to /dev/null, or read and thrown
 * away where splice is not supported. */
static int
drain_pipe(struct input *in, size_t n)
{
	char scratch[4096];
	ssize_t r;

	while (n > 0) {
		r = splice(in->fd, NULL, in->null, NULL, n, SPLICE_F_NONBLOCK);
		if (r < 0 && errno == EINVAL)
			r = read(in->fd, scratch, n < sizeof scratch ? n :
			    sizeof scratch);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		n -= (size_t)r;
	}
	return 0;
}

int
input_consume(struct input *in, size_t n)
{
	if (n > in->len) {
		errno = EINVAL;
		return -1;
	}
	if (in->tee && drain_pipe(in, n) < 0)
		return -1;
	memmove(in->buf, in->buf + n, in->len - n);
	in->len -= n;
	in->buf[in->len] = '\0';
	return 0;
}

void
input_close(struct input *in)
{
	if (in->priv[0] >= 0)
		close(in->priv[0]);
	if (in->priv[1] >= 0)
		close(in->priv[1]);
	if (in->null >= 0)
		close(in->null);
	free(in->buf);
	in->buf = NULL;
	in->priv[0] = in->priv[1] = in->null = -1;
}
