/* fuzzargv.h: what the option fuzzers share (fuzz_logopts.c,
 * fuzz_perpopts.c): an input cut into argv words at NUL bytes, a check
 * that nextopt() reads any argv exactly as glibc's getopt() with "+:"
 * did (the programs that used getopt must not have changed), and the
 * invariants of any parser's answer (lib/cliopt.h). */
#ifndef FUZZ_FUZZARGV_H
#define FUZZ_FUZZARGV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cliopt.h"
#include "nextopt.h"

#define FARGV_MAX 320 /* above journalog's 256 -e options */

struct fargv {
	int argc;
	char *argv[FARGV_MAX + 2]; /* argv[argc] is NULL, as for main() */
	char *buf;
};

/* argv[0] is prog, then the words of data, each ended by a NUL byte (the
 * last one may lack it): "\0" is one empty word. -1 when there are too
 * many words. */
static int
fargv_split(struct fargv *a, const char *prog, const uint8_t *data,
    size_t size)
{
	char *p, *end;

	a->buf = malloc(size + 1);
	memcpy(a->buf, data, size);
	a->buf[size] = '\0';
	a->argc = 0;
	a->argv[a->argc++] = (char *)prog;
	for (p = a->buf, end = a->buf + size; p < end; p += strlen(p) + 1) {
		if (a->argc == FARGV_MAX + 1) {
			free(a->buf);
			return -1;
		}
		a->argv[a->argc++] = p;
	}
	a->argv[a->argc] = NULL;
	return 0;
}

static void
fargv_free(struct fargv *a)
{
	free(a->buf);
}

/* nextopt() against getopt("+:" spec) on the same words. */
static void
fargv_check_getopt(const struct fargv *a, const char *spec)
{
	char gspec[64];
	struct nextopt n;
	int g, c;

	snprintf(gspec, sizeof gspec, "+:%s", spec);
	nextopt_init(&n, a->argc, a->argv, spec);
	opterr = 0;
	optind = 0; /* glibc: start over */
	for (;;) {
		g = getopt(a->argc, a->argv, gspec);
		c = nextopt(&n);
		if (g == -1) {
			if (c != 0 || n.ind != optind)
				abort();
			return;
		}
		if (g == '?' || g == ':') {
			if (c != g || n.opt != (unsigned char)optopt)
				abort();
		} else if (c != (unsigned char)g || n.arg != optarg)
			abort();
	}
}

/* What any parser answers: 0 to run and nothing else, or -1 with an
 * ending and, where one is printed, a message. */
static void
fargv_check_answer(int rc, const struct cliopt *r)
{
	size_t len = strnlen(r->msg, sizeof r->msg);

	if (len == sizeof r->msg)
		abort();
	if (rc == 0) {
		if (r->end != CLIOPT_RUN)
			abort();
		return;
	}
	if (rc != -1 || r->end == CLIOPT_RUN)
		abort();
	if ((r->end == CLIOPT_USAGE || r->end == CLIOPT_USAGE_INFO ||
	    r->end == CLIOPT_FATAL) && len == 0)
		abort();
	if (r->end == CLIOPT_FATAL && r->code != EXIT_USAGE &&
	    r->code != EXIT_TEMP)
		abort();
}

/* Whether s is one of the words of a (an operand points into argv). */
/* inline: not every fuzzer needs it, and it is no warning then. */
static inline int
fargv_has(const struct fargv *a, const char *s)
{
	int i;

	for (i = 1; i < a->argc; i++)
		if (s == a->argv[i])
			return 1;
	return 0;
}

#endif
