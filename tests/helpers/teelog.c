/* teelog.c: a minimal logger for tests that loses nothing when killed.
 *
 *   teelog file
 *
 * Appends stdin to file, whole lines at a time. When stdin is a pipe it
 * copies the bytes with tee(2), which leaves them in the pipe, writes them,
 * and only then consumes them; a kill at any moment can repeat lines but
 * never lose one. A line cut by a kill in the middle of write(2) is
 * trimmed from the file when the next teelog starts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "fdio.h"

#define CHUNK 65536

static char buf[CHUNK];

/* The file must end in a newline: cut a torn last line. */
static void
repair(int fd)
{
	struct stat st;
	off_t end, pos;
	ssize_t r;
	char c;

	if (fstat(fd, &st) < 0 || st.st_size == 0)
		return;
	end = st.st_size;
	for (pos = end; pos > 0; pos--) {
		r = pread(fd, &c, 1, pos - 1);
		if (r != 1 || c == '\n')
			break;
	}
	if (pos < end && ftruncate(fd, pos) < 0)
		die_sys(EXIT_TEMP, "ftruncate");
}

static void
consume(size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = fd_read(0, buf, n < sizeof buf ? n : sizeof buf);
		if (r <= 0)
			die_sys(EXIT_TEMP, "read");
		n -= (size_t)r;
	}
}

static size_t
whole_lines(const char *p, size_t n)
{
	while (n > 0 && p[n - 1] != '\n')
		n--;
	return n;
}

static int
plain(int out)
{
	ssize_t r;

	while ((r = fd_read(0, buf, sizeof buf)) > 0)
		if (fd_write_all(out, buf, (size_t)r) < 0)
			die_sys(EXIT_TEMP, "write");
	return r < 0 ? EXIT_TEMP : 0;
}

int
main(int argc, char **argv)
{
	struct timespec ms = { 0, 1000000 };
	int out, priv[2], tries = 0;
	ssize_t n, r;
	size_t k;

	die_init(argv[0], DIE_CLIENT, "file");
	if (argc != 2)
		die_usage("missing file");
	out = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (out < 0 || pipe2(priv, O_CLOEXEC) < 0)
		die_sys(EXIT_TEMP, "open %s", argv[1]);
	repair(out);
	for (;;) {
		n = tee(0, priv[1], CHUNK, 0);
		if (n < 0 && errno == EINVAL)
			return plain(out);
		if (n < 0)
			die_sys(EXIT_TEMP, "tee");
		if (n == 0)
			return 0;
		if ((r = fd_read(priv[0], buf, (size_t)n)) != n)
			die_sys(EXIT_TEMP, "read");
		k = whole_lines(buf, (size_t)n);
		/* Half a line: give the writer a moment to finish it. */
		if (k == 0 && n < CHUNK && ++tries < 200) {
			nanosleep(&ms, NULL);
			continue;
		}
		tries = 0;
		if (k == 0)
			k = (size_t)n;
		if (fd_write_all(out, buf, k) < 0)
			die_sys(EXIT_TEMP, "write");
		consume(k);
	}
}
