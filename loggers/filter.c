/* filter.c: s6-log-style selection of lines by POSIX extended regular
 * expressions. Rules apply in command-line order and the last one that
 * matches decides, so they are tried from the last: the first match found
 * is the answer. */
#define _GNU_SOURCE
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

void
filter_init(struct filter *f, size_t look)
{
	f->rules = NULL;
	f->n = 0;
	f->look = look;
}

int
filter_add(struct filter *f, int include, const char *ere, char *err,
    size_t errlen)
{
	struct rule *r;
	int rc;

	r = realloc(f->rules, (size_t)(f->n + 1) * sizeof *r);
	if (r == NULL)
		return -1;
	f->rules = r;
	r = &f->rules[f->n];
	rc = regcomp(&r->re, ere, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &r->re, err, errlen);
		errno = EINVAL;
		return -1;
	}
	r->include = include;
	f->n++;
	return 0;
}

int
filter_keep(const struct filter *f, const char *p, size_t n)
{
	regmatch_t m;
	int i;

	if (n > f->look)
		n = f->look;
	for (i = f->n - 1; i >= 0; i--) {
		/* REG_STARTEND: no NUL terminator needed, NUL bytes allowed. */
		m.rm_so = 0;
		m.rm_eo = (regoff_t)n;
		if (regexec(&f->rules[i].re, p, 1, &m, REG_STARTEND) == 0)
			return f->rules[i].include;
	}
	return 1;
}

void
filter_free(struct filter *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		regfree(&f->rules[i].re);
	free(f->rules);
	f->rules = NULL;
	f->n = 0;
}
