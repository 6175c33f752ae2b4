/* relit.h: literals a POSIX extended regular expression needs, so that a
 * filter can rule a line out with a fast search before running the
 * regular expression (filter.c).
 *
 * For each top-level alternative of the expression, the longest run of
 * plain characters that every match of that alternative contains; a line
 * holding none of them cannot match. The analysis is conservative: what
 * it does not understand (groups, brackets, back-references, escapes
 * other than of special characters) ends a run, and an alternative with
 * no run at all means no pre-filter. */
#ifndef LOGGERS_RELIT_H
#define LOGGERS_RELIT_H

#include <stddef.h>

#define RELIT_ALTS 8   /* at most so many alternatives */
#define RELIT_LEN 32   /* a literal is cut to this (still necessary) */

struct relit {
	int n;                        /* alternatives; 0: no pre-filter */
	int exact;                    /* the expression is just these */
	char lit[RELIT_ALTS][RELIT_LEN];
	size_t len[RELIT_ALTS];
	int anchored[RELIT_ALTS];     /* "^lit": only at the line's start */
	size_t rare[RELIT_ALTS];      /* index of the literal's rarest byte */
};

/* Analyse ere (which regcomp accepted) into r. */
void relit_extract(const char *ere, struct relit *r);

/* Choose again the byte each literal is searched by: the one least
 * frequent in counts (occurrences of each byte value in sample input). */
void relit_tune(struct relit *r, const unsigned long counts[256]);

/* Whether the n bytes at p could match: they contain one of r's
 * literals (always 1 when r->n is 0). With r->exact, a 1 is a match. */
int relit_scan(const struct relit *r, const char *p, size_t n);

#endif
