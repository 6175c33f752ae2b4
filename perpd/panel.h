/* panel.h: perpls's line, exactly as perp 2.07 prints it.
 *
 *     [+ +++ +++]  foo  uptime: 6s/6s  pids: 11204/11203
 *
 * The 11-character panel: position 1 the service (+ active, - not
 * activated, ! deactivating, R reactivating, E error), 3-5 main and 7-9
 * the logger (+ up, . down, ! not where it wants to be, o once,
 * p paused, r resetting; "!.." up for less than a second; "---" no
 * logger). Then the name padded to the longest in the listing, and the
 * detail. Colours come from a PERPLS_COLORS table. */
#ifndef PERPD_PANEL_H
#define PERPD_PANEL_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "svview.h"

#define PANEL_LEN 11

/* The built-in colour table (perpls -G without PERPLS_COLORS). */
extern const char panel_colors_default[];

/* The colour capabilities, in table order. */
enum panel_cap {
	CAP_DF, CAP_NA, CAP_AN, CAP_AR, CAP_AP, CAP_AD, CAP_WU, CAP_WD,
	CAP_ER, CAP_EX, CAP_COUNT
};

#define CAP_ATTR_MAX 15

struct panel_colors {
	char attr[CAP_COUNT][CAP_ATTR_MAX + 1];
};

/* Fill the panel (PANEL_LEN characters and a NUL) for r at now. */
void panel_make(char *panel, const struct svreply *r,
    const struct timespec *now);

/* Write the detail that follows the name ("uptime: ...", "(service not
 * activated)", "error: ... [ENAME]") into buf, NUL-terminated and
 * truncated to size. */
void panel_detail(char *buf, size_t size, const char *panel,
    const struct svreply *r, const struct timespec *now);

/* Read a colour table "key=attr:key=attr..." as 2.07 does: a key that is
 * missing, or whose attribute has 15 characters or more, takes df's
 * attribute; df's own fallback is "0". */
void panel_colors_init(struct panel_colors *c, const char *table);

/* The capability that colours a line with this panel. */
enum panel_cap panel_cap(const char *panel);

/* Write one whole line: panel, two blanks, the name padded with blanks
 * to width (inside the colour when attr is not NULL), two blanks, the
 * detail, a newline. */
void panel_line(FILE *out, const struct svreply *r, size_t width,
    const struct panel_colors *colors, const struct timespec *now);

#endif
