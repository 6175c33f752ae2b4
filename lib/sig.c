/* sig.c: signals as a descriptor, through signalfd(2). */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "sig.h"

int
sig_open(const int *sigs, int n)
{
	sigset_t set;
	struct sigaction sa;
	int i;

	sigemptyset(&set);
	for (i = 0; i < n; i++) {
		if (sigs[i] == SIGPIPE) {
			sa.sa_handler = SIG_IGN;
			sa.sa_flags = 0;
			sigemptyset(&sa.sa_mask);
			if (sigaction(SIGPIPE, &sa, NULL) < 0)
				return -1;
			continue;
		}
		if (sigaddset(&set, sigs[i]) < 0)
			return -1;
	}
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int
sig_next(int fd)
{
	struct signalfd_siginfo si;
	ssize_t r;

	do
		r = read(fd, &si, sizeof si);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN ? 0 : -1;
	if (r != (ssize_t)sizeof si) {
		errno = EIO;
		return -1;
	}
	return (int)si.ssi_signo;
}

void
sig_child_reset(void)
{
	struct sigaction sa;
	sigset_t none;
	int s;

	sa.sa_handler = SIG_DFL;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	/* Only ignored and handled dispositions survive exec; resetting all
	 * is simplest. SIGKILL and SIGSTOP fail harmlessly. */
	for (s = 1; s <= SIGRTMAX; s++)
		sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
