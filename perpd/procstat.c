/* procstat.c: parsing /proc/PID/stat. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fdio.h"
#include "procstat.h"

/* Fields after the ')' closing the command name, counted from 0: */
#define F_STATE 0     /* field 3 */
#define F_PPID 1
#define F_PGRP 2
#define F_SESSION 3
#define F_START 19    /* field 22 */
#define F_EXIT 49     /* field 52, Linux 3.5 and later */

static int
number(const char *s, const char *end, int64_t *out)
{
	int64_t v = 0;
	int neg = 0;

	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (s != end)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static int
field(struct procstat *ps, int i, const char *s, const char *end)
{
	int64_t v;

	if (i == F_STATE) {
		if (end - s != 1)
			return -1;
		ps->state = *s;
		return 0;
	}
	if (i != F_PPID && i != F_PGRP && i != F_SESSION && i != F_START &&
	    i != F_EXIT)
		return 0;
	if (number(s, end, &v) < 0)
		return -1;
	if (i == F_PPID)
		ps->ppid = (pid_t)v;
	else if (i == F_PGRP)
		ps->pgrp = (pid_t)v;
	else if (i == F_SESSION)
		ps->session = (pid_t)v;
	else if (i == F_START)
		ps->starttime = (uint64_t)v;
	else
		ps->exit_code = (int)v;
	return 0;
}

int
procstat_parse(const char *buf, size_t n, struct procstat *ps)
{
	const char *end = buf + n, *p, *s;
	int64_t pid;
	int i = 0;

	memset(ps, 0, sizeof *ps);
	ps->exit_code = -1;
	while (end > buf && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (p = end; p > buf && p[-1] != ')'; p--)
		;
	s = memchr(buf, ' ', (size_t)(end - buf));
	if (p == buf || s == NULL || number(buf, s, &pid) < 0 || pid <= 0)
		goto bad;
	ps->pid = (pid_t)pid;
	while (p < end) {
		if (*p != ' ')
			goto bad;
		s = ++p;
		while (p < end && *p != ' ')
			p++;
		if (field(ps, i++, s, p) < 0)
			goto bad;
	}
	if (i <= F_START)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int
procstat_read(pid_t pid, struct procstat *ps)
{
	char path[40], buf[2048];
	ssize_t r;
	int fd, err;

	if (pid > 0)
		snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	else
		snprintf(path, sizeof path, "/proc/self/stat");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = fd_read(fd, buf, sizeof buf);
	err = errno;
	close(fd);
	if (r < 0) {
		errno = err;
		return -1;
	}
	/* A process that died between open and read reads as empty. */
	if (r == 0) {
		errno = ENOENT;
		return -1;
	}
	return procstat_parse(buf, (size_t)r, ps);
}
