/* ctlcmd.c: perpctl's command parsing and messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctlcmd.h"
#include "errstr.h"
#include "proto.h"

int
ctl_parse(struct ctl_request *req, const char *word, int opt_L, int opt_g,
    char *err, size_t size)
{
	char c = word[0];

	req->cmd = (uint8_t)c;
	req->flags = opt_g ? CTLF_KILLPG : 0;
	req->kind = CTL_SEND;
	if (c == 'A' || c == 'X') {
		/* -L means nothing here; 2.07 accepts it (its man page
		 * says otherwise). */
		req->kind = c == 'A' ? CTL_ACTIVATE : CTL_DEACTIVATE;
		req->flags = 0;
		return 0;
	}
	if (c == '\0' || strchr(CTL_COMMANDS, c) == NULL) {
		snprintf(err, size, "unknown control command '%s'", word);
		return -1;
	}
	if (c == 'D' || c == 'U') {
		if (opt_L) {
			snprintf(err, size, "meta-command '%s' may not be used "
			    "with option -L", word);
			return -1;
		}
		return 0;
	}
	if (opt_L)
		req->flags |= CTLF_LOG;
	return 0;
}

void
ctl_error_line(char *buf, size_t size, const struct svreply *r)
{
	int e = r->err;

	if (r->kind == SV_INACTIVE) {
		snprintf(buf, size, "error: %s: service directory not activated",
		    r->name);
		return;
	}
	switch (r->fail) {
	case SVE_STAT:
		if (e == ENOENT || e == ENOTDIR)
			snprintf(buf, size, "error: %s: service directory not "
			    "found", r->name);
		else
			snprintf(buf, size, "error: %s: failure stat() on "
			    "service directory: %s (%s)", r->name,
			    errstr_phrase(e), errstr_name(e));
		return;
	case SVE_NOTDIR:
		snprintf(buf, size, "error: %s: not a directory", r->name);
		return;
	default:
		view_exchange_error(buf, size, r, "request");
		return;
	}
}
