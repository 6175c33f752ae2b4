/* parse.h: strict parsing of command-line numbers.
 *
 * Every parser takes the whole NUL-terminated string: leading blanks,
 * signs, trailing garbage, empty strings and overflow are all errors.
 * Each returns 0 and stores the value, or -1 with errno EINVAL (not a
 * number of that kind) or ERANGE (above max). */
#ifndef LIB_PARSE_H
#define LIB_PARSE_H

#include <stdint.h>

/* A decimal number not above max. */
int parse_uint(const char *s, uint64_t max, uint64_t *out);

/* A byte count: decimal with an optional k, M or G suffix (powers of
 * 1024), not above max. */
int parse_size(const char *s, uint64_t max, uint64_t *out);

/* A duration in seconds: decimal with an optional s, m, h or d suffix
 * (a bare number is seconds), not above max seconds. */
int parse_duration(const char *s, uint64_t max, uint64_t *out);

#endif
