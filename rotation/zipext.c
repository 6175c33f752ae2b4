/* zipext.c: running TINYLOG_ZIP as perp 2.07 did, but asynchronously. */
#define _GNU_SOURCE /* prctl */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "errstr.h"
#include "fdio.h"
#include "sig.h"
#include "zipext.h"

/* In the child, which shares the parent's threads' locks frozen at fork
 * time: one write(2) and _exit(2), no stdio and no atexit handlers. */
static void
child_die(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n, err = errno;

	va_start(ap, fmt);
	n = die_format(buf, (int)sizeof buf - 1, "fatal", err, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	if (write(2, buf, (size_t)n) < 0)
		_exit(EXIT_TEMP);
	_exit(EXIT_TEMP);
}

pid_t
zipext_spawn(const char *cmd, int in, int out)
{
	pid_t parent = getpid(), pid;

	pid = fork();
	if (pid != 0)
		return pid;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(EXIT_TEMP);
	sig_child_reset();
	if (fd_dup_to(in, 0) < 0 || fd_dup_to(out, 1) < 0)
		child_die("fail dup2() for gzip process");
	execl(cmd, cmd, (char *)NULL);
	child_die("fail execve() for gzip process");
	return -1;
}

int
zipext_ok(int status, const char *name)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	if (WIFEXITED(status))
		warn("gzip process exited non-zero error code: %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status) && errstr_signame(WTERMSIG(status)))
		warn("gzip process terminated by signal %s",
		    errstr_signame(WTERMSIG(status)));
	else if (WIFSIGNALED(status))
		warn("gzip process terminated by signal %d",
		    WTERMSIG(status));
	warn("failure gzip on log archive %s", name);
	return 0;
}
