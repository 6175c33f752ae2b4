/* policy.c: the pure arithmetic of supervision: when a service may start
 * again after it ended, how the back-off grows, how seconds are rounded,
 * how a service name is shown in a log line. No system calls. */
#include <stddef.h>

#include "perpd.h"

/* The back-off after a start that ran ran_ms: a quick death doubles it
 * (the first one sets BACKOFF_MIN_MS), up to BACKOFF_MAX_MS; a run of at
 * least STABLE_MS clears it. */
uint32_t
policy_backoff(uint32_t prev, int64_t ran_ms)
{
	if (ran_ms >= STABLE_MS)
		return 0;
	if (prev < BACKOFF_MIN_MS)
		return BACKOFF_MIN_MS;
	if (prev >= BACKOFF_MAX_MS / 2)
		return BACKOFF_MAX_MS;
	return prev * 2;
}

/* The earliest time a start may be forked: the respawn governor keeps
 * starts GOVERNOR_MS apart, and the back-off keeps a crashed service down
 * that long after it died. start_ms < 0 means it never started. */
int64_t
policy_start_at(int64_t start_ms, int64_t died_ms, uint32_t backoff,
    int64_t now)
{
	int64_t at = now;

	if (start_ms >= 0 && start_ms + GOVERNOR_MS > at)
		at = start_ms + GOVERNOR_MS;
	if (backoff > 0 && died_ms >= 0 && died_ms + backoff > at)
		at = died_ms + backoff;
	return at;
}

/* Milliseconds to whole seconds, rounded to nearest, exactly half down
 * (2.07's PERP_SVSECS rounding). Negative counts as 0. */
uint32_t
policy_secs(int64_t ms)
{
	if (ms <= 0)
		return 0;
	if (ms / 1000 >= UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)((ms + 499) / 1000);
}

/* Copy name to out (strlen(name) + 1 bytes) with bytes below 0x20 and
 * 0x7f replaced by '?', so that a directory named with a newline cannot
 * forge a log line. Returns 1 if anything was replaced, else 0. */
int
policy_label(const char *name, char *out)
{
	int changed = 0;
	unsigned char c;

	for (; *name; name++, out++) {
		c = (unsigned char)*name;
		if (c < 0x20 || c == 0x7f) {
			*out = '?';
			changed = 1;
		} else
			*out = (char)c;
	}
	*out = '\0';
	return changed;
}
