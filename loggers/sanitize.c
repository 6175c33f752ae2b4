/* sanitize.c: control bytes become '?', a word at a time. */
#include <stdint.h>
#include <string.h>

#include "sanitize.h"

/* Nonzero when some byte of w is below 0x20 (exact for bytes < 0x80;
 * bytes >= 0x80 never count since their top bit is set in w). */
static uint64_t
has_control(uint64_t w)
{
	return (w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL;
}

static void
fix_bytes(char *p, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c < 0x20 && c != '\t' && c != '\n')
			p[i] = '?';
	}
}

void
sanitize(char *p, size_t n)
{
	uint64_t w;
	size_t i = 0;

	/* Most words hold no control byte at all; only the ones that do
	 * (about one in twelve, for the newline) are looked at bytewise. */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		if (has_control(w))
			fix_bytes(p + i, 8);
	}
	fix_bytes(p + i, n - i);
}
