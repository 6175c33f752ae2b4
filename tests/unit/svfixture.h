/* svfixture.h: service states for the unit tests of the control tools,
 * built the way perpd reports them, at a fixed "now". Included by
 * test_panel.c, test_statfmt.c, test_json.c and test_okcheck.c. */
#ifndef TESTS_SVFIXTURE_H
#define TESTS_SVFIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svview.h"

static const struct timespec NOW = { 1795313500, 400000000 };

/* The time stamp secs seconds (and ms milliseconds) before NOW. */
static inline struct timespec
ago(long secs, long ms)
{
	struct timespec t = NOW;

	t.tv_sec -= secs;
	t.tv_nsec -= ms * 1000000L;
	while (t.tv_nsec < 0) {
		t.tv_nsec += 1000000000L;
		t.tv_sec--;
	}
	return t;
}

/* A sub-service: pid (0: none), started or reset secs ago, flags. */
static inline void
fx_sub(struct substatus *s, unsigned pid, long secs, unsigned flags)
{
	memset(s, 0, sizeof *s);
	s->pid = pid;
	s->when = ago(secs, 100);
	s->flags = (uint8_t)flags;
	s->last_wstatus = WSTATUS_NONE;
}

/* A reply for name: perpd 11201, activated secs ago, service flags. */
static inline struct svreply
fx_status(const char *name, long activated, unsigned svflags)
{
	struct svreply r;

	memset(&r, 0, sizeof r);
	r.name = name;
	r.kind = SV_STATUS;
	r.st.perpd_pid = 11201;
	r.st.perpd_start = ago(400, 0);
	r.st.activated = ago(activated, 100);
	r.st.flags = (uint8_t)svflags;
	r.st.main.last_wstatus = WSTATUS_NONE;
	r.st.log.last_wstatus = WSTATUS_NONE;
	return r;
}

static inline struct svreply
fx_inactive(const char *name)
{
	struct svreply r;

	memset(&r, 0, sizeof r);
	r.name = name;
	r.kind = SV_INACTIVE;
	return r;
}

static inline struct svreply
fx_error(const char *name, enum sv_fail fail, int err)
{
	struct svreply r;

	memset(&r, 0, sizeof r);
	r.name = name;
	r.kind = SV_ERROR;
	r.fail = fail;
	r.err = err;
	return r;
}

/* What a function printed to a FILE, as a string (free it). */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static inline FILE *
cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

static inline char *
cap_close(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

#endif
