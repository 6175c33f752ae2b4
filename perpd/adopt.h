/* adopt.h: what adopt.c reads from the previous perpd's pid table, and
 * adoptsv.c applies to a service. Internal to those two files. */
#ifndef PERPD_ADOPT_H
#define PERPD_ADOPT_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "perpd.h"
#include "pidrec.h"

enum { AP_NONE, AP_ALIVE, AP_DEAD };

struct aproc {
	int state;
	pid_t pid;
	int reset, pidfd, wstatus;
	int unwatched;        /* alive, but no pidfd: stopped, not adopted */
	uint64_t ticks;
	struct timespec when;
	char pstate;
};

struct adoptee {
	struct svkey key;
	uint64_t pipe_ino;
	struct aproc proc[2]; /* main, log */
	struct pidrec_state state;
	int has_state, taken;
};

/* Take over the processes of a record whose directory is gone, and
 * deactivate them (adoptsv.c). */
void adopt_orphan(struct adoptee *a, int64_t now);

#endif
