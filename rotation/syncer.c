/* syncer.c: the thread that syncs rotated archives (syncer.h). */
#include <errno.h>
#include <string.h>

#include "die.h"
#include "dirpass.h"
#include "fsops.h"
#include "syncer.h"

#define SYNCER_STACK (128 * 1024)

static void
request(struct syncer *s, int *flag)
{
	pthread_mutex_lock(&s->mu);
	*flag = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* Sync every ".t" there is now. Whether a name changed. */
static int
pass(struct syncer *s)
{
	int changed;

	if (dirscan_read(s->dirfd, &s->scan, 0) < 0) {
		warn_sys("unable to read the log directory");
		return 0;
	}
	changed = dirpass_sync_new(s->dirfd, &s->scan);
	if (changed && fsops_sync_dir(s->dirfd) < 0)
		warn_sys("unable to sync the log directory");
	return changed;
}

static void *
run(void *arg)
{
	struct syncer *s = arg;
	int last;

	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (!s->kicked && !s->draining && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		last = s->draining || s->stopping;
		s->kicked = 0;
		if (s->stopping) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		pthread_mutex_unlock(&s->mu);
		if (pass(s) && !last)
			s->synced(s->arg, 0);
		if (last)
			break;
	}
	s->synced(s->arg, 1);
	return NULL;
}

int
syncer_start(struct syncer *s, int dirfd, syncer_fn *synced, void *arg)
{
	pthread_attr_t ta;
	int rc;

	memset(s, 0, sizeof *s);
	s->dirfd = dirfd;
	s->synced = synced;
	s->arg = arg;
	s->kicked = 1; /* the first pass: what a crash left */
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_attr_init(&ta);
	pthread_attr_setstacksize(&ta, SYNCER_STACK);
	rc = pthread_create(&s->tid, &ta, run, s);
	pthread_attr_destroy(&ta);
	if (rc != 0) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		errno = rc;
		return -1;
	}
	s->started = 1;
	return 0;
}

void
syncer_kick(struct syncer *s)
{
	request(s, &s->kicked);
}

void
syncer_drain(struct syncer *s)
{
	request(s, &s->draining);
}

void
syncer_stop(struct syncer *s)
{
	request(s, &s->stopping);
}

void
syncer_join(struct syncer *s)
{
	if (!s->started)
		return;
	pthread_join(s->tid, NULL);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	dirscan_free(&s->scan);
	s->started = 0;
}
