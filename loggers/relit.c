/* relit.c: the literals an ERE requires, and a fast search for them. */
#include <stddef.h>
#include <string.h>

#include "relit.h"

/* A branch being read: the current run of literal bytes and the best. */
struct branch {
	char run[RELIT_LEN], best[RELIT_LEN];
	size_t runlen, bestlen;
	int pure;     /* nothing but literal bytes (and a leading '^') */
	int anchored;
	int unknown;  /* something this analysis does not follow */
	int over;     /* the current run went past RELIT_LEN */
	int long_run; /* some run went past RELIT_LEN */
};

static void
end_run(struct branch *b)
{
	if (b->runlen > b->bestlen) {
		memcpy(b->best, b->run, b->runlen);
		b->bestlen = b->runlen;
	}
	b->runlen = 0;
	b->over = 0;
}

static void
add_byte(struct branch *b, char c)
{
	if (b->runlen == RELIT_LEN) {
		b->over = b->long_run = 1; /* keep the first RELIT_LEN bytes */
		return;
	}
	b->run[b->runlen++] = c;
}

/* Skip a bracket expression starting at s ('['); returns past its ']'. */
static const char *
skip_bracket(const char *s)
{
	s++;
	if (*s == '^')
		s++;
	if (*s == ']')
		s++;
	while (*s != '\0' && *s != ']') {
		if (s[0] == '[' && (s[1] == ':' || s[1] == '=' || s[1] == '.')) {
			char close = s[1];

			for (s += 2; *s != '\0' && !(s[0] == close && s[1] == ']');
			    s++)
				;
			if (*s != '\0')
				s++;
		}
		if (*s != '\0')
			s++;
	}
	return *s == ']' ? s + 1 : s;
}

/* Skip a group starting at s ('('); returns past its ')'. */
static const char *
skip_group(const char *s)
{
	int depth = 0;

	while (*s != '\0') {
		if (*s == '\\' && s[1] != '\0')
			s += 2;
		else if (*s == '[')
			s = skip_bracket(s);
		else {
			if (*s == '(')
				depth++;
			else if (*s == ')' && --depth == 0)
				return s + 1;
			s++;
		}
	}
	return s;
}

/* A quantifier after the run's last byte: it may repeat or vanish. */
static void
quantify(struct branch *b, char q)
{
	b->pure = 0;
	if (q == '+') {
		end_run(b); /* the byte is there once at least */
		return;
	}
	if (b->runlen > 0 && !b->over)
		b->runlen--;
	end_run(b);
}

/* A bound ("{n}", "{n,}", "{n,m}", and GNU's "{,m}") at s: returns past
 * it, or NULL when s does not start one. */
static const char *
bound(const char *s)
{
	const char *p = s + 1;

	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == ',')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	return *p == '}' ? p + 1 : NULL;
}

/* Read one top-level branch from s; returns where it ends ('|' or NUL). */
static const char *
read_branch(const char *s, struct branch *b)
{
	static const char special[] = ".[]()*+?{}|^$\\";

	memset(b, 0, sizeof *b);
	b->pure = 1;
	if (*s == '^') {
		b->anchored = 1;
		s++;
	}
	while (*s != '\0' && *s != '|') {
		if (*s == '\\' && s[1] != '\0' && strchr(special, s[1])) {
			add_byte(b, s[1]);
			s += 2;
		} else if (*s == '*' || *s == '+' || *s == '?') {
			quantify(b, *s++);
		} else if (*s == '{') {
			quantify(b, '{');
			if ((s = bound(s)) == NULL) {
				b->unknown = 1; /* how regcomp read it is unclear */
				return "";
			}
		} else if (*s == '[' || *s == '(' || *s == '.' || *s == '\\' ||
		    *s == '^' || *s == '$') {
			b->pure = 0;
			end_run(b);
			s = *s == '[' ? skip_bracket(s) : *s == '(' ?
			    skip_group(s) : *s == '\\' && s[1] != '\0' ? s + 2 :
			    s + 1;
		} else
			add_byte(b, *s++);
	}
	end_run(b);
	return s;
}

/* How common a byte is in log text: lower is rarer. */
static int
commonness(unsigned char c)
{
	/* Letters by their frequency in English text, then the rest. */
	static const char order[] = " etaoinsrhldcumfpgwybvkxjqz";
	const char *p;

	if (c >= '0' && c <= '9')
		return 24; /* numbers are everywhere in logs */
	if (c == '=' || c == ':' || c == '.' || c == '/' || c == '-' ||
	    c == '_' || c == ',' || c == '[' || c == ']')
		return 22;
	if (c >= 'A' && c <= 'Z')
		return (30 - (int)(strchr(order, c - 'A' + 'a') - order)) / 2;
	p = c != '\0' ? strchr(order, c) : NULL;
	if (p != NULL)
		return 30 - (int)(p - order);
	return 2;
}

static size_t
rarest(const char *lit, size_t len)
{
	size_t i, best = 0;

	for (i = 1; i < len; i++)
		if (commonness((unsigned char)lit[i]) <
		    commonness((unsigned char)lit[best]))
			best = i;
	return best;
}

void
relit_tune(struct relit *r, const unsigned long counts[256])
{
	size_t i, best;
	int a;

	for (a = 0; a < r->n; a++) {
		best = 0;
		for (i = 1; i < r->len[a]; i++)
			if (counts[(unsigned char)r->lit[a][i]] <
			    counts[(unsigned char)r->lit[a][best]])
				best = i;
		r->rare[a] = best;
	}
}

void
relit_extract(const char *ere, struct relit *r)
{
	struct branch b;
	const char *s = ere;
	int exact = 1;

	memset(r, 0, sizeof *r);
	for (;;) {
		s = read_branch(s, &b);
		if (b.bestlen == 0 || b.unknown || r->n == RELIT_ALTS) {
			r->n = 0; /* an alternative with nothing required */
			return;
		}
		memcpy(r->lit[r->n], b.best, b.bestlen);
		r->len[r->n] = b.bestlen;
		r->anchored[r->n] = b.anchored && b.pure;
		r->rare[r->n] = rarest(b.best, b.bestlen);
		exact = exact && b.pure && !b.long_run;
		r->n++;
		if (*s != '|')
			break;
		s++;
	}
	r->exact = exact;
}

/* Whether lit (len bytes, its rarest at index k) occurs in p[0..n). */
static int
contains(const char *p, size_t n, const char *lit, size_t len, size_t k)
{
	const char *q, *end;
	ptrdiff_t o;

	if (n < len)
		return 0;
	q = p + k;
	end = p + n - (len - 1 - k); /* the rare byte's last possible place */
	/* The byte next to the rare one is compared first, inline. */
	o = k + 1 < len ? 1 : k > 0 ? -1 : 0;
	while (q < end && (q = memchr(q, lit[k], (size_t)(end - q))) != NULL) {
		if (q[o] == lit[k + o] && memcmp(q - k, lit, len) == 0)
			return 1;
		q++;
	}
	return 0;
}

int
relit_scan(const struct relit *r, const char *p, size_t n)
{
	int i;

	if (r->n == 0)
		return 1;
	for (i = 0; i < r->n; i++) {
		if (r->anchored[i] ? n >= r->len[i] &&
		    memcmp(p, r->lit[i], r->len[i]) == 0 :
		    contains(p, n, r->lit[i], r->len[i], r->rare[i]))
			return 1;
	}
	return 0;
}
