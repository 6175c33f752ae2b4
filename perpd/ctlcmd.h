/* ctlcmd.h: perpctl's command word and per-service lines.
 *
 * Only the first character of the command counts ("down", "d" and "dx"
 * are all d): A and X set or clear the sticky bit and trigger a rescan;
 * every other letter of CTL_COMMANDS is sent to perpd. */
#ifndef PERPD_CTLCMD_H
#define PERPD_CTLCMD_H

#include <stddef.h>
#include <stdint.h>

#include "svview.h"

enum ctl_kind {
	CTL_SEND,      /* a command for perpd */
	CTL_ACTIVATE,  /* A: chmod +t, then SIGHUP */
	CTL_DEACTIVATE /* X: chmod -t, then SIGHUP */
};

struct ctl_request {
	enum ctl_kind kind;
	uint8_t cmd;   /* the letter sent, for CTL_SEND */
	uint8_t flags; /* CTLF_LOG (-L), CTLF_KILLPG (-g) */
};

/* Read the command word with perpctl's -L and -g. 0, or -1 with the
 * usage error (2.07's words) in err: an unknown command, or D or U with
 * -L. */
int ctl_parse(struct ctl_request *req, const char *word, int opt_L,
    int opt_g, char *err, size_t size);

/* The stderr line for a service that could not be sent the command:
 * "error: sv: service directory not found", ... (r->kind is SV_ERROR
 * or SV_INACTIVE). NUL-terminated, truncated to size. */
void ctl_error_line(char *buf, size_t size, const struct svreply *r);

#endif
