/* dirpass.c: the worker's pass over the log directory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "dirpass.h"
#include "fsops.h"

static void
drop_entry(struct dirscan *s, size_t i)
{
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof *s->v);
	s->n--;
}

/* An archive with a complete compressed copy beside it: the compression
 * was cut short after putting the copy in place. Names sort so that the
 * copy comes right after the archive. Returns whether a name went. */
static int
drop_compressed_twins(int dirfd, struct dirscan *s)
{
	size_t i;
	int changed = 0;

	for (i = 0; i + 1 < s->n; i++) {
		const struct archname *a = &s->v[i].a, *b = &s->v[i + 1].a;

		if (a->zip != ARCH_PLAIN || b->zip == ARCH_PLAIN ||
		    a->us != b->us || a->kind != b->kind)
			continue;
		if (unlinkat(dirfd, s->v[i].name, 0) < 0 && errno != ENOENT) {
			warn_sys("unable to remove log archive %s",
			    s->v[i].name);
			continue;
		}
		drop_entry(s, i);
		changed = 1;
	}
	return changed;
}

/* A ".t" archive: sync it, then name it ".s". */
static int
finalize(int dirfd, struct arch_entry *e)
{
	struct archname a = e->a;
	char name[ARCHNAME_MAX];

	a.kind = 's';
	archname_format(name, &a);
	/* ENOENT: retention removed it meanwhile (the syncer's case). */
	if (fsops_sync_file(dirfd, e->name) < 0) {
		if (errno != ENOENT)
			warn_sys("unable to sync log archive %s", e->name);
		return 0;
	}
	if (fsops_rename_new(dirfd, e->name, name) < 0) {
		/* Both names on one file: a link-then-unlink rename was cut
		 * short. Otherwise leave it be (a reader still sees it). */
		if (errno == EEXIST && fsops_same_file(dirfd, e->name, name))
			unlinkat(dirfd, e->name, 0);
		else if (errno == ENOENT)
			return 0;
		else {
			warn_sys("unable to rename log archive %s to %s",
			    e->name, name);
			return 0;
		}
	}
	e->a = a;
	memcpy(e->name, name, sizeof name);
	return 1;
}

/* Remove the archives retention does not keep. */
static void
apply_retention(int dirfd, const struct rotcfg *cfg, struct dirscan *s,
    struct zjob *job, int64_t now_us)
{
	struct retain_item *items;
	size_t i, del;

	items = malloc((s->n + 1) * sizeof *items);
	if (items == NULL) {
		warn_sys("unable to apply retention");
		return;
	}
	for (i = 0; i < s->n; i++) {
		items[i].us = s->v[i].a.us;
		items[i].size = s->v[i].size;
	}
	del = retain_excess(items, s->n, &cfg->keep, now_us);
	free(items);
	for (i = 0; i < del; i++) {
		if (job->active && strcmp(job->src.name, s->v[i].name) == 0)
			zjob_abort(job, dirfd);
		if (unlinkat(dirfd, s->v[i].name, 0) < 0 && errno != ENOENT)
			warn_sys("unable to remove log archive %s",
			    s->v[i].name);
	}
	if (del > 0)
		memmove(s->v, s->v + del, (s->n - del) * sizeof *s->v);
	s->n -= del;
}

int
dirpass_sync_new(int dirfd, struct dirscan *s)
{
	size_t i;
	int changed = 0;

	for (i = 0; i < s->n; i++)
		if (s->v[i].a.kind == 't' && finalize(dirfd, &s->v[i]))
			changed = 1;
	return changed;
}

static int
pick_next(const struct dirscan *s, const struct zjob *job,
    int64_t skip_upto, struct arch_entry *next)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct arch_entry *e = &s->v[i];

		if (e->a.zip != ARCH_PLAIN || e->a.kind == 't' ||
		    e->a.us <= skip_upto ||
		    (job->active && strcmp(job->src.name, e->name) == 0))
			continue;
		*next = *e;
		return 1;
	}
	return 0;
}

int
dirpass_run(int dirfd, const struct rotcfg *cfg, struct dirscan *s,
    struct zjob *job, int64_t skip_upto, int64_t now_us,
    struct arch_entry *next)
{
	int changed;

	if (dirscan_read(dirfd, s, cfg->keep.has_bytes) < 0)
		return -1;
	if (s->zipped && !job->active &&
	    unlinkat(dirfd, DIRSCAN_ZIPPED, 0) < 0 && errno != ENOENT)
		warn_sys("unable to remove %s", DIRSCAN_ZIPPED);
	changed = drop_compressed_twins(dirfd, s);
	if (!cfg->syncer && dirpass_sync_new(dirfd, s))
		changed = 1;
	if (changed && fsops_sync_dir(dirfd) < 0)
		warn_sys("unable to sync the log directory");
	apply_retention(dirfd, cfg, s, job, now_us);
	if (cfg->zip == ZMODE_NONE)
		return 0;
	return pick_next(s, job, skip_upto, next);
}
