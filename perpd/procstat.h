/* procstat.h: what perpd reads in /proc/PID/stat to tell one process
 * from another that later got the same pid (its start time in clock
 * ticks since boot), whether it is a session leader, and, while it is a
 * zombie, how it ended. */
#ifndef PERPD_PROCSTAT_H
#define PERPD_PROCSTAT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct procstat {
	pid_t pid;
	char state;          /* R S D Z T t X ... */
	pid_t ppid, pgrp, session;
	uint64_t starttime;  /* field 22: clock ticks after boot */
	int exit_code;       /* field 52: wait status, for a zombie; -1 */
};

/* Parse the n bytes of a /proc/PID/stat line. 0, or -1 with EINVAL. The
 * command name may hold spaces and parentheses: fields are counted from
 * the last ')'. */
int procstat_parse(const char *buf, size_t n, struct procstat *ps);

/* Read and parse /proc/PID/stat (pid 0: /proc/self/stat). 0, or -1 with
 * errno (ENOENT: no such process). */
int procstat_read(pid_t pid, struct procstat *ps);

#endif
