/* svview.c: the state rules shared by perpls, perpstat, perpok and JSON. */
#include <errno.h>
#include <stdio.h>

#include "errstr.h"

#include "svview.h"

uint64_t
view_secs(const struct timespec *now, const struct timespec *when)
{
	long long s = (long long)now->tv_sec - (long long)when->tv_sec;
	long ns = now->tv_nsec - when->tv_nsec;

	if (ns < 0) {
		ns += 1000000000L;
		s--;
	}
	if (s < 0)
		return 0;
	return (uint64_t)s + (ns > 500000000L ? 1 : 0);
}

int
view_never(const struct substatus *s)
{
	return s->when.tv_sec == 0 && s->when.tv_nsec == 0;
}

const struct substatus *
view_sub(const struct svstatus *st, int log)
{
	return log ? &st->log : &st->main;
}

enum sub_state
view_state(const struct svstatus *st, int log, const struct timespec *now)
{
	const struct substatus *s = view_sub(st, log);

	if (log && !(st->flags & SVF_HASLOG))
		return SUB_NONE;
	/* A child sleeping out its restart delay is not up (2.07 bug 9). */
	if (s->flags & SUBF_WAITING)
		return SUB_WAITING;
	if (s->pid == 0)
		return SUB_DOWN;
	if (s->flags & SUBF_ISRESET)
		return SUB_RESETTING;
	if (view_secs(now, &s->when) < 1)
		return SUB_STARTING;
	return SUB_UP;
}

int
view_perpd_down(int err)
{
	return err == ECONNREFUSED || err == ENOENT;
}

const char *
view_error_text(const struct svreply *r)
{
	switch (r->fail) {
	case SVE_STAT:
		return r->err == ENOENT ? "service directory not found" :
		    "failure stat() on service directory";
	case SVE_NOTDIR:
		return "not a directory";
	case SVE_CONNECT:
		return view_perpd_down(r->err) ? "perpd not running" :
		    "failure connecting to perpd control socket";
	case SVE_WRITE:
		return "error writing request";
	case SVE_READ:
		return "error reading response";
	case SVE_PROTO:
		return "unknown packet protocol in reply";
	case SVE_TYPE:
		return "unknown packet type in reply";
	case SVE_REPLY:
		break;
	}
	/* perpd answers a query with ENOTDIR, and a command with ENOENT,
	 * for a sticky directory it has not scanned yet. */
	if (r->err == ENOTDIR || r->err == ENOENT)
		return "service directory not yet scanned by perpd";
	if (r->err == EBUSY)
		return "service deactivation in progress";
	return "error reported in reply";
}

void
view_exchange_error(char *buf, size_t size, const struct svreply *r,
    const char *req)
{
	const char *what;

	switch (r->fail) {
	case SVE_PROTO:
		snprintf(buf, size, "error: %s: unknown packet protocol in "
		    "reply", r->name);
		return;
	case SVE_TYPE:
		snprintf(buf, size, "error: %s: unknown packet type in reply",
		    r->name);
		return;
	case SVE_WRITE:
		what = "error writing ";
		break;
	case SVE_READ:
		what = "error reading response";
		req = "";
		break;
	default:
		what = "error reported in reply";
		req = "";
		break;
	}
	snprintf(buf, size, "error: %s: %s%s: %s (%s)", r->name, what, req,
	    errstr_phrase(r->err), errstr_name(r->err));
}

void
view_label(char *name)
{
	for (; *name != '\0'; name++)
		if ((unsigned char)*name < 0x20 || *name == 0x7f)
			*name = '?';
}
