/* retain.c: choosing the archives that retention removes. */
#include "retain.h"

size_t
retain_excess(const struct retain_item *a, size_t n,
    const struct retention *r, int64_t now_us)
{
	size_t del = 0, i;
	uint64_t total = 0;

	if (n > r->count)
		del = n - (size_t)r->count;
	if (r->has_age)
		while (del < n && now_us - a[del].us > r->age_us)
			del++;
	if (r->has_bytes) {
		for (i = del; i < n; i++)
			total += a[i].size;
		while (del < n && total > r->bytes)
			total -= a[del++].size;
	}
	return del;
}
