/* nextopt.c: getopt-like option reading without global state. */
#include <stddef.h>
#include <string.h>

#include "nextopt.h"

void
nextopt_init(struct nextopt *o, int argc, char *const argv[],
    const char *spec)
{
	o->argc = argc;
	o->argv = argv;
	o->spec = spec;
	o->ind = 1;
	o->pos = 0;
	o->opt = 0;
	o->arg = NULL;
}

/* At the start of a word: 1 when it holds options, 0 when they end. */
static int
word_starts_options(struct nextopt *o)
{
	const char *w;

	if (o->ind >= o->argc || o->argv[o->ind] == NULL)
		return 0;
	w = o->argv[o->ind];
	if (w[0] != '-' || w[1] == '\0')
		return 0;
	if (strcmp(w, "--") == 0) {
		o->ind++;
		return 0;
	}
	o->pos = 1;
	return 1;
}

int
nextopt(struct nextopt *o)
{
	const char *w, *s;
	int c;

	o->arg = NULL;
	if (o->pos == 0 && !word_starts_options(o))
		return o->opt = 0;
	w = o->argv[o->ind];
	c = (unsigned char)w[o->pos++];
	o->opt = c;
	if (w[o->pos] == '\0') {
		o->ind++;
		o->pos = 0;
	}
	s = (c == ':' || c == '?') ? NULL : strchr(o->spec, c);
	if (s == NULL)
		return '?';
	if (s[1] != ':')
		return c;
	if (o->pos != 0) {
		/* The rest of this word is the argument. */
		o->arg = w + o->pos;
		o->ind++;
		o->pos = 0;
	} else if (o->ind < o->argc && o->argv[o->ind] != NULL) {
		o->arg = o->argv[o->ind++];
	} else
		return ':';
	return c;
}
