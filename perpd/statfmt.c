/* statfmt.c: perpstat's text blocks. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "errstr.h"
#include "statfmt.h"

void
statfmt_ms(char *buf, size_t size, uint32_t ms)
{
	unsigned frac = ms % 1000;
	int n;

	n = snprintf(buf, size, "%" PRIu32, ms / 1000);
	if (frac == 0 || n < 0 || (size_t)n >= size)
		return;
	snprintf(buf + n, size - (size_t)n, ".%03u", frac);
	/* Trailing zeros of the fraction say nothing. */
	n = (int)strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
}

/* Whole seconds left of ms, rounded up: what is still to come is never
 * "in 0 seconds". */
static uint32_t
secs_left(uint32_t ms)
{
	return ms / 1000 + (ms % 1000 != 0);
}

/* ", restart in 3 seconds (back-off 8 seconds)" for a pending restart,
 * ", fork failing, retry in 1 seconds" when perpd cannot fork. */
static void
restart_info(FILE *out, const struct svstatus *st, const struct substatus *s)
{
	char backoff[32];

	if (!st->has_ext)
		return;
	if (s->flags & SUBF_FAILING) {
		fprintf(out, ", fork failing, retry in %" PRIu32 " seconds",
		    secs_left(s->pending_ms));
		return;
	}
	statfmt_ms(backoff, sizeof backoff, s->backoff_ms);
	if (s->pending_ms == 0)
		fprintf(out, ", restart pending (back-off %s seconds)", backoff);
	else
		fprintf(out, ", restart in %" PRIu32 " seconds (back-off %s "
		    "seconds)", secs_left(s->pending_ms), backoff);
}

void
statfmt_sub(FILE *out, const struct svstatus *st, int log,
    const struct timespec *now)
{
	const struct substatus *s = view_sub(st, log);
	enum sub_state state = view_state(st, log, now);
	uint64_t secs = view_secs(now, &s->when);

	switch (state) {
	case SUB_NONE:
		fputs("(no log)", out);
		return;
	case SUB_DOWN:
	case SUB_WAITING:
		if (view_never(s))
			fputs("down, never started", out);
		else
			fprintf(out, "down %" PRIu64 " seconds", secs);
		if (!(s->flags & SUBF_WANTDOWN))
			fputs(", want up!", out);
		if (state == SUB_WAITING || (s->flags & SUBF_FAILING))
			restart_info(out, st, s);
		break;
	case SUB_STARTING:
		fputs("down, want up!", out);
		break;
	case SUB_UP:
	case SUB_RESETTING:
		fprintf(out, "%s %" PRIu64 " seconds (pid %" PRIu32 ")",
		    state == SUB_UP ? "up" : "resetting", secs, s->pid);
		if (s->flags & SUBF_PAUSED)
			fputs(", paused", out);
		break;
	}
	if (s->flags & SUBF_ISONCE)
		fputs(", flagged once", out);
}

void
statfmt_block(FILE *out, const struct svreply *r, const struct timespec *now)
{
	if (r->kind == SV_INACTIVE) {
		fprintf(out, "%s: not activated\n", r->name);
		return;
	}
	fprintf(out, "%s: activated %" PRIu64 " seconds", r->name,
	    view_secs(now, &r->st.activated));
	if (r->st.flags & SVF_CULL)
		fputs(", deactivation in progress", out);
	if (r->st.flags & SVF_CYCLE)
		fputs(", flagged for reactivation", out);
	fputs("\n  main: ", out);
	statfmt_sub(out, &r->st, 0, now);
	fputs("\n   log: ", out);
	statfmt_sub(out, &r->st, 1, now);
	fputs("\n", out);
}

void
statfmt_error(char *buf, size_t size, const struct svreply *r)
{
	const char *n = r->name;
	int e = r->err;

	switch (r->fail) {
	case SVE_STAT:
		if (e == ENOENT || e == ENOTDIR)
			snprintf(buf, size, "%s: error: service directory "
			    "not found", n);
		else
			snprintf(buf, size, "%s: error: failure stat() on "
			    "service directory: %s (%s)", n, errstr_phrase(e),
			    errstr_name(e));
		return;
	case SVE_NOTDIR:
		snprintf(buf, size, "%s: error: not a directory", n);
		return;
	case SVE_CONNECT:
		snprintf(buf, size, "%s", "");
		return;
	default:
		view_exchange_error(buf, size, r, "query");
		return;
	}
}
