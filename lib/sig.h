/* sig.h: signals delivered as a readable descriptor (Linux signalfd).
 *
 * A program blocks the signals it wants to handle and polls the returned
 * descriptor with its other inputs; no handler ever runs. Block them before
 * creating threads, so that every thread keeps them blocked. */
#ifndef LIB_SIG_H
#define LIB_SIG_H

/* Block the n signals in sigs and return a non-blocking, close-on-exec
 * signalfd that reports them; -1 with errno on failure. SIGPIPE, if listed,
 * is ignored instead of queued, so that writes fail with EPIPE. */
int sig_open(const int *sigs, int n);

/* Take the next pending signal from fd: its number, 0 when none is
 * pending, or -1 with errno on failure. */
int sig_next(int fd);

/* In a forked child before exec: restore default dispositions for every
 * signal and unblock all, so that nothing of the parent's leaks. */
void sig_child_reset(void);

#endif
