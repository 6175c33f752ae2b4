/* gzfile.h: gzip compression of one file into another with zlib, a step
 * at a time, so that the caller can do other work (or stop) between
 * steps. The output is a single gzip member that gzip -t, zcat and
 * linecheck read.
 *
 * A step takes up to GZFILE_LANES chunks of input and compresses them
 * side by side, one on the caller's thread and the others on helper
 * threads, as pigz does: each chunk is a run of raw deflate blocks
 * primed with the 32 KiB of input before it and closed by a sync flush,
 * so that the runs, written in order, are one deflate stream; the CRC is
 * combined from the chunks' own. On a machine with one CPU there is one
 * lane and no helper. */
#ifndef ROTATION_GZFILE_H
#define ROTATION_GZFILE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

/* Bytes of input one lane compresses per step. */
#define GZFILE_CHUNK (128 * 1024)
/* The most lanes a step uses. */
#define GZFILE_LANES 2

struct gzfile;

struct gzlane {
	struct gzfile *g;         /* the file this lane works for */
	z_stream z;
	int ready;                /* deflateInit2 done */
	const unsigned char *src; /* this step's chunk */
	size_t srclen, dictlen;   /* dictlen bytes before src prime it */
	int flush;
	unsigned char *obuf;
	size_t ocap, olen;
	uLong crc;                /* of src */
	int err;                  /* 0, or the errno of a failure */
	/* A helper lane's thread and its hand-off, under mu. */
	pthread_t tid;
	int thread, posted, done, quit;
};

struct gzfile {
	int in, out;              /* descriptors, not owned */
	unsigned char *ibuf;      /* dictionary, then the lanes' chunks */
	size_t dictlen;           /* input kept from the previous step */
	int nlanes;
	struct gzlane lane[GZFILE_LANES];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int sync_ready;           /* mu and cv initialised */
	uLong crc;                /* of all input so far */
	uint32_t isize;           /* input size modulo 2^32 */
	int header_done;
	unsigned char xfl;        /* the header's hint of the level */
	uint64_t helped;          /* chunks a helper compressed */
};

/* How many lanes this process can run at once: 1, or GZFILE_LANES when
 * it may use more than one CPU. */
int gzfile_lanes(void);

/* Prepare to compress descriptor in into descriptor out at level (1-9)
 * with lanes lanes (1 to GZFILE_LANES). 0, or -1 with errno. */
int gzfile_start(struct gzfile *g, int in, int out, int level, int lanes);

/* Compress the next step's chunks. 1 when the whole input is compressed
 * and written, 0 when there is more, -1 with errno on a read or write
 * error. */
int gzfile_step(struct gzfile *g);

/* Stop the helpers and release zlib's state and the buffers (after the
 * last step or to give up). */
void gzfile_end(struct gzfile *g);

#endif
