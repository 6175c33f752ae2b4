/* deadline.c: monotonic milliseconds and poll() timeouts. */
#include <limits.h>
#include <time.h>

#include "deadline.h"

int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
deadline_min(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int
deadline_timeout(int64_t deadline, int64_t now)
{
	if (deadline == DEADLINE_NEVER)
		return -1;
	if (deadline <= now)
		return 0;
	if (deadline - now > INT_MAX)
		return INT_MAX;
	return (int)(deadline - now);
}
