/* panel.c: perpls's panel, detail, colours and line. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "errstr.h"
#include "panel.h"

const char panel_colors_default[] = "df=00:na=00:an=01:ar=01;33:ap=01;33:"
    "ad=01;34:wu=01;33:wd=01;33:er=01;31:ex=01;31";

static const char *const cap_keys[CAP_COUNT] = {
	"df", "na", "an", "ar", "ap", "ad", "wu", "wd", "er", "ex"
};

/* Positions p, p+1, p+2 of the panel for one sub-service. */
static void
panel_sub(char *p, const struct svreply *r, int log,
    const struct timespec *now)
{
	const struct substatus *s = view_sub(&r->st, log);
	int wantdown = (s->flags & SUBF_WANTDOWN) != 0;

	switch (view_state(&r->st, log, now)) {
	case SUB_NONE:
		return;
	case SUB_DOWN:
	case SUB_WAITING:
		memcpy(p, wantdown ? "..." : "!..", 3);
		return;
	case SUB_STARTING:
		memcpy(p, "!..", 3);
		return;
	case SUB_UP:
	case SUB_RESETTING:
		p[0] = wantdown ? '!' : '+';
		p[1] = (s->flags & SUBF_ISONCE) ? 'o' : '+';
		p[2] = (s->flags & SUBF_ISRESET) ? 'r' :
		    (s->flags & SUBF_PAUSED) ? 'p' : '+';
		return;
	}
}

void
panel_make(char *panel, const struct svreply *r, const struct timespec *now)
{
	memcpy(panel, "[- --- ---]", PANEL_LEN + 1);
	if (r->kind == SV_INACTIVE)
		return;
	if (r->kind == SV_ERROR) {
		panel[1] = 'E';
		return;
	}
	if (r->st.flags & SVF_CULL)
		panel[1] = (r->st.flags & SVF_CYCLE) ? 'R' : '!';
	else
		panel[1] = '+';
	panel_sub(panel + 3, r, 0, now);
	panel_sub(panel + 7, r, 1, now);
}

static const char *
error_reason(const struct svreply *r)
{
	switch (r->fail) {
	case SVE_STAT:
		return "failure stat() on service directory";
	case SVE_NOTDIR:
		return "not a directory";
	case SVE_CONNECT:
		return view_perpd_down(r->err) ? "perpd not running" :
		    "failure connecting to perpd control socket";
	case SVE_WRITE:
		return "failure pkt_write() during status query";
	case SVE_READ:
		return "failure pkt_read() during status query";
	case SVE_PROTO:
		return "unknown packet protocol in status reply";
	case SVE_TYPE:
		return "unknown packet type in status reply";
	case SVE_REPLY:
		break;
	}
	return "error reported in status reply";
}

/* "6" for a sub-service that is up or resetting, "-" otherwise. */
static void
sub_fields(char *secs, char *pid, const struct svreply *r, int log,
    const struct timespec *now)
{
	const struct substatus *s = view_sub(&r->st, log);
	enum sub_state state = view_state(&r->st, log, now);

	if (state == SUB_UP || state == SUB_RESETTING) {
		snprintf(secs, 24, "%" PRIu64, view_secs(now, &s->when));
		snprintf(pid, 24, "%" PRIu32, s->pid);
	} else {
		strcpy(secs, "-");
		strcpy(pid, "-");
	}
}

void
panel_detail(char *buf, size_t size, const char *panel,
    const struct svreply *r, const struct timespec *now)
{
	char ms[24], mp[24], ls[24], lp[24];

	switch (panel[1]) {
	case '+':
		sub_fields(ms, mp, r, 0, now);
		sub_fields(ls, lp, r, 1, now);
		snprintf(buf, size, "uptime: %ss/%ss  pids: %s/%s", ms, ls, mp,
		    lp);
		return;
	case '-':
		snprintf(buf, size, "(service not activated)");
		return;
	case '!':
		snprintf(buf, size, "(service deactivation in progress)");
		return;
	case 'R':
		snprintf(buf, size, "(service reactivation in progress)");
		return;
	}
	snprintf(buf, size, "error: %s [%s]", error_reason(r),
	    errstr_name(r->err));
}

/* The attribute of key in table, and its length; NULL when absent. */
static const char *
table_lookup(const char *table, const char *key, size_t *len)
{
	const char *d = table, *eq;
	size_t klen = strlen(key);

	while (*d != '\0') {
		eq = strchr(d, '=');
		if (eq == NULL)
			return NULL;
		*len = strcspn(eq + 1, ":");
		if ((size_t)(eq - d) == klen && strncmp(d, key, klen) == 0)
			return eq + 1;
		d = eq + 1 + *len;
		if (*d == ':')
			d++;
	}
	return NULL;
}

void
panel_colors_init(struct panel_colors *c, const char *table)
{
	const char *attr;
	size_t len = 0;
	int i;

	strcpy(c->attr[CAP_DF], "0");
	for (i = 0; i < CAP_COUNT; i++) {
		attr = table ? table_lookup(table, cap_keys[i], &len) : NULL;
		if (attr != NULL && len < CAP_ATTR_MAX) {
			memcpy(c->attr[i], attr, len);
			c->attr[i][len] = '\0';
		} else if (i != CAP_DF)
			strcpy(c->attr[i], c->attr[CAP_DF]);
	}
}

/* A main or log that is not where it wants to be: want up or down. */
static enum panel_cap
want_cap(const char *p)
{
	return p[1] == '.' ? CAP_WU : CAP_WD;
}

enum panel_cap
panel_cap(const char *panel)
{
	switch (panel[1]) {
	case '!':
	case 'R':
		return CAP_EX;
	case '-':
		return CAP_NA;
	case '+':
		break;
	default:
		return CAP_ER;
	}
	if (panel[3] == '!')
		return want_cap(panel + 3);
	if (panel[7] == '!')
		return want_cap(panel + 7);
	if (panel[4] == '.')
		return CAP_AD;
	if (panel[5] == 'p')
		return CAP_AP;
	if (panel[5] == 'r')
		return CAP_AR;
	return CAP_AN;
}

void
panel_line(FILE *out, const struct svreply *r, size_t width,
    const struct panel_colors *colors, const struct timespec *now)
{
	char panel[PANEL_LEN + 1], detail[256];
	size_t len = strlen(r->name);
	int pad = (int)(width > len ? width - len : 0);

	panel_make(panel, r, now);
	panel_detail(detail, sizeof detail, panel, r, now);
	fputs(panel, out);
	fputs("  ", out);
	if (colors != NULL)
		fprintf(out, "\033[00m\033[%sm", colors->attr[panel_cap(panel)]);
	fputs(r->name, out);
	fprintf(out, "%*s", pad, "");
	if (colors != NULL)
		fputs("\033[00m", out);
	fprintf(out, "  %s\n", detail);
}
