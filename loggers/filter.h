/* filter.h: include and exclude rules (pipeline.h). */
#ifndef LOGGERS_FILTER_H
#define LOGGERS_FILTER_H

#include <regex.h>
#include <stddef.h>

struct rule {
	int include; /* 1: -i (select), 0: -x (deselect) */
	regex_t re;
};

struct filter {
	struct rule *rules;
	int n;
	size_t look; /* how many bytes of each line the rules see (-m) */
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
