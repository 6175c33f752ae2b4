/* gap.h: the loss policy's accounting (pipeline.h). With -p drop a logger
 * keeps reading while its sink is down, counts what it throws away, and
 * writes one gap record when the sink works again. */
#ifndef LOGGERS_GAP_H
#define LOGGERS_GAP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum policy {
	POLICY_BLOCK, /* stop reading; the pipe holds the service back */
	POLICY_DROP   /* keep reading, count the loss, report it */
};

struct gap {
	uint64_t lines, bytes;
	struct timespec from, to; /* first and last loss */
	int err;                  /* why: errno of the first failure */
};

/* Count lines and bytes lost now, because of err. */
void gap_add(struct gap *g, uint64_t lines, uint64_t bytes, int err);

/* Whether anything is counted. */
int gap_pending(const struct gap *g);

/* Write the gap record (no '\n') into buf, in the warning format of
 * lib/die.h so that syslog and journald sinks read its priority:
 *   warning: prog[pid]: gap: N lines (B bytes) lost from T1 to T2: why
 * with RFC 3339 UTC times. Returns its length (truncated to size - 1). */
size_t gap_format(const struct gap *g, char *buf, size_t size);

/* Forget what was counted (after the record was delivered). */
void gap_clear(struct gap *g);

#endif
