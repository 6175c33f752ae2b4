/* command.c: what a control request does to a service (perp 2.07's
 * command letters), and the status record a query returns. */
#include <errno.h>
#include <signal.h>

#include "deadline.h"
#include "perpd.h"

/* The signal a command letter sends, or 0. */
static int
cmd_signal(uint8_t cmd)
{
	switch (cmd) {
	case 'a': return SIGALRM;
	case 'h': return SIGHUP;
	case 'i': return SIGINT;
	case 'k': return SIGKILL;
	case 'q': return SIGQUIT;
	case 't': return SIGTERM;
	case 'w': return SIGWINCH;
	case '1': return SIGUSR1;
	case '2': return SIGUSR2;
	}
	return 0;
}

static void
cmd_pause(struct sub *sub, int killpg)
{
	/* 2.07: a resetting or stopped sub ignores p silently. */
	if (sub->pid == 0 || (sub->flags & SUBF_ISRESET))
		return;
	sub->flags |= SUBF_PAUSED;
	sub_signal(sub, SIGSTOP, killpg);
}

static void
cmd_cont(struct sub *sub, int killpg)
{
	sub->flags &= ~SUBF_PAUSED;
	sub_signal(sub, SIGCONT, killpg);
}

/* D: main down now; the logger follows once main and its reset are
 * down, so it has read everything main wrote. */
static void
cmd_down_all(struct service *sv, int64_t now)
{
	sub_stop(&sv->main, 0, now);
	if (sv->flags & SVF_HASLOG) {
		sv->log.follow = 1;
		sv_log_follow(sv, now);
	}
}

/* Carry out control command cmd (flags CTLF_*) on sv. Returns 0, or the
 * errno the reply carries: EBUSY while deactivating, EPROTO for an
 * unknown command. */
int
sv_command(struct service *sv, uint8_t cmd, uint8_t flags, int64_t now)
{
	struct sub *sub = (flags & CTLF_LOG) ? &sv->log : &sv->main;
	int killpg = (flags & CTLF_KILLPG) != 0, sig = cmd_signal(cmd);

	if (sv->flags & SVF_CULL)
		return EBUSY;
	if (sig != 0) {
		sub_signal(sub, sig, killpg);
		return 0;
	}
	switch (cmd) {
	case 'u':
	case 'o':
		sub_up(sub, cmd == 'o', now);
		break;
	case 'd':
		sub_stop(sub, killpg, now);
		break;
	case 'p':
		cmd_pause(sub, killpg);
		break;
	case 'c':
		cmd_cont(sub, killpg);
		break;
	case 'U':
		sub_up(&sv->log, 0, now);
		sub_up(&sv->main, 0, now);
		break;
	case 'D':
		cmd_down_all(sv, now);
		break;
	default:
		return EPROTO;
	}
	return 0;
}

static void
sub_status(const struct sub *sub, struct substatus *ss, int64_t now)
{
	ss->pid = (uint32_t)sub->pid;
	ss->when = sub->when;
	ss->flags = sub->flags;
	ss->backoff_ms = sub->backoff_ms;
	ss->pending_ms = 0;
	if ((sub->flags & (SUBF_WAITING | SUBF_FAILING)) &&
	    sub->due != DEADLINE_NEVER && sub->due > now)
		ss->pending_ms = (uint32_t)(sub->due - now);
	ss->last_wstatus = sub->wstatus < 0 ? WSTATUS_NONE :
	    (uint32_t)sub->wstatus;
	ss->starts = sub->starts;
}

/* Fill st with sv's status as a Q reply carries it. */
void
sv_status(const struct service *sv, struct svstatus *st, int64_t now)
{
	st->perpd_pid = (uint32_t)perpd.pid;
	st->perpd_start = perpd.started;
	st->activated = sv->activated;
	st->flags = sv->flags;
	sub_status(&sv->main, &st->main, now);
	sub_status(&sv->log, &st->log, now);
	st->has_ext = 1;
	st->stop_timeout_ms = sv->stop_ms;
}
