/* gzfile.c: chunked gzip compression of a file with zlib. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "fdio.h"
#include "gzfile.h"

#define OUTBUF (64 * 1024)

int
gzfile_start(struct gzfile *g, int in, int out, int level)
{
	memset(g, 0, sizeof *g);
	g->in = in;
	g->out = out;
	g->ibuf = malloc(GZFILE_CHUNK);
	g->obuf = malloc(OUTBUF);
	if (g->ibuf == NULL || g->obuf == NULL)
		goto nomem;
	/* windowBits 15 + 16: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&g->z, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		goto nomem;
	g->ready = 1;
	return 0;
nomem:
	gzfile_end(g);
	errno = ENOMEM;
	return -1;
}

/* Run deflate over what is in z's input, writing all output produced. */
static int
pump(struct gzfile *g, int flush)
{
	size_t have;
	int rc;

	do {
		g->z.next_out = g->obuf;
		g->z.avail_out = OUTBUF;
		rc = deflate(&g->z, flush);
		if (rc == Z_BUF_ERROR)
			rc = Z_OK; /* no progress possible: not an error */
		if (rc == Z_STREAM_ERROR) {
			errno = EINVAL;
			return -1;
		}
		have = OUTBUF - g->z.avail_out;
		if (have > 0 && fd_write_all(g->out, g->obuf, have) < 0)
			return -1;
	} while (g->z.avail_out == 0);
	return rc;
}

int
gzfile_step(struct gzfile *g)
{
	ssize_t n;

	n = fd_read(g->in, g->ibuf, GZFILE_CHUNK);
	if (n < 0)
		return -1;
	g->z.next_in = g->ibuf;
	g->z.avail_in = (uInt)n;
	if (n > 0)
		return pump(g, Z_NO_FLUSH) < 0 ? -1 : 0;
	/* End of input: finish the stream (trailer with CRC and size). */
	for (;;) {
		int rc = pump(g, Z_FINISH);

		if (rc < 0)
			return -1;
		if (rc == Z_STREAM_END)
			return 1;
	}
}

void
gzfile_end(struct gzfile *g)
{
	if (g->ready)
		deflateEnd(&g->z);
	free(g->ibuf);
	free(g->obuf);
	g->ibuf = g->obuf = NULL;
	g->ready = 0;
}
