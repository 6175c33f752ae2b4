/* warnlimit.c: at most one warning per interval. */
#include "deadline.h"
#include "warnlimit.h"

int
warnlimit_ok(struct warnlimit *w, int64_t interval_ms, unsigned *held)
{
	int64_t now = now_ms();

	if (w->next != 0 && now < w->next) {
		w->suppressed++;
		return 0;
	}
	*held = w->suppressed;
	w->suppressed = 0;
	w->next = now + interval_ms;
	return 1;
}

void
warnlimit_reset(struct warnlimit *w)
{
	w->next = 0;
	w->suppressed = 0;
}
