/* gzfile.h: gzip compression of one file into another with zlib, a chunk
 * at a time, so that the caller can do other work (or stop) between
 * chunks. The output is a single gzip member that gzip -t, zcat and
 * linecheck read. */
#ifndef ROTATION_GZFILE_H
#define ROTATION_GZFILE_H

#include <stddef.h>
#include <zlib.h>

/* Bytes of input compressed per step. */
#define GZFILE_CHUNK (128 * 1024)

struct gzfile {
	z_stream z;
	int in, out;          /* descriptors, not owned */
	unsigned char *ibuf, *obuf;
	int ready;            /* deflateInit2 done */
};

/* Prepare to compress descriptor in into descriptor out at level (1-9).
 * 0, or -1 with errno. */
int gzfile_start(struct gzfile *g, int in, int out, int level);

/* Compress the next chunk. 1 when the whole input is compressed and
 * written, 0 when there is more, -1 with errno on a read or write
 * error. */
int gzfile_step(struct gzfile *g);

/* Release zlib's state and the buffers (after the last step or to give
 * up). */
void gzfile_end(struct gzfile *g);

#endif
