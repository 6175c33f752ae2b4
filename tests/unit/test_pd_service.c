/* test_pd_service.c: perpd's state machine without processes. fork/exec
 * (svrun_spawn) and kill are replaced at link time, so each test drives a
 * service through starts, exits, resets, stops and deadlines with a
 * made-up clock and checks what perpd would have forked and signalled. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "deadline.h"
#include "perpd.h"

#define T0 100000

static pid_t nextpid = 1000;
static int fail_fork, group_alive;
static struct { pid_t pid; int sig; } kills[64];
static int nkills;
static uint64_t ino;

int __wrap_svrun_spawn(struct sub *sub, int reset, int64_t now);
int __wrap_kill(pid_t pid, int sig);

int
__wrap_svrun_spawn(struct sub *sub, int reset, int64_t now)
{
	if (fail_fork) {
		errno = EAGAIN;
		return -1;
	}
	sub->pid = nextpid++;
	sub->when.tv_sec = now / 1000;
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

int
__wrap_kill(pid_t pid, int sig)
{
	if (sig == 0) {
		if (group_alive)
			return 0;
		errno = ESRCH;
		return -1;
	}
	if (nkills < 64) {
		kills[nkills].pid = pid;
		kills[nkills].sig = sig;
		nkills++;
	}
	return 0;
}

static int
killed(pid_t pid, int sig)
{
	int i;

	for (i = 0; i < nkills; i++)
		if (kills[i].pid == pid && kills[i].sig == sig)
			return 1;
	return 0;
}

static struct service *
mk(int haslog)
{
	struct svkey k = { 1, ++ino };
	struct service *sv = svtab_add(&k, "svc");

	assert_non_null(sv);
	sv->dirfd = open("/", O_RDONLY | O_CLOEXEC);
	sv->flags = SVF_ACTIVE | (haslog ? SVF_HASLOG : 0);
	sv->stop_ms = 5000;
	if (haslog)
		assert_int_equal(pipe(sv->logpipe), 0);
	else
		sv->log.flags |= SUBF_WANTDOWN;
	return sv;
}

static int
setup(void **state)
{
	(void)state;
	perpd.tabfd = -1;
	nkills = 0;
	fail_fork = group_alive = 0;
	return 0;
}

/* Start sub at now and return its pid. */
static pid_t
started(struct service *sv, struct sub *sub, int64_t now)
{
	sub_want_start(sub, now);
	sv_expire(sv, now, 100);
	assert_true(sub->pid > 0);
	assert_false(sub->flags & SUBF_ISRESET);
	return sub->pid;
}

/* The running start exits with status st at now; its reset runs and ends
 * 10 ms later. */
static void
crash_and_reset(struct service *sv, struct sub *sub, int st, int64_t now)
{
	sub_exited(sub, st, now);
	assert_true(sub->reset_due);
	sv_expire(sv, now, 100);
	assert_true(sub->pid > 0 && (sub->flags & SUBF_ISRESET));
	sub_exited(sub, 0, now + 10);
}

static void
test_start_reset_restart(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;

	(void)state;
	started(sv, m, T0);
	assert_int_equal(m->starts, 1);
	crash_and_reset(sv, m, 3 << 8, T0 + 500);
	assert_true(m->lastpid > 0);
	assert_int_equal(WEXITSTATUS(m->wstatus), 3);
	assert_int_equal(m->backoff_ms, 1000);
	/* Down, waiting: governor and back-off both say T0 + 1500. */
	assert_int_equal(m->pid, 0);
	assert_true(m->flags & SUBF_WAITING);
	assert_int_equal(m->due, T0 + 1500);
	sv_expire(sv, T0 + 1499, 100);
	assert_int_equal(m->pid, 0);
	sv_expire(sv, T0 + 1500, 100);
	assert_true(m->pid > 0);
	assert_false(m->flags & SUBF_WAITING);
	assert_int_equal(m->starts, 2);
}

static void
test_backoff_and_u(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;
	uint32_t want[] = { 1000, 2000, 4000, 8000, 16000, 32000, 60000 };
	int64_t now = T0;
	size_t i;

	(void)state;
	started(sv, m, now);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		crash_and_reset(sv, m, 1 << 8, now + 100);
		assert_int_equal(m->backoff_ms, want[i]);
		assert_int_equal(m->due, now + 100 + want[i]);
		now = m->due;
		sv_expire(sv, now, 100);
		assert_true(m->pid > 0);
	}
	crash_and_reset(sv, m, 1 << 8, now + 100);
	assert_int_equal(m->due, now + 100 + 60000);
	/* u: the back-off goes, the governor stays. */
	sub_up(m, 0, now + 200);
	assert_int_equal(m->backoff_ms, 0);
	assert_int_equal(m->due, now + 1000);
}

static void
test_stable_run_restarts_at_once(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;

	(void)state;
	started(sv, m, T0);
	m->backoff_ms = 8000;
	crash_and_reset(sv, m, SIGSEGV, T0 + STABLE_MS + 1);
	assert_int_equal(m->backoff_ms, 0);
	assert_false(m->flags & SUBF_WAITING);
	assert_int_equal(m->due, T0 + STABLE_MS + 11);
}

static void
test_stop_timeout_kills_group(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;
	pid_t pid = started(sv, m, T0);

	(void)state;
	sub_stop(m, 0, T0 + 100);
	assert_true(killed(pid, SIGTERM) && killed(pid, SIGCONT));
	assert_int_equal(m->kill_at, T0 + 5100);
	sv_expire(sv, T0 + 5099, 100);
	assert_false(killed(-pid, SIGKILL));
	sv_expire(sv, T0 + 5100, 100);
	assert_true(killed(-pid, SIGKILL));
	/* A stop is not a crash, and nothing restarts it. */
	crash_and_reset(sv, m, SIGKILL, T0 + 5110);
	assert_int_equal(m->backoff_ms, 0);
	assert_int_equal(m->pid, 0);
	assert_int_equal(m->due, DEADLINE_NEVER);
	assert_int_equal(m->stray, 0);
}

static void
test_stray_group_after_stop(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;
	pid_t pid = started(sv, m, T0);

	(void)state;
	sub_stop(m, 0, T0);
	group_alive = 1;
	nkills = 0;
	sub_exited(m, SIGTERM, T0 + 100);
	assert_true(killed(-pid, SIGTERM) && killed(-pid, SIGCONT));
	assert_int_equal(m->stray, pid);
	assert_int_equal(m->stray_end, T0 + 5000);
	sv_expire(sv, T0 + 200, 100);
	assert_int_equal(m->stray, pid);
	sv_expire(sv, T0 + 5000, 100);
	assert_true(killed(-pid, SIGKILL));
	assert_int_equal(m->stray, 0);
}

static void
test_once(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;

	(void)state;
	sub_up(m, 1, T0);
	sv_expire(sv, T0, 100);
	assert_true(m->pid > 0 && (m->flags & SUBF_ISONCE));
	crash_and_reset(sv, m, 0, T0 + 100);
	assert_true(m->flags & SUBF_WANTDOWN);
	assert_int_equal(m->pid, 0);
	assert_int_equal(m->due, DEADLINE_NEVER);
}

static void
test_reset_timeout(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;
	pid_t reset;

	(void)state;
	started(sv, m, T0);
	sub_exited(m, 0, T0 + 100);
	sv_expire(sv, T0 + 100, 100);
	reset = m->pid;
	assert_int_equal(m->kill_at, T0 + 5100);
	/* perpctl t is dropped while resetting; k goes through. */
	sub_signal(m, SIGTERM, 0);
	assert_false(killed(reset, SIGTERM));
	sv_expire(sv, T0 + 5100, 100);
	assert_true(killed(-reset, SIGKILL));
}

static void
test_cull_drains_logger(void **state)
{
	struct service *sv = mk(1);
	struct sub *m = &sv->main, *l = &sv->log;
	size_t n = svtab_count();
	pid_t lp;

	(void)state;
	lp = started(sv, l, T0);
	started(sv, m, T0);
	assert_int_equal(sv_cull(sv, T0 + 100), 0);
	assert_true(sv->flags & SVF_CULL);
	assert_false(killed(lp, SIGTERM));
	assert_true(sv->logpipe[1] >= 0);
	crash_and_reset(sv, m, SIGTERM, T0 + 200);
	/* Main is down: perpd closed its write end, the logger drains. */
	assert_int_equal(sv->logpipe[1], -1);
	assert_true(sv->draining);
	assert_int_equal(sv->drain_at, T0 + 5210);
	assert_false(killed(lp, SIGTERM));
	/* End of file: the logger exits, its reset runs, the service goes. */
	sub_exited(l, 0, T0 + 300);
	sv_expire(sv, T0 + 300, 100);
	assert_int_equal(svtab_count(), n);
	sub_exited(l, 0, T0 + 310);
	assert_int_equal(sv_maybe_done(sv), 1);
	assert_int_equal(svtab_count(), n - 1);
}

static void
test_drain_timeout(void **state)
{
	struct service *sv = mk(1);
	struct sub *m = &sv->main, *l = &sv->log;
	pid_t lp;

	(void)state;
	lp = started(sv, l, T0);
	started(sv, m, T0);
	sv_cull(sv, T0);
	crash_and_reset(sv, m, SIGTERM, T0);
	sv_expire(sv, T0 + 5009, 100);
	assert_false(killed(lp, SIGTERM));
	sv_expire(sv, T0 + 5010, 100);
	assert_true(killed(lp, SIGTERM) && killed(lp, SIGCONT));
	assert_int_equal(l->kill_at, T0 + 10010);
}

static void
test_D_then_U_keeps_pipe(void **state)
{
	struct service *sv = mk(1);
	struct sub *m = &sv->main, *l = &sv->log;
	int r = sv->logpipe[0], w = sv->logpipe[1];
	pid_t lp, mp;

	(void)state;
	lp = started(sv, l, T0);
	mp = started(sv, m, T0);
	assert_int_equal(sv_command(sv, 'D', 0, T0 + 10), 0);
	assert_true(killed(mp, SIGTERM));
	assert_false(killed(lp, SIGTERM));
	crash_and_reset(sv, m, SIGTERM, T0 + 20);
	/* Only now, main and its reset done, the logger is stopped. */
	assert_true(killed(lp, SIGTERM));
	crash_and_reset(sv, l, 0, T0 + 40);
	assert_int_equal(l->pid, 0);
	assert_int_equal(sv_command(sv, 'U', 0, T0 + 5000), 0);
	sv_expire(sv, T0 + 5000, 100);
	assert_true(l->pid > 0 && m->pid > 0);
	assert_int_equal(sv->logpipe[0], r);
	assert_int_equal(sv->logpipe[1], w);
}

static void
test_fork_failure_retries(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;

	(void)state;
	fail_fork = 1;
	sub_want_start(m, T0);
	sv_expire(sv, T0, 100);
	assert_int_equal(m->pid, 0);
	assert_true(m->flags & SUBF_FAILING);
	assert_int_equal(m->due, T0 + PERPD_RETRY_MS);
	fail_fork = 0;
	sv_expire(sv, T0 + PERPD_RETRY_MS, 100);
	assert_true(m->pid > 0);
	assert_false(m->flags & SUBF_FAILING);
}

static void
test_commands(void **state)
{
	struct service *sv = mk(0);
	struct sub *m = &sv->main;
	pid_t pid = started(sv, m, T0);

	(void)state;
	assert_int_equal(sv_command(sv, 'z', 0, T0), EPROTO);
	assert_int_equal(sv_command(sv, 'p', 0, T0), 0);
	assert_true(killed(pid, SIGSTOP) && (m->flags & SUBF_PAUSED));
	assert_int_equal(sv_command(sv, 'c', 0, T0), 0);
	assert_false(m->flags & SUBF_PAUSED);
	assert_int_equal(sv_command(sv, 'w', CTLF_KILLPG, T0), 0);
	assert_true(killed(-pid, SIGWINCH));
	/* No logger: commands to it are accepted and do nothing. */
	assert_int_equal(sv_command(sv, 'u', CTLF_LOG, T0), 0);
	assert_int_equal(sv->log.pid, 0);
	assert_int_equal(sv->log.due, DEADLINE_NEVER);
	sv_cull(sv, T0);
	assert_int_equal(sv_command(sv, 'u', 0, T0), EBUSY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_start_reset_restart, setup),
		cmocka_unit_test_setup(test_backoff_and_u, setup),
		cmocka_unit_test_setup(test_stable_run_restarts_at_once, setup),
		cmocka_unit_test_setup(test_stop_timeout_kills_group, setup),
		cmocka_unit_test_setup(test_stray_group_after_stop, setup),
		cmocka_unit_test_setup(test_once, setup),
		cmocka_unit_test_setup(test_reset_timeout, setup),
		cmocka_unit_test_setup(test_cull_drains_logger, setup),
		cmocka_unit_test_setup(test_drain_timeout, setup),
		cmocka_unit_test_setup(test_D_then_U_keeps_pipe, setup),
		cmocka_unit_test_setup(test_fork_failure_retries, setup),
		cmocka_unit_test_setup(test_commands, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
