/* svrun.c: starting a runscript (perpetrate(5)).
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
 * and no other descriptor.
 *
 * A fork() would copy perpd's descriptor table (three descriptors per
 * service) and exec would then close every copy: a cost in the number of
 * services on every start. Instead the child is a clone sharing perpd's
 * memory and descriptor table while perpd waits (CLONE_VM | CLONE_VFORK |
 * CLONE_FILES); perpd first copies the few descriptors the child needs to
 * the fixed slots 3, 4 and 5, and the child's first act is
 * close_range(6, ~0, CLOSE_RANGE_UNSHARE), which gives it a table of its
 * own holding only descriptors 0 to 5. In that child nothing may touch
 * perpd's memory other than this start's arguments: no malloc, no
 * setenv, no exit(). Before exec the child records itself in the pid
 * table, so that a process never runs unrecorded, whenever perpd dies.
 *
 * Valgrind runs CLONE_VM | CLONE_VFORK as a fork but refuses CLONE_FILES
 * (it stops the program); under valgrind the child gets a copy of the
 * table instead, which the same close_range() then trims. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "errstr.h"
#include "perpd.h"
#include "sig.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define STACK_SIZE (128 * 1024)
#define ENV_SVPID "PERP_SVPID="
#define ENV_SVSECS "PERP_SVSECS="

struct runargs {
	char *argv[7];
	char code[24], num[24];
	char svpid[sizeof ENV_SVPID + 24], secs[sizeof ENV_SVSECS + 24];
	int reset;
	int wire;            /* SPAWN_FD goes to this descriptor, or -1 */
	const struct sub *sub;
	struct timespec when;
};

static char **envp;      /* perpd's environment, then three PERP_ slots */
static size_t nenv;
static char *env_base;   /* "PERP_BASE=..." */
static char stack[STACK_SIZE] __attribute__((aligned(16)));

static int
is_perp_var(const char *s)
{
	return strncmp(s, "PERP_BASE=", 10) == 0 ||
	    strncmp(s, ENV_SVPID, sizeof ENV_SVPID - 1) == 0 ||
	    strncmp(s, ENV_SVSECS, sizeof ENV_SVSECS - 1) == 0;
}

/* Prepare the environment every child gets: perpd's own without any
 * PERP_ variable it will set. 0, or -1 with ENOMEM. At start-up. */
int
svrun_init(void)
{
	extern char **environ;
	size_t n = 0, i;

	while (environ[n] != NULL)
		n++;
	envp = calloc(n + 4, sizeof *envp);
	env_base = malloc(strlen(perpd.base) + sizeof "PERP_BASE=");
	if (envp == NULL || env_base == NULL) {
		errno = ENOMEM;
		return -1;
	}
	sprintf(env_base, "PERP_BASE=%s", perpd.base);
	for (i = 0; i < n; i++)
		if (!is_perp_var(environ[i]))
			envp[nenv++] = environ[i];
	return 0;
}

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
	memset(ra, 0, sizeof *ra);
	ra->sub = sub;
	ra->reset = reset;
	ra->argv[0] = (sub->flags & SUBF_ISLOG) ? "./rc.log" : "./rc.main";
	ra->argv[1] = "start";
	ra->argv[2] = sub->sv->name;
	if (reset) {
		reset_args(ra, sub);
		snprintf(ra->svpid, sizeof ra->svpid, "%s%ld", ENV_SVPID,
		    (long)sub->lastpid);
		snprintf(ra->secs, sizeof ra->secs, "%s%u", ENV_SVSECS,
		    (unsigned)policy_secs(sub->died_ms - sub->start_ms));
	}
	envp[nenv] = env_base;
	envp[nenv + 1] = ra->svpid;
	envp[nenv + 2] = reset ? ra->secs : NULL;
	envp[nenv + 3] = NULL;
}

/* Stage the child's descriptors in slots 3, 4 and 5 of perpd's table. */
static int
stage(struct runargs *ra)
{
	const struct sub *sub = ra->sub;
	const struct service *sv = sub->sv;
	int fd = -1;

	ra->wire = -1;
	if (!(sub->flags & SUBF_ISLOG)) {
		if ((sv->flags & SVF_HASLOG) && sv->logpipe[1] >= 0) {
			fd = sv->logpipe[1];
			ra->wire = 1;
		}
	} else {
		fd = ra->reset ? perpd.devnull : sv->logpipe[0];
		ra->wire = 0;
	}
	if (dup3(sv->dirfd, SPAWN_DIR, O_CLOEXEC) < 0 ||
	    dup3(fd >= 0 ? fd : perpd.devnull, SPAWN_FD, O_CLOEXEC) < 0 ||
	    dup3(perpd.tabfd >= 0 ? perpd.tabfd : perpd.devnull, SPAWN_TAB,
	    O_CLOEXEC) < 0)
		return -1;
	return 0;
}

static int
format(char *buf, int size, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = die_format(buf, size, "fatal", err, fmt, ap);
	va_end(ap);
	return n;
}

/* Put /dev/null back in the slots: a staged pipe end left there would
 * keep the pipe open and a logger from ever seeing end-of-file. */
static void
unstage(void)
{
	int err = errno;

	dup3(perpd.devnull, SPAWN_DIR, O_CLOEXEC);
	dup3(perpd.devnull, SPAWN_FD, O_CLOEXEC);
	errno = err;
}

/* In the child: report why it cannot run, in 2.07's words, with one
 * write and without exit() (which would run in perpd's memory). Not
 * instrumented by AddressSanitizer: before a call that does not return it
 * would unpoison the current stack, and the clone's stack is perpd's
 * array, which it cannot tell from a stack and warns about. The same
 * holds for child() below, which calls it. */
__attribute__((no_sanitize_address))
static void
child_fail(const struct runargs *ra, const char *what)
{
	char buf[2048];
	int n, err = errno;

	n = format(buf, (int)sizeof buf - 1, err,
	    "(in child for service %s):  %s", ra->sub->sv->label, what);
	buf[n++] = '\n';
	if (write(2, buf, (size_t)n) < 0)
		_exit(EXIT_TEMP);
	_exit(EXIT_TEMP);
}

__attribute__((no_sanitize_address))
static int
child(void *arg)
{
	struct runargs *ra = arg;

	if (syscall(SYS_close_range, SPAWN_LOW, ~0U, CLOSE_RANGE_UNSHARE) < 0 &&
	    unshare(CLONE_FILES) < 0)
		child_fail(ra, "failure unsharing descriptors");
	if (setsid() < 0)
		child_fail(ra, "failure setsid()");
	if (fchdir(SPAWN_DIR) < 0)
		child_fail(ra, "failure fchdir() to service directory");
	if (ra->wire >= 0 && dup2(SPAWN_FD, ra->wire) < 0)
		child_fail(ra, ra->wire ? "failure dup2() on logpipe[1] to "
		    "logging service" : "failure dup2() on logpipe[0] for "
		    "logging service");
	if (!ra->reset)
		snprintf(ra->svpid, sizeof ra->svpid, "%s%ld", ENV_SVPID,
		    (long)getpid());
	if (perpd.tabfd >= 0)
		pidtab_proc_child(SPAWN_TAB, ra->sub, ra->reset, &ra->when);
	if (perpd.nofile_raised)
		setrlimit(RLIMIT_NOFILE, &perpd.nofile);
	sig_child_reset();
	execve(ra->argv[0], ra->argv, envp);
	child_fail(ra, "failure execve()");
	return EXIT_TEMP;
}

/* clone() the child, with a pidfd when there is one to have: not before
 * Linux 5.2, nor when perpd is out of descriptors or close to it (the
 * reserve, startup.c); then reap.c sweeps. */
static pid_t
spawn(struct runargs *ra, int *pidfd)
{
	int flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
	pid_t pid;

	if (!RUNNING_ON_VALGRIND)
		flags |= CLONE_FILES;
	pid = clone(child, stack + sizeof stack, flags | CLONE_PIDFD, ra,
	    pidfd, NULL, NULL);
	if (pid < 0 && (errno == EINVAL || errno == EMFILE ||
	    errno == ENFILE)) {
		*pidfd = -1;
		pid = clone(child, stack + sizeof stack, flags, ra);
	} else if (pid > 0 && *pidfd > perpd.pidfd_max) {
		close(*pidfd);
		*pidfd = -1;
	}
	return pid;
}

/* Start sub's start (reset = 0) or reset target. 0 with sub->pid set, or
 * -1 with errno when no process could be made. */
int
svrun_spawn(struct sub *sub, int reset, int64_t now)
{
	struct runargs ra;
	int pidfd = -1;
	pid_t pid;

	build_args(&ra, sub, reset);
	clock_gettime(CLOCK_REALTIME, &ra.when);
	pid = stage(&ra) < 0 ? -1 : spawn(&ra, &pidfd);
	unstage();
	if (pid < 0)
		return -1;
	sub->pid = pid;
	sub->pidfd = pidfd;
	if (reap_watch(sub) < 0)
		warn_sys("failure watching process %ld of service %s",
		    (long)pid, sub->sv->label);
	sub->when = ra.when;
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
