/* service.c: the state machine of a sub-service (main or log).
 *
 * A sub runs its start target; when that ends, its reset target runs at
 * once; when the reset ends, the start runs again unless the sub wants to
 * stay down, no sooner than the respawn governor and the back-off allow
 * (a deadline in perpd's loop: the fork waits, perpd never sleeps).
 *
 * Stopping a start sends SIGTERM and SIGCONT and arms the stop timeout;
 * when it expires the process group gets SIGKILL. A group member left
 * behind by a stopped start gets the same treatment. A reset gets the stop
 * timeout to finish, then its group gets SIGKILL.
 *
 * Deactivation (and shutdown) stops main first; once main and its reset
 * are down, perpd closes its write end of the log pipe, so the logger
 * reads every byte main wrote and then end-of-file; the logger is sent
 * SIGTERM only if it is still running a stop timeout later. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "errstr.h"
#include "perpd.h"

#define WAITFLAGS (SUBF_WAITING | SUBF_FAILING)

/* "main" or "log", for messages. */
const char *
sub_what(const struct sub *sub)
{
	return (sub->flags & SUBF_ISLOG) ? "log" : "main";
}

static const char *
signame(int sig)
{
	const char *s = errstr_signame(sig);

	return s ? s : "SIGUNKNOWN";
}

static int64_t
after(const struct service *sv, int64_t now)
{
	return sv->stop_ms ? now + sv->stop_ms : DEADLINE_NEVER;
}

/* Deliver sig to the sub's process (or its group): an adopted process
 * through its pidfd, so that a recycled pid is never hit. */
static int
deliver(const struct sub *sub, int sig, int killpg)
{
	if (killpg)
		return kill(-sub->pid, sig);
	if (sub->pidfd >= 0)
		return (int)syscall(SYS_pidfd_send_signal, sub->pidfd, sig,
		    NULL, 0);
	return kill(sub->pid, sig);
}

/* Send sig as perpctl asked. A resetting sub gets only SIGKILL and
 * SIGCONT, with a warning (2.07's rule). */
void
sub_signal(struct sub *sub, int sig, int killpg)
{
	const char *label = sub->sv->label;

	if (sub->pid == 0)
		return;
	if (sub->flags & SUBF_ISRESET) {
		if (sig != SIGKILL && sig != SIGCONT) {
			warn("dropping signal %s to resetting service %s (%s)",
			    signame(sig), label, sub_what(sub));
			return;
		}
		warn("sending signal %s to resetting service %s (%s)",
		    signame(sig), label, sub_what(sub));
	}
	if (deliver(sub, sig, killpg) < 0)
		warn_sys("failure kill() on %s to service %s (%s)",
		    signame(sig), label, sub_what(sub));
}

/* Ask for a start: the fork happens in sv_expire once the governor and
 * the back-off allow; until then the sub shows SUBF_WAITING. */
void
sub_want_start(struct sub *sub, int64_t now)
{
	struct service *sv = sub->sv;
	int64_t at;

	if (sub->pid != 0 || (sub->flags & SUBF_WANTDOWN) || sub->reset_due ||
	    sv->dirfd < 0)
		return;
	at = policy_start_at(sub->start_ms, sub->died_ms, sub->backoff_ms, now);
	sub->flags &= ~WAITFLAGS;
	sub->due = at;
	if (at > now) {
		sub->flags |= SUBF_WAITING;
		if (sub->backoff_ms > GOVERNOR_MS)
			warn("setting back-off of %u ms on 'start' target of "
			    "service %s for ./rc.%s", (unsigned)sub->backoff_ms,
			    sv->label, sub_what(sub));
		else
			warn("setting respawn governor on 'start' target of "
			    "service %s for ./rc.%s", sv->label, sub_what(sub));
	}
	timer_update(sv);
}

/* perpctl u (once = 0) or o (once = 1). */
void
sub_up(struct sub *sub, int once, int64_t now)
{
	struct service *sv = sub->sv;

	if ((sub->flags & SUBF_ISLOG) && !(sv->flags & SVF_HASLOG))
		return;
	sub->flags &= ~SUBF_WANTDOWN;
	if (once)
		sub->flags |= SUBF_ISONCE;
	else {
		sub->flags &= ~SUBF_ISONCE;
		sub->backoff_ms = 0;
	}
	if (!(sub->flags & SUBF_ISLOG))
		sv->log.follow = 0;
	if (sub->pid != 0 && !(sub->flags & SUBF_ISRESET)) {
		sub->stopping = 0;
		sub->kill_at = DEADLINE_NEVER;
	} else if (sub->pid == 0 && !sub->reset_due) {
		sub->due = DEADLINE_NEVER;
		sub_want_start(sub, now);
	}
	pidtab_state(sv);
	timer_update(sv);
}

/* Bring the sub down: want-down, no pending start, and a running start
 * gets SIGTERM and SIGCONT and, after the stop timeout, SIGKILL. */
void
sub_stop(struct sub *sub, int killpg, int64_t now)
{
	struct service *sv = sub->sv;

	sub->flags |= SUBF_WANTDOWN;
	if (sub->pid == 0 && !sub->reset_due) {
		sub->due = DEADLINE_NEVER;
		sub->flags &= ~WAITFLAGS;
	}
	if (sub->pid != 0 && !(sub->flags & SUBF_ISRESET)) {
		sub_signal(sub, SIGTERM, killpg);
		sub_signal(sub, SIGCONT, killpg);
		sub->flags &= ~SUBF_PAUSED;
		if (!sub->stopping) {
			sub->stopping = STOP_TERM;
			sub->kill_at = after(sv, now);
		}
	}
	pidtab_state(sv);
	timer_update(sv);
}

/* The stop or reset timeout expired: SIGKILL the process group. */
static void
sub_kill(struct sub *sub)
{
	struct service *sv = sub->sv;

	sub->kill_at = DEADLINE_NEVER;
	if (sub->pid == 0)
		return;
	warn("%s of service %s (%s) still running after %u ms: sending "
	    "SIGKILL to its process group",
	    (sub->flags & SUBF_ISRESET) ? "reset" : "stopped start",
	    sv->label, sub_what(sub), (unsigned)sv->stop_ms);
	if (deliver(sub, SIGKILL, 1) < 0 && deliver(sub, SIGKILL, 0) < 0)
		warn_sys("failure kill() on SIGKILL to service %s (%s)",
		    sv->label, sub_what(sub));
	sub->stopping = STOP_KILL;
}

/* A stopped start left members of its process group: look again, and
 * SIGKILL them when the stop timeout is over. */
static void
sub_stray(struct sub *sub, int64_t now)
{
	if (kill(-sub->stray, 0) < 0 && errno == ESRCH) {
		sub->stray = 0;
		sub->stray_at = sub->stray_end = DEADLINE_NEVER;
		return;
	}
	if (now >= sub->stray_end) {
		warn("processes of service %s (%s) still running after %u ms: "
		    "sending SIGKILL to process group %ld", sub->sv->label,
		    sub_what(sub), (unsigned)sub->sv->stop_ms, (long)sub->stray);
		kill(-sub->stray, SIGKILL);
		sub->stray = 0;
		sub->stray_at = sub->stray_end = DEADLINE_NEVER;
		return;
	}
	sub->stray_at = deadline_min(now + PERPD_STRAY_MS, sub->stray_end);
}

static void
stray_begin(struct sub *sub, pid_t pgid, int64_t kill_at, int64_t now)
{
	if (kill(-pgid, 0) < 0)
		return;
	kill(-pgid, SIGTERM);
	kill(-pgid, SIGCONT);
	sub->stray = pgid;
	sub->stray_end = kill_at;
	sub->stray_at = deadline_min(now + PERPD_STRAY_MS, kill_at);
}

static int
pipe_empty(const struct service *sv)
{
	int n = 0;

	return sv->logpipe[0] < 0 || ioctl(sv->logpipe[0], FIONREAD, &n) < 0 ||
	    n == 0;
}

/* A reset ended: start again, or stay down and let the logger follow. */
static void
sub_after_reset(struct sub *sub, int64_t now)
{
	struct service *sv = sub->sv;

	if ((sub->flags & SUBF_ISLOG) && sv->draining && pipe_empty(sv))
		sub->flags |= SUBF_WANTDOWN;
	if (!(sub->flags & SUBF_WANTDOWN)) {
		sub_want_start(sub, now);
		return;
	}
	if (!(sub->flags & SUBF_ISLOG))
		sv_log_follow(sv, now);
}

/* The sub's process ended with wstatus (-1: not known). A start's end
 * schedules its reset at once; a reset's end decides what comes next. */
void
sub_exited(struct sub *sub, int wstatus, int64_t now)
{
	struct service *sv = sub->sv;
	int64_t kill_at = sub->kill_at;
	pid_t pid = sub->pid;

	pidmap_del(pid);
	reap_unwatch(sub);
	pidtab_proc_clear(sub);
	sub->pid = 0;
	sub->flags &= ~SUBF_PAUSED;
	sub->kill_at = DEADLINE_NEVER;
	if (sub->flags & SUBF_ISRESET) {
		sub_after_reset(sub, now);
	} else {
		sub->lastpid = pid;
		sub->wstatus = wstatus;
		sub->died_ms = now;
		/* Only a death nobody asked for counts as a crash. */
		if (!(sub->flags & SUBF_WANTDOWN))
			sub->backoff_ms = policy_backoff(sub->backoff_ms,
			    now - sub->start_ms);
		if (sub->flags & SUBF_ISONCE)
			sub->flags |= SUBF_WANTDOWN;
		if (sub->stopping)
			stray_begin(sub, pid, kill_at == DEADLINE_NEVER ?
			    after(sv, now) : kill_at, now);
		sub->stopping = 0;
		if (sv->dirfd >= 0) {
			sub->reset_due = 1;
			sub->due = now;
		} else
			sub_after_reset(sub, now);
	}
	pidtab_state(sv);
	timer_update(sv);
}

/* Main is down for good: a deactivating service drains its logger, and
 * after perpctl D the logger is stopped now. */
void
sv_log_follow(struct service *sv, int64_t now)
{
	struct sub *log = &sv->log;

	if (!(sv->flags & SVF_HASLOG) || sv->main.pid != 0 ||
	    sv->main.reset_due)
		return;
	if (sv->flags & SVF_CULL) {
		if (!sv->draining) {
			sv->draining = 1;
			if (sv->logpipe[1] >= 0)
				close(sv->logpipe[1]);
			sv->logpipe[1] = -1;
			sv->drain_at = after(sv, now);
		}
		if (log->pid == 0 && !log->reset_due) {
			if ((log->flags & SUBF_WANTDOWN) || pipe_empty(sv))
				sub_stop(log, 0, now);
			else if (log->due == DEADLINE_NEVER)
				sub_want_start(log, now);
		}
	} else if (log->follow) {
		log->follow = 0;
		sub_stop(log, 0, now);
	}
	timer_update(sv);
}

/* Begin deactivation. Returns 1 if the service was removed at once. */
int
sv_cull(struct service *sv, int64_t now)
{
	if (!(sv->flags & SVF_CULL)) {
		sv->flags |= SVF_CULL;
		sv->flags &= ~(SVF_ACTIVE | SVF_CYCLE);
		sub_stop(&sv->main, 0, now);
		sv_log_follow(sv, now);
	}
	return sv_maybe_done(sv);
}

/* Nothing running, nothing due (a draining logger may be due to start
 * again), no group left to clear. */
static int
sub_idle(const struct sub *sub)
{
	return sub->pid == 0 && sub->due == DEADLINE_NEVER && sub->stray == 0;
}

/* Remove a deactivated service once nothing of it runs. 1 if removed. */
int
sv_maybe_done(struct service *sv)
{
	int cycle = (sv->flags & SVF_CYCLE) != 0;

	if (!(sv->flags & SVF_CULL) || !sub_idle(&sv->main) ||
	    !sub_idle(&sv->log))
		return 0;
	info("deactivating service %s", sv->label);
	if (sv->dirfd >= 0)
		close(sv->dirfd);
	if (sv->logpipe[0] >= 0)
		close(sv->logpipe[0]);
	if (sv->logpipe[1] >= 0)
		close(sv->logpipe[1]);
	pidtab_free(sv);
	svtab_remove(sv);
	if (cycle)
		scan_request(now_ms(), 0);
	return 1;
}

/* Fork what is due for sub. 1 if a process was forked. */
static int
sub_fork(struct sub *sub, int64_t now)
{
	struct service *sv = sub->sv;
	int reset = sub->reset_due;

	sub->due = DEADLINE_NEVER;
	sub->flags &= ~WAITFLAGS;
	if (svrun_spawn(sub, reset, now) < 0) {
		warn_sys("failure fork() for service %s", sv->label);
		sub->flags |= SUBF_FAILING;
		sub->due = now + PERPD_RETRY_MS;
		return 0;
	}
	sub->reset_due = 0;
	if (reset)
		sub->kill_at = after(sv, now);
	return 1;
}

static void
drain_expired(struct service *sv, int64_t now)
{
	sv->drain_at = DEADLINE_NEVER;
	sub_stop(&sv->log, 0, now);
}

/* Act on every deadline of sv that has come, forking at most budget
 * processes. Returns the number forked. sv may be freed on return. */
int
sv_expire(struct service *sv, int64_t now, int budget)
{
	struct sub *subs[2] = { &sv->log, &sv->main };
	int i, forks = 0;

	for (i = 0; i < 2; i++) {
		if (subs[i]->kill_at <= now)
			sub_kill(subs[i]);
		if (subs[i]->stray_at <= now)
			sub_stray(subs[i], now);
	}
	if (sv->drain_at <= now)
		drain_expired(sv, now);
	for (i = 0; i < 2; i++)
		if (subs[i]->due <= now && forks < budget)
			forks += sub_fork(subs[i], now);
	timer_update(sv);
	sv_maybe_done(sv);
	return forks;
}
