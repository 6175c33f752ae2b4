/* fuzz_filter.c: a rule's pre-filter (the literals relit.c finds, the
 * window search of filter.c) must never change a decision: for any ERE
 * and any lines, read from one window and sanitized one by one as the
 * loop does, filter_keep() agrees with regexec() alone. The first byte's
 * high bits put a fixed include rule before or after the exclude rule
 * (include rules are tried only after an exclude rule matched).
 * The window is read twice: the second time as if the filter's 64 KiB
 * sample were done, so that its quickest test (filter.h) answers too.
 * Input: the ERE, a NUL, then the lines. */
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "sanitize.h"

/* The include rule: common in fuzzed lines, a literal and more. */
#define INCLUDE "a|b[0-9]"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	char err[128], *ere, *win, *p, *nl, *end;
	struct filter f;
	regex_t re, inc;
	regmatch_t m;
	size_t n, look;
	int keep, pass;

	if (nul == NULL || nul == data || nul - data > 24)
		return 0;
	ere = strndup((const char *)data, (size_t)(nul - data));
	/* glibc's regcomp() itself can take all memory on stacked or large
	 * repetitions ("a)++++", "(a{99}){99}"): not what is tested here. */
	for (p = ere, n = 0; *p != '\0'; p++) {
		n += strchr("+*?{", *p) != NULL;
		if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9')
			n += 4;
	}
	if (n > 3) {
		free(ere);
		return 0;
	}
	n = size - (size_t)(nul - data) - 1;
	look = 1 + (size_t)data[0] % 64;
	filter_init(&f, look);
	if ((data[0] & 64) && filter_add(&f, 1, INCLUDE, err, sizeof err) < 0)
		abort();
	if (filter_add(&f, 0, ere, err, sizeof err) < 0 ||
	    regcomp(&re, ere, REG_EXTENDED | REG_NOSUB) != 0) {
		filter_free(&f);
		free(ere);
		return 0;
	}
	if ((data[0] & 128) && filter_add(&f, 1, INCLUDE, err, sizeof err) < 0)
		abort();
	if (regcomp(&inc, INCLUDE, REG_EXTENDED | REG_NOSUB) != 0)
		abort();
	win = malloc(n + 1);
	memcpy(win, nul + 1, n);
	win[n] = '\0';
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			f.state->skip = ULONG_MAX;
		filter_window(&f, win, n);
		for (p = win, end = win + n; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				nl = end;
			sanitize(p, (size_t)(nl - p));
			m.rm_so = 0;
			m.rm_eo = (regoff_t)((size_t)(nl - p) < look ?
			    (size_t)(nl - p) : look);
			/* the exclude rule drops what it matches, unless
			 * the include rule after it matches too */
			keep = regexec(&re, p, 1, &m, REG_STARTEND) != 0;
			if (!keep && (data[0] & 128))
				keep = regexec(&inc, p, 1, &m,
				    REG_STARTEND) == 0;
			if (filter_keep(&f, p, (size_t)(nl - p)) != keep)
				abort();
		}
	}
	regfree(&re);
	regfree(&inc);
	filter_free(&f);
	free(win);
	free(ere);
	return 0;
}
