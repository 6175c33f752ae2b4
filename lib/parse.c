/* parse.c: strict parsing of numbers, sizes and durations. */
#include <errno.h>
#include <stddef.h>

#include "parse.h"

/* Parse leading digits of s; store the value and the end. -1 on no digit
 * (EINVAL) or on overflow of uint64_t (ERANGE). */
static int
digits(const char *s, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9') {
		errno = EINVAL;
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	*end = p;
	return 0;
}

/* Multiply v by unit and check the result against max. */
static int
scaled(uint64_t v, uint64_t unit, uint64_t max, uint64_t *out)
{
	if (unit != 0 && v > UINT64_MAX / unit) {
		errno = ERANGE;
		return -1;
	}
	v *= unit;
	if (v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v;
	const char *end;

	if (digits(s, &v, &end) < 0)
		return -1;
	if (*end != '\0') {
		errno = EINVAL;
		return -1;
	}
	return scaled(v, 1, max, out);
}

int
parse_size(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v, unit = 1;
	const char *end;

	if (digits(s, &v, &end) < 0)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		unit = 1024;
		break;
	case 'M':
		unit = 1024 * 1024;
		break;
	case 'G':
		unit = 1024 * 1024 * 1024;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (*end != '\0' && end[1] != '\0') {
		errno = EINVAL;
		return -1;
	}
	return scaled(v, unit, max, out);
}

int
parse_duration(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v, unit = 1;
	const char *end;

	if (digits(s, &v, &end) < 0)
		return -1;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (*end != '\0' && end[1] != '\0') {
		errno = EINVAL;
		return -1;
	}
	return scaled(v, unit, max, out);
}
