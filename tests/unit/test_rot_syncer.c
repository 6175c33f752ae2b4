/* test_rot_syncer.c: the syncer thread (syncer.c) turns every ".t"
 * archive into ".s" at start and after each kick, calls back after each
 * pass that renamed something and once at its end; a ".t" that vanished
 * is passed over; and the worker with compression on (worker.c with its
 * syncer) leaves, after a drain, every archive compressed: it does not
 * end before the syncer's last pass. */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "dirpass.h"
#include "syncer.h"
#include "worker.h"

#define T1 "_20200101T000000.000000.t"
#define T2 "_20200101T000001.000000.t"
#define T3 "_20200101T000002.000000.t"
#define S1 "_20200101T000000.000000.s"
#define S2 "_20200101T000001.000000.s"
#define S3 "_20200101T000002.000000.s"

static char dir[64];
static int dirfd = -1;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int calls, lasts;

static void
on_synced(void *arg, int last)
{
	assert_ptr_equal(arg, &calls);
	pthread_mutex_lock(&mu);
	calls++;
	lasts += last;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* Wait (at most 5 s) for the callback to have come n times. */
static int
wait_calls(int n)
{
	struct timespec end;
	int ok;

	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += 5;
	pthread_mutex_lock(&mu);
	while (calls < n &&
	    pthread_cond_timedwait(&cv, &mu, &end) == 0)
		;
	ok = calls >= n;
	pthread_mutex_unlock(&mu);
	return ok;
}

static int
exists(const char *name)
{
	return faccessat(dirfd, name, F_OK, 0) == 0;
}

static void
put(const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "line\n", 5), 5);
	close(fd);
}

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_rot_syncer.XXXXXX");
	assert_non_null(mkdtemp(dir));
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dirfd >= 0);
	calls = lasts = 0;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[96];

	(void)state;
	close(dirfd);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void
test_passes(void **state)
{
	struct syncer s;

	(void)state;
	put(T1);
	put(T2);
	assert_int_equal(syncer_start(&s, dirfd, on_synced, &calls), 0);
	/* The first pass: both synced and renamed. */
	assert_true(wait_calls(1));
	assert_true(exists(S1) && exists(S2));
	assert_false(exists(T1) || exists(T2));
	/* A rotation and a kick: the new one too. */
	put(T3);
	syncer_kick(&s);
	assert_true(wait_calls(2));
	assert_true(exists(S3) && !exists(T3));
	/* A drain ends it with the last call. */
	syncer_drain(&s);
	syncer_join(&s);
	assert_int_equal(lasts, 1);
	assert_int_equal(calls, 3);
}

static void
test_stop(void **state)
{
	struct syncer s;

	(void)state;
	assert_int_equal(syncer_start(&s, dirfd, on_synced, &calls), 0);
	syncer_stop(&s);
	syncer_join(&s);
	assert_int_equal(lasts, 1);
}

/* Retention removed a ".t" after the scan: passed over, the rest
 * renamed. */
static void
test_vanished(void **state)
{
	struct dirscan scan;

	(void)state;
	memset(&scan, 0, sizeof scan);
	put(T1);
	put(T2);
	assert_int_equal(dirscan_read(dirfd, &scan, 0), 0);
	assert_int_equal(unlinkat(dirfd, T1, 0), 0);
	assert_int_equal(dirpass_sync_new(dirfd, &scan), 1);
	assert_false(exists(T1) || exists(S1));
	assert_true(exists(S2));
	dirscan_free(&scan);
}

static int
exists_gz(const char *s)
{
	char name[64];

	snprintf(name, sizeof name, "%s.gz", s);
	return exists(name);
}

static void
test_worker_drain(void **state)
{
	struct worker w;
	struct rotcfg cfg;
	struct pollfd p;

	(void)state;
	put(T1);
	put(T2);
	put(T3);
	memset(&cfg, 0, sizeof cfg);
	cfg.keep.count = 100;
	cfg.zip = ZMODE_GZ;
	cfg.level = 1;
	assert_int_equal(worker_start(&w, dirfd, &cfg), 0);
	worker_drain(&w);
	p.fd = worker_donefd(&w);
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 10000), 1);
	worker_join(&w);
	assert_true(exists_gz(S1) && exists_gz(S2) && exists_gz(S3));
	assert_false(exists(S1) || exists(S2) || exists(S3));
	assert_false(exists(T1) || exists(T2) || exists(T3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vanished, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worker_drain, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
