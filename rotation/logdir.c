/* logdir.c: opening, recovering, appending to and rotating current. */
#define _GNU_SOURCE /* statx */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirscan.h"
#include "fsops.h"
#include "lockfile.h"
#include "logdir.h"

/* Give the file from the next free archive name of kind: a name after
 * every existing one, never replacing any, and never one past the last
 * that sorts (archname.h): EOVERFLOW then. */
static int
to_archive(struct logdir *d, const char *from, char kind)
{
	struct archname a;
	char name[ARCHNAME_MAX];
	int tries;

	if (archname_next(fsops_wall_us(), d->newest_us, &a.us) < 0)
		return -1;
	a.kind = kind;
	a.zip = ARCH_PLAIN;
	for (tries = 0; tries < 1000; tries++, a.us++) {
		if (a.us > ARCHNAME_US_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
		archname_format(name, &a);
		if (fsops_rename_new(d->dirfd, from, name) == 0) {
			d->newest_us = a.us;
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/* Whether name is one of the archives' links (link-then-unlink renames
 * cut short by a crash leave the same file under two names). */
static int
linked_to_archive(struct logdir *d, const struct dirscan *s,
    const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (fsops_same_file(d->dirfd, name, s->v[i].name))
			return 1;
	return 0;
}

/* perp 2.07 renamed current to "previous" (after syncing it), then linked
 * it to its archive name, then unlinked it. Anything but a regular file
 * under that name (a symbolic link) is not 2.07's, and is left alone. */
static int
recover_previous(struct logdir *d, const struct dirscan *s)
{
	struct stat st;

	if (fstatat(d->dirfd, DIRSCAN_PREVIOUS, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISREG(st.st_mode))
		return 0;
	if (st.st_nlink > 1 && linked_to_archive(d, s, DIRSCAN_PREVIOUS))
		return unlinkat(d->dirfd, DIRSCAN_PREVIOUS, 0);
	return to_archive(d, DIRSCAN_PREVIOUS, 't');
}

/* A current that is not a regular file (a symbolic link, a directory, a
 * FIFO) is never followed, opened or moved: -1 with errno ELOOP, EISDIR
 * or EINVAL. Otherwise 0, st filled (st_mode 0: there is none). */
static int
stat_current(struct logdir *d, struct stat *st)
{
	memset(st, 0, sizeof *st);
	if (fstatat(d->dirfd, LOGDIR_CURRENT, st, AT_SYMLINK_NOFOLLOW) < 0) {
		st->st_mode = 0;
		return errno == ENOENT ? 0 : -1;
	}
	if (S_ISREG(st->st_mode))
		return 0;
	errno = S_ISLNK(st->st_mode) ? ELOOP : S_ISDIR(st->st_mode) ?
	    EISDIR : EINVAL;
	return -1;
}

/* A current not closed cleanly may end in bytes written after its last
 * commit mark, whose input was never consumed and comes again: cut them
 * off. At best: where the mark cannot be read or the cut fails, all is
 * kept (a batch may then be there twice, as without marks). */
static void
cut_uncommitted(struct logdir *d, off_t *size)
{
	uint64_t mark;
	int fd;

	if (!d->mark || *size == 0)
		return;
	fd = openat(d->dirfd, LOGDIR_CURRENT, O_WRONLY | O_CLOEXEC |
	    O_NOFOLLOW);
	if (fd < 0)
		return;
	if (cmark_get(fd, d->boot, &mark) == 1 && mark < (uint64_t)*size &&
	    ftruncate(fd, (off_t)mark) == 0) {
		d->cut = (uint64_t)*size - mark;
		*size = (off_t)mark;
	}
	close(fd);
}

static int
recover_current(struct logdir *d, const struct dirscan *s,
    const struct stat *st, int archive_clean)
{
	off_t size = st->st_size;

	if (st->st_mode == 0)
		return 0;
	if (st->st_nlink > 1 && linked_to_archive(d, s, LOGDIR_CURRENT))
		return unlinkat(d->dirfd, LOGDIR_CURRENT, 0);
	if (st->st_mode & S_IXUSR)
		return archive_clean ? to_archive(d, LOGDIR_CURRENT, 't') : 0;
	/* Not closed cleanly: kept apart as "unsafe", unless empty. */
	cut_uncommitted(d, &size);
	return size > 0 ? to_archive(d, LOGDIR_CURRENT, 'u') : 0;
}

/* When the first line of a resumed current came: its birth time where
 * the file system keeps one, else its last change (so at worst a time
 * rotation comes one interval late, never early for what it holds). */
static int64_t
first_line_time(int fd)
{
	struct statx sx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME | STATX_MTIME, &sx) < 0)
		return fsops_wall_us();
	if (sx.stx_mask & STATX_BTIME)
		return (int64_t)sx.stx_btime.tv_sec * 1000000 +
		    sx.stx_btime.tv_nsec / 1000;
	return (int64_t)sx.stx_mtime.tv_sec * 1000000 +
	    sx.stx_mtime.tv_nsec / 1000;
}

/* Whether the file ends inside a line: current is open write-only, so
 * its last byte is read through another descriptor. */
static int
ends_midline(struct logdir *d, off_t size)
{
	char last = '\n';
	int fd;

	fd = openat(d->dirfd, LOGDIR_CURRENT, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	if (pread(fd, &last, 1, size - 1) != 1)
		last = '\n';
	close(fd);
	return last != '\n';
}

/* Mark current as holding size committed bytes. A mark that could not be
 * moved on would make a recovery cut off what was consumed: without one,
 * marks stop (all is kept, as on a file system without them); if even
 * the old one stays, the write counts as failed. */
static int
commit(struct logdir *d, uint64_t size)
{
	if (!d->mark || cmark_set(d->fd, d->boot, size) == 0)
		return 0;
	if (errno == ENOTSUP || errno == EOPNOTSUPP || cmark_clear(d->fd) == 0) {
		d->mark = 0;
		return 0;
	}
	return -1;
}

/* Close current when opening it failed halfway: -1, errno kept. */
static int
drop_current(struct logdir *d)
{
	int err = errno;

	close(d->fd);
	d->fd = -1;
	errno = err;
	return -1;
}

static int
open_current(struct logdir *d)
{
	struct stat st;

	d->fd = openat(d->dirfd, LOGDIR_CURRENT,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (d->fd < 0)
		return -1;
	if (fchmod(d->fd, 0644) < 0 || fstat(d->fd, &st) < 0)
		return drop_current(d);
	d->size = (uint64_t)st.st_size;
	d->midline = 0;
	d->torn = 0;
	/* A resumed current may bear the mark of an earlier run: one that
	 * is not moved on with the writes must not stay. With marks, mark
	 * what it holds now, before the first write: a kill in the middle
	 * of that write (a partial write, ending inside a line) is then cut
	 * off like any other uncommitted batch. */
	if (!d->mark)
		cmark_clear(d->fd);
	else if (commit(d, d->size) < 0)
		return drop_current(d);
	if (d->size > 0) {
		d->first_us = first_line_time(d->fd);
		d->midline = ends_midline(d, st.st_size);
	}
	return 0;
}

static int
fail(struct logdir *d, const char *what)
{
	int err = errno;

	d->what = what;
	if (d->fd >= 0)
		close(d->fd);
	if (d->lockfd >= 0)
		close(d->lockfd);
	if (d->dirfd >= 0)
		close(d->dirfd);
	d->fd = d->lockfd = d->dirfd = -1;
	errno = err;
	return -1;
}

/* Recover, then open current; s is a fresh scan of the directory. */
static int
recover(struct logdir *d, struct dirscan *s, int archive_clean)
{
	struct stat cur;

	if (stat_current(d, &cur) < 0)
		return fail(d, "refusing a current that is not a regular "
		    "file in log directory");
	d->newest_us = dirscan_newest(s);
	if (recover_previous(d, s) < 0)
		return fail(d, "unable to recover the previous file in "
		    "log directory");
	if (recover_current(d, s, &cur, archive_clean) < 0)
		return fail(d, "unable to archive the current file in "
		    "log directory");
	if (open_current(d) < 0)
		return fail(d, "unable to open the current file in "
		    "log directory");
	if (fsops_sync_dir(d->dirfd) < 0)
		return fail(d, "unable to sync log directory");
	return 0;
}

int
logdir_open(struct logdir *d, const char *path, int archive_clean)
{
	struct dirscan s;
	int rc, err;

	memset(d, 0, sizeof *d);
	d->dirfd = d->lockfd = d->fd = -1;
	d->mark = cmark_boot(d->boot) == 0;
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return fail(d, "unable to create log directory");
	d->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->dirfd < 0)
		return fail(d, "unable to open log directory");
	d->lockfd = lockfile_take(d->dirfd, LOGDIR_LOCK);
	if (d->lockfd < 0)
		return fail(d, "failure acquiring lock file " LOGDIR_LOCK
		    " in log directory");
	memset(&s, 0, sizeof s);
	if (dirscan_read(d->dirfd, &s, 0) < 0)
		return fail(d, "unable to read log directory");
	rc = recover(d, &s, archive_clean);
	err = errno;
	dirscan_free(&s);
	errno = err;
	return rc;
}

int
logdir_append(struct logdir *d, const char *buf, size_t len,
    int64_t when_us, int durable)
{
	ssize_t n;
	int err;

	if (d->fd < 0) {
		errno = EBADF;
		return -1;
	}
	/* A failed write whose bytes could not be cut off: try again. */
	if (d->torn) {
		if (ftruncate(d->fd, (off_t)d->size) < 0)
			return -1;
		d->torn = 0;
	}
	n = write(d->fd, buf, len);
	if (n == (ssize_t)len && (!durable || fdatasync(d->fd) == 0) &&
	    commit(d, d->size + len) == 0) {
		if (d->size == 0)
			d->first_us = when_us;
		d->size += len;
		d->midline = len > 0 && buf[len - 1] != '\n';
		return 0;
	}
	/* A short write means the next one would fail: say why. */
	err = n >= 0 && n < (ssize_t)len ? ENOSPC : errno;
	if (n > 0 && ftruncate(d->fd, (off_t)d->size) < 0)
		d->torn = 1;
	errno = err;
	return -1;
}

int
logdir_rotate(struct logdir *d, int durable)
{
	if (d->fd >= 0 && !d->dirsync) {
		if (to_archive(d, LOGDIR_CURRENT, 't') < 0)
			return -1;
		close(d->fd);
		d->fd = -1;
	}
	if (d->fd < 0 && open_current(d) < 0)
		return -1;
	/* Durable: the new names must be on disk before lines go into the
	 * new current; if that sync fails, only the sync is retried. */
	d->dirsync = durable;
	if (d->dirsync && fsops_sync_dir(d->dirfd) < 0)
		return -1;
	d->dirsync = 0;
	return 0;
}

int
logdir_close(struct logdir *d, int clean)
{
	int rc = 0, err = 0;

	if (d->fd < 0)
		return 0;
	/* Half a batch that could not be cut off is not a clean end. */
	if (d->torn && ftruncate(d->fd, (off_t)d->size) == 0)
		d->torn = 0;
	if (d->torn)
		clean = 0;
	if (fsync(d->fd) < 0) {
		rc = -1;
		err = errno;
	} else if (clean && fchmod(d->fd, 0744) < 0) {
		rc = -1;
		err = errno;
	}
	close(d->fd);
	d->fd = -1;
	errno = err;
	return rc;
}
