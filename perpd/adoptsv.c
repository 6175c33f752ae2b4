/* adoptsv.c: applying the previous perpd's record to a service: its
 * live processes (watched through their pidfds), its log pipe (reopened
 * from a survivor through /proc/PID/fd, so what waits in it is kept), its
 * wanted state and back-off; and stopping what a vanished directory left. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adopt.h"
#include "deadline.h"
#include "die.h"
#include "fdio.h"

/* Reopen both ends of the pipe with inode ino from a process holding it. */
static int
pipe_from(pid_t pid, uint64_t ino, int fds[2])
{
	char path[64], link[64], want[40];
	struct dirent *e;
	struct stat st0, st1;
	ssize_t n;
	DIR *d;

	snprintf(want, sizeof want, "pipe:[%llu]", (unsigned long long)ino);
	snprintf(path, sizeof path, "/proc/%ld/fd", (long)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	fds[0] = fds[1] = -1;
	while ((e = readdir(d)) != NULL && fds[1] < 0) {
		n = readlinkat(dirfd(d), e->d_name, link, sizeof link - 1);
		if (n <= 0 || (link[n] = '\0', strcmp(link, want) != 0))
			continue;
		/* Read end first: opening the write end needs a reader. */
		fds[0] = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fds[0] >= 0)
			fds[1] = openat(dirfd(d), e->d_name,
			    O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (fds[1] < 0 && fds[0] >= 0) {
			close(fds[0]);
			fds[0] = -1;
		}
	}
	closedir(d);
	if (fds[1] < 0 || fstat(fds[0], &st0) < 0 || fstat(fds[1], &st1) < 0 ||
	    (uint64_t)st0.st_ino != ino || (uint64_t)st1.st_ino != ino ||
	    fd_nonblock(fds[0], 0) < 0 || fd_nonblock(fds[1], 0) < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return -1;
	}
	return 0;
}

/* The log pipe: recovered from a survivor, or a new one. */
static void
adopt_pipe(struct service *sv, const struct adoptee *a)
{
	int i;

	for (i = 1; i >= 0 && sv->logpipe[0] < 0; i--)
		if (a->pipe_ino && a->proc[i].state == AP_ALIVE &&
		    pipe_from(a->proc[i].pid, a->pipe_ino, sv->logpipe) == 0)
			sv->flags |= SVF_HASLOG;
	if (a->proc[1].state == AP_ALIVE)
		sv->flags |= SVF_HASLOG;
	if (sv->logpipe[0] < 0 && (sv->flags & SVF_HASLOG) &&
	    pipe2(sv->logpipe, O_CLOEXEC) < 0) {
		warn_sys("failure pipe() on logpipe for %s", sv->label);
		sv->logpipe[0] = sv->logpipe[1] = -1;
	}
}

static void
apply_proc(struct sub *sub, struct aproc *ap, int64_t now)
{
	struct timespec wall;
	int64_t ago;

	clock_gettime(CLOCK_REALTIME, &wall);
	ago = (int64_t)(wall.tv_sec - ap->when.tv_sec) * 1000 +
	    (wall.tv_nsec - ap->when.tv_nsec) / 1000000;
	if (ap->state == AP_ALIVE) {
		sub->pid = ap->pid;
		sub->pidfd = ap->pidfd;
		sub->adopted = 1;
		sub->ticks = ap->ticks;
		sub->when = ap->when;
		ap->pidfd = -1;
		pidmap_put(sub);
		if (reap_watch(sub) < 0)
			warn_sys("failure watching adopted process %ld",
			    (long)sub->pid);
		if (ap->reset) {
			sub->flags |= SUBF_ISRESET;
			sub->kill_at = sub->sv->stop_ms ?
			    now + sub->sv->stop_ms : DEADLINE_NEVER;
		} else
			sub->start_ms = now - (ago > 0 ? ago : 0);
		if (ap->pstate == 'T')
			sub->flags |= SUBF_PAUSED;
	} else if (ap->state == AP_DEAD && !ap->reset && sub->sv->dirfd >= 0) {
		/* It ended while no perpd was watching: its reset is owed. */
		sub->lastpid = ap->pid;
		sub->wstatus = ap->wstatus;
		sub->when = ap->when;
		sub->start_ms = now - (ago > 0 ? ago : 0);
		sub->died_ms = now;
		sub->reset_due = 1;
		sub->due = now;
	}
}

static void
apply_state(struct service *sv, const struct adoptee *a)
{
	const uint8_t keep = SUBF_WANTDOWN | SUBF_ISONCE;

	if (!a->has_state) {
		if (sv->flags & SVF_DOWN)
			sv->main.flags |= SUBF_WANTDOWN;
		if (sv->flags & SVF_ONCE)
			sv->main.flags |= SUBF_ISONCE;
		return;
	}
	sv->main.flags |= a->state.flags[0] & keep;
	sv->log.flags |= a->state.flags[1] & keep;
	sv->main.backoff_ms = a->state.backoff_ms[0];
	sv->log.backoff_ms = a->state.backoff_ms[1];
	sv->main.starts = a->state.starts[0];
	sv->log.starts = a->state.starts[1];
}

static void
note(char *buf, size_t n, const struct sub *sub)
{
	if (sub->pid != 0)
		snprintf(buf, n, "%ld", (long)sub->pid);
	else
		snprintf(buf, n, "-");
}

/* Take over service sv from the previous perpd's record a: its running
 * processes, its log pipe, its wanted state; start what is not running. */
void
adopt_apply(struct service *sv, struct adoptee *a, int64_t now)
{
	char mp[24], lp[24];

	a->taken = 1;
	adopt_pipe(sv, a);
	apply_state(sv, a);
	if (!(sv->flags & SVF_HASLOG))
		sv->log.flags |= SUBF_WANTDOWN;
	apply_proc(&sv->main, &a->proc[0], now);
	apply_proc(&sv->log, &a->proc[1], now);
	/* A stop the previous perpd had begun goes on. */
	if (sv->main.pid != 0 && !(sv->main.flags & SUBF_ISRESET) &&
	    (sv->main.flags & SUBF_WANTDOWN))
		sub_stop(&sv->main, 0, now);
	if (sv->log.pid != 0 && !(sv->log.flags & SUBF_ISRESET) &&
	    (sv->log.flags & SUBF_WANTDOWN))
		sub_stop(&sv->log, 0, now);
	sub_want_start(&sv->log, now);
	sub_want_start(&sv->main, now);
	note(mp, sizeof mp, &sv->main);
	note(lp, sizeof lp, &sv->log);
	if (sv->main.pid != 0 || sv->log.pid != 0)
		info("adopted service %s: main pid %s, log pid %s", sv->label,
		    mp, lp);
	timer_update(sv);
}

void
adopt_orphan(struct adoptee *a, int64_t now)
{
	char name[64];
	struct service *sv;

	snprintf(name, sizeof name, "(dev %llu ino %llu)",
	    (unsigned long long)a->key.dev, (unsigned long long)a->key.ino);
	if ((sv = svtab_add(&a->key, name)) == NULL || pidtab_slot(sv) < 0) {
		warn_sys("unable to take over processes of %s", name);
		if (sv != NULL)
			svtab_remove(sv);
		return;
	}
	warn("service directory %s of the previous perpd is gone: stopping "
	    "its processes", name);
	sv->flags = SVF_ACTIVE;
	sv->stop_ms = PERPD_STOP_MS;
	clock_gettime(CLOCK_REALTIME, &sv->activated);
	adopt_apply(sv, a, now);
	sv_cull(sv, now);
}

