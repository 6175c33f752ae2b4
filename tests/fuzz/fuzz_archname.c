/* fuzz_archname.c: archive names. Whatever a directory holds, a name
 * parses only when it is exactly what archname_format() writes for it,
 * and names keep their order: the next name after one sorts after it,
 * and only the last nameable microsecond has none. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "archname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct archname a, b;
	char *name, out[ARCHNAME_MAX];

	if (size > 64)
		return 0;
	name = strndup((const char *)data, size);
	if (archname_parse(name, &a) == 0) {
		archname_format(out, &a);
		if (strcmp(out, name) != 0)
			abort();
		b = a;
		if (archname_next(a.us, a.us, &b.us) < 0) {
			if (a.us != ARCHNAME_US_MAX || errno != EOVERFLOW)
				abort();
			free(name);
			return 0;
		}
		archname_format(out, &b);
		if (strcmp(out, name) <= 0 || archname_cmp(&a, &b) >= 0)
			abort();
	}
	free(name);
	return 0;
}
