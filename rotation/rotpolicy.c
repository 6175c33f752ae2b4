/* rotpolicy.c: size limits and UTC-aligned time intervals. */
#include "rotpolicy.h"

int
rotpolicy_size(uint64_t size, uint64_t len, uint64_t max)
{
	return size > 0 && size + len >= max;
}

/* Floor division, also right for times before 1970. */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
rotpolicy_slot_end(int64_t t_us, uint64_t interval_s)
{
	int64_t len = (int64_t)interval_s * 1000000;

	return (floordiv(t_us, len) + 1) * len;
}

int
rotpolicy_crossed(int64_t first_us, int64_t now_us, uint64_t interval_s)
{
	return now_us >= rotpolicy_slot_end(first_us, interval_s);
}
