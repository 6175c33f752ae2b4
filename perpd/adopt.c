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
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fdio.h"
#include "perpd.h"
#include "pidrec.h"
#include "procstat.h"

enum { AP_NONE, AP_ALIVE, AP_DEAD };

struct aproc {
	int state;
	pid_t pid;
	int reset, pidfd, wstatus;
	uint64_t ticks;
	struct timespec when;
	char pstate;
};

struct adoptee {
	struct svkey key;
	uint64_t pipe_ino;
	struct aproc proc[2]; /* main, log */
	struct pidrec_state state;
	int has_state, taken;
};

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
		kill(p->pid, SIGTERM);
		kill(p->pid, SIGCONT);
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

/* Reopen both ends of the pipe with inode ino from a process holding it. */
static int
pipe_from(pid_t pid, uint64_t ino, int fds[2])
{
	char path[64], link[64], want[40];
	struct dirent *e;
	struct stat st0, st1;
	ssize_t n;
	DIR *d;

	snprintf(want, sizeof want, "pipe:[%llu]", (unsigned long long)ino);
	snprintf(path, sizeof path, "/proc/%ld/fd", (long)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	fds[0] = fds[1] = -1;
	while ((e = readdir(d)) != NULL && fds[1] < 0) {
		n = readlinkat(dirfd(d), e->d_name, link, sizeof link - 1);
		if (n <= 0 || (link[n] = '\0', strcmp(link, want) != 0))
			continue;
		/* Read end first: opening the write end needs a reader. */
		fds[0] = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fds[0] >= 0)
			fds[1] = openat(dirfd(d), e->d_name,
			    O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (fds[1] < 0 && fds[0] >= 0) {
			close(fds[0]);
			fds[0] = -1;
		}
	}
	closedir(d);
	if (fds[1] < 0 || fstat(fds[0], &st0) < 0 || fstat(fds[1], &st1) < 0 ||
	    (uint64_t)st0.st_ino != ino || (uint64_t)st1.st_ino != ino ||
	    fd_nonblock(fds[0], 0) < 0 || fd_nonblock(fds[1], 0) < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return -1;
	}
	return 0;
}

/* The log pipe: recovered from a survivor, or a new one. */
static void
adopt_pipe(struct service *sv, const struct adoptee *a)
{
	int i;

	for (i = 1; i >= 0 && sv->logpipe[0] < 0; i--)
		if (a->pipe_ino && a->proc[i].state == AP_ALIVE &&
		    pipe_from(a->proc[i].pid, a->pipe_ino, sv->logpipe) == 0)
			sv->flags |= SVF_HASLOG;
	if (a->proc[1].state == AP_ALIVE)
		sv->flags |= SVF_HASLOG;
	if (sv->logpipe[0] < 0 && (sv->flags & SVF_HASLOG) &&
	    pipe2(sv->logpipe, O_CLOEXEC) < 0) {
		warn_sys("failure pipe() on logpipe for %s", sv->label);
		sv->logpipe[0] = sv->logpipe[1] = -1;
	}
}

static void
apply_proc(struct sub *sub, struct aproc *ap, int64_t now)
{
	struct timespec wall;
	int64_t ago;

	clock_gettime(CLOCK_REALTIME, &wall);
	ago = (int64_t)(wall.tv_sec - ap->when.tv_sec) * 1000 +
	    (wall.tv_nsec - ap->when.tv_nsec) / 1000000;
	if (ap->state == AP_ALIVE) {
		sub->pid = ap->pid;
		sub->pidfd = ap->pidfd;
		sub->ticks = ap->ticks;
		sub->when = ap->when;
		ap->pidfd = -1;
		pidmap_put(sub);
		if (reap_watch(sub) < 0)
			warn_sys("failure watching adopted process %ld",
			    (long)sub->pid);
		if (ap->reset) {
			sub->flags |= SUBF_ISRESET;
			sub->kill_at = sub->sv->stop_ms ?
			    now + sub->sv->stop_ms : DEADLINE_NEVER;
		} else
			sub->start_ms = now - (ago > 0 ? ago : 0);
		if (ap->pstate == 'T')
			sub->flags |= SUBF_PAUSED;
	} else if (ap->state == AP_DEAD && !ap->reset && sub->sv->dirfd >= 0) {
		/* It ended while no perpd was watching: its reset is owed. */
		sub->lastpid = ap->pid;
		sub->wstatus = ap->wstatus;
		sub->when = ap->when;
		sub->start_ms = now - (ago > 0 ? ago : 0);
		sub->died_ms = now;
		sub->reset_due = 1;
		sub->due = now;
	}
}

static void
apply_state(struct service *sv, const struct adoptee *a)
{
	const uint8_t keep = SUBF_WANTDOWN | SUBF_ISONCE;

	if (!a->has_state) {
		if (sv->flags & SVF_DOWN)
			sv->main.flags |= SUBF_WANTDOWN;
		if (sv->flags & SVF_ONCE)
			sv->main.flags |= SUBF_ISONCE;
		return;
	}
	sv->main.flags |= a->state.flags[0] & keep;
	sv->log.flags |= a->state.flags[1] & keep;
	sv->main.backoff_ms = a->state.backoff_ms[0];
	sv->log.backoff_ms = a->state.backoff_ms[1];
	sv->main.starts = a->state.starts[0];
	sv->log.starts = a->state.starts[1];
}

static void
note(char *buf, size_t n, const struct sub *sub)
{
	if (sub->pid != 0)
		snprintf(buf, n, "%ld", (long)sub->pid);
	else
		snprintf(buf, n, "-");
}

/* Take over service sv from the previous perpd's record a: its running
 * processes, its log pipe, its wanted state; start what is not running. */
void
adopt_apply(struct service *sv, struct adoptee *a, int64_t now)
{
	char mp[24], lp[24];

	a->taken = 1;
	adopt_pipe(sv, a);
	apply_state(sv, a);
	if (!(sv->flags & SVF_HASLOG))
		sv->log.flags |= SUBF_WANTDOWN;
	apply_proc(&sv->main, &a->proc[0], now);
	apply_proc(&sv->log, &a->proc[1], now);
	/* A stop the previous perpd had begun goes on. */
	if (sv->main.pid != 0 && !(sv->main.flags & SUBF_ISRESET) &&
	    (sv->main.flags & SUBF_WANTDOWN))
		sub_stop(&sv->main, 0, now);
	if (sv->log.pid != 0 && !(sv->log.flags & SUBF_ISRESET) &&
	    (sv->log.flags & SUBF_WANTDOWN))
		sub_stop(&sv->log, 0, now);
	sub_want_start(&sv->log, now);
	sub_want_start(&sv->main, now);
	note(mp, sizeof mp, &sv->main);
	note(lp, sizeof lp, &sv->log);
	if (sv->main.pid != 0 || sv->log.pid != 0)
		info("adopted service %s: main pid %s, log pid %s", sv->label,
		    mp, lp);
	timer_update(sv);
}

static void
orphan(struct adoptee *a, int64_t now)
{
	char name[64];
	struct service *sv;

	snprintf(name, sizeof name, "(dev %llu ino %llu)",
	    (unsigned long long)a->key.dev, (unsigned long long)a->key.ino);
	if ((sv = svtab_add(&a->key, name)) == NULL || pidtab_slot(sv) < 0) {
		warn_sys("unable to take over processes of %s", name);
		if (sv != NULL)
			svtab_remove(sv);
		return;
	}
	warn("service directory %s of the previous perpd is gone: stopping "
	    "its processes", name);
	sv->flags = SVF_ACTIVE;
	sv->stop_ms = PERPD_STOP_MS;
	clock_gettime(CLOCK_REALTIME, &sv->activated);
	adopt_apply(sv, a, now);
	sv_cull(sv, now);
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
			orphan(&list[i], now);
		for (j = 0; j < 2; j++)
			if (list[i].proc[j].pidfd >= 0)
				close(list[i].proc[j].pidfd);
	}
	free(list);
	list = NULL;
	nlist = 0;
}
