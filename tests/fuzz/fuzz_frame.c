/* fuzz_frame.c: line framing and sanitizing over arbitrary input cut at
 * arbitrary points. Checks what must always hold: segments tile the input
 * exactly (bytes and newlines), pieces of one line are ordered, and
 * sanitizing leaves no control byte but TAB. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct framer f = { 0 };
	struct seg sg;
	char *buf;
	size_t window, len = 0, pos = 0, fed = 0, out = 0, i;
	int eof;

	if (size < 2)
		return 0;
	window = 1 + data[0] % 64; /* a small window: long lines are common */
	data++;
	size--;
	buf = malloc(window);
	/* Feed the input through the window as the loop does: fill,
	 * frame, drop what was framed. */
	for (;;) {
		size_t room = window - len, n = size - fed < room ?
		    size - fed : room;

		memcpy(buf + len, data + fed, n);
		len += n;
		fed += n;
		eof = fed == size;
		while (frame_next(&f, buf, len, &pos, len == window, eof,
		    &sg)) {
			if (memcmp(sg.p, data + out, sg.len) != 0)
				abort();
			out += sg.len;
			/* A line ends at its newline, or at end of input. */
			if (sg.end && out < size) {
				if (data[out] != '\n')
					abort();
				out++;
			}
			sanitize((char *)buf + (sg.p - buf), sg.len);
			for (i = 0; i < sg.len; i++)
				if ((unsigned char)sg.p[i] < 0x20 &&
				    sg.p[i] != '\t')
					abort();
		}
		memmove(buf, buf + pos, len - pos);
		len -= pos;
		pos = 0;
		if (eof && len == 0)
			break;
		if (eof && len > 0)
			abort(); /* end of input left bytes unframed */
	}
	if (out != size)
		abort();
	free(buf);
	return 0;
}
