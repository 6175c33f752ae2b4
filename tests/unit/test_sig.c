/* test_sig.c: signals through signalfd, SIGPIPE ignored, the child reset
 * (deadlines: test_deadline.c). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "sig.h"

static void
test_signalfd(void **state)
{
	static const int sigs[] = { SIGTERM, SIGHUP, SIGPIPE };
	struct pollfd pfd;
	int fd, a, b;

	(void)state;
	fd = sig_open(sigs, 3);
	assert_true(fd >= 0);
	assert_int_equal(sig_next(fd), 0);
	kill(getpid(), SIGHUP);
	kill(getpid(), SIGTERM);
	kill(getpid(), SIGPIPE); /* ignored: must neither kill nor queue */
	pfd.fd = fd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 1000), 1);
	a = sig_next(fd);
	b = sig_next(fd);
	assert_true((a == SIGHUP && b == SIGTERM) ||
	    (a == SIGTERM && b == SIGHUP));
	assert_int_equal(sig_next(fd), 0);
	close(fd);
}

/* After sig_child_reset() a child dies of SIGTERM and SIGPIPE again. */
static void
test_child_reset(void **state)
{
	static const int sigs[] = { SIGTERM, SIGPIPE };
	int fd, status;
	pid_t pid;

	(void)state;
	fd = sig_open(sigs, 2);
	assert_true(fd >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sig_child_reset();
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	pid = fork();
	if (pid == 0) {
		sig_child_reset();
		kill(getpid(), SIGPIPE);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signalfd),
		cmocka_unit_test(test_child_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
