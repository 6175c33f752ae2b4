/* adopt.c: surviving a crash of perpd. The previous perpd's pid table
 * names every process it left; each is checked against /proc (pid and
 * start time, so that a recycled pid is never mistaken for it) and, when
 * alive, watched through a pidfd. When the first scan activates its
 * service, the process is adopted as it is: same pid, same log pipe
 * (reopened through /proc/PID/fd from any survivor that holds it), so
 * nothing is started twice and no line in the pipe is lost. A start that
 * ended while no perpd watched gets its reset. Processes whose service
 * directory is gone are stopped as a deactivation would stop them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "adopt.h"
#include "deadline.h"
#include "die.h"
#include "procstat.h"

static struct adoptee *list;
static size_t nlist;

static int
pidfd_open_(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Is the recorded process still the one running under its pid? */
static void
check_proc(struct aproc *ap, const struct pidrec_proc *p)
{
	struct procstat ps;
	int fd;

	ap->pid = p->pid;
	ap->reset = p->reset;
	ap->ticks = p->starttime;
	ap->when = p->when;
	ap->pidfd = -1;
	ap->wstatus = -1;
	ap->state = AP_DEAD;
	if (procstat_read(p->pid, &ps) < 0 || ps.starttime != p->starttime ||
	    ps.session != p->pid)
		return;
	if (ps.state == 'Z' || ps.state == 'X') {
		ap->wstatus = ps.exit_code;
		return;
	}
	if ((fd = pidfd_open_(p->pid)) < 0) {
		warn_sys("failure pidfd_open() on process %ld of the previous "
		    "perpd: sending SIGTERM", (long)p->pid);
		kill(-p->pid, SIGTERM);
		kill(-p->pid, SIGCONT);
		ap->unwatched = 1;
		return;
	}
	/* The pidfd names whatever has the pid now: check it is still ours. */
	if (procstat_read(p->pid, &ps) < 0 || ps.starttime != p->starttime ||
	    ps.state == 'Z') {
		close(fd);
		return;
	}
	ap->state = AP_ALIVE;
	ap->pidfd = fd;
	ap->pstate = ps.state;
}

static void
load_record(const uint8_t *rec, struct adoptee *a)
{
	struct pidrec_service s;
	struct pidrec_proc p;
	int i;

	memset(a, 0, sizeof *a);
	pidrec_unpack_service(rec, &s);
	a->key.dev = s.dev;
	a->key.ino = s.ino;
	a->pipe_ino = s.pipe_ino;
	for (i = 0; i < 2; i++)
		if (pidrec_unpack_proc(rec + (i ? PIDREC_LOG : PIDREC_MAIN),
		    &p) == 0)
			check_proc(&a->proc[i], &p);
	a->has_state = pidrec_unpack_state(rec + PIDREC_STATE, &a->state) == 0;
}

static int
header_ok(const uint8_t *buf, size_t len)
{
	struct pidrec_header h;
	struct stat st;

	if (len < PIDREC_SIZE || pidrec_unpack_header(buf, &h) < 0 ||
	    fstat(perpd.basefd, &st) < 0)
		return 0;
	return strcmp(h.boot_id, perpd.boot_id) == 0 &&
	    h.dev == (uint64_t)st.st_dev && h.ino == (uint64_t)st.st_ino;
}

static uint8_t *
read_table(size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	ssize_t r = -1;
	int fd;

	fd = openat(perpd.ctlfd, PERPD_TABLE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0 &&
	    (buf = malloc((size_t)st.st_size)) != NULL)
		r = pread(fd, buf, (size_t)st.st_size, 0);
	close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	*len = (size_t)r;
	return buf;
}

/* Whether a process of the table still runs under its pid. */
static int
still_there(const struct aproc *ap)
{
	struct procstat ps;

	return procstat_read(ap->pid, &ps) == 0 && ps.starttime == ap->ticks &&
	    ps.state != 'Z' && ps.state != 'X';
}

static void
kill_unwatched(const struct aproc *ap)
{
	warn("process %ld of the previous perpd still running after %d ms: "
	    "sending SIGKILL to its process group", (long)ap->pid,
	    PERPD_STOP_MS);
	kill(-ap->pid, SIGKILL);
}

/* How many processes told to stop (no pidfd to watch them by) are still
 * there. */
static size_t
count_unwatched(void)
{
	size_t i, n = 0;
	int j;

	for (i = 0; i < nlist; i++)
		for (j = 0; j < 2; j++)
			if (list[i].proc[j].unwatched &&
			    still_there(&list[i].proc[j]))
				n++;
	return n;
}

/* Without a pidfd a process cannot be adopted; it was told to stop, and
 * nothing of its service may start before it is gone, or the service
 * would run twice. Before the loop runs, so this wait blocks: up to the
 * default stop timeout, then SIGKILL to its process group and a second
 * more. Only where pidfd_open() is missing (Linux before 5.3). */
static void
wait_unwatched(void)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	int64_t end = now_ms() + PERPD_STOP_MS;
	size_t i;
	int j, killed = 0;

	while (count_unwatched() > 0) {
		if (now_ms() >= end) {
			if (killed)
				break;
			for (i = 0; i < nlist; i++)
				for (j = 0; j < 2; j++)
					if (list[i].proc[j].unwatched &&
					    still_there(&list[i].proc[j]))
						kill_unwatched(
						    &list[i].proc[j]);
			killed = 1;
			end = now_ms() + 1000;
		}
		nanosleep(&tick, NULL);
	}
	if (count_unwatched() > 0)
		warn("processes of the previous perpd survive SIGKILL");
}

/* Read the previous perpd's table and check every process it names.
 * 0, or -1 with errno (ENOMEM); a missing or foreign table is not an
 * error: there is nothing to adopt. */
int
adopt_load(int64_t now)
{
	struct pidrec_service s;
	uint8_t *buf;
	size_t len = 0, i, n;

	(void)now;
	if ((buf = read_table(&len)) == NULL)
		return errno == ENOENT || errno == 0 ? 0 : -1;
	if (!header_ok(buf, len)) {
		warn("ignoring pid table %s/%s: from another boot or base",
		    PERPD_CONTROL, PERPD_TABLE);
		free(buf);
		return 0;
	}
	n = len / PIDREC_SIZE;
	if ((list = calloc(n, sizeof *list)) == NULL) {
		free(buf);
		errno = ENOMEM;
		return -1;
	}
	for (i = 1; i < n; i++)
		if (pidrec_unpack_service(buf + i * PIDREC_SIZE, &s) == 0)
			load_record(buf + i * PIDREC_SIZE, &list[nlist++]);
	free(buf);
	wait_unwatched();
	return 0;
}

static struct adoptee *
find(const struct svkey *k)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (!list[i].taken && list[i].key.dev == k->dev &&
		    list[i].key.ino == k->ino)
			return &list[i];
	return NULL;
}

/* The previous perpd's record for k, taken out of the list, or NULL. */
struct adoptee *
adopt_take(const struct svkey *k)
{
	struct adoptee *a = find(k);

	if (a != NULL)
		a->taken = 1;
	return a;
}

static int
needs_care(const struct adoptee *a)
{
	return a->proc[0].state == AP_ALIVE || a->proc[1].state == AP_ALIVE ||
	    (a->proc[0].state == AP_DEAD && !a->proc[0].reset);
}

/* Does k have processes left by the previous perpd (alive, or a start
 * whose end still needs its reset)? */
int
adopt_pending(const struct svkey *k)
{
	const struct adoptee *a = find(k);

	return a != NULL && needs_care(a);
}

/* After the first scan: stop what is left of services no longer in BASE,
 * and forget the table. */
void
adopt_orphans(int64_t now)
{
	size_t i;
	int j;

	for (i = 0; i < nlist; i++) {
		if (!list[i].taken && needs_care(&list[i]) &&
		    (list[i].proc[0].state == AP_ALIVE ||
		    list[i].proc[1].state == AP_ALIVE))
			adopt_orphan(&list[i], now);
		for (j = 0; j < 2; j++)
			if (list[i].proc[j].pidfd >= 0)
				close(list[i].proc[j].pidfd);
	}
	free(list);
	list = NULL;
	nlist = 0;
}
