/* reap.c: learning that a process ended, at a cost that does not grow
 * with the number of services.
 *
 * Every supervised process has a pidfd (from clone, or pidfd_open for one
 * adopted from a previous perpd) in one epoll set; perpd polls the epoll
 * descriptor. A readable pidfd is reaped with waitid(P_PIDFD), which
 * looks at that child only; wait4(-1) instead walks every child perpd
 * has, 0.5 ms with 10,000 of them. An adopted process is not perpd's
 * child: how it ended is read from /proc while it is still a zombie.
 *
 * SIGCHLD still comes for every child. Children that are not services
 * (the logger perpboot -x leaves us) and children without a pidfd (when
 * the kernel cannot give one) are reaped by a wait4(-1) sweep: at once
 * when a child without a pidfd runs, else at most once a second. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "perpd.h"
#include "procstat.h"

#define SWEEP_GAP_MS 1000

static int epfd = -1;
static size_t npidless;  /* children of ours running without a pidfd */
static int64_t sweep_at = DEADLINE_NEVER, last_sweep;

/* Create the epoll set; its descriptor, or -1 with errno. */
int
reap_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd;
}

/* Watch sub's process: through sub->pidfd when it has one. 0, or -1 with
 * errno (then sub->pidfd is closed and the sweep finds the exit). */
int
reap_watch(struct sub *sub)
{
	struct epoll_event ev;
	int err;

	if (sub->pidfd >= 0) {
		ev.events = EPOLLIN;
		ev.data.ptr = sub;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, sub->pidfd, &ev) == 0)
			return 0;
		err = errno;
		close(sub->pidfd);
		sub->pidfd = -1;
		errno = err;
	}
	/* Not a child of ours: without its pidfd nothing tells its end. */
	if (sub->adopted)
		return -1;
	npidless++;
	return 0;
}

/* Stop watching sub's process (it ended): close its pidfd. */
void
reap_unwatch(struct sub *sub)
{
	if (sub->pidfd >= 0)
		close(sub->pidfd);
	else if (sub->pid != 0 && !sub->adopted && npidless > 0)
		npidless--;
	sub->pidfd = -1;
	sub->adopted = 0;
}

static void
ended(struct sub *sub, int wstatus, int64_t now)
{
	struct service *sv = sub->sv;

	sub_exited(sub, wstatus, now);
	sv_maybe_done(sv);
}

/* The wait status waitpid() would have given for si. */
static int
wstatus_of(const siginfo_t *si)
{
	if (si->si_code == CLD_EXITED)
		return (si->si_status & 0xff) << 8;
	if (si->si_code == CLD_DUMPED)
		return (si->si_status & 0x7f) | 0x80;
	return si->si_status & 0x7f;
}

/* An adopted process ended: its status, if it is still a zombie. */
static int
adopted_status(const struct sub *sub)
{
	struct procstat ps;

	if (procstat_read(sub->pid, &ps) == 0 && ps.state == 'Z' &&
	    ps.starttime == sub->ticks)
		return ps.exit_code;
	return -1;
}

static void
pidfd_ready(struct sub *sub, int64_t now)
{
	siginfo_t si;

	if (sub->adopted) {
		ended(sub, adopted_status(sub), now);
		return;
	}
	si.si_pid = 0;
	if (waitid((idtype_t)P_PIDFD, (id_t)sub->pidfd, &si,
	    WEXITED | WNOHANG) < 0) {
		/* Reaped elsewhere: the sweep saw it first. */
		if (errno != ECHILD)
			warn_sys("failure waitid() for service %s",
			    sub->sv->label);
		return;
	}
	if (si.si_pid != 0)
		ended(sub, wstatus_of(&si), now);
}

/* Handle every process whose pidfd became readable. */
void
reap_events(int64_t now)
{
	struct epoll_event ev[64];
	int n, i;

	do {
		n = epoll_wait(epfd, ev, 64, 0);
		for (i = 0; i < n; i++)
			pidfd_ready(ev[i].data.ptr, now);
	} while (n == 64);
	if (n < 0 && errno != EINTR)
		warn_sys("failure epoll_wait()");
}

static void
sweep(int64_t now)
{
	struct sub *sub;
	pid_t pid;
	int st;

	sweep_at = DEADLINE_NEVER;
	last_sweep = now;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		sub = pidmap_find(pid);
		/* Not a service, or a process we do not own. */
		if (sub != NULL && !sub->adopted)
			ended(sub, st, now);
	}
}

/* SIGCHLD: sweep now if a child runs without a pidfd, else soon. */
void
reap_children(int64_t now)
{
	if (npidless > 0)
		sweep(now);
	else
		sweep_at = deadline_min(sweep_at,
		    last_sweep + SWEEP_GAP_MS > now ? last_sweep + SWEEP_GAP_MS :
		    now);
}

/* The sweep's deadline, and its expiry. */
int64_t
reap_earliest(void)
{
	return sweep_at;
}

void
reap_expire(int64_t now)
{
	if (sweep_at <= now)
		sweep(now);
}
