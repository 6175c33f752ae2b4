/* startup.c: perpd's start-up, where every failure is fatal: options,
 * the standard descriptors, signals, the control directory, the lock,
 * the previous perpd's pid table, the control socket, the scan of BASE
 * (the options themselves are parsed in bootopts.c).
 * perpd.c's loop takes over from here and must never die. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "fdio.h"
#include "lockfile.h"
#include "perpd.h"
#include "perpopts.h"
#include "sig.h"

static int
group_id(const char *name, gid_t *gid)
{
	struct group *gr = getgrnam(name);

	if (gr == NULL)
		return -1;
	*gid = gr->gr_gid;
	return 0;
}

/* stdin is /dev/null; stdout and stderr exist, so that no descriptor
 * perpd opens can land on 0, 1 or 2; 3 to 5 are reserved. */
static void
std_fds(void)
{
	int fd, i;

	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || (fd != 0 && (dup2(fd, 0) < 0 || close(fd) < 0)) ||
	    fds_standard() < 0)
		die_sys(EXIT_TEMP, "failure open() on /dev/null");
	/* Slots 3 to 5 are kept for children's descriptors (svrun.c). */
	if ((fd = fd_devnull(O_RDWR)) < 0 ||
	    (perpd.devnull = fcntl(fd, F_DUPFD_CLOEXEC, SPAWN_LOW)) < 0)
		die_sys(EXIT_TEMP, "failure open() on /dev/null");
	for (i = SPAWN_DIR; i < SPAWN_LOW; i++)
		if (dup3(perpd.devnull, i, O_CLOEXEC) < 0)
			die_sys(EXIT_TEMP, "failure dup2() on /dev/null");
	if (fd >= SPAWN_LOW)
		close(fd);
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
 * hard one; children get the original limit back before exec. pidfds
 * are a convenience (reap.c sweeps without them): they stop short of the
 * limit by PIDFD_RESERVE, which keeps descriptors for control
 * connections, log pipes and rescans when the limit is tight. */
static void
raise_nofile(void)
{
	struct rlimit rl;

	perpd.pidfd_max = INT_MAX;
	if (getrlimit(RLIMIT_NOFILE, &perpd.nofile) < 0)
		return;
	rl = perpd.nofile;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			perpd.nofile_raised = 1;
		else
			rl = perpd.nofile;
	}
	if (rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)INT_MAX - PIDFD_RESERVE)
		perpd.pidfd_max = (int)rl.rlim_cur - 1 - PIDFD_RESERVE;
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

static void
init(const struct perpd_opts *o)
{
	static const int sigs[] = { SIGCHLD, SIGHUP, SIGINT, SIGTERM, SIGUSR1,
	    SIGUSR2, SIGALRM, SIGQUIT, SIGPIPE };
	char sock[sizeof PERPD_CONTROL + sizeof PERPD_SOCK + 1];

	perpd.tabfd = perpd.inofd = perpd.epfd = perpd.listenfd = -1;
	if (fds_cloexec_inherited() < 0)
		die_sys(EXIT_TEMP, "failure marking inherited descriptors");
	std_fds();
	if (chdir(perpd.base) < 0)
		die_sys(EXIT_TEMP, "failure chdir() to base directory %s",
		    perpd.base);
	perpd.basefd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (perpd.basefd < 0)
		die_sys(EXIT_TEMP, "failure open() on base directory %s",
		    perpd.base);
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
	if ((perpd.epfd = reap_init()) < 0)
		die_sys(EXIT_TEMP, "failure epoll_create()");
	if (scan_init() < 0)
		die_sys(EXIT_TEMP, "failure opening base directory %s",
		    perpd.base);
	if (svrun_init() < 0)
		die_sys(EXIT_TEMP, "failure preparing the environment");
	perpd.pid = getpid();
	clock_gettime(CLOCK_REALTIME, &perpd.started);
	perpd.autoscan_ms = (int64_t)o->autoscan * 1000;
	perpd.autoscan_at = perpd.autoscan_ms > 0 ?
	    now_ms() + perpd.autoscan_ms : DEADLINE_NEVER;
	perpd.rescan_at = 0; /* the first turn scans */
	perpd.table_rewrite = 1;
	info("starting on %s ...", perpd.base);
}

/* Parse the command line and set perpd up, or exit 111 (100 for usage). */
void
startup(int argc, char **argv)
{
	static struct cliopt r;
	struct perpd_opts o;

	die_init(argv[0], DIE_DAEMON, PERPD_SYNOPSIS);
	if (perpd_opts_parse(&o, argc, argv, getenv("PERP_BASE"), group_id,
	    &r) < 0)
		cliopt_exit(&r, die_version);
	perpd.base = o.base;
	init(&o);
}
