/* perpd.c: the persistent process supervisor: main() and its loop.
 *
 * startup.c sets perpd up and may die. From the first turn of the loop on,
 * perpd must not: every failure is logged and retried from a deadline.
 * Each turn: the earliest deadline, poll(), signals, inotify, adopted
 * pidfds, control clients, a rescan if one is due, then every deadline
 * that has come (forks, kill timeouts, idle clients). */
#include <errno.h>
#include <signal.h>

#include "deadline.h"
#include "die.h"
#include "errstr.h"
#include "perpd.h"
#include "sig.h"

#define FIXED_POLL 3 /* signalfd, inotify, epoll of pidfds */

static void
terminate(int64_t now)
{
	size_t i;

	if (perpd.terminating)
		return;
	perpd.terminating = 1;
	info("initiating termination...");
	control_close();
	for (i = svtab_count(); i-- > 0;)
		sv_cull(svtab_at(i), now);
}

static void
signals(int64_t now)
{
	const char *name;
	int s;

	while ((s = sig_next(perpd.sigfd)) > 0) {
		name = errstr_signame(s);
		if (s == SIGCHLD)
			reap_children(now);
		else if (s == SIGHUP)
			scan_request(now, 0);
		else if (s == SIGINT || s == SIGTERM)
			terminate(now);
		else if (s == SIGALRM) {
			info("rescanning on %s", name);
			scan_request(now, 0);
		} else
			info("ignoring signal %s", name ? name : "?");
	}
	if (s < 0)
		warn_sys("failure reading signals");
}

/* 2.07's count lines, whenever a count changed since the last turn. */
static void
log_counts(void)
{
	static long sv = -1, cl = -1;
	long n = (long)svtab_count(), c = control_nclients();

	if (n != sv)
		info("supervising %ld active service%s", n, n == 1 ? "" : "s");
	if (c != cl)
		info("monitoring %ld client connection%s", c, c == 1 ? "" : "s");
	sv = n;
	cl = c;
}

static int64_t
earliest(void)
{
	int64_t at = deadline_min(timer_earliest(), perpd.rescan_at);

	at = deadline_min(at, control_earliest());
	at = deadline_min(at, reap_earliest());
	if (perpd.autoscan_ms > 0 && !perpd.terminating)
		at = deadline_min(at, perpd.autoscan_at);
	return at;
}

static void
expire(int64_t now)
{
	struct service *sv, *next;
	int budget = PERPD_FORK_BATCH;

	for (sv = timer_first(); sv != NULL; sv = next) {
		next = sv->tnext;
		if (sv->next_due <= now)
			budget -= sv_expire(sv, now, budget);
	}
	reap_expire(now);
	control_expire(now);
}

/* The descriptors of one turn: a fixed set, whatever the number of
 * services (processes are watched through the one epoll descriptor). */
static size_t
poll_set(struct pollfd *p)
{
	p[0].fd = perpd.sigfd;
	p[1].fd = perpd.inofd;
	p[2].fd = perpd.epfd;
	p[0].events = p[1].events = p[2].events = POLLIN;
	p[0].revents = p[1].revents = p[2].revents = 0;
	control_poll(p + FIXED_POLL);
	return FIXED_POLL + (size_t)control_npoll();
}

static void
descriptors(struct pollfd *p, int64_t now)
{
	if (p[0].revents)
		signals(now);
	if (p[1].revents)
		scan_inotify(now);
	if (p[2].revents)
		reap_events(now);
	control_io(p + FIXED_POLL, now);
}

static void
turn(void)
{
	struct pollfd p[FIXED_POLL + 1 + PERPD_CLIENTS];
	size_t n = poll_set(p);
	int64_t now = now_ms();
	int r;

	r = poll(p, (nfds_t)n, deadline_timeout(earliest(), now));
	if (r < 0 && errno != EINTR)
		warn_sys("failure poll() in main loop");
	now = now_ms();
	if (r > 0)
		descriptors(p, now);
	if (perpd.autoscan_ms > 0 && perpd.autoscan_at <= now) {
		perpd.autoscan_at = now + perpd.autoscan_ms;
		scan_request(now, 0);
	}
	if (perpd.rescan_at <= now)
		scan(now);
	if (perpd.table_rewrite)
		pidtab_rewrite();
	expire(now);
}

int
main(int argc, char **argv)
{
	startup(argc, argv);
	for (;;) {
		if (perpd.terminating && svtab_count() == 0) {
			info("termination complete");
			pidtab_remove();
			return EXIT_OK;
		}
		log_counts();
		turn();
	}
}
