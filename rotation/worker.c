/* worker.c: the rotation worker thread (worker.h). */
#define _GNU_SOURCE /* eventfd */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fsops.h"
#include "worker.h"

#define HOURLY_MS (3600 * 1000)

/* What the thread is to do next, decided under the lock. */
enum todo { DO_STOP, DO_PASS, DO_STEP, DO_START, DO_END };

static void
request(struct worker *w, int *flag)
{
	pthread_mutex_lock(&w->mu);
	*flag = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void
pass(struct worker *w)
{
	int rc;

	/* Once an hour, archives that failed to compress get another go. */
	if (now_ms() >= w->hourly)
		w->skip_upto = INT64_MIN;
	rc = dirpass_run(w->dirfd, &w->cfg, &w->scan, &w->job, w->skip_upto,
	    fsops_wall_us(), &w->next);
	if (rc < 0)
		warn_sys("unable to read the log directory");
	w->has_next = rc > 0;
	/* Under the lock: next_todo() reads it there, and so may a test. */
	pthread_mutex_lock(&w->mu);
	w->hourly = now_ms() + HOURLY_MS;
	pthread_mutex_unlock(&w->mu);
}

static void
step(struct worker *w)
{
	int rc = zjob_step(&w->job, w->dirfd);

	if (rc < 0)
		w->skip_upto = w->job.src.a.us;
	/* Done or failed: retention counts the new size, and the next
	 * archive is chosen afresh. */
	if (rc != 0)
		request(w, &w->kicked);
}

static void
start_next(struct worker *w)
{
	w->has_next = 0;
	if (zjob_start(&w->job, w->dirfd, &w->next, w->cfg.zip, w->cfg.level,
	    w->cfg.zipcmd) < 0) {
		w->skip_upto = w->next.a.us;
		request(w, &w->kicked); /* look for the next candidate */
	}
}

/* Whether a step can be taken without waiting: in-process compression
 * always can; a child only after SIGCHLD. */
static int
steppable(struct worker *w, int child)
{
	return w->job.active && (w->job.mode == ZMODE_GZ || child);
}

static void
wait_until_ms(struct worker *w, int64_t when)
{
	struct timespec ts;
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = when - now_ms();
	if (ms < 0)
		ms = 0;
	ts.tv_sec += (time_t)(ms / 1000);
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&w->cv, &w->mu, &ts);
}

/* Wait for something to do, and say what. */
static enum todo
next_todo(struct worker *w, int *child)
{
	enum todo t;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		*child = w->child;
		w->child = 0;
		if (w->stopping)
			t = DO_STOP;
		else if (w->kicked || now_ms() >= w->hourly)
			t = DO_PASS;
		else if (steppable(w, *child))
			t = DO_STEP;
		else if (!w->job.active && w->has_next)
			t = DO_START;
		else if (!w->job.active && w->draining &&
		    (!w->cfg.syncer || w->sync_ended))
			t = DO_END;
		else {
			wait_until_ms(w, w->hourly);
			continue;
		}
		break;
	}
	if (t == DO_PASS)
		w->kicked = 0;
	pthread_mutex_unlock(&w->mu);
	return t;
}

static void *
run(void *arg)
{
	struct worker *w = arg;
	uint64_t one = 1;
	int child = 0, go = 1;

	while (go) {
		switch (next_todo(w, &child)) {
		case DO_PASS:
			pass(w);
			/* A child that ended meanwhile is still looked at. */
			if (child)
				worker_child(w);
			break;
		case DO_STEP:
			step(w);
			break;
		case DO_START:
			start_next(w);
			break;
		case DO_STOP:
			if (w->job.active)
				zjob_abort(&w->job, w->dirfd);
			go = 0;
			break;
		case DO_END:
			go = 0;
			break;
		}
	}
	/* The syncer is part of the worker: both have ended when donefd
	 * says so. After DO_END it has already. */
	if (w->cfg.syncer) {
		syncer_stop(&w->sync);
		syncer_join(&w->sync);
	}
	if (write(w->donefd, &one, sizeof one) < 0)
		warn_sys("unable to signal the end of the worker");
	return NULL;
}

/* The syncer renamed archives, or ended: a pass is due. */
static void
synced(void *arg, int last)
{
	struct worker *w = arg;

	pthread_mutex_lock(&w->mu);
	w->kicked = 1;
	if (last)
		w->sync_ended = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int
worker_start(struct worker *w, int dirfd, const struct rotcfg *cfg)
{
	pthread_condattr_t ca;
	pthread_attr_t ta;
	int rc;

	memset(w, 0, sizeof *w);
	w->cfg = *cfg;
	w->skip_upto = INT64_MIN;
	w->kicked = 1; /* the first pass: recovery */
	w->job.in = w->job.out = -1;
	w->dirfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	w->donefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->dirfd < 0 || w->donefd < 0)
		return -1;
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	/* Without a syncer (no thread to be had), the passes sync. */
	w->cfg.syncer = cfg->zip != ZMODE_NONE &&
	    syncer_start(&w->sync, w->dirfd, synced, w) == 0;
	pthread_attr_init(&ta);
	pthread_attr_setstacksize(&ta, 256 * 1024);
	rc = pthread_create(&w->tid, &ta, run, w);
	pthread_attr_destroy(&ta);
	if (rc != 0) {
		if (w->cfg.syncer) {
			syncer_stop(&w->sync);
			syncer_join(&w->sync);
		}
		errno = rc;
		return -1;
	}
	w->started = 1;
	return 0;
}

void
worker_kick(struct worker *w)
{
	if (w->cfg.syncer)
		syncer_kick(&w->sync);
	request(w, &w->kicked);
}

void
worker_child(struct worker *w)
{
	request(w, &w->child);
}

void
worker_drain(struct worker *w)
{
	if (w->cfg.syncer)
		syncer_drain(&w->sync);
	request(w, &w->draining);
}

void
worker_stop(struct worker *w)
{
	request(w, &w->stopping);
}

int
worker_donefd(const struct worker *w)
{
	return w->donefd;
}

void
worker_join(struct worker *w)
{
	if (w->started)
		pthread_join(w->tid, NULL);
	w->started = 0;
	dirscan_free(&w->scan);
	close(w->dirfd);
	close(w->donefd);
}
