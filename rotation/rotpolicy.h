/* rotpolicy.h: when current must be rotated. Pure functions of sizes and
 * times, so that tests drive them with any clock.
 *
 * Size (-s): perp 2.07's rule, a line goes into a new file when it would
 * bring current to the limit; so files stay below it, except that a line
 * is never split: one longer than the limit fills a file alone.
 * Time (-T): a file whose first line came in one interval is rotated once
 * the clock is in a later one. Intervals are aligned in UTC on the epoch:
 * 1h on the hour, 1d at midnight UTC, 15m at :00 :15 :30 :45. */
#ifndef ROTATION_ROTPOLICY_H
#define ROTATION_ROTPOLICY_H

#include <stdint.h>

/* Whether a line of len bytes (stamp and newline included) must start a
 * new file, current holding size bytes with a limit of max. Never for an
 * empty current. */
int rotpolicy_size(uint64_t size, uint64_t len, uint64_t max);

/* The first interval boundary after t_us (UTC microseconds), for an
 * interval of interval_s seconds (> 0). */
int64_t rotpolicy_slot_end(int64_t t_us, uint64_t interval_s);

/* Whether a file whose first line came at first_us must be rotated at
 * now_us: they lie in different intervals, now being the later. */
int rotpolicy_crossed(int64_t first_us, int64_t now_us,
    uint64_t interval_s);

#endif
