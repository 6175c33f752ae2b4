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

#define RELIT_ALTS 8     /* at most so many alternatives */
#define RELIT_LEN 32     /* a literal is cut to this (still necessary) */
#define RELIT_PAIRS 4096 /* buckets of sampled byte pairs (relit_tune) */

struct relit {
	int n;                         /* alternatives; 0: no pre-filter */
	int exact;                     /* the expression is just these */
	char lit[RELIT_ALTS][RELIT_LEN + 1]; /* NUL-terminated */
	size_t len[RELIT_ALTS];
	int anchored[RELIT_ALTS];      /* "^lit": only at the line's start */
	int ahead[RELIT_ALTS];         /* no '?' and no control byte, so
	                                * sanitizing cannot make or unmake
	                                * it: it may be looked for in input
	                                * not sanitized yet */
	size_t at[RELIT_ALTS];         /* its rarest pair of bytes starts
	                                * here (or its byte, if alone) */
	size_t byte[RELIT_ALTS];       /* its rarest byte */
	int by_byte[RELIT_ALTS];       /* that byte is rare enough to look
	                                * for it alone (memchr) */
};

/* A sample of the input, to search each literal the fastest way. */
struct relit_sample {
	unsigned pairs[RELIT_PAIRS];   /* byte pairs, by relit_pair() */
	unsigned bytes[256];
	unsigned long total;           /* bytes counted */
};

/* Analyse ere (which regcomp accepted) into r. */
void relit_extract(const char *ere, struct relit *r);

/* Count the n bytes at p into the sample. */
void relit_count(struct relit_sample *s, const char *p, size_t n);

/* The bucket of the byte pair a, b in a sample. */
unsigned relit_pair(unsigned char a, unsigned char b);

/* Choose again how each literal is searched for, by a sample of the
 * input: from its rarest byte if that is rare, else from its rarest pair
 * of bytes. */
void relit_tune(struct relit *r, const struct relit_sample *s);

/* Whether alternative i's literal occurs in the n bytes at p. */
int relit_in(const struct relit *r, int i, const char *p, size_t n);

/* The first occurrence of alternative i's literal that lies in [p, end),
 * or NULL. */
const char *relit_find(const struct relit *r, int i, const char *p,
    const char *end);

#endif
