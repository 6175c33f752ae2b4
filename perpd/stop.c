/* stop.c: signals to a sub-service, and stopping it for good: SIGTERM
 * and SIGCONT, then, when the stop timeout expires, SIGKILL to the whole
 * process group, including what a stopped start left behind. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "errstr.h"
#include "perpd.h"

static const char *
signame(int sig)
{
	const char *s = errstr_signame(sig);

	return s ? s : "SIGUNKNOWN";
}

/* now + sv's stop timeout; never when the timeout is 0. */
int64_t
stop_deadline(const struct service *sv, int64_t now)
{
	return sv->stop_ms ? now + sv->stop_ms : DEADLINE_NEVER;
}

/* Deliver sig to the sub's process (or its group): an adopted process
 * through its pidfd, so that a recycled pid is never hit. Where
 * pidfd_send_signal() answers ENOSYS although a pidfd exists (no kernel
 * does; valgrind 3.19 lacks the wrapper), kill() the pid: for a child of
 * perpd's, not reaped yet, that is as safe. */
static int
deliver(const struct sub *sub, int sig, int killpg)
{
	int r;

	if (killpg)
		return kill(-sub->pid, sig);
	if (sub->pidfd >= 0) {
		r = (int)syscall(SYS_pidfd_send_signal, sub->pidfd, sig,
		    NULL, 0);
		if (r == 0 || errno != ENOSYS)
			return r;
	}
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

/* Bring the sub down: want-down, no pending start, and a running start
 * gets SIGTERM and SIGCONT and, after the stop timeout, SIGKILL. */
void
sub_stop(struct sub *sub, int killpg, int64_t now)
{
	struct service *sv = sub->sv;

	sub->flags |= SUBF_WANTDOWN;
	if (sub->pid == 0 && !sub->reset_due) {
		sub->due = DEADLINE_NEVER;
		sub->flags &= ~SUBF_DELAYED;
	}
	if (sub->pid != 0 && !(sub->flags & SUBF_ISRESET)) {
		sub_signal(sub, SIGTERM, killpg);
		sub_signal(sub, SIGCONT, killpg);
		sub->flags &= ~SUBF_PAUSED;
		if (!sub->stopping) {
			sub->stopping = STOP_TERM;
			sub->kill_at = stop_deadline(sv, now);
		}
	}
	pidtab_state(sv);
	timer_update(sv);
}

/* The stop or reset timeout expired: SIGKILL the process group. */
void
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
void
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

/* A stopped start ended: TERM and CONT what is left in its group, and
 * watch the group until kill_at. */
void
sub_stray_begin(struct sub *sub, pid_t pgid, int64_t kill_at, int64_t now)
{
	if (kill(-pgid, 0) < 0)
		return;
	kill(-pgid, SIGTERM);
	kill(-pgid, SIGCONT);
	sub->stray = pgid;
	sub->stray_end = kill_at;
	sub->stray_at = deadline_min(now + PERPD_STRAY_MS, kill_at);
}

