/* nextopt.h: command-line options the way perp 2.07 (lasagna) reads them.
 *
 * Like POSIX getopt(), without global state: clustered flags (-qL), an
 * option argument attached (-a5) or in the next word (-a 5). Options end
 * at the first word not starting with '-', at a lone "-" (kept as an
 * operand) or after "--" (consumed). No permutation, no long options. */
#ifndef LIB_NEXTOPT_H
#define LIB_NEXTOPT_H

struct nextopt {
	int argc;
	char *const *argv;
	const char *spec; /* option letters; a letter followed by ':' takes
	                     an argument */
	int ind;          /* next word to look at; the first operand once
	                     nextopt() has returned 0 */
	int pos;          /* position inside a cluster of flags */
	int opt;          /* the letter just seen, also for '?' and ':' */
	const char *arg;  /* its argument, or NULL */
};

/* Start reading options from argv[1]. */
void nextopt_init(struct nextopt *o, int argc, char *const argv[],
    const char *spec);

/* The next option letter; '?' for a letter not in spec (o->opt holds it;
 * "-?" itself gives '?' with o->opt == '?'); ':' when the argument of
 * o->opt is missing; 0 when the options have ended. */
int nextopt(struct nextopt *o);

#endif
