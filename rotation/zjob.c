/* zjob.c: compressing one archive through "zipped". */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"
#include "fsops.h"
#include "zipext.h"
#include "zjob.h"

static void
release(struct zjob *j)
{
	if (j->mode == ZMODE_GZ)
		gzfile_end(&j->gz);
	if (j->in >= 0)
		close(j->in);
	if (j->out >= 0)
		close(j->out);
	j->in = j->out = -1;
	j->pid = 0;
	j->active = 0;
}

int
zjob_start(struct zjob *j, int dirfd, const struct arch_entry *src,
    enum zmode mode, int level, const char *cmd)
{
	memset(j, 0, sizeof *j);
	j->mode = mode;
	j->src = *src;
	j->out = -1;
	j->in = openat(dirfd, src->name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (j->in < 0)
		goto fail;
	j->out = openat(dirfd, DIRSCAN_ZIPPED, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC | O_NOFOLLOW, 0644);
	if (j->out < 0)
		goto fail;
	if (mode == ZMODE_GZ) {
		if (gzfile_start(&j->gz, j->in, j->out, level,
		    gzfile_lanes()) < 0)
			goto fail;
	} else if ((j->pid = zipext_spawn(cmd, j->in, j->out)) < 0) {
		j->pid = 0;
		goto fail;
	}
	j->active = 1;
	return 0;
fail:
	warn_sys("unable to start compressing log archive %s", src->name);
	zjob_abort(j, dirfd);
	return -1;
}

/* The compressed copy is complete: put it in place, then drop the
 * archive. */
static int
commit(struct zjob *j, int dirfd)
{
	struct archname a = j->src.a;
	char name[ARCHNAME_MAX];

	a.zip = j->mode == ZMODE_GZ ? ARCH_GZ : ARCH_Z;
	archname_format(name, &a);
	if (fchmod(j->out, 0644) < 0 || fsync(j->out) < 0 ||
	    fsops_rename_new(dirfd, DIRSCAN_ZIPPED, name) < 0 ||
	    fsops_sync_dir(dirfd) < 0) {
		warn_sys("unable to put compressed log archive %s in place",
		    name);
		return -1;
	}
	if (unlinkat(dirfd, j->src.name, 0) < 0 && errno != ENOENT)
		warn_sys("unable to remove log archive %s after compressing it",
		    j->src.name);
	return 0;
}

/* ZMODE_EXT: 1 when the child is gone (status set), 0 while it runs. */
static int
reaped(struct zjob *j, int *status)
{
	pid_t r;

	do
		r = waitpid(j->pid, status, WNOHANG);
	while (r < 0 && errno == EINTR);
	return r != 0;
}

int
zjob_step(struct zjob *j, int dirfd)
{
	int rc, status;

	if (j->mode == ZMODE_GZ) {
		rc = gzfile_step(&j->gz);
		if (rc == 0)
			return 0;
		if (rc < 0)
			warn_sys("unable to compress log archive %s",
			    j->src.name);
	} else {
		if (!reaped(j, &status))
			return 0;
		j->pid = 0;
		rc = zipext_ok(status, j->src.name) ? 1 : -1;
	}
	if (rc > 0 && commit(j, dirfd) < 0)
		rc = -1;
	if (rc < 0) {
		zjob_abort(j, dirfd);
		return -1;
	}
	release(j);
	return 1;
}

void
zjob_abort(struct zjob *j, int dirfd)
{
	int status;

	if (j->pid > 0) {
		kill(j->pid, SIGKILL);
		while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	release(j);
	if (unlinkat(dirfd, DIRSCAN_ZIPPED, 0) < 0 && errno != ENOENT)
		warn_sys("unable to remove %s", DIRSCAN_ZIPPED);
}
