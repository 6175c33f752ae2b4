/* relit.c: the literals an ERE requires, and a fast search for them. */
#include <stddef.h>
#include <string.h>

#include "pairfind.h"
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

	const char *q;
	int quant = 0; /* the last token was a repetition */

	memset(b, 0, sizeof *b);
	b->pure = 1;
	if (*s == '^') {
		b->anchored = 1;
		s++;
	}
	while (*s != '\0' && *s != '|') {
		q = *s == '{' ? bound(s) : strchr("*+?", *s) ? s + 1 : NULL;
		if (q != NULL || *s == '{') {
			/* A repetition of a repetition ("a+?" is "(a+)?")
			 * may drop what the first one kept; and a "{" that
			 * is no bound was read some way this does not know. */
			if (quant || q == NULL) {
				b->unknown = 1;
				return "";
			}
			quantify(b, *s);
			s = q;
			quant = 1;
			continue;
		}
		quant = 0;
		if (*s == '\\' && s[1] != '\0' && strchr(special, s[1])) {
			add_byte(b, s[1]);
			s += 2;
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

/* Static guesses before any input was sampled: how common a byte is in
 * log text (lower is rarer). */
static int
commonness(unsigned char c)
{
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

/* Where a literal is searched from: the pair of bytes (and the byte)
 * that is rarest, by the sample s when there is one, else by guess. */
static void
pick(struct relit *r, int a, const struct relit_sample *s)
{
	const unsigned char *lit = (const unsigned char *)r->lit[a];
	size_t i, len = r->len[a];
	unsigned score, min = ~0u, bmin = ~0u;

	r->at[a] = r->byte[a] = 0;
	for (i = 0; i < len; i++) {
		score = s != NULL ? s->bytes[lit[i]] :
		    (unsigned)commonness(lit[i]);
		if (score < bmin) {
			bmin = score;
			r->byte[a] = i;
		}
		if (i + 1 == len)
			break;
		score = s != NULL ? s->pairs[relit_pair(lit[i], lit[i + 1])] :
		    (unsigned)(commonness(lit[i]) + commonness(lit[i + 1]));
		if (score < min) {
			min = score;
			r->at[a] = i;
		}
	}
	/* memchr() scans faster than pair_find(), but each hit costs as much
	 * as scanning a few hundred bytes: it wins for a byte rarer than
	 * about one in a thousand. */
	r->by_byte[a] = s != NULL && (unsigned long)bmin * 1000 < s->total;
}

void
relit_count(struct relit_sample *s, const char *p, size_t n)
{
	const unsigned char *q = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n; i++) {
		s->bytes[q[i]]++;
		if (i + 1 < n)
			s->pairs[relit_pair(q[i], q[i + 1])]++;
	}
	s->total += n;
}

unsigned
relit_pair(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 31u + b) % RELIT_PAIRS;
}

void
relit_tune(struct relit *r, const struct relit_sample *s)
{
	int a;

	for (a = 0; a < r->n; a++)
		pick(r, a, s);
}

/* Whether sanitizing (bytes below 0x20 but TAB to '?') leaves every
 * occurrence of lit as it is and makes none. */
static int
sanitize_proof(const char *lit, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (lit[i] == '?' || ((unsigned char)lit[i] < 0x20 &&
		    lit[i] != '\t'))
			return 0;
	return 1;
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
		r->ahead[r->n] = sanitize_proof(b.best, b.bestlen);
		pick(r, r->n, NULL);
		exact = exact && b.pure && !b.long_run;
		r->n++;
		if (*s != '|')
			break;
		s++;
	}
	r->exact = exact;
}

/* The first occurrence of lit (len bytes, its rare byte at k) that
 * starts in [p, end - len]: memchr() for that byte, the one after it (or
 * before) compared inline, then the rest. */
static const char *
find_by_byte(const char *p, const char *end, const char *lit, size_t len,
    size_t k)
{
	const char *q, *last;
	ptrdiff_t o = k + 1 < len ? 1 : k > 0 ? -1 : 0;

	if (end - p < (ptrdiff_t)len)
		return NULL;
	q = p + k;
	last = end - (len - 1 - k); /* the rare byte's last possible place */
	while (q < last && (q = memchr(q, lit[k], (size_t)(last - q))) != NULL) {
		if (q[o] == lit[k + o] && memcmp(q - k, lit, len) == 0)
			return q - k;
		q++;
	}
	return NULL;
}

int
relit_in(const struct relit *r, int i, const char *p, size_t n)
{
	if (n < r->len[i])
		return 0;
	if (r->anchored[i])
		return memcmp(p, r->lit[i], r->len[i]) == 0;
	return find_by_byte(p, p + n, r->lit[i], r->len[i], r->byte[i]) !=
	    NULL;
}

const char *
relit_find(const struct relit *r, int i, const char *p, const char *end)
{
	const char *lit = r->lit[i], *h, *last;
	size_t len = r->len[i], k = r->at[i];

	if (r->by_byte[i] || len < 2)
		return find_by_byte(p, end, lit, len, r->byte[i]);
	if (end - p < (ptrdiff_t)len)
		return NULL;
	/* The rare pair is looked for from p + k; the literal ends by end
	 * when the pair is at end - (len - k) or before. */
	last = end - (len - k) + 2;
	for (h = p + k; (h = pair_find(h, last, (unsigned char)lit[k],
	    (unsigned char)lit[k + 1])) != NULL; h++)
		if (memcmp(h - k, lit, len) == 0)
			return h - k;
	return NULL;
}
