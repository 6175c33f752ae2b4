/* gap.c: counting dropped lines and writing the gap record. */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "die.h"
#include "gap.h"
#include "tai.h"

void
gap_add(struct gap *g, uint64_t lines, uint64_t bytes, int err)
{
	struct timespec now;

	if (lines == 0 && bytes == 0)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	if (!gap_pending(g)) {
		g->from = now;
		g->err = err;
	}
	g->to = now;
	g->lines += lines;
	g->bytes += bytes;
}

int
gap_pending(const struct gap *g)
{
	return g->lines > 0 || g->bytes > 0;
}

/* die_format() takes a va_list; this passes it one. */
static size_t
format(char *buf, size_t size, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = die_format(buf, (int)size, "warning", err, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n;
}

size_t
gap_format(const struct gap *g, char *buf, size_t size)
{
	char from[STAMP_UTC_LEN + 1], to[STAMP_UTC_LEN + 1];

	from[stamp_rfc3339_utc(from, &g->from)] = '\0';
	to[stamp_rfc3339_utc(to, &g->to)] = '\0';
	return format(buf, size, g->err, "gap: %llu lines (%llu bytes) lost "
	    "from %s to %s", (unsigned long long)g->lines,
	    (unsigned long long)g->bytes, from, to);
}

void
gap_clear(struct gap *g)
{
	memset(g, 0, sizeof *g);
}
