/* perpboot.c: run perpd with a logger of its own, from BASE/.boot.
 *
 * perpboot runs ./rc.log and ./rc.perp (no arguments, PERP_BASE set)
 * joined by one pipe it holds from start to end, so that restarting
 * either loses nothing: rc.perp's stdout and stderr go into the pipe,
 * rc.log reads it. A child that ends is started again, no sooner than a
 * second after its previous start (a deadline: perpboot never sleeps).
 * SIGTERM and SIGINT are passed to rc.perp with SIGCONT; when it has
 * finished, perpboot closes the pipe so the logger reads to end-of-file,
 * signals the logger only if it is still running after a timeout, then
 * exits. HUP, ALRM, CONT, QUIT, TSTP, USR1 and USR2 are passed to rc.perp.
 *
 * With -x, perpboot starts the logger and then becomes rc.perp (exec);
 * with -d, it detaches first. Without rc.log, rc.perp writes to
 * perpboot's own stderr. Children get descriptors 0, 1 and 2 only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fdio.h"
#include "perpd.h"
#include "perpopts.h"
#include "sig.h"

#define GOVERNOR_MS 1000
#define FORKFAIL_MS 2000
#define STOP_MS 10000

struct child {
	const char *script;
	pid_t pid;
	int64_t started, due;
};

static struct child logger = { "./rc.log", 0, -GOVERNOR_MS, 0 };
static struct child perp = { "./rc.perp", 0, -GOVERNOR_MS, 0 };
static int logpipe[2] = { -1, -1 };
static int devnull = -1, terminating, haslog, sigfd;
static int64_t log_kill_at = DEADLINE_NEVER;
static int log_signalled;

/* In a child: descriptors, a session of its own, default signals, exec. */
static void
child_exec(const struct child *c)
{
	char *argv[2];

	argv[0] = (char *)c->script;
	argv[1] = NULL;
	if (c == &logger) {
		if (fd_dup_to(logpipe[0], 0) < 0)
			die_sys(EXIT_TEMP, "failure dup2() for %s", c->script);
	} else if (fd_dup_to(devnull, 0) < 0 || (haslog &&
	    (fd_dup_to(logpipe[1], 1) < 0 || fd_dup_to(logpipe[1], 2) < 0)))
		die_sys(EXIT_TEMP, "failure dup2() for %s", c->script);
	sig_child_reset();
	execv(c->script, argv);
	die_sys(EXIT_TEMP, "failure execve() on %s", c->script);
}

static void
start(struct child *c, int64_t now)
{
	pid_t pid;

	c->due = DEADLINE_NEVER;
	if (now < c->started + GOVERNOR_MS) {
		warn("pausing for restart of %s ...", c->script);
		c->due = c->started + GOVERNOR_MS;
		return;
	}
	if ((pid = fork()) < 0) {
		warn_sys("failure fork() for %s", c->script);
		c->due = now + FORKFAIL_MS;
		return;
	}
	if (pid == 0) {
		if (setsid() < 0)
			die_sys(EXIT_TEMP, "failure setsid() for %s", c->script);
		child_exec(c);
	}
	c->pid = pid;
	c->started = now;
}

static void
forward(int sig)
{
	if (perp.pid > 0 && kill(perp.pid, sig) < 0)
		warn_sys("failure kill() on rc.perp");
}

/* rc.perp is down for good: let the logger read to end-of-file. */
static void
log_drain(int64_t now)
{
	if (logpipe[1] >= 0)
		close(logpipe[1]);
	if (logpipe[0] >= 0)
		close(logpipe[0]);
	logpipe[0] = logpipe[1] = -1;
	logger.due = DEADLINE_NEVER;
	if (logger.pid > 0) {
		kill(logger.pid, SIGCONT);
		log_kill_at = now + STOP_MS;
	}
}

static void
terminate(int sig, int64_t now)
{
	terminating = 1;
	perp.due = DEADLINE_NEVER;
	if (perp.pid > 0) {
		forward(sig);
		forward(SIGCONT);
	} else
		log_drain(now);
}

static void
reap(int64_t now)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (pid == perp.pid) {
			perp.pid = 0;
			if (terminating)
				log_drain(now);
			else
				start(&perp, now);
		} else if (pid == logger.pid) {
			logger.pid = 0;
			if (!terminating)
				start(&logger, now);
		}
	}
}

static void
signals(int64_t now)
{
	int s;

	while ((s = sig_next(sigfd)) > 0) {
		if (s == SIGCHLD)
			reap(now);
		else if (s == SIGTERM || s == SIGINT)
			terminate(s, now);
		else
			forward(s);
	}
}

/* The logger outlived the drain: SIGTERM, then SIGKILL. */
static void
log_timeout(int64_t now)
{
	if (logger.pid <= 0)
		return;
	warn("%s still running after %d ms: sending %s", logger.script,
	    STOP_MS, log_signalled ? "SIGKILL" : "SIGTERM");
	kill(logger.pid, log_signalled ? SIGKILL : SIGTERM);
	kill(logger.pid, SIGCONT);
	log_signalled = 1;
	log_kill_at = now + STOP_MS;
}

static int
supervise(void)
{
	struct pollfd p;
	int64_t now, at;

	for (;;) {
		if (terminating && perp.pid == 0 && logger.pid == 0)
			return EXIT_OK;
		at = deadline_min(deadline_min(logger.due, perp.due),
		    log_kill_at);
		p.fd = sigfd;
		p.events = POLLIN;
		now = now_ms();
		if (poll(&p, 1, deadline_timeout(at, now)) < 0 &&
		    errno != EINTR)
			warn_sys("failure poll()");
		now = now_ms();
		signals(now);
		if (logger.due <= now && !terminating && haslog)
			start(&logger, now);
		if (perp.due <= now && !terminating)
			start(&perp, now);
		if (log_kill_at <= now)
			log_timeout(now);
	}
}

static void
detach(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die_sys(EXIT_TEMP, "failure fork() to detach");
	if (pid > 0)
		exit(EXIT_OK);
	setsid();
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGALRM,
	    SIGCONT, SIGQUIT, SIGTSTP, SIGUSR1, SIGUSR2, SIGPIPE };
	static struct cliopt r;
	struct perpboot_opts o;
	struct stat st;
	const char *base;

	die_init(argv[0], DIE_CLIENT, PERPBOOT_SYNOPSIS);
	logger.due = perp.due = DEADLINE_NEVER;
	if (perpboot_opts_parse(&o, argc, argv, getenv("PERP_BASE"), &r) < 0)
		cliopt_exit(&r, die_version);
	base = o.base;
	if (fds_standard() < 0 || fds_cloexec_inherited() < 0)
		die_sys(EXIT_TEMP, "failure setting up descriptors");
	if (o.detach)
		detach();
	if (chdir(base) < 0)
		die_sys(EXIT_TEMP, "failure chdir() to base directory %s", base);
	if (chdir(".boot") < 0)
		die_sys(EXIT_TEMP, "failure chdir() to %s/.boot", base);
	if (setenv("PERP_BASE", base, 1) < 0 ||
	    (devnull = fd_devnull(O_RDWR)) < 0)
		die_sys(EXIT_TEMP, "failure setting up");
	haslog = stat(logger.script, &st) == 0;
	if (haslog && pipe2(logpipe, O_CLOEXEC) < 0)
		die_sys(EXIT_TEMP, "failure pipe()");
	if ((sigfd = sig_open(sigs, sizeof sigs / sizeof sigs[0])) < 0)
		die_sys(EXIT_TEMP, "failure setting up signals");
	if (haslog)
		start(&logger, now_ms());
	if (o.noexec) {
		/* No supervision: the logger stays a child of rc.perp. */
		child_exec(&perp);
	}
	start(&perp, now_ms());
	return supervise();
}
