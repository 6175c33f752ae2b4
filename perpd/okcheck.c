/* okcheck.c: perpok's decision, apart from any I/O. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "die.h"
#include "okcheck.h"

static void
set(struct ok_verdict *v, enum ok_kind kind, int code, int err,
    const char *fmt, ...)
{
	va_list ap;

	v->kind = kind;
	v->code = code;
	v->err = err;
	va_start(ap, fmt);
	vsnprintf(v->text, sizeof v->text, fmt, ap);
	va_end(ap);
}

/* Everything but a status reply. */
static void
judge_error(struct ok_verdict *v, const struct svreply *r, const char *sock)
{
	int e = r->err;

	switch (r->fail) {
	case SVE_STAT:
		/* A name that leads nowhere is permanent; EACCES and such
		 * are the system's. */
		set(v, OK_FATAL, e == ENOENT || e == ENOTDIR ? EXIT_USAGE :
		    EXIT_TEMP, e, "failure stat() on service directory %s",
		    r->name);
		return;
	case SVE_NOTDIR:
		set(v, OK_USAGE, EXIT_USAGE, 0, "argument not a directory: %s",
		    r->name);
		return;
	case SVE_CONNECT:
		if (view_perpd_down(e))
			set(v, OK_FAIL, EXIT_NOTOK, 0, "perpd not running on "
			    "control socket %s", sock);
		else
			set(v, OK_FATAL, EXIT_TEMP, e, "failure connecting to "
			    "perpd control socket %s", sock);
		return;
	case SVE_WRITE:
		set(v, OK_FATAL, EXIT_TEMP, e, "failure pkt_write() to perpd "
		    "control socket");
		return;
	case SVE_READ:
		set(v, OK_FATAL, EXIT_TEMP, e, "failure pkt_read() from perpd "
		    "control socket");
		return;
	case SVE_PROTO:
		set(v, OK_FATAL, EXIT_TEMP, 0, "unknown protocol found in reply "
		    "from perpd control socket");
		return;
	case SVE_TYPE:
		set(v, OK_FATAL, EXIT_TEMP, 0, "unknown packet reply type from "
		    "perpd control socket");
		return;
	case SVE_REPLY:
		break;
	}
	if (e == ENOTDIR)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service directory %s not yet "
		    "scanned by perpd", r->name);
	else
		set(v, OK_FATAL, EXIT_TEMP, e, "error reported in reply from "
		    "perpd control socket");
}

/* The -u test of the main service. */
static void
judge_uptime(struct ok_verdict *v, const struct svstatus *st,
    const struct timespec *now, uint32_t upsecs)
{
	const struct substatus *m = &st->main;

	if (m->flags & SUBF_WAITING)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service not running (restart "
		    "pending)");
	else if (m->pid == 0)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service not running (pid is 0)");
	else if (m->flags & SUBF_ISRESET)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service is resetting");
	else if (m->flags & SUBF_WANTDOWN)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service wants down");
	else if (view_secs(now, &m->when) < upsecs)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service uptime not met");
	else
		set(v, OK_PASS, EXIT_OK, 0, "service uptime ok");
}

void
ok_check(struct ok_verdict *v, const struct svreply *r,
    const struct timespec *now, uint32_t upsecs, const char *sock)
{
	switch (r->kind) {
	case SV_ERROR:
		judge_error(v, r, sock);
		return;
	case SV_INACTIVE:
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service directory %s not "
		    "activated", r->name);
		return;
	case SV_STATUS:
		break;
	}
	/* Sticky again while perpd still takes it down: not supervised. */
	if (r->st.flags & SVF_CULL)
		set(v, OK_FAIL, EXIT_NOTOK, 0, "service deactivation in "
		    "progress");
	else if (upsecs == 0)
		set(v, OK_PASS, EXIT_OK, 0, "service is activated/ok");
	else
		judge_uptime(v, &r->st, now, upsecs);
}
