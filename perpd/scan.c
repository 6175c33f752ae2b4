/* scan.c: the base directory. A service is a directory in BASE whose name
 * does not start with '.' and which has the sticky bit; it is known by
 * its device and inode, so a rename keeps it. inotify on BASE asks for a
 * rescan as soon as an entry is created, deleted, moved or chmod'ed;
 * SIGHUP, -a and perpctl A/X still work. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deadline.h"
#include "die.h"
#include "parse.h"
#include "perpd.h"

#define WATCH (IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
	IN_MOVED_TO | IN_ONLYDIR)

static DIR *basedir;
static unsigned scangen;
static int first_scan = 1;

/* Open BASE for scanning, and watch it. 0, or -1 with errno. */
int
scan_init(void)
{
	int fd = fcntl(perpd.basefd, F_DUPFD_CLOEXEC, 3);

	if (fd < 0 || (basedir = fdopendir(fd)) == NULL)
		return -1;
	perpd.inofd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (perpd.inofd < 0 || inotify_add_watch(perpd.inofd, ".", WATCH) < 0) {
		warn_sys("failure setting up inotify on %s: rescanning only on "
		    "SIGHUP and -a", perpd.base);
		if (perpd.inofd >= 0)
			close(perpd.inofd);
		perpd.inofd = -1;
	}
	return 0;
}

/* Ask for a rescan: now, or (soon) no sooner than a short gap after the
 * previous one, so that a burst of inotify events costs few scans. */
void
scan_request(int64_t now, int soon)
{
	int64_t at = now;

	if (soon && perpd.last_scan + PERPD_RESCAN_GAP_MS > at)
		at = perpd.last_scan + PERPD_RESCAN_GAP_MS;
	perpd.rescan_at = deadline_min(perpd.rescan_at, at);
}

/* Drain the inotify descriptor; any event asks for a rescan. */
void
scan_inotify(int64_t now)
{
	static char buf[16384]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t r;
	int any = 0;

	while ((r = read(perpd.inofd, buf, sizeof buf)) > 0)
		any = 1;
	if (r < 0 && errno != EAGAIN && errno != EINTR)
		warn_sys("failure reading inotify events");
	if (any)
		scan_request(now, 1);
}

/* timeout.stop: a duration ("10", "2m", "1h") or milliseconds ("500ms"). */
static uint32_t
read_timeout(struct service *sv)
{
	char buf[64];
	uint64_t v;
	ssize_t r;
	int fd = openat(sv->dirfd, PERPD_STOP_FILE, O_RDONLY | O_CLOEXEC);
	size_t n;

	if (fd < 0)
		return PERPD_STOP_MS;
	r = read(fd, buf, sizeof buf - 1);
	close(fd);
	n = r > 0 ? (size_t)r : 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	if (n > 2 && strcmp(buf + n - 2, "ms") == 0) {
		buf[n - 2] = '\0';
		if (parse_uint(buf, UINT32_MAX, &v) == 0)
			return (uint32_t)v;
	} else if (parse_duration(buf, UINT32_MAX / 1000, &v) == 0)
		return (uint32_t)(v * 1000);
	warn("invalid %s for service %s: using %u ms", PERPD_STOP_FILE,
	    sv->label, (unsigned)PERPD_STOP_MS);
	return PERPD_STOP_MS;
}

/* What the service directory says, read at activation only. */
static void
read_flags(struct service *sv)
{
	struct stat st;

	if (fstatat(sv->dirfd, "flag.down", &st, AT_SYMLINK_NOFOLLOW) == 0)
		sv->flags |= SVF_DOWN;
	if (fstatat(sv->dirfd, "flag.once", &st, AT_SYMLINK_NOFOLLOW) == 0)
		sv->flags |= SVF_ONCE;
	if (fstatat(sv->dirfd, "rc.log", &st, 0) == 0) {
		if (st.st_mode & S_IXUSR)
			sv->flags |= SVF_HASLOG;
		else
			warn("rc.log exists but is not set executable for %s",
			    sv->label);
	}
	sv->stop_ms = read_timeout(sv);
}

static int
open_dir(struct service *sv)
{
	struct stat st;

	sv->dirfd = openat(perpd.basefd, sv->name,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sv->dirfd < 0)
		return -1;
	if (fstat(sv->dirfd, &st) < 0)
		return -1;
	/* Replaced between the scan's stat and this open: next scan. */
	if ((uint64_t)st.st_dev != sv->key.dev ||
	    (uint64_t)st.st_ino != sv->key.ino) {
		errno = ESTALE;
		return -1;
	}
	return 0;
}

static void
fresh_start(struct service *sv, int64_t now)
{
	if (sv->flags & SVF_DOWN)
		sv->main.flags |= SUBF_WANTDOWN;
	if (sv->flags & SVF_ONCE)
		sv->main.flags |= SUBF_ISONCE;
	if (sv->flags & SVF_HASLOG)
		sub_want_start(&sv->log, now);
	else
		sv->log.flags |= SUBF_WANTDOWN;
	sub_want_start(&sv->main, now);
}

/* Activate the directory name with key k. The forks happen in the loop's
 * deadline pass, after the pid table is up to date. */
static int
activate(const char *name, const struct svkey *k, unsigned gen, int64_t now)
{
	struct service *sv = svtab_add(k, name);
	struct adoptee *a;

	if (sv == NULL || pidtab_slot(sv) < 0 || open_dir(sv) < 0)
		goto fail;
	sv->gen = gen;
	sv->flags = SVF_ACTIVE;
	clock_gettime(CLOCK_REALTIME, &sv->activated);
	read_flags(sv);
	a = adopt_take(k);
	if (a == NULL && (sv->flags & SVF_HASLOG) &&
	    pipe2(sv->logpipe, O_CLOEXEC) < 0)
		goto fail;
	info("activated new service: %s", sv->label);
	if (a != NULL)
		adopt_apply(sv, a, now);
	pidtab_service(sv);
	if (a == NULL)
		fresh_start(sv, now);
	timer_update(sv);
	return 0;
fail:
	warn_sys("unable to activate new service %s", sv ? sv->label : name);
	if (sv != NULL) {
		if (sv->dirfd >= 0)
			close(sv->dirfd);
		pidtab_free(sv);
		svtab_remove(sv);
	}
	return -1;
}

/* A known service seen under another name: follow a rename, but do not
 * flap between two names of the same directory. */
static void
rename_check(struct service *sv, const char *name)
{
	struct stat st;
	size_t len = strlen(name);
	char *nn, *nl;

	if (strcmp(sv->name, name) == 0 ||
	    (fstatat(perpd.basefd, sv->name, &st, 0) == 0 &&
	    (uint64_t)st.st_dev == sv->key.dev &&
	    (uint64_t)st.st_ino == sv->key.ino))
		return;
	if ((nn = malloc(len + 1)) == NULL || (nl = malloc(len + 1)) == NULL) {
		free(nn);
		return;
	}
	memcpy(nn, name, len + 1);
	if (!policy_label(name, nl)) {
		free(nl);
		nl = nn;
	}
	if (sv->label != sv->name)
		free(sv->label);
	free(sv->name);
	sv->name = nn;
	sv->label = nl;
}

static int
scan_entry(const char *name, unsigned gen, int64_t now)
{
	char label[NAME_MAX + 1];
	struct stat st;
	struct svkey k;
	struct service *sv;
	int sticky;

	if (fstatat(perpd.basefd, name, &st, 0) < 0) {
		/* Gone since readdir, or a dangling symlink: nothing to run. */
		if (errno != ENOENT) {
			policy_label(name, label);
			warn_sys("failure stat() on %s", label);
		}
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	k.dev = (uint64_t)st.st_dev;
	k.ino = (uint64_t)st.st_ino;
	sticky = (st.st_mode & S_ISVTX) != 0;
	if ((sv = svtab_find(&k)) != NULL) {
		if (!sticky)
			return 0;
		sv->gen = gen;
		if (sv->flags & SVF_CULL)
			sv->flags |= SVF_CYCLE;
		else
			rename_check(sv, name);
		return 0;
	}
	/* A directory no longer sticky whose processes survived a perpd
	 * crash is adopted, then deactivated in order below. */
	if (!sticky && !adopt_pending(&k))
		return 0;
	return activate(name, &k, sticky ? gen : 0, now);
}

static void
cull_unseen(unsigned gen, int64_t now)
{
	struct service *sv;
	size_t i;

	/* Backwards: a removal moves the last service into slot i. */
	for (i = svtab_count(); i-- > 0;) {
		sv = svtab_at(i);
		if (sv->gen != gen && !(sv->flags & SVF_CULL))
			sv_cull(sv, now);
	}
}

/* Read BASE: activate new sticky directories, deactivate services whose
 * directory went or lost its sticky bit. A scan that fails part-way
 * deactivates nothing and is retried with a growing delay. */
void
scan(int64_t now)
{
	struct dirent *d;
	unsigned gen = ++scangen;
	int failed = 0;

	perpd.rescan_at = DEADLINE_NEVER;
	perpd.last_scan = now;
	if (perpd.terminating)
		return;
	rewinddir(basedir);
	for (errno = 0; (d = readdir(basedir)) != NULL; errno = 0)
		if (d->d_name[0] != '.' && scan_entry(d->d_name, gen, now) < 0)
			failed = 1;
	if (errno != 0) {
		warn_sys("failure readdir() while scanning base directory");
		failed = 1;
	} else
		cull_unseen(gen, now);
	if (first_scan) {
		first_scan = 0;
		adopt_orphans(now);
	}
	if (!failed) {
		perpd.scan_retry_ms = 0;
		return;
	}
	perpd.scan_retry_ms = perpd.scan_retry_ms ?
	    perpd.scan_retry_ms * 2 : PERPD_RETRY_MS;
	if (perpd.scan_retry_ms > BACKOFF_MAX_MS)
		perpd.scan_retry_ms = BACKOFF_MAX_MS;
	perpd.rescan_at = now + perpd.scan_retry_ms;
}
