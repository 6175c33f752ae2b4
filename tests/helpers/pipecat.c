/* pipecat.c: the logging pipeline with the simplest possible sink, for
 * testing the shared loop on its own: lines (stamped, filtered,
 * sanitized) are appended to a file with one write per batch.
 *
 *   pipecat [-b] [-f format] [-i regex] [-m bytes] [-p policy] [-x regex]
 *           [-F failfile] [-B batch] file
 *
 * The batch buffer is at least twice the input window (one write per
 * window, stamps included); -B makes it larger.
 *
 * At start, a last line without '\n' left by a predecessor killed in the
 * middle of a write is cut off: its batch was never consumed, so its bytes
 * come again from the pipe. (The test input has no line longer than the
 * window, the one case where a partial line is consumed on purpose.)
 *
 * While failfile exists, every flush fails with ENOSPC, so a test can
 * switch the "disk" off and on. A failed write is rolled back (ftruncate),
 * as a real sink must, so the file never holds half a batch. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fdio.h"
#include "logopts.h"
#include "loop.h"
#include "parse.h"
#include "sig.h"

#define USAGE "[-b] [-f format] [-i regex] [-m bytes] [-p policy] " \
	"[-x regex] [-F failfile] [-B batch] file"

struct catsink {
	int fd;
	const char *failfile;
	char *buf;
	size_t len, cap;
	int64_t retry;
};

static int
cat_put(void *s, const struct seg *sg, const char *stamp, size_t slen)
{
	struct catsink *c = s;

	/* The buffer holds at least a whole window and a stamp (see
	 * main), so a segment always fits in an empty one. */
	if (c->len + slen + sg->len + 1 > c->cap) {
		errno = ENOBUFS;
		return -1;
	}
	if (sg->start) {
		memcpy(c->buf + c->len, stamp, slen);
		c->len += slen;
	}
	memcpy(c->buf + c->len, sg->p, sg->len);
	c->len += sg->len;
	if (sg->end)
		c->buf[c->len++] = '\n';
	return 0;
}

static int
cat_flush(void *s)
{
	struct catsink *c = s;
	off_t before;

	if (c->failfile != NULL && access(c->failfile, F_OK) == 0) {
		c->retry = now_ms() + 200;
		errno = ENOSPC;
		return -1;
	}
	before = lseek(c->fd, 0, SEEK_END);
	if (fd_write_all(c->fd, c->buf, c->len) < 0) {
		int err = errno;

		if (ftruncate(c->fd, before) < 0)
			warn_sys("unable to roll back");
		c->retry = now_ms() + 200;
		errno = err;
		return -1;
	}
	c->len = 0;
	c->retry = DEADLINE_NEVER;
	return 0;
}

static void
cat_discard(void *s)
{
	((struct catsink *)s)->len = 0;
}

static int
cat_pollfd(void *s, struct pollfd *p)
{
	(void)s;
	(void)p;
	return 0;
}

static int64_t
cat_deadline(void *s)
{
	return ((struct catsink *)s)->retry;
}

static void
cat_tick(void *s, int64_t now, short revents)
{
	(void)now;
	(void)revents;
	((struct catsink *)s)->retry = DEADLINE_NEVER;
}

static void
cat_signal(void *s, int sig)
{
	(void)s;
	(void)sig;
}

static int
cat_finish(void *s, enum finish_how how)
{
	struct catsink *c = s;

	if (how == FINISH_EOF && c->len > 0 && cat_flush(c) < 0)
		warn_sys("unable to write at end of input");
	return close(c->fd) < 0 ? EXIT_TEMP : EXIT_OK;
}

/* Cut a torn last line (see the top of this file). */
static void
cut_torn(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END), at;
	char c;

	for (at = end; at > 0; at--) {
		if (pread(fd, &c, 1, at - 1) != 1)
			die_sys(EXIT_TEMP, "unable to read back the output");
		if (c == '\n')
			break;
	}
	if (at < end && ftruncate(fd, at) < 0)
		die_sys(EXIT_TEMP, "unable to cut a torn line");
}

static const struct sink_ops catops = {
	cat_put, cat_flush, cat_discard, cat_pollfd, cat_deadline, cat_tick,
	cat_signal, cat_finish
};

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGPIPE };
	struct logopts o;
	struct catsink c = { -1, NULL, NULL, 0, 0, DEADLINE_NEVER };
	struct logloop L;
	static struct cliopt r;
	uint64_t v;
	int ch, sigfd, taken;

	die_init(argv[0], DIE_DAEMON, USAGE);
	logopts_init(&o);
	while ((ch = getopt(argc, argv, "+:" LOGOPTS_LETTERS "F:B:")) != -1) {
		if (ch == 'F')
			c.failfile = optarg;
		else if (ch == 'B') {
			if (parse_size(optarg, 1 << 26, &v) < 0)
				die_usage("bad batch size: %s", optarg);
			c.cap = (size_t)v;
		} else if (ch == ':')
			die_usage("missing argument for option -%c", optopt);
		else if ((taken = logopts_take(&o, ch, optarg, &r)) < 0)
			cliopt_exit(&r, NULL);
		else if (taken == 0)
			die_usage("invalid option -%c", optopt);
	}
	if (optind != argc - 1)
		die_usage("missing file argument");
	c.fd = open(argv[optind], O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644);
	if (c.fd < 0)
		die_sys(EXIT_TEMP, "unable to open %s", argv[optind]);
	cut_torn(c.fd);
	sigfd = sig_open(sigs, 5);
	if (sigfd < 0)
		die_sys(EXIT_TEMP, "unable to start");
	if (logloop_init(&L, &o, &catops, &c, sigfd) < 0)
		die_sys(EXIT_TEMP, "unable to set up standard input");
	/* One write per window: room for a whole window plus its stamps. */
	if (c.cap < 2 * L.in.cap + sizeof L.st.text)
		c.cap = 2 * L.in.cap + sizeof L.st.text;
	c.buf = malloc(c.cap);
	if (c.buf == NULL)
		die_sys(EXIT_TEMP, "unable to allocate");
	return logloop_run(&L);
}
