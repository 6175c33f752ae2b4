/* pipefeed.c: copy standard input to standard output in fixed-size
 * writes, the way a busy service feeds its logger, and measure how long
 * the longest single write(2) was blocked: the stall a logger imposes on
 * its producer. For bench/loggers.sh.
 *
 *   pipefeed [-b bufsize] [-o statsfile]
 *
 * statsfile (or stderr) receives one line:
 *   bytes=N writes=N maxstall_us=N total_us=N pipe=N
 * where pipe is the capacity of standard output at the end when it is a
 * pipe (a reader may have grown it), else 0. */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "fdio.h"
#include "parse.h"

#define USAGE "[-b bufsize] [-o statsfile]"

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Write all of buf, timing each write(2) call. */
static void
put(const char *buf, size_t n, int64_t *maxstall, uint64_t *writes)
{
	int64_t t0, dt;
	ssize_t w;

	while (n > 0) {
		t0 = mono_us();
		w = write(1, buf, n);
		dt = mono_us() - t0;
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die_sys(EXIT_TEMP, "unable to write");
		if (dt > *maxstall)
			*maxstall = dt;
		(*writes)++;
		buf += w;
		n -= (size_t)w;
	}
}

int
main(int argc, char **argv)
{
	uint64_t bufsize = 65536, bytes = 0, writes = 0;
	const char *stats = NULL;
	int64_t maxstall = 0, start;
	char *buf, line[160];
	ssize_t r;
	int c, fd = 2, n, pipesz;

	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((c = getopt(argc, argv, "+b:o:")) != -1) {
		if (c == 'b' && parse_size(optarg, 1 << 26, &bufsize) == 0 &&
		    bufsize > 0)
			continue;
		if (c == 'o') {
			stats = optarg;
			continue;
		}
		die_usage("bad option");
	}
	buf = malloc(bufsize);
	if (buf == NULL)
		die_sys(EXIT_TEMP, "unable to allocate");
	start = mono_us();
	while ((r = fd_read(0, buf, bufsize)) > 0) {
		put(buf, (size_t)r, &maxstall, &writes);
		bytes += (uint64_t)r;
	}
	if (r < 0)
		die_sys(EXIT_TEMP, "unable to read");
	pipesz = fcntl(1, F_GETPIPE_SZ);
	if (stats != NULL) {
		fd = open(stats, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			die_sys(EXIT_TEMP, "unable to open %s", stats);
	}
	n = snprintf(line, sizeof line, "bytes=%llu writes=%llu "
	    "maxstall_us=%lld total_us=%lld pipe=%d\n",
	    (unsigned long long)bytes, (unsigned long long)writes,
	    (long long)maxstall, (long long)(mono_us() - start),
	    pipesz > 0 ? pipesz : 0);
	if (write(fd, line, (size_t)n) != n)
		die_sys(EXIT_TEMP, "unable to write the statistics");
	return 0;
}
