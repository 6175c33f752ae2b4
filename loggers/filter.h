/* filter.h: include and exclude rules (pipeline.h). */
#ifndef LOGGERS_FILTER_H
#define LOGGERS_FILTER_H

#include <regex.h>
#include <stddef.h>

#include "relit.h"

struct rule {
	int include; /* 1: -i (select), 0: -x (deselect) */
	regex_t re;
	struct relit lit; /* what a match must contain: a fast first test */
};

/* Bytes of the input, counted to choose each literal's search byte by
 * how rare it really is (relit_tune): the first 64 KiB, then 64 KiB
 * every 16 MiB, since what a service logs changes. */
struct filter_sample {
	unsigned long counts[256];
	unsigned long total; /* bytes counted in this sample */
	unsigned long skip;  /* bytes to let pass before the next sample */
};

struct filter {
	struct rule *rules;
	int n;
	size_t look; /* how many bytes of each line the rules see (-m) */
	struct filter_sample *sample; /* with the first rule */
};

/* An empty filter (keeps every line) that looks at look bytes. */
void filter_init(struct filter *f, size_t look);

/* Add a rule after the others. 0, or -1 with regcomp's explanation in
 * err (size errlen) when the expression is invalid, or errno ENOMEM. */
int filter_add(struct filter *f, int include, const char *ere, char *err,
    size_t errlen);

/* Whether the line starting at p (n bytes, its first segment) is kept:
 * the last rule that matches decides; no rule matching keeps it. */
int filter_keep(const struct filter *f, const char *p, size_t n);

/* Free the rules. */
void filter_free(struct filter *f);

#endif
