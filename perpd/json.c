/* json.c: the machine-readable status of one service. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "errstr.h"
#include "json.h"
#include "panel.h"
#include "tai.h"

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned long cp;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void
json_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	fputc('"', out);
	while (*s != '\0') {
		if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s++);
		} else if (*s < 0x20) {
			fprintf(out, "\\u%04x", *s++);
		} else if (*s < 0x80) {
			fputc(*s++, out);
		} else if ((n = utf8_len(s)) != 0) {
			fwrite(s, 1, n, out);
			s += n;
		} else {
			fputs("\\ufffd", out);
			s++;
		}
	}
	fputc('"', out);
}

/* The separator and the key of the next member of an object. */
static void
key(FILE *out, int *n, const char *k)
{
	fprintf(out, "%s\"%s\":", (*n)++ ? "," : "", k);
}

static void
num(FILE *out, int *n, const char *k, uint64_t v)
{
	key(out, n, k);
	fprintf(out, "%" PRIu64, v);
}

/* A number that only a perpd with the status extension reports. */
static void
ext_num(FILE *out, int *n, const char *k, const struct svstatus *st,
    uint64_t v)
{
	key(out, n, k);
	if (st->has_ext)
		fprintf(out, "%" PRIu64, v);
	else
		fputs("null", out);
}

static void
str(FILE *out, int *n, const char *k, const char *v)
{
	key(out, n, k);
	if (v == NULL)
		fputs("null", out);
	else
		json_string(out, v);
}

static void
stamp(FILE *out, int *n, const char *k, const struct timespec *ts)
{
	char buf[STAMP_UTC_LEN + 1];

	key(out, n, k);
	if (ts->tv_sec == 0 && ts->tv_nsec == 0) {
		fputs("null", out);
		return;
	}
	buf[stamp_rfc3339_utc(buf, ts)] = '\0';
	fprintf(out, "\"%s\"", buf);
}

/* A list of the names whose bit is set in flags. */
static void
flag_list(FILE *out, int *n, unsigned flags, const unsigned *bits,
    const char *const *names, size_t count)
{
	size_t i;
	int m = 0;

	key(out, n, "flags");
	fputc('[', out);
	for (i = 0; i < count; i++)
		if (flags & bits[i])
			fprintf(out, "%s\"%s\"", m++ ? "," : "", names[i]);
	fputc(']', out);
}

static void
last_exit(FILE *out, int *n, const struct svstatus *st,
    const struct substatus *s)
{
	int ws = (int)s->last_wstatus;
	const char *name;

	key(out, n, "last_exit");
	if (!st->has_ext || s->last_wstatus == WSTATUS_NONE) {
		fputs("null", out);
	} else if (WIFSIGNALED(ws)) {
		name = errstr_signame(WTERMSIG(ws));
		fprintf(out, "{\"signal\":%d,\"signame\":", WTERMSIG(ws));
		if (name != NULL)
			fprintf(out, "\"%s\"}", name);
		else
			fputs("null}", out);
	} else {
		fprintf(out, "{\"exit\":%d}", WEXITSTATUS(ws));
	}
}

static const char *const sub_states[] = {
	[SUB_NONE] = "none", [SUB_DOWN] = "down", [SUB_WAITING] = "waiting",
	[SUB_STARTING] = "starting", [SUB_UP] = "up",
	[SUB_RESETTING] = "resetting"
};

static const unsigned subf_bits[] = {
	SUBF_ISONCE, SUBF_PAUSED, SUBF_ISRESET, SUBF_WANTDOWN, SUBF_FAILING,
	SUBF_WAITING
};
static const char *const subf_names[] = {
	"once", "paused", "reset", "wantdown", "failing", "waiting"
};

/* The times of a sub-service: uptime while it runs, downtime after. */
static void
sub_times(FILE *out, int *n, const struct substatus *s, enum sub_state state,
    const struct timespec *now)
{
	int running = state == SUB_UP || state == SUB_RESETTING ||
	    state == SUB_STARTING;
	int known = !view_never(s);

	key(out, n, "uptime");
	if (running && known)
		fprintf(out, "%" PRIu64, view_secs(now, &s->when));
	else
		fputs("null", out);
	key(out, n, "downtime");
	if (!running && known)
		fprintf(out, "%" PRIu64, view_secs(now, &s->when));
	else
		fputs("null", out);
	stamp(out, n, "since", &s->when);
}

static void
sub_object(FILE *out, int *n, const struct svstatus *st, int log,
    const struct timespec *now)
{
	const struct substatus *s = view_sub(st, log);
	enum sub_state state = view_state(st, log, now);
	int m = 0;

	key(out, n, log ? "log" : "main");
	if (state == SUB_NONE) {
		fputs("null", out);
		return;
	}
	fputc('{', out);
	str(out, &m, "state", sub_states[state]);
	key(out, &m, "pid");
	if (s->pid != 0 && state != SUB_WAITING)
		fprintf(out, "%" PRIu32, s->pid);
	else
		fputs("null", out);
	sub_times(out, &m, s, state, now);
	str(out, &m, "want", (s->flags & SUBF_WANTDOWN) ? "down" : "up");
	flag_list(out, &m, s->flags, subf_bits, subf_names,
	    sizeof subf_bits / sizeof subf_bits[0]);
	ext_num(out, &m, "starts", st, s->starts);
	ext_num(out, &m, "backoff_ms", st, s->backoff_ms);
	key(out, &m, "restart_in_ms");
	if (st->has_ext && (state == SUB_WAITING ||
	    (state == SUB_DOWN && (s->flags & SUBF_FAILING))))
		fprintf(out, "%" PRIu32, s->pending_ms);
	else
		fputs("null", out);
	last_exit(out, &m, st, s);
	fputc('}', out);
}

/* The error member: what failed, its errno name, and a sentence. */
static void
error_object(FILE *out, int *n, const struct svreply *r)
{
	static const char *const what[] = {
		[SVE_STAT] = "stat", [SVE_NOTDIR] = "notdir",
		[SVE_CONNECT] = "connect", [SVE_WRITE] = "write",
		[SVE_READ] = "read", [SVE_PROTO] = "protocol",
		[SVE_TYPE] = "type", [SVE_REPLY] = "reply"
	};
	int m = 0;

	key(out, n, "error");
	if (r->kind != SV_ERROR) {
		fputs("null", out);
		return;
	}
	fputc('{', out);
	str(out, &m, "what", what[r->fail]);
	str(out, &m, "errno", errstr_name(r->err));
	str(out, &m, "message", view_error_text(r));
	fputc('}', out);
}

/* The directory had its sticky bit: everything past stat() saw it. */
static int
sticky(const struct svreply *r)
{
	if (r->kind == SV_ERROR)
		return r->fail != SVE_STAT && r->fail != SVE_NOTDIR;
	return r->kind == SV_STATUS;
}

static const char *
service_state(const struct svreply *r)
{
	if (r->kind == SV_INACTIVE)
		return "inactive";
	if (r->kind == SV_ERROR)
		return "error";
	if (r->st.flags & SVF_CULL)
		return (r->st.flags & SVF_CYCLE) ? "reactivating" :
		    "deactivating";
	return "active";
}

static const unsigned svf_bits[] = {
	SVF_ACTIVE, SVF_HASLOG, SVF_CULL, SVF_CYCLE, SVF_DOWN, SVF_ONCE
};
static const char *const svf_names[] = {
	"active", "haslog", "deactivating", "reactivating", "down", "once"
};

/* The members only a status reply fills. */
static void
status_members(FILE *out, int *n, const struct svreply *r,
    const struct timespec *now)
{
	const struct svstatus *st = &r->st;

	if (r->kind != SV_STATUS) {
		fputs(",\"perpd_pid\":null,\"activated\":null,"
		    "\"activated_at\":null,\"flags\":[],"
		    "\"stop_timeout_ms\":null,\"main\":null,\"log\":null", out);
		return;
	}
	num(out, n, "perpd_pid", st->perpd_pid);
	num(out, n, "activated", view_secs(now, &st->activated));
	stamp(out, n, "activated_at", &st->activated);
	flag_list(out, n, st->flags, svf_bits, svf_names,
	    sizeof svf_bits / sizeof svf_bits[0]);
	ext_num(out, n, "stop_timeout_ms", st, st->stop_timeout_ms);
	sub_object(out, n, st, 0, now);
	sub_object(out, n, st, 1, now);
}

void
json_service(FILE *out, const struct svreply *r, const struct timespec *now)
{
	char panel[PANEL_LEN + 1];
	int n = 0;

	panel_make(panel, r, now);
	fputc('{', out);
	str(out, &n, "name", r->name);
	key(out, &n, "active");
	fputs(sticky(r) ? "true" : "false", out);
	str(out, &n, "state", service_state(r));
	str(out, &n, "panel", panel);
	error_object(out, &n, r);
	status_members(out, &n, r, now);
	fputs("}\n", out);
}
