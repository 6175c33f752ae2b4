/* filter.c: s6-log-style selection of lines by POSIX extended regular
 * expressions. Rules apply in command-line order and the last one that
 * matches decides, so they are tried from the last: the first match found
 * is the answer.
 *
 * regexec() costs microseconds a line; most rules need a literal (relit.h)
 * that a line rarely holds, so that is looked for first, and a rule that
 * is nothing but literals needs no regexec() at all. */
#define _GNU_SOURCE
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

#define SAMPLE_BYTES 65536           /* counted before tuning the rules */
#define SAMPLE_EVERY (16UL << 20)    /* bytes between two samples */

void
filter_init(struct filter *f, size_t look)
{
	f->rules = NULL;
	f->n = 0;
	f->look = look;
	f->sample = NULL;
}

int
filter_add(struct filter *f, int include, const char *ere, char *err,
    size_t errlen)
{
	struct rule *r;
	int rc;

	if (f->sample == NULL && (f->sample = calloc(1, sizeof *f->sample)) ==
	    NULL)
		return -1;
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
	relit_extract(ere, &r->lit);
	f->n++;
	return 0;
}

static int
matches(const struct rule *r, const char *p, size_t n)
{
	regmatch_t m;

	if (!relit_scan(&r->lit, p, n))
		return 0;
	if (r->lit.n > 0 && r->lit.exact)
		return 1;
	/* REG_STARTEND: no NUL terminator needed, NUL bytes allowed. */
	m.rm_so = 0;
	m.rm_eo = (regoff_t)n;
	return regexec(&r->re, p, 1, &m, REG_STARTEND) == 0;
}

/* Count the bytes of a sample of lines, then tune the rules to them.
 * The filter is const to its users, its sample is not: tuning changes how
 * fast the answer comes, never what it is. */
static void
sample(const struct filter *f, const char *p, size_t n)
{
	struct filter_sample *s = f->sample;
	size_t i;
	int r;

	if (s->skip > 0) {
		s->skip = s->skip > n ? s->skip - n : 0;
		return;
	}
	for (i = 0; i < n; i++)
		s->counts[(unsigned char)p[i]]++;
	s->total += n;
	if (s->total < SAMPLE_BYTES)
		return;
	for (r = 0; r < f->n; r++)
		relit_tune(&f->rules[r].lit, s->counts);
	memset(s->counts, 0, sizeof s->counts);
	s->total = 0;
	s->skip = SAMPLE_EVERY;
}

int
filter_keep(const struct filter *f, const char *p, size_t n)
{
	int i;

	if (n > f->look)
		n = f->look;
	if (f->sample != NULL)
		sample(f, p, n);
	for (i = f->n - 1; i >= 0; i--)
		if (matches(&f->rules[i], p, n))
			return f->rules[i].include;
	return 1;
}

void
filter_free(struct filter *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		regfree(&f->rules[i].re);
	free(f->rules);
	free(f->sample);
	f->rules = NULL;
	f->sample = NULL;
	f->n = 0;
}
