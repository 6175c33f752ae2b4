/* svview.h: one service as the control tools see it.
 *
 * client.c fills a struct svreply for each service directory named or
 * listed (its stat(), then perpd's answer); the renderers (panel.c for
 * perpls, statfmt.c for perpstat, json.c, okcheck.c for perpok) only read
 * it, so that every tool tells the same story. The rules they share, such
 * as "a process up for less than a second is shown as about to start"
 * (perp 2.07's munge), live here. */
#ifndef PERPD_SVVIEW_H
#define PERPD_SVVIEW_H

#include <stdint.h>
#include <time.h>

#include "proto.h"

enum sv_kind {
	SV_STATUS,   /* sticky, and perpd answered with a status */
	SV_INACTIVE, /* a directory without the sticky bit: perpd not asked */
	SV_ERROR     /* see fail and err */
};

/* The step that failed, for SV_ERROR. */
enum sv_fail {
	SVE_STAT,    /* stat() of the directory */
	SVE_NOTDIR,  /* not a directory */
	SVE_CONNECT, /* perpd's socket: not running, or unreachable */
	SVE_WRITE,   /* sending the request */
	SVE_READ,    /* reading the reply (also a timeout or early close) */
	SVE_PROTO,   /* the reply is not version 2 or has a wrong length */
	SVE_TYPE,    /* the reply is of an unexpected type */
	SVE_REPLY    /* perpd answered with an error number */
};

struct svreply {
	const char *name; /* as given, or as found in the base directory */
	enum sv_kind kind;
	enum sv_fail fail;
	int err;          /* errno for SV_ERROR */
	struct svstatus st;
};

enum sub_state {
	SUB_NONE,      /* the service has no logger */
	SUB_DOWN,      /* not running */
	SUB_WAITING,   /* down, a delayed restart is pending (back-off) */
	SUB_STARTING,  /* running for less than a second: 2.07 shows it
	                  as down and wanting up */
	SUB_UP,        /* running its start target */
	SUB_RESETTING  /* running its reset target */
};

/* Seconds from when to now, rounded to the nearest; 0 when when is
 * later than now (the clock was set back). */
uint64_t view_secs(const struct timespec *now, const struct timespec *when);

/* 1 when a sub-service has never run (its time stamp is all zero). */
int view_never(const struct substatus *s);

/* The state at now of the main (log == 0) or log sub-service. */
enum sub_state view_state(const struct svstatus *st, int log,
    const struct timespec *now);

/* The sub-service record: &st->main or &st->log. */
const struct substatus *view_sub(const struct svstatus *st, int log);

/* 1 when perpd was unreachable: not running (nothing listens on the
 * socket, or there is no socket). */
int view_perpd_down(int err);

/* Make a service name fit for a line of text, in place: bytes below 0x20
 * and 0x7f become '?' (the rule of perpd's log lines), so that a
 * directory named with a newline or an escape sequence cannot forge a
 * line or drive a terminal. The text outputs call it once the name has
 * served to look the service up; JSON escapes names instead. */
void view_label(char *name);

/* A plain sentence for an SV_ERROR reply, for JSON and perpok -v:
 * "service directory not found", "perpd not running", "service directory
 * not yet scanned by perpd", ... */
const char *view_error_text(const struct svreply *r);

/* The stderr line perpctl and perpstat print when the exchange with
 * perpd failed (SVE_WRITE to SVE_REPLY), as 2.07 words it:
 * "error: sv: error reported in reply: not a directory (ENOTDIR)"; req
 * names what was sent ("request" or "query"). NUL-terminated, truncated
 * to size. */
void view_exchange_error(char *buf, size_t size, const struct svreply *r,
    const char *req);

#endif
