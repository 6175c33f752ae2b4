/* frame.c: line framing. A line is the bytes up to '\n'; a line longer
 * than the input window is handed on in pieces, so memory stays bounded;
 * a final line without '\n' at end of input is still a line. */
#include <string.h>

#include "frame.h"

int
frame_next(struct framer *f, const char *buf, size_t len, size_t *pos,
    int full, int eof, struct seg *sg)
{
	const char *start = buf + *pos, *nl;
	size_t n = len - *pos;

	sg->p = start;
	if (n == 0 && eof && f->midline) {
		/* The input ended right after a piece of a long line: the
		 * line ends here, with an empty last segment. */
		sg->start = 0;
		sg->len = 0;
		sg->end = 1;
		f->midline = 0;
		return 1;
	}
	if (n == 0)
		return 0;
	sg->start = !f->midline;
	nl = memchr(start, '\n', n);
	if (nl != NULL) {
		sg->len = (size_t)(nl - start);
		sg->end = 1;
		f->midline = 0;
		*pos += sg->len + 1;
		return 1;
	}
	/* No newline in what we have. A line that started earlier goes on
	 * piece by piece; a new one waits unless the window is full of it
	 * (it cannot grow) or the input has ended. */
	if (!eof && !f->midline && !(full && *pos == 0))
		return 0;
	sg->len = n;
	sg->end = eof;
	f->midline = !eof;
	*pos = len;
	return 1;
}
