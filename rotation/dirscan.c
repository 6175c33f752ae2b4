/* dirscan.c: reading a log directory's archive names. Only regular files
 * are archives: a symbolic link (or anything else) with an archive's name
 * is not tinylog's, and is never synced, compressed, renamed, counted or
 * removed. */
#define _DEFAULT_SOURCE /* d_type */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirscan.h"

static int
by_time(const void *x, const void *y)
{
	return archname_cmp(&((const struct arch_entry *)x)->a,
	    &((const struct arch_entry *)y)->a);
}

static int
add(struct dirscan *s, const char *name, const struct archname *a)
{
	struct arch_entry *v;
	size_t ncap;

	if (s->n == s->cap) {
		ncap = s->cap ? s->cap * 2 : 32;
		v = realloc(s->v, ncap * sizeof *v);
		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = ncap;
	}
	s->v[s->n].a = *a;
	s->v[s->n].size = 0;
	strcpy(s->v[s->n].name, name);
	s->n++;
	return 0;
}

/* Whether the entry is a regular file, without following a link. */
static int
is_file(int dirfd, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_REG;
	return fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

static int
stat_sizes(int dirfd, struct dirscan *s)
{
	struct stat st;
	size_t i, j = 0;

	for (i = 0; i < s->n; i++) {
		if (fstatat(dirfd, s->v[i].name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				continue; /* gone since: leave it out */
			return -1;
		}
		s->v[j] = s->v[i];
		s->v[j++].size = (uint64_t)st.st_size;
	}
	s->n = j;
	return 0;
}

int
dirscan_read(int dirfd, struct dirscan *s, int sizes)
{
	struct archname a;
	struct dirent *e;
	DIR *d;
	int fd, err;

	s->n = 0;
	s->zipped = 0;
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (d == NULL) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, DIRSCAN_ZIPPED) == 0)
			s->zipped = 1;
		else if (archname_parse(e->d_name, &a) == 0 &&
		    is_file(dirfd, e) && add(s, e->d_name, &a) < 0)
			break;
		errno = 0;
	}
	err = errno;
	closedir(d);
	if (err != 0) {
		errno = err;
		return -1;
	}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, by_time);
	return sizes ? stat_sizes(dirfd, s) : 0;
}

int64_t
dirscan_newest(const struct dirscan *s)
{
	return s->n > 0 ? s->v[s->n - 1].a.us : INT64_MIN;
}

void
dirscan_free(struct dirscan *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
