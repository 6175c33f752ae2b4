/* filter.h: include and exclude rules (pipeline.h). */
#ifndef LOGGERS_FILTER_H
#define LOGGERS_FILTER_H

#include <regex.h>
#include <stddef.h>

#include "relit.h"

/* Where the next occurrence of a literal is in the window (filter.c). */
struct ahead {
	const char *from; /* searched from here */
	const char *hit;  /* the first occurrence after from, or NULL */
	unsigned gen;     /* the window it was found in */
};

struct rule {
	int include; /* 1: -i (select), 0: -x (deselect) */
	regex_t re;
	struct relit lit; /* what a match must contain: a fast first test */
	struct ahead ahead[RELIT_ALTS];
};

/* What the filter learns as it runs: bytes of the input, counted to
 * search each literal the fastest way (relit_tune), the first 64 KiB and
 * then 64 KiB every 16 MiB, since what a service logs changes; and the
 * window the lines come from (filter_window). */
struct filter_state {
	struct relit_sample sample;
	unsigned long skip;  /* bytes to let pass before the next sample */
	const char *wbuf, *wend;
	unsigned gen;        /* changes with the window */
	int quick;           /* every exclude rule's literals are searched
	                      * ahead or anchored: lines before the next
	                      * occurrence of any are kept at once */
	const char *next;    /* that occurrence (wend: none) */
	const char *next_from; /* searched from here */
	unsigned next_gen;
	struct quicklit *lits; /* every exclude rule's literals, packed */
	int nlits;
	unsigned char start[8192]; /* bit b0 * 256 + b1: some anchored
	                            * literal may begin a line b0 b1 */
};

/* A literal of an exclude rule, for the quick test (filter.c). */
struct quicklit {
	int rule, alt;
	int anchored;
	size_t len;
	char lit[RELIT_LEN + 1];
};

struct filter {
	struct rule *rules;
	int n;
	size_t look; /* how many bytes of each line the rules see (-m) */
	struct filter_state *state; /* with the first rule */
};

/* An empty filter (keeps every line) that looks at look bytes. */
void filter_init(struct filter *f, size_t look);

/* Add a rule after the others. 0, or -1 with regcomp's explanation in
 * err (size errlen) when the expression is invalid, or errno ENOMEM. */
int filter_add(struct filter *f, int include, const char *ere, char *err,
    size_t errlen);

/* The lines given to filter_keep() from now on come from buf[0..len),
 * which is followed by a NUL byte (buf[len] == 0) and does not change
 * until the next call, except that lines are sanitized in place: the
 * rules may search ahead in it, once for many lines. Optional: lines from
 * elsewhere are looked at one by one. */
void filter_window(const struct filter *f, const char *buf, size_t len);

/* The rest of filter_keep(), below: a line its first test did not
 * answer (n already cut to f->look). */
int filter_keep_slow(const struct filter *f, const char *p, size_t n);

/* Whether the line starting at p (n bytes, its first segment) is kept:
 * the last rule that matches decides; no rule matching keeps it.
 *
 * Inline because it runs for every line and most lines are answered by
 * its first test, the quick test's last answer (filter.c): the line lies
 * before the next occurrence found of any exclude rule's literal, and its
 * first two bytes begin no anchored one. The rest is filter_keep_slow(). */
static inline int
filter_keep(const struct filter *f, const char *p, size_t n)
{
	struct filter_state *st = f->state;
	unsigned i;

	if (st == NULL)
		return 1;
	if (n > f->look)
		n = f->look;
	if (st->quick && st->skip > n && st->next_gen == st->gen &&
	    p >= st->next_from && p + n <= st->next && n >= 2) {
		i = (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
		if ((st->start[i >> 3] & 1u << (i & 7)) == 0) {
			st->skip -= n;
			return 1;
		}
	}
	return filter_keep_slow(f, p, n);
}

/* Free the rules. */
void filter_free(struct filter *f);

#endif
