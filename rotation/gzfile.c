/* gzfile.c: gzip compression of a file with zlib, in chunks compressed
 * side by side (gzfile.h). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "fdio.h"
#include "gzfile.h"
#include "le.h"

#define DICT (32 * 1024)      /* deflate's window: what primes a chunk */
#define HELPER_STACK (256 * 1024)

int
gzfile_lanes(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set) > 1 ? GZFILE_LANES : 1;
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? GZFILE_LANES : 1;
}

/* Deflate the lane's chunk into its output buffer, growing it should
 * the chunk not shrink. Sets l->err on failure. */
static void
lane_run(struct gzlane *l)
{
	z_stream *z = &l->z;
	unsigned char *p;
	int rc;

	l->olen = 0;
	l->err = 0;
	l->crc = crc32_z(crc32(0L, Z_NULL, 0), l->src, l->srclen);
	if (deflateReset(z) != Z_OK || (l->dictlen > 0 &&
	    deflateSetDictionary(z, l->src - l->dictlen,
	    (uInt)l->dictlen) != Z_OK)) {
		l->err = EINVAL;
		return;
	}
	z->next_in = (unsigned char *)l->src;
	z->avail_in = (uInt)l->srclen;
	do {
		if (l->olen == l->ocap) {
			p = realloc(l->obuf, 2 * l->ocap);
			if (p == NULL) {
				l->err = ENOMEM;
				return;
			}
			l->obuf = p;
			l->ocap *= 2;
		}
		z->next_out = l->obuf + l->olen;
		z->avail_out = (uInt)(l->ocap - l->olen);
		rc = deflate(z, l->flush);
		l->olen = l->ocap - z->avail_out;
		if (rc == Z_STREAM_ERROR) {
			l->err = EINVAL;
			return;
		}
	} while (z->avail_out == 0);
}

static void *
helper(void *arg)
{
	struct gzlane *l = arg;
	struct gzfile *g = l->g;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (!l->posted && !l->quit)
			pthread_cond_wait(&g->cv, &g->mu);
		if (l->quit)
			break;
		l->posted = 0;
		pthread_mutex_unlock(&g->mu);
		lane_run(l);
		pthread_mutex_lock(&g->mu);
		l->done = 1;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* Set up one lane; a helper lane also gets its thread. 0; 1 when only
 * the thread could not be had; -1 with errno. */
static int
lane_init(struct gzfile *g, struct gzlane *l, int level, int threaded)
{
	pthread_attr_t ta;
	int rc;

	l->g = g;
	/* windowBits -15: raw deflate, gzfile writes the gzip wrapper. */
	if (deflateInit2(&l->z, level, Z_DEFLATED, -15, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		errno = ENOMEM;
		return -1;
	}
	l->ready = 1;
	/* The bound is for Z_FINISH; a sync flush adds a few bytes. */
	l->ocap = deflateBound(&l->z, GZFILE_CHUNK) + 64;
	l->obuf = malloc(l->ocap);
	if (l->obuf == NULL)
		return -1;
	if (!threaded)
		return 0;
	pthread_attr_init(&ta);
	pthread_attr_setstacksize(&ta, HELPER_STACK);
	rc = pthread_create(&l->tid, &ta, helper, l);
	pthread_attr_destroy(&ta);
	if (rc != 0)
		return 1;
	l->thread = 1;
	return 0;
}

static void
lane_end(struct gzfile *g, struct gzlane *l)
{
	if (l->thread) {
		pthread_mutex_lock(&g->mu);
		l->quit = 1;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
		pthread_join(l->tid, NULL);
	}
	if (l->ready)
		deflateEnd(&l->z);
	free(l->obuf);
	memset(l, 0, sizeof *l);
}

int
gzfile_start(struct gzfile *g, int in, int out, int level, int lanes)
{
	int i, rc;

	memset(g, 0, sizeof *g);
	g->in = in;
	g->out = out;
	g->nlanes = lanes < 1 ? 1 : lanes > GZFILE_LANES ? GZFILE_LANES : lanes;
	g->crc = crc32(0L, Z_NULL, 0);
	/* As zlib marks it: 2 for the slowest level, 4 for the fastest. */
	g->xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
	g->ibuf = malloc(DICT + (size_t)g->nlanes * GZFILE_CHUNK);
	if (g->ibuf == NULL)
		return -1;
	if (pthread_mutex_init(&g->mu, NULL) != 0 ||
	    pthread_cond_init(&g->cv, NULL) != 0) {
		free(g->ibuf);
		g->ibuf = NULL;
		errno = ENOMEM;
		return -1;
	}
	g->sync_ready = 1;
	for (i = 0; i < g->nlanes; i++) {
		rc = lane_init(g, &g->lane[i], level, i > 0);
		if (rc > 0) {
			/* No thread: fewer lanes, same output. */
			lane_end(g, &g->lane[i]);
			g->nlanes = i;
			break;
		}
		if (rc < 0) {
			rc = errno;
			gzfile_end(g);
			errno = rc;
			return -1;
		}
	}
	return 0;
}

/* Write the header (the first time), then the lanes' output in order,
 * and fold their CRCs and sizes into the file's. */
static int
emit(struct gzfile *g, int used)
{
	unsigned char head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	int i;

	if (!g->header_done) {
		head[8] = g->xfl;
		if (fd_write_all(g->out, head, sizeof head) < 0)
			return -1;
		g->header_done = 1;
	}
	for (i = 0; i < used; i++) {
		struct gzlane *l = &g->lane[i];

		if (l->olen > 0 && fd_write_all(g->out, l->obuf, l->olen) < 0)
			return -1;
		g->crc = crc32_combine(g->crc, l->crc, (z_off_t)l->srclen);
		g->isize += (uint32_t)l->srclen;
	}
	return 0;
}

/* Run lanes 0 to used-1: the helpers in their threads, lane 0 here. */
static int
run_lanes(struct gzfile *g, int used)
{
	int i;

	pthread_mutex_lock(&g->mu);
	for (i = 1; i < used; i++) {
		g->lane[i].done = 0;
		g->lane[i].posted = 1;
	}
	if (used > 1)
		pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
	lane_run(&g->lane[0]);
	pthread_mutex_lock(&g->mu);
	for (i = 1; i < used; i++)
		while (!g->lane[i].done)
			pthread_cond_wait(&g->cv, &g->mu);
	g->helped += (uint64_t)(used - 1);
	pthread_mutex_unlock(&g->mu);
	for (i = 0; i < used; i++)
		if (g->lane[i].err != 0) {
			errno = g->lane[i].err;
			return -1;
		}
	return 0;
}

/* End of input: the final (empty) block, then the trailer. */
static int
finish(struct gzfile *g)
{
	struct gzlane *l = &g->lane[0];
	unsigned char t[8];

	l->src = g->ibuf + g->dictlen;
	l->srclen = l->dictlen = 0;
	l->flush = Z_FINISH;
	if (run_lanes(g, 1) < 0 || emit(g, 1) < 0)
		return -1;
	le_put32(t, (uint32_t)g->crc);
	le_put32(t + 4, g->isize);
	return fd_write_all(g->out, t, sizeof t) < 0 ? -1 : 1;
}

int
gzfile_step(struct gzfile *g)
{
	unsigned char *data = g->ibuf + g->dictlen;
	size_t off = 0, len, total, keep;
	ssize_t n;
	int used = 0;

	n = fd_read(g->in, data, (size_t)g->nlanes * GZFILE_CHUNK);
	if (n < 0)
		return -1;
	if (n == 0)
		return finish(g);
	for (; off < (size_t)n; off += len, used++) {
		struct gzlane *l = &g->lane[used];

		len = (size_t)n - off < GZFILE_CHUNK ? (size_t)n - off :
		    GZFILE_CHUNK;
		l->src = data + off;
		l->srclen = len;
		l->dictlen = g->dictlen + off < DICT ? g->dictlen + off : DICT;
		l->flush = Z_SYNC_FLUSH;
	}
	if (run_lanes(g, used) < 0 || emit(g, used) < 0)
		return -1;
	/* The next step's chunks are primed with this step's last bytes. */
	total = g->dictlen + (size_t)n;
	keep = total < DICT ? total : DICT;
	memmove(g->ibuf, g->ibuf + total - keep, keep);
	g->dictlen = keep;
	return 0;
}

void
gzfile_end(struct gzfile *g)
{
	int i;

	for (i = GZFILE_LANES - 1; i >= 0; i--)
		lane_end(g, &g->lane[i]);
	if (g->sync_ready) {
		pthread_mutex_destroy(&g->mu);
		pthread_cond_destroy(&g->cv);
		g->sync_ready = 0;
	}
	free(g->ibuf);
	g->ibuf = NULL;
}
