/* archname.c: formatting, parsing and ordering archive names. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "archname.h"
#include "tai.h"

/* "_" + the 22-character perp stamp + "." + kind */
#define BASE_LEN (1 + STAMP_PERP_LEN + 2)

static void
us_to_ts(int64_t us, struct timespec *ts)
{
	int64_t s = us / 1000000, r = us % 1000000;

	if (r < 0) {
		r += 1000000;
		s--;
	}
	ts->tv_sec = (time_t)s;
	ts->tv_nsec = (long)r * 1000;
}

const char *
archname_zipext(enum arch_zip zip)
{
	return zip == ARCH_GZ ? ".gz" : zip == ARCH_Z ? ".Z" : "";
}

size_t
archname_format(char *out, const struct archname *a)
{
	struct timespec ts;
	const char *ext = archname_zipext(a->zip);
	size_t n;

	us_to_ts(a->us, &ts);
	out[0] = '_';
	n = 1 + stamp_perp(out + 1, &ts);
	out[n++] = '.';
	out[n++] = a->kind;
	memcpy(out + n, ext, strlen(ext) + 1);
	return n + strlen(ext);
}

int
archname_parse(const char *name, struct archname *a)
{
	struct timespec ts;
	const char *rest;
	char again[ARCHNAME_MAX];

	if (strlen(name) < BASE_LEN || name[0] != '_' ||
	    name[BASE_LEN - 2] != '.' ||
	    stamp_perp_parse(name + 1, STAMP_PERP_LEN, &ts) < 0)
		goto bad;
	a->kind = name[BASE_LEN - 1];
	if (a->kind != 's' && a->kind != 'u' && a->kind != 't')
		goto bad;
	rest = name + BASE_LEN;
	if (*rest == '\0')
		a->zip = ARCH_PLAIN;
	else if (strcmp(rest, ".gz") == 0 && a->kind != 't')
		a->zip = ARCH_GZ;
	else if (strcmp(rest, ".Z") == 0 && a->kind != 't')
		a->zip = ARCH_Z;
	else
		goto bad;
	a->us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	/* Only names this module writes: not a leap second ":60", which
	 * would read as the next minute. */
	archname_format(again, a);
	if (strcmp(again, name) != 0)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int
archname_cmp(const struct archname *a, const struct archname *b)
{
	if (a->us != b->us)
		return a->us < b->us ? -1 : 1;
	if (a->zip != b->zip)
		return (int)a->zip - (int)b->zip;
	return (int)a->kind - (int)b->kind;
}

int
archname_next(int64_t now_us, int64_t newest_us, int64_t *us)
{
	if (newest_us >= ARCHNAME_US_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	*us = now_us > newest_us && now_us <= ARCHNAME_US_MAX ? now_us :
	    newest_us + 1;
	return 0;
}
