/* perpd.c: the persistent process supervisor: main(), start-up, the loop.
 *
 * Start-up may die (exit 111 or 100). From the first turn of the loop on,
 * perpd must not: every failure is logged and retried from a deadline.
 * Each turn: the earliest deadline, poll(), signals, inotify, adopted
 * pidfds, control clients, a rescan if one is due, then every deadline
 * that has come (forks, kill timeouts, idle clients). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "errstr.h"
#include "fdio.h"
#include "lockfile.h"
#include "parse.h"
#include "perpd.h"
#include "sig.h"

#define SYNOPSIS "[-hV] [-a secs] [-g gid] [basedir]"
#define FIXED_POLL 2 /* signalfd, inotify */

struct opts {
	uint64_t autoscan;
	int has_gid;
	gid_t gid;
};

static void
version(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "version: %s %s\n", die_prog(),
	    VERSION);

	fd_write_all(2, buf, (size_t)n);
	exit(EXIT_OK);
}

static void
opt_gid(struct opts *o, const char *arg)
{
	struct group *gr;
	uint64_t v;

	o->has_gid = 1;
	if (parse_uint(arg, (gid_t)-1 - 1, &v) == 0) {
		o->gid = (gid_t)v;
		return;
	}
	if ((gr = getgrnam(arg)) == NULL)
		die_usage("no group id found for option -g %s", arg);
	o->gid = gr->gr_gid;
}

static void
options(int argc, char **argv, struct opts *o)
{
	const char *env;
	int c;

	opterr = 0;
	while ((c = getopt(argc, argv, "+:hVa:g:")) != -1) {
		switch (c) {
		case 'h':
			die_usage_line();
			exit(EXIT_OK);
		case 'V':
			version();
			break;
		case 'a':
			if (parse_uint(optarg, UINT32_MAX, &o->autoscan) < 0)
				die_usage("non-numeric argument found for "
				    "option -a: %s", optarg);
			break;
		case 'g':
			opt_gid(o, optarg);
			break;
		case ':':
			die_usage("missing argument for option -%c", optopt);
		default:
			if (optopt == '?') {
				die_usage_line();
				exit(EXIT_USAGE);
			}
			die_usage("invalid option -%c", optopt);
		}
	}
	if (argc - optind > 1)
		die_usage("too many arguments");
	env = getenv("PERP_BASE");
	perpd.base = optind < argc && argv[optind][0] ? argv[optind] :
	    env && *env ? env : "/etc/perp";
	if (perpd.base[0] != '/')
		die_usage("base directory not defined as absolute path: %s",
		    perpd.base);
}

/* stdin is /dev/null; stdout and stderr exist, so that no descriptor
 * perpd opens can land on 0, 1 or 2. */
static void
std_fds(void)
{
	int fd, i;

	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || (fd != 0 && (dup2(fd, 0) < 0 || close(fd) < 0)))
		die_sys(EXIT_TEMP, "failure open() on /dev/null");
	for (i = 1; i <= 2; i++)
		if (fcntl(i, F_GETFD) < 0 && open("/dev/null", O_WRONLY) != i)
			die_sys(EXIT_TEMP, "failure open() on /dev/null");
	if ((perpd.devnull = fd_devnull(O_RDWR)) < 0)
		die_sys(EXIT_TEMP, "failure open() on /dev/null");
}

/* .control, or the directory a dangling .control symlink names. */
static void
control_dir(void)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (lstat(PERPD_CONTROL, &st) == 0 && S_ISLNK(st.st_mode) &&
	    stat(PERPD_CONTROL, &st) < 0 && errno == ENOENT) {
		n = readlink(PERPD_CONTROL, target, sizeof target - 1);
		if (n < 0)
			die_sys(EXIT_TEMP, "failure readlink() on %s",
			    PERPD_CONTROL);
		target[n] = '\0';
		mkdir(target, 0700);
	} else if (mkdir(PERPD_CONTROL, 0700) < 0 && errno != EEXIST)
		die_sys(EXIT_TEMP, "failure mkdir() on %s", PERPD_CONTROL);
	perpd.ctlfd = open(PERPD_CONTROL, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (perpd.ctlfd < 0)
		die_sys(EXIT_TEMP, "failure chdir() to %s", PERPD_CONTROL);
}

/* Enough descriptors for 10,000 services: the soft limit goes up to the
 * hard one; children get the original limit back before exec. */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &perpd.nofile) < 0 ||
	    perpd.nofile.rlim_cur >= perpd.nofile.rlim_max)
		return;
	rl = perpd.nofile;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		perpd.nofile_raised = 1;
}

static void
boot_id(void)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? fd_read(fd, perpd.boot_id, 36) : -1;

	perpd.boot_id[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* Descriptors perpd inherited must not reach the services: mark every
 * one above 2 close-on-exec (perpd's own are opened so). */
static void
cloexec_inherited(void)
{
	struct dirent *e;
	DIR *d;
	int fd;

	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	if ((d = opendir("/proc/self/fd")) == NULL)
		die_sys(EXIT_TEMP, "failure opendir() on /proc/self/fd");
	while ((e = readdir(d)) != NULL)
		if ((fd = atoi(e->d_name)) > 2 && fd != dirfd(d))
			fd_cloexec(fd, 1);
	closedir(d);
}

static void
init(const struct opts *o)
{
	static const int sigs[] = { SIGCHLD, SIGHUP, SIGINT, SIGTERM, SIGUSR1,
	    SIGUSR2, SIGALRM, SIGQUIT, SIGPIPE };
	char sock[sizeof PERPD_CONTROL + sizeof PERPD_SOCK + 1];

	perpd.tabfd = perpd.inofd = perpd.listenfd = -1;
	cloexec_inherited();
	if (chdir(perpd.base) < 0)
		die_sys(EXIT_TEMP, "failure chdir() to base directory %s",
		    perpd.base);
	perpd.basefd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (perpd.basefd < 0)
		die_sys(EXIT_TEMP, "failure open() on base directory %s",
		    perpd.base);
	std_fds();
	if ((perpd.sigfd = sig_open(sigs, sizeof sigs / sizeof sigs[0])) < 0)
		die_sys(EXIT_TEMP, "failure setting up signals");
	raise_nofile();
	control_dir();
	if (lockfile_take(perpd.ctlfd, PERPD_LOCK) < 0)
		die_sys(EXIT_TEMP, "failure on lock file %s", PERPD_LOCK);
	boot_id();
	if (adopt_load(now_ms()) < 0)
		die_sys(EXIT_TEMP, "failure reading pid table %s", PERPD_TABLE);
	snprintf(sock, sizeof sock, "%s/%s", PERPD_CONTROL, PERPD_SOCK);
	if ((perpd.listenfd = control_open(sock, o->has_gid, o->gid)) < 0)
		die_sys(EXIT_TEMP, "failure setting up control socket %s",
		    sock);
	if (scan_init() < 0)
		die_sys(EXIT_TEMP, "failure opening base directory %s",
		    perpd.base);
	perpd.pid = getpid();
	clock_gettime(CLOCK_REALTIME, &perpd.started);
	perpd.autoscan_ms = (int64_t)o->autoscan * 1000;
	perpd.autoscan_at = DEADLINE_NEVER;
	perpd.rescan_at = 0; /* the first turn scans */
	perpd.table_rewrite = 1;
	info("starting on %s ...", perpd.base);
}

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
	control_expire(now);
}

static struct pollfd *
poll_set(size_t *n)
{
	static struct pollfd *p;
	static size_t cap;
	size_t need = FIXED_POLL + (size_t)control_npoll() + reap_nwatched();
	size_t i, w = FIXED_POLL + (size_t)control_npoll();
	struct pollfd *np;

	/* Grows only while adopted processes are added (start-up). If that
	 * fails, the ones that do not fit wait for a later turn. */
	if (need > cap) {
		if ((np = realloc(p, need * sizeof *np)) == NULL)
			warn_sys("failure allocating poll set");
		else {
			p = np;
			cap = need;
		}
	}
	*n = need < cap ? need : cap;
	if (*n < w) {
		*n = 0;
		return p;
	}
	p[0].fd = perpd.sigfd;
	p[1].fd = perpd.inofd;
	p[0].events = p[1].events = POLLIN;
	p[0].revents = p[1].revents = 0;
	control_poll(p + FIXED_POLL);
	for (i = 0; w + i < *n; i++) {
		p[w + i].fd = reap_watched(i)->pidfd;
		p[w + i].events = POLLIN;
		p[w + i].revents = 0;
	}
	return p;
}

static void
descriptors(struct pollfd *p, size_t n, int64_t now)
{
	size_t w = FIXED_POLL + (size_t)control_npoll(), i;
	struct sub *sub;

	if (p[0].revents)
		signals(now);
	if (p[1].revents)
		scan_inotify(now);
	/* Backwards: unwatching moves the last entry into slot i. */
	for (i = n - w; i-- > 0;) {
		if (i >= reap_nwatched() || p[w + i].revents == 0)
			continue;
		sub = reap_watched(i);
		if (sub->pidfd == p[w + i].fd)
			reap_adopted(sub, now);
	}
	control_io(p + FIXED_POLL, now);
}

static void
turn(void)
{
	struct pollfd *p;
	size_t n;
	int64_t now = now_ms();
	int r;

	p = poll_set(&n);
	r = poll(p, (nfds_t)n, deadline_timeout(earliest(), now));
	if (r < 0 && errno != EINTR)
		warn_sys("failure poll() in main loop");
	now = now_ms();
	if (r > 0 && n > 0)
		descriptors(p, n, now);
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
	struct opts o;

	memset(&o, 0, sizeof o);
	die_init(argv[0], DIE_DAEMON, SYNOPSIS);
	options(argc, argv, &o);
	init(&o);
	perpd.autoscan_at = now_ms() + perpd.autoscan_ms;
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
