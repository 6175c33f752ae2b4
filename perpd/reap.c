/* reap.c: learning that a process ended. perpd's own children are reaped
 * with waitpid() when SIGCHLD arrives; processes adopted from a previous
 * perpd are not its children, so each is watched through a pidfd, and
 * how it ended is read from /proc while it is still a zombie. */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "perpd.h"
#include "procstat.h"

static struct sub **watched;
static size_t nwatched, capwatched;

/* Reap every child that ended; act on the ones that are services. */
void
reap_children(int64_t now)
{
	struct service *sv;
	struct sub *sub;
	pid_t pid;
	int st;

	for (;;) {
		pid = waitpid(-1, &st, WNOHANG);
		if (pid <= 0)
			break;
		sub = pidmap_find(pid);
		/* Not a service: a logger perpboot -x left us, say. */
		if (sub == NULL || sub->pidfd >= 0)
			continue;
		sv = sub->sv;
		sub_exited(sub, st, now);
		sv_maybe_done(sv);
	}
}

/* The pidfd of adopted sub is readable: its process ended. */
void
reap_adopted(struct sub *sub, int64_t now)
{
	struct service *sv = sub->sv;
	struct procstat ps;
	int st = -1;

	if (procstat_read(sub->pid, &ps) == 0 && ps.state == 'Z' &&
	    ps.starttime == sub->ticks)
		st = ps.exit_code;
	sub_exited(sub, st, now);
	sv_maybe_done(sv);
}

/* Watch adopted sub (sub->pidfd set). 0, or -1 with ENOMEM. */
int
reap_watch(struct sub *sub)
{
	struct sub **nw;
	size_t n;

	if (nwatched == capwatched) {
		n = capwatched ? capwatched * 2 : 16;
		if ((nw = realloc(watched, n * sizeof *nw)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		watched = nw;
		capwatched = n;
	}
	sub->polli = (int)nwatched;
	watched[nwatched++] = sub;
	return 0;
}

/* Stop watching sub and close its pidfd (no-op for a child of ours). */
void
reap_unwatch(struct sub *sub)
{
	if (sub->polli >= 0) {
		watched[sub->polli] = watched[--nwatched];
		watched[sub->polli]->polli = sub->polli;
		sub->polli = -1;
	}
	if (sub->pidfd >= 0)
		close(sub->pidfd);
	sub->pidfd = -1;
}

/* The adopted processes being watched: count and i-th. */
size_t
reap_nwatched(void)
{
	return nwatched;
}

struct sub *
reap_watched(size_t i)
{
	return watched[i];
}
