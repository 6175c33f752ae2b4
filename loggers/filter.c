/* filter.c: s6-log-style selection of lines by POSIX extended regular
 * expressions. Rules apply in command-line order and the last one that
 * matches decides, so they are tried from the last: the first match found
 * is the answer.
 *
 * regexec() costs microseconds a line, so a rule first looks for the
 * literals any match needs (relit.h), and a rule that is nothing but
 * literals needs no regexec() at all. Even a search per line costs more
 * than the rest of the pipeline, so a literal is searched for in the whole
 * input window at once, from its rarest byte pair, and the next
 * occurrence found serves every line before it: most lines are kept (or
 * not) after one comparison.
 *
 * A line that no exclude rule (-x) matches is kept whatever the include
 * rules (-i) say, so only the literals of exclude rules are searched for
 * ahead, and include rules are tried only after an exclude rule matched,
 * and only those after it. */
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
	f->state = NULL;
}

/* Note the first two bytes of an anchored literal (any second byte, if it
 * is one byte long) for filter_keep()'s first test. */
static void
mark_start(struct filter_state *st, const char *lit, size_t len)
{
	unsigned b0 = (unsigned char)lit[0], b1, i;

	for (b1 = 0; b1 < 256; b1++)
		if (len < 2 || b1 == (unsigned char)lit[1]) {
			i = b0 << 8 | b1;
			st->start[i >> 3] |= (unsigned char)(1u << (i & 7));
		}
}

/* Add an exclude rule's literals to the quick test's list, if every match
 * of the rule contains one that can be searched ahead or is anchored;
 * else the quick test is off. 0, or -1 with errno ENOMEM. */
static int
add_quick(struct filter_state *st, int rule, const struct relit *l)
{
	struct quicklit *q;
	int i;

	for (i = 0; i < l->n; i++)
		if (!l->anchored[i] && !l->ahead[i])
			st->quick = 0;
	if (l->n == 0)
		st->quick = 0;
	if (!st->quick)
		return 0;
	q = realloc(st->lits, (size_t)(st->nlits + l->n) * sizeof *q);
	if (q == NULL)
		return -1;
	st->lits = q;
	for (i = 0; i < l->n; i++) {
		q = &st->lits[st->nlits++];
		q->rule = rule;
		q->alt = i;
		q->anchored = l->anchored[i];
		if (q->anchored)
			mark_start(st, l->lit[i], l->len[i]);
		q->len = l->len[i];
		memcpy(q->lit, l->lit[i], sizeof q->lit);
	}
	return 0;
}

int
filter_add(struct filter *f, int include, const char *ere, char *err,
    size_t errlen)
{
	struct rule *r;
	int rc;

	if (f->state == NULL) {
		if ((f->state = calloc(1, sizeof *f->state)) == NULL)
			return -1;
		f->state->quick = 1;
	}
	r = realloc(f->rules, (size_t)(f->n + 1) * sizeof *r);
	if (r == NULL)
		return -1;
	f->rules = r;
	r = &f->rules[f->n];
	memset(r, 0, sizeof *r);
	rc = regcomp(&r->re, ere, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &r->re, err, errlen);
		errno = EINVAL;
		return -1;
	}
	r->include = include;
	relit_extract(ere, &r->lit);
	if (!include && add_quick(f->state, f->n, &r->lit) < 0) {
		regfree(&r->re);
		return -1;
	}
	f->n++;
	return 0;
}

void
filter_window(const struct filter *f, const char *buf, size_t len)
{
	struct filter_state *st = f->state;

	if (st == NULL)
		return;
	st->wbuf = buf;
	st->wend = buf + len;
	st->gen++;
}

/* Count the bytes of a sample of lines, then tune the rules to them.
 * The filter is const to its users, its state is not: what it learns
 * changes how fast the answer comes, never what it is. */
static void
sample(const struct filter *f, const char *p, size_t n)
{
	struct filter_state *s = f->state;
	int r;

	relit_count(&s->sample, p, n);
	if (s->sample.total < SAMPLE_BYTES)
		return;
	for (r = 0; r < f->n; r++)
		relit_tune(&f->rules[r].lit, &s->sample);
	memset(&s->sample, 0, sizeof s->sample);
	s->skip = SAMPLE_EVERY;
	s->gen++; /* how literals are searched for changed */
}

/* Make alternative i's cursor the first occurrence at or after p. */
static void
refresh(const struct filter_state *st, struct rule *r, int i,
    const char *p)
{
	struct ahead *a = &r->ahead[i];

	if (a->gen != st->gen || p < a->from || (a->hit != NULL && a->hit < p)) {
		a->hit = relit_find(&r->lit, i, p, st->wend);
		a->from = p;
		a->gen = st->gen;
	}
}

static int
in_window(const struct filter_state *st, const char *p, size_t m)
{
	return p >= st->wbuf && p + m <= st->wend;
}

/* Whether alternative i's literal is in the m bytes at p. */
static int
has_literal(const struct filter *f, struct rule *r, int i, const char *p,
    size_t m)
{
	const struct filter_state *st = f->state;

	if (r->lit.anchored[i] || !r->lit.ahead[i] || !in_window(st, p, m))
		return relit_in(&r->lit, i, p, m);
	refresh(st, r, i, p);
	return r->ahead[i].hit != NULL &&
	    r->ahead[i].hit + r->lit.len[i] <= p + m;
}

/* The quick way (st->quick): whether no exclude rule can match the line
 * because none of their literals occurs in it: it starts before the next
 * occurrence of any of them, and no anchored one begins it. */
static int
none_can_match(const struct filter *f, const char *p, size_t m)
{
	struct filter_state *st = f->state;
	const struct quicklit *q, *end = st->lits + st->nlits;
	struct rule *r;

	if (!in_window(st, p, m))
		return 0;
	if (st->next_gen != st->gen || p < st->next_from || p >= st->next) {
		st->next = st->wend;
		for (q = st->lits; q < end; q++) {
			if (q->anchored)
				continue;
			r = &f->rules[q->rule];
			refresh(st, r, q->alt, p);
			if (r->ahead[q->alt].hit != NULL &&
			    r->ahead[q->alt].hit < st->next)
				st->next = r->ahead[q->alt].hit;
		}
		st->next_from = p;
		st->next_gen = st->gen;
	}
	if (p + m > st->next)
		return 0;
	/* Few lines begin with an anchored literal's first byte: test it
	 * before calling memcmp(). */
	for (q = st->lits; q < end; q++)
		if (q->anchored && m >= q->len && p[0] == q->lit[0] &&
		    memcmp(p, q->lit, q->len) == 0)
			return 0;
	return 1;
}

static int
matches(const struct filter *f, struct rule *r, const char *p, size_t n)
{
	regmatch_t m;
	int i;

	if (r->lit.n > 0) {
		for (i = 0; i < r->lit.n; i++)
			if (has_literal(f, r, i, p, n))
				break;
		if (i == r->lit.n)
			return 0;
		if (r->lit.exact)
			return 1;
	}
	/* REG_STARTEND: no NUL terminator needed, NUL bytes allowed. */
	m.rm_so = 0;
	m.rm_eo = (regoff_t)n;
	return regexec(&r->re, p, 1, &m, REG_STARTEND) == 0;
}

/* filter_keep() for a line its first test did not answer (filter.h);
 * n is already cut to f->look, and f has rules. */
int
filter_keep_slow(const struct filter *f, const char *p, size_t n)
{
	struct filter_state *st = f->state;
	int i;

	if (st->skip > n)
		st->skip -= n;
	else
		sample(f, p, n);
	if (st->quick && none_can_match(f, p, n))
		return 1;
	/* The last exclude rule that matches, then any include rule after
	 * it: the same answer as the last rule that matches. */
	for (i = f->n - 1; i >= 0; i--)
		if (!f->rules[i].include && matches(f, &f->rules[i], p, n))
			break;
	if (i < 0)
		return 1;
	for (i++; i < f->n; i++)
		if (f->rules[i].include && matches(f, &f->rules[i], p, n))
			return 1;
	return 0;
}

void
filter_free(struct filter *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		regfree(&f->rules[i].re);
	free(f->rules);
	if (f->state != NULL)
		free(f->state->lits);
	free(f->state);
	f->rules = NULL;
	f->state = NULL;
	f->n = 0;
}
