/* svrun.c: fork and exec of a runscript (perpetrate(5)).
 *
 *   ./rc.main start SVNAME                 ./rc.log start SVNAME
 *   ./rc.main reset SVNAME exit CODE       (and signal NUM SIGNAME,
 *   stopped NUM SIGNAME, or unknown when an adopted process ended unseen)
 *
 * The child gets its own session, the service directory as cwd, and
 *   fd 0: perpd's stdin (/dev/null); the log pipe for rc.log start;
 *         /dev/null for rc.log reset
 *   fd 1: the log pipe for rc.main when there is a logger, else perpd's
 *   fd 2: perpd's stderr
 * Every other descriptor of perpd is close-on-exec: nothing else leaks.
 * Before exec the child records itself in the pid table, so that a
 * process is never running unrecorded, whenever perpd dies. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "errstr.h"
#include "fdio.h"
#include "perpd.h"
#include "sig.h"

extern char **environ;

struct runargs {
	char *argv[7];
	char code[24], num[24], svpid[24], secs[24];
	int reset;
};

/* The argv of a reset: how the start ended, as 2.07 words it. */
static void
reset_args(struct runargs *ra, const struct sub *sub)
{
	int st = sub->wstatus, sig;
	const char *name;

	ra->argv[1] = "reset";
	if (st < 0) {
		ra->argv[3] = "unknown";
		return;
	}
	if (WIFEXITED(st)) {
		snprintf(ra->code, sizeof ra->code, "%d", WEXITSTATUS(st));
		ra->argv[3] = "exit";
		ra->argv[4] = ra->code;
		return;
	}
	sig = WIFSIGNALED(st) ? WTERMSIG(st) : WSTOPSIG(st);
	name = errstr_signame(sig);
	snprintf(ra->num, sizeof ra->num, "%d", sig);
	ra->argv[3] = WIFSIGNALED(st) ? "signal" : "stopped";
	ra->argv[4] = ra->num;
	ra->argv[5] = (char *)(name ? name : "SIGUNKNOWN");
}

static void
build_args(struct runargs *ra, const struct sub *sub, int reset)
{
	int i;

	for (i = 0; i < 7; i++)
		ra->argv[i] = NULL;
	ra->reset = reset;
	ra->argv[0] = (sub->flags & SUBF_ISLOG) ? "./rc.log" : "./rc.main";
	ra->argv[1] = "start";
	ra->argv[2] = sub->sv->name;
	if (reset) {
		reset_args(ra, sub);
		snprintf(ra->svpid, sizeof ra->svpid, "%ld",
		    (long)sub->lastpid);
		snprintf(ra->secs, sizeof ra->secs, "%u",
		    (unsigned)policy_secs(sub->died_ms - sub->start_ms));
	}
}

/* In the child: the three descriptors. */
static void
child_fds(const struct sub *sub, int reset)
{
	const struct service *sv = sub->sv;
	const char *label = sv->label;

	if (!(sub->flags & SUBF_ISLOG)) {
		if ((sv->flags & SVF_HASLOG) && sv->logpipe[1] >= 0 &&
		    fd_dup_to(sv->logpipe[1], 1) < 0)
			die_sys(EXIT_TEMP, "(in child for service %s):  "
			    "failure dup2() on logpipe[1] to logging service",
			    label);
	} else if (!reset) {
		if (fd_dup_to(sv->logpipe[0], 0) < 0)
			die_sys(EXIT_TEMP, "(in child for service %s):  "
			    "failure dup2() on logpipe[0] for logging service",
			    label);
	} else if (fd_dup_to(perpd.devnull, 0) < 0)
		die_sys(EXIT_TEMP, "(in child for service %s):  "
		    "failure dup2() on /dev/null for logging service", label);
}

static void
child_env(const struct sub *sub, struct runargs *ra)
{
	const char *label = sub->sv->label;

	if (!ra->reset)
		snprintf(ra->svpid, sizeof ra->svpid, "%ld", (long)getpid());
	if (setenv("PERP_BASE", perpd.base, 1) < 0)
		die_sys(EXIT_TEMP, "(in child for service %s):  "
		    "failure setting PERP_BASE", label);
	if (setenv("PERP_SVPID", ra->svpid, 1) < 0)
		die_sys(EXIT_TEMP, "(in child for service %s):  "
		    "failure setting PERP_SVPID", label);
	if ((ra->reset ? setenv("PERP_SVSECS", ra->secs, 1) :
	    unsetenv("PERP_SVSECS")) < 0)
		die_sys(EXIT_TEMP, "(in child for service %s):  "
		    "failure setting PERP_SVSECS", label);
}

static void
child(const struct sub *sub, struct runargs *ra, const struct timespec *when)
{
	const char *label = sub->sv->label;

	if (setsid() < 0)
		die_sys(EXIT_TEMP, "(in child for service %s):  "
		    "failure setsid()", label);
	if (fchdir(sub->sv->dirfd) < 0)
		die_sys(EXIT_TEMP, "(in child for service %s):  "
		    "failure fchdir() to service directory", label);
	child_fds(sub, ra->reset);
	child_env(sub, ra);
	pidtab_proc_child(sub, ra->reset, when);
	if (perpd.nofile_raised)
		setrlimit(RLIMIT_NOFILE, &perpd.nofile);
	sig_child_reset();
	execve(ra->argv[0], ra->argv, environ);
	die_sys(EXIT_TEMP, "(in child for service %s):  failure execve()",
	    label);
}

/* Fork sub's start (reset = 0) or reset target. 0 with sub->pid set, or
 * -1 with errno when fork failed. */
int
svrun_spawn(struct sub *sub, int reset, int64_t now)
{
	struct runargs ra;
	struct timespec when;
	pid_t pid;

	build_args(&ra, sub, reset);
	clock_gettime(CLOCK_REALTIME, &when);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child(sub, &ra, &when);
	sub->pid = pid;
	sub->when = when;
	pidmap_put(sub);
	if (reset)
		sub->flags |= SUBF_ISRESET;
	else {
		sub->flags &= ~SUBF_ISRESET;
		sub->start_ms = now;
		sub->starts++;
	}
	return 0;
}
