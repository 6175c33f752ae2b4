/* journalbatch.c: making a batch's entries from segments (journalbatch.h).
 * Linux: getrandom for the ids of split lines, memfds for long lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "journalbatch.h"
#include "prio.h"

#define STAMP_ROOM 64 /* more than any stamp */

int
jbatch_init(struct jbatch *b, size_t limit, size_t window, int strip,
    const struct jfields *f)
{
	memset(b, 0, sizeof *b);
	b->lg.mf.fd = -1;
	b->limit = limit;
	b->strip = strip;
	b->f = f;
	if (f != NULL) {
		if (jm_head_init(&b->head, f) < 0)
			return -1;
		b->limit = jm_limit(&b->head, limit);
		b->stream = b->limit > window;
		if (b->limit == 0) { /* fixed fields past journald's limit */
			jm_head_free(&b->head);
			errno = E2BIG;
			return -1;
		}
	}
	/* Room for a whole window of lines and their stamps at once. */
	b->cap = 2 * window + STAMP_ROOM;
	b->buf = malloc(JB_ROOM + b->cap);
	b->entcap = JB_ENTRIES;
	b->ent = calloc(b->entcap, sizeof *b->ent);
	/* Joined: the limit and one segment (see put_long). Streamed: no
	 * more than the window is ever held. */
	b->lg.cap = b->stream ? 0 : b->limit + window + STAMP_ROOM;
	b->lg.buf = malloc(JB_ROOM + b->lg.cap);
	if (b->buf == NULL || b->ent == NULL || b->lg.buf == NULL) {
		jbatch_free(b);
		return -1;
	}
	return 0;
}

void
jbatch_free(struct jbatch *b)
{
	if (b->ent != NULL)
		jbatch_clear(b);
	jm_close(&b->lg.mf);
	free(b->buf);
	free(b->ent);
	free(b->lg.buf);
	jm_head_free(&b->head);
	b->buf = b->lg.buf = NULL;
	b->ent = NULL;
}

void
jbatch_clear(struct jbatch *b)
{
	size_t i;

	for (i = 0; i < b->nent; i++)
		if (b->ent[i].fd >= 0)
			close(b->ent[i].fd);
	b->nent = b->len = 0;
}

void
jbatch_drop(struct jbatch *b)
{
	jbatch_clear(b);
	jm_close(&b->lg.mf);
	b->lg.active = 0;
	b->lg.len = b->lg.cut = 0;
}

/* A fresh id for the pieces of one split line. */
static void
new_line_id(struct jbatch *b, struct jpiece *pc)
{
	struct timespec ts;
	uint32_t n = ++b->idcount;
	uint32_t pid = (uint32_t)getpid();

	if (getrandom(pc->id, sizeof pc->id, GRND_NONBLOCK) ==
	    (ssize_t)sizeof pc->id)
		return;
	/* No entropy yet (early boot): unique is enough. */
	clock_gettime(CLOCK_REALTIME, &ts);
	memset(pc->id, 0, sizeof pc->id);
	memcpy(pc->id, &ts.tv_sec, 4);
	memcpy(pc->id + 4, &ts.tv_nsec, 4);
	memcpy(pc->id + 8, &pid, 4);
	memcpy(pc->id + 12, &n, 4);
}

/* The line's priority (6 when it announces none); under -s, *skip gets
 * the length of its prefix and the blanks after it, else 0. */
static int
line_prio(const struct jbatch *b, const char *p, size_t n, size_t *skip)
{
	int prio = prio_parse(p, n, skip);

	if (!b->strip || prio < 0) {
		*skip = 0;
		return prio < 0 ? 6 : prio; /* LOG_INFO */
	}
	while (*skip < n && (p[*skip] == ' ' || p[*skip] == '\t'))
		(*skip)++;
	return prio;
}

/* Copy the stamp and the line, less skip bytes, to dst. */
static size_t
copy_line(char *dst, const struct seg *sg, size_t skip, const char *stamp,
    size_t slen)
{
	memcpy(dst, stamp, slen);
	memcpy(dst + slen, sg->p + skip, sg->len - skip);
	return slen + sg->len - skip;
}

static void
add_entry(struct jbatch *b, char *text, size_t len, int prio,
    const struct jpiece *pc)
{
	struct jentry *e = &b->ent[b->nent++];

	e->text = text;
	e->len = len;
	e->prio = prio;
	e->fd = -1;
	if (pc != NULL)
		e->pc = *pc;
	else
		memset(&e->pc, 0, sizeof e->pc);
}

/* How many entries text (len bytes) makes. */
static size_t
count_pieces(const struct jbatch *b, const char *text, size_t len)
{
	size_t n = 0, cut;

	do {
		cut = jf_cut(text, len, b->limit);
		text += cut;
		len -= cut;
		n++;
	} while (len > 0);
	return n;
}

/* A whole line: copied into the batch, one entry or pieces. */
static int
put_line(struct jbatch *b, const struct seg *sg, const char *stamp,
    size_t slen)
{
	struct jpiece pc;
	size_t skip, len, cut;
	int prio = line_prio(b, sg->p, sg->len, &skip);
	char *text = b->buf + JB_ROOM + b->len;

	if (b->len + slen + sg->len > b->cap) {
		errno = ENOBUFS;
		return -1;
	}
	len = copy_line(text, sg, skip, stamp, slen);
	if (b->nent + count_pieces(b, text, len) > b->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	b->len += len;
	if (len <= b->limit) {
		add_entry(b, text, len, prio, NULL);
		return 0;
	}
	new_line_id(b, &pc);
	for (pc.num = 1; len > 0; pc.num++) {
		cut = jf_cut(text, len, b->limit);
		pc.last = cut == len;
		add_entry(b, text, cut, prio, &pc);
		text += cut;
		len -= cut;
	}
	return 0;
}

/* Make pieces of the long line while more than the limit is left; at its
 * end, the rest is the last piece (or the whole line, never split). */
static void
cut_long(struct jbatch *b, int end)
{
	struct jlong *g = &b->lg;
	char *text = g->buf + JB_ROOM;
	size_t cut;

	while (g->len - g->cut > b->limit) {
		if (g->pc.num == 0)
			new_line_id(b, &g->pc);
		cut = jf_cut(text + g->cut, g->len - g->cut, b->limit);
		g->pc.num++;
		g->pc.last = 0;
		add_entry(b, text + g->cut, cut, g->prio, &g->pc);
		g->cut += cut;
	}
	if (!end)
		return;
	if (g->pc.num == 0) {
		add_entry(b, text, g->len, g->prio, NULL);
	} else {
		g->pc.num++;
		g->pc.last = 1;
		add_entry(b, text + g->cut, g->len - g->cut, g->prio, &g->pc);
	}
	g->cut = g->len;
}

/* A segment of a line longer than the window, joined. It comes first in
 * its batch, so the pieces made before were delivered, and their bytes
 * can go; what is left is at most the limit, so a segment fits. */
static int
put_long(struct jbatch *b, const struct seg *sg, const char *stamp,
    size_t slen)
{
	struct jlong *g = &b->lg;
	char *text = g->buf + JB_ROOM;
	int fresh = sg->start || !g->active;
	size_t skip = 0, keep = fresh ? 0 : g->len - g->cut;

	if (keep + slen + sg->len > g->cap ||
	    b->nent + (keep + slen + sg->len) / b->limit + 2 > b->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	g->active = !sg->end;
	if (fresh) {
		g->prio = line_prio(b, sg->p, sg->len, &skip);
		g->len = copy_line(text, sg, skip, stamp, slen);
		g->pc.num = 0;
	} else {
		memmove(text, text + g->cut, keep);
		memcpy(text + keep, sg->p, sg->len);
		g->len = keep + sg->len;
	}
	g->cut = 0;
	cut_long(b, sg->end);
	return 0;
}

/* Streamed: a new memfd for the next piece of the line. */
static int
open_piece(struct jbatch *b)
{
	int fd = jm_create();

	if (fd < 0)
		return -1;
	return jm_start(&b->lg.mf, fd);
}

/* Streamed: the piece is complete (last: the line ends with it); sealed,
 * its memfd becomes an entry. */
static int
end_piece(struct jbatch *b, int last)
{
	struct jlong *g = &b->lg;
	struct jpiece *pc = NULL;

	if (g->pc.num == 0 && !last)
		new_line_id(b, &g->pc); /* the first of several */
	if (g->pc.num != 0 || !last) {
		g->pc.num++;
		g->pc.last = last;
		pc = &g->pc;
	}
	if (jm_end(&g->mf, &b->head, b->f, g->prio, pc) < 0 ||
	    jm_seal(g->mf.fd) < 0)
		return -1;
	add_entry(b, NULL, (size_t)g->mf.len, g->prio, pc);
	b->ent[b->nent - 1].fd = g->mf.fd;
	g->mf.fd = -1;
	return 0;
}

/* Streamed: write text (n bytes) on, ending a piece each time more than
 * the limit is there. A cut may fall up to 3 bytes before what the piece
 * holds (not to split a UTF-8 sequence): those go on in the next one. */
static int
stream_text(struct jbatch *b, const char *p, size_t n)
{
	struct jmfile *m = &b->lg.mf;
	unsigned char carry[3];
	size_t cut, tlen, k;

	while (m->len + n > b->limit) {
		tlen = m->len < 3 ? (size_t)m->len : 3;
		cut = jf_cut_more(m->tail + 3 - tlen, tlen, (size_t)m->len, p,
		    n, b->limit);
		k = cut >= m->len ? cut - (size_t)m->len : 0;
		if (jm_append(m, p, k) < 0)
			return -1;
		p += k;
		n -= k;
		k = cut < m->len ? (size_t)m->len - cut : 0;
		jm_unwrite(m, k, carry);
		if (end_piece(b, 0) < 0 || open_piece(b) < 0 ||
		    jm_append(m, carry, k) < 0)
			return -1;
	}
	return jm_append(m, p, n);
}

/* A segment of a line longer than the window, streamed. It comes first
 * in its batch, so room for its pieces is there. */
static int
put_stream(struct jbatch *b, const struct seg *sg, const char *stamp,
    size_t slen)
{
	struct jlong *g = &b->lg;
	size_t skip = 0;

	if (b->nent + 4 > b->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	if (sg->start || !g->active) {
		jm_close(&g->mf); /* the rest of a line given up */
		g->prio = line_prio(b, sg->p, sg->len, &skip);
		g->pc.num = 0;
		g->active = 1;
		if (open_piece(b) < 0 || jm_append(&g->mf, stamp, slen) < 0)
			goto broken;
	}
	if (stream_text(b, sg->p + skip, sg->len - skip) < 0 ||
	    (sg->end && end_piece(b, 1) < 0))
		goto broken;
	g->active = !sg->end;
	return 0;
broken:
	g->active = 0;
	return -1;
}

int
jbatch_put(struct jbatch *b, const struct seg *sg, const char *stamp,
    size_t slen)
{
	if (b->nent == b->entcap) {
		errno = ENOBUFS;
		return -1;
	}
	if (sg->start && sg->end)
		return put_line(b, sg, stamp, slen);
	if (b->stream)
		return put_stream(b, sg, stamp, slen);
	return put_long(b, sg, stamp, slen);
}
