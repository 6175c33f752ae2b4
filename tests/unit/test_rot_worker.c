/* test_rot_worker.c: the rotation worker's hourly pass (worker.c), with
 * both of its clocks replaced (--wrap=now_ms,fsops_wall_us): an archive
 * that grows too old while nothing rotates is removed by the pass that
 * comes an hour after the last one, and not before. */
#include <fcntl.h>
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

#include "worker.h"

#define MIN_MS (60 * 1000)
#define OLD "_20200101T000000.000000.s"   /* 1577836800 s */
#define NEW "_20200101T010000.000000.t"   /* an hour later */

static pthread_mutex_t clock_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t mono_ms, wall_us;
/* Static, and stopped by the teardown even when an assertion fails: the
 * thread must not outlive what it works on. */
static struct worker w;

int64_t __wrap_now_ms(void);
int64_t __wrap_fsops_wall_us(void);

int64_t
__wrap_now_ms(void)
{
	int64_t v;

	pthread_mutex_lock(&clock_mu);
	v = mono_ms;
	pthread_mutex_unlock(&clock_mu);
	return v;
}

int64_t
__wrap_fsops_wall_us(void)
{
	int64_t v;

	pthread_mutex_lock(&clock_mu);
	v = wall_us;
	pthread_mutex_unlock(&clock_mu);
	return v;
}

/* Both clocks move on by ms, and the worker is woken as by a spurious
 * wake-up: no request, only the time has changed. */
static void
advance(int64_t ms)
{
	pthread_mutex_lock(&clock_mu);
	mono_ms += ms;
	wall_us += ms * 1000;
	pthread_mutex_unlock(&clock_mu);
	pthread_mutex_lock(&w.mu);
	pthread_cond_signal(&w.cv);
	pthread_mutex_unlock(&w.mu);
}

/* The monotonic time of the next hourly pass, once a pass has ended. */
static int64_t
hourly(void)
{
	int64_t v;

	pthread_mutex_lock(&w.mu);
	v = w.hourly;
	pthread_mutex_unlock(&w.mu);
	return v;
}

static int
exists(int dirfd, const char *name)
{
	return faccessat(dirfd, name, F_OK, 0) == 0;
}

/* Whether name's existence becomes want within ms of real time. */
static int
becomes(int dirfd, const char *name, int want, int ms)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	for (; ms > 0; ms -= 10) {
		if (exists(dirfd, name) == want)
			return 1;
		nanosleep(&tick, NULL);
	}
	return exists(dirfd, name) == want;
}

static void
put(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "line\n", 5), 5);
	close(fd);
}

static void
test_hourly_pass(void **state)
{
	char dir[] = "/tmp/test_rot_worker.XXXXXX", cmd[64];
	struct rotcfg cfg;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i, dirfd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dirfd >= 0);
	put(dirfd, OLD);
	put(dirfd, NEW);
	/* 90 minutes after OLD ended; archives go at two hours. */
	mono_ms = 1000000;
	wall_us = (1577836800LL + 90 * 60) * 1000000;
	memset(&cfg, 0, sizeof cfg);
	cfg.keep.count = 100;
	cfg.keep.has_age = 1;
	cfg.keep.age_us = (int64_t)120 * 60 * 1000000;
	cfg.zip = ZMODE_NONE;
	cfg.level = 6;

	assert_int_equal(worker_start(&w, dirfd, &cfg), 0);
	/* The first pass ends: the next is due in an hour; it renamed the
	 * synced ".t" and kept OLD. */
	for (i = 0; i < 500 && hourly() == 0; i++)
		nanosleep(&tick, NULL);
	assert_true(hourly() == 1000000 + 60 * MIN_MS);
	assert_true(exists(dirfd, "_20200101T010000.000000.s"));
	assert_true(exists(dirfd, OLD));
	/* 59 minutes on, OLD is too old, but no pass is due. */
	advance(59 * MIN_MS);
	assert_false(becomes(dirfd, OLD, 0, 300));
	/* Two minutes more: the hourly pass removes it. */
	advance(2 * MIN_MS);
	assert_true(becomes(dirfd, OLD, 0, 5000));
	assert_true(exists(dirfd, "_20200101T010000.000000.s"));
	close(dirfd);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static int
stop_worker(void **state)
{
	(void)state;
	if (w.started) {
		worker_stop(&w);
		worker_join(&w);
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_hourly_pass, stop_worker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
