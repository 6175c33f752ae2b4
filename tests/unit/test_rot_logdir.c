/* test_rot_logdir.c: the writing side of the log directory: creation and
 * lock, appending with roll-back of failed writes (a short write, a
 * failed sync in durable mode), rotation, clean closing, and recovery of
 * an unclean current. write(2) and fdatasync(2) are wrapped so that the
 * test can make them fail. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "archname.h"
#include "logdir.h"

ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_fdatasync(int fd);

static int short_writes; /* the next write(2) writes half, once */
static int fail_syncs;   /* fdatasync(2) fails with EIO */
static int syncs;        /* fdatasync(2) calls seen */

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	if (short_writes > 0 && n > 1) {
		short_writes--;
		return __real_write(fd, buf, n / 2);
	}
	return __real_write(fd, buf, n);
}

int
__wrap_fdatasync(int fd)
{
	syncs++;
	if (fail_syncs) {
		errno = EIO;
		return -1;
	}
	return __real_fdatasync(fd);
}

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_rot_logdir.XXXXXX");
	assert_non_null(mkdtemp(dir));
	strcat(dir, "/log");
	short_writes = fail_syncs = syncs = 0;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)strlen(dir) - 4, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static off_t
size_of(const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) < 0 ? -1 : st.st_size;
}

static int
mode_of(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) < 0 ? -1 : (int)(st.st_mode & 0777);
}

/* How many archives of kind k the directory holds; the size of the last
 * one read in *size, when size is not NULL. */
static int
kind_count(char k, off_t *size)
{
	struct archname a;
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (archname_parse(e->d_name, &a) == 0 && a.kind == k) {
			n++;
			if (size != NULL)
				*size = size_of(e->d_name);
		}
	closedir(d);
	return n;
}

static int
count_kind(char k)
{
	return kind_count(k, NULL);
}

static void
test_open_append_close(void **state)
{
	struct logdir d;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(mode_of("current"), 0644);
	assert_int_equal(size_of("current"), 0);
	assert_int_equal(logdir_append(&d, "one\ntw", 6, 42, 0), 0);
	assert_true(d.midline);
	assert_true(d.first_us == 42);
	assert_int_equal(logdir_append(&d, "o\n", 2, 43, 0), 0);
	assert_false(d.midline);
	assert_true(d.first_us == 42 && d.size == 8);
	assert_int_equal(logdir_close(&d, 1), 0);
	assert_int_equal(mode_of("current"), 0744);
	close(d.lockfd);
	close(d.dirfd);
	/* a clean current is resumed, its size and state known */
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(mode_of("current"), 0644);
	assert_true(d.size == 8 && !d.midline);
	assert_int_equal(count_kind('u'), 0);
	close(d.fd);
	close(d.lockfd);
	close(d.dirfd);
}

static void
test_short_write_rolled_back(void **state)
{
	struct logdir d;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(logdir_append(&d, "kept\n", 5, 1, 0), 0);
	short_writes = 1;
	assert_int_equal(logdir_append(&d, "a whole batch\n", 14, 2, 0), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(size_of("current"), 5); /* no half batch */
	assert_int_equal(logdir_append(&d, "a whole batch\n", 14, 2, 0), 0);
	assert_int_equal(size_of("current"), 19);
	assert_int_equal(syncs, 0); /* not durable: no sync per batch */
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
}

static void
test_durable(void **state)
{
	struct logdir d;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(logdir_append(&d, "synced\n", 7, 1, 1), 0);
	assert_int_equal(syncs, 1);
	fail_syncs = 1; /* written but not synced: not delivered */
	assert_int_equal(logdir_append(&d, "lost?\n", 6, 2, 1), -1);
	assert_int_equal(errno, EIO);
	assert_int_equal(size_of("current"), 7);
	fail_syncs = 0;
	assert_int_equal(logdir_rotate(&d, 1), 0);
	assert_int_equal(count_kind('t'), 1);
	assert_int_equal(size_of("current"), 0);
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
}

static void
test_rotate_and_recover(void **state)
{
	struct logdir d;
	int64_t first;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(logdir_append(&d, "a\n", 2, 1, 0), 0);
	assert_int_equal(logdir_rotate(&d, 0), 0);
	first = d.newest_us;
	assert_int_equal(logdir_append(&d, "b\n", 2, 1, 0), 0);
	assert_int_equal(logdir_rotate(&d, 0), 0);
	assert_true(d.newest_us > first);
	assert_int_equal(count_kind('t'), 2);
	assert_int_equal(logdir_append(&d, "crash\n", 6, 1, 0), 0);
	/* a crash: current stays 0644; the next open archives it as .u */
	close(d.fd);
	close(d.lockfd);
	close(d.dirfd);
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(count_kind('u'), 1);
	assert_true(d.newest_us > first);
	assert_int_equal(size_of("current"), 0);
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
	/* -r: a clean current is archived too, even empty */
	assert_int_equal(logdir_open(&d, dir, 1), 0);
	assert_int_equal(count_kind('t'), 3);
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
}

/* The size of the only archive of kind k. */
static off_t
size_of_kind(char k)
{
	off_t size = -1;

	assert_int_equal(kind_count(k, &size), 1);
	return size;
}

static void
crash(struct logdir *d)
{
	close(d->fd);
	close(d->lockfd);
	close(d->dirfd);
}

static void
test_commit_mark(void **state)
{
	struct logdir d;
	uint64_t mark;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(logdir_append(&d, "a\nb\n", 4, 1, 0), 0);
	assert_int_equal(cmark_get(d.fd, d.boot, &mark), 1);
	assert_true(mark == 4);
	/* Killed in the middle of the next write: half a line, unmarked,
	 * whose input is still in the pipe. */
	assert_int_equal(__real_write(d.fd, "hal", 3), 3);
	crash(&d);
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_true(d.cut == 3);
	assert_int_equal(size_of_kind('u'), 4);
	/* A whole batch written, the kill before its mark: cut too. */
	assert_int_equal(logdir_append(&d, "c\n", 2, 1, 0), 0);
	assert_int_equal(__real_write(d.fd, "d\ne\n", 4), 4);
	crash(&d);
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_true(d.cut == 4);
	assert_int_equal(count_kind('u'), 2);
	/* Nothing beyond the mark: nothing cut; a mark of another boot is
	 * not trusted: all is kept. */
	assert_int_equal(logdir_append(&d, "f\n", 2, 1, 0), 0);
	memset(d.boot, '0', CMARK_BOOT);
	assert_int_equal(cmark_set(d.fd, d.boot, 0), 0);
	crash(&d);
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_true(d.cut == 0);
	assert_int_equal(count_kind('u'), 3);
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
}

/* The first write into a fresh current (a new directory, or the current
 * a rotation opened) killed halfway: before any batch was committed, so
 * everything in it is cut, and no archive ends in half a line. */
static void
test_commit_mark_fresh(void **state)
{
	struct logdir d;
	uint64_t mark;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_int_equal(cmark_get(d.fd, d.boot, &mark), 1);
	assert_true(mark == 0);
	assert_int_equal(__real_write(d.fd, "half a li", 9), 9);
	crash(&d);
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_true(d.cut == 9);
	assert_int_equal(count_kind('u'), 0);
	/* The same in the current a rotation opened. */
	assert_int_equal(logdir_append(&d, "a\n", 2, 1, 0), 0);
	assert_int_equal(logdir_rotate(&d, 0), 0);
	assert_int_equal(__real_write(d.fd, "b\nhal", 5), 5);
	crash(&d);
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	assert_true(d.cut == 5);
	assert_int_equal(count_kind('u'), 0);
	assert_int_equal(count_kind('s') + count_kind('t'), 1);
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
}

static void
test_lock(void **state)
{
	struct logdir d, e;

	(void)state;
	assert_int_equal(logdir_open(&d, dir, 0), 0);
	/* fcntl locks are per process: a second open from here succeeds,
	 * so a child tries */
	if (fork() == 0)
		_exit(logdir_open(&e, dir, 0) == -1 && errno == EAGAIN &&
		    strstr(e.what, "lock file tinylog.pid") ? 0 : 1);
	{
		int status;

		assert_int_not_equal(wait(&status), -1);
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	logdir_close(&d, 1);
	close(d.lockfd);
	close(d.dirfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_append_close, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_short_write_rolled_back,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_durable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_and_recover, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commit_mark, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commit_mark_fresh, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
