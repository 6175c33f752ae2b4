/* frame.h: cutting the input window into line segments (pipeline.h). */
#ifndef LOGGERS_FRAME_H
#define LOGGERS_FRAME_H

#include <stddef.h>

#include "pipeline.h"

struct framer {
	int midline; /* inside a line whose first piece was already given */
};

/* Take the next segment of buf[*pos..len) and advance *pos past it (and
 * past its '\n'). full says the window cannot grow (so a line that fills
 * it must go in pieces); eof that no more input will come (so a final line
 * without '\n' is complete: a line whose pieces were all given before
 * the end gets an empty last segment). Returns 1 with *sg set, or 0 when
 * the rest must wait for more input. */
int frame_next(struct framer *f, const char *buf, size_t len, size_t *pos,
    int full, int eof, struct seg *sg);

#endif
