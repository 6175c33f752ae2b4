/* fuzz_stamp.c: the time-stamp parsers (archive names, RFC 3339, TAI64N)
 * and the priority prefix reader. A parse that succeeds must format back
 * to a parse of the same instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prio.h"
#include "tai.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct timespec a, b;
	char text[64];
	size_t n, prefix;
	int sev;

	if (stamp_perp_parse(s, size, &a) == 0) {
		n = stamp_perp(text, &a);
		if (stamp_perp_parse(text, n, &b) < 0 || a.tv_sec != b.tv_sec ||
		    a.tv_nsec != b.tv_nsec)
			abort();
	}
	if (stamp_rfc3339_parse(s, size, &a) == 0) {
		n = stamp_rfc3339_utc(text, &a);
		if (stamp_rfc3339_parse(text, n, &b) < 0 ||
		    a.tv_sec != b.tv_sec || a.tv_nsec / 1000 != b.tv_nsec / 1000)
			abort();
	}
	if (tai64n_text_parse(s, size, &a) == 0) {
		n = tai64n_text(text, &a);
		if (tai64n_text_parse(text, n, &b) < 0 || a.tv_sec != b.tv_sec ||
		    a.tv_nsec != b.tv_nsec)
			abort();
	}
	sev = prio_parse(s, size, &prefix);
	if (sev < -1 || sev > 7 || prefix > size || (sev < 0 && prefix != 0))
		abort();
	return 0;
}
