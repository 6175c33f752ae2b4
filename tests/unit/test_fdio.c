/* test_fdio.c: write-all across a full pipe, descriptor flags, pid-file
 * locks seen from another process, atomic state files. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "atomicfile.h"
#include "fdio.h"
#include "lockfile.h"

static char dir[] = "/tmp/test_fdio.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* A child drains the pipe slowly while fd_write_all pushes 1 MB through a
 * non-blocking write end: every byte arrives, in order. */
static void
test_write_all_nonblocking(void **state)
{
	int p[2], status;
	pid_t pid;
	static char big[1 << 20];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static char got[1 << 20];
		size_t n = 0;
		ssize_t r;

		close(p[1]);
		while ((r = fd_read(p[0], got + n, 4096)) > 0)
			n += (size_t)r;
		_exit(n == sizeof big && memcmp(got, big, n) == 0 ? 0 : 1);
	}
	close(p[0]);
	assert_int_equal(fd_nonblock(p[1], 1), 0);
	assert_true(fcntl(p[1], F_GETFL) & O_NONBLOCK);
	assert_int_equal(fd_write_all(p[1], big, sizeof big),
	    (ssize_t)sizeof big);
	close(p[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_write_all_epipe(void **state)
{
	int p[2];

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	assert_int_equal(fd_write_all(p[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	close(p[1]);
}

static void
test_flags(void **state)
{
	int fd;

	(void)state;
	fd = fd_devnull(O_RDONLY);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fd_cloexec(fd, 0), 0);
	assert_false(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fd_cloexec(fd, 1), 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fd_nonblock(fd, 0), 0);
	assert_false(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_int_equal(fd_dup_to(fd, 50), 0);
	assert_false(fcntl(50, F_GETFD) & FD_CLOEXEC);
	close(50);
	assert_int_equal(fd_dup_to(fd, fd), 0);
	assert_false(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	assert_int_equal(fd_cloexec(fd, 1), -1);
	assert_int_equal(errno, EBADF);
}

/* The lock is per process: test it from a child, as perpctl would. */
static void
test_lockfile(void **state)
{
	char path[64], buf[32];
	int fd, p[2], status;
	pid_t pid;
	ssize_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/x.pid", dir);
	errno = 0;
	assert_int_equal(lockfile_holder(AT_FDCWD, path), -1);
	assert_int_equal(errno, ENOENT);
	fd = lockfile_take(AT_FDCWD, path);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	n = pread(fd, buf, sizeof buf - 1, 0);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_int_equal(atol(buf), (long)getpid());
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int r1 = lockfile_take(AT_FDCWD, path);
		int e1 = errno;
		pid_t h = lockfile_holder(AT_FDCWD, path);
		int ok = r1 == -1 && e1 == EAGAIN && h == getppid();

		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fd);
	close(p[0]);
	close(p[1]);
	/* Released: nobody holds it, and it can be taken again. */
	pid = fork();
	if (pid == 0)
		_exit(lockfile_holder(AT_FDCWD, path) == 0 ? 0 : 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fd = lockfile_take(AT_FDCWD, path);
	assert_true(fd >= 0);
	close(fd);
}

static void
test_atomic_write(void **state)
{
	char path[64], tmp[80], buf[64];
	struct stat st;
	FILE *f;
	size_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/state", dir);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	assert_int_equal(atomic_write(AT_FDCWD, path, "one\n", 4, 0640), 0);
	assert_int_equal(atomic_write(AT_FDCWD, path, "two two\n", 8, 0600), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_int_equal(n, 8);
	assert_memory_equal(buf, "two two\n", 8);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(tmp, &st), -1);
	/* A failed write leaves the old file alone and no .new behind. */
	snprintf(path, sizeof path, "%s/nodir/state", dir);
	assert_int_equal(atomic_write(AT_FDCWD, path, "x", 1, 0600), -1);
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_all_nonblocking),
		cmocka_unit_test(test_write_all_epipe),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_lockfile),
		cmocka_unit_test(test_atomic_write),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
