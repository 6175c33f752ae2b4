/* journalmemfd.c: a journal entry streamed into a memfd (journalmemfd.h).
 * Linux: memfd_create(2) and file seals. Writes go at explicit offsets,
 * so that taking bytes back and patching the length need no seeking. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "journalmemfd.h"
#include "le.h"

/* What an entry holds besides the fixed fields and MESSAGE's text:
 * "PRIORITY=N\n", MESSAGE's head and newline, the piece fields at their
 * longest, and room for journald's count of separators and of the field
 * it adds (_TRANSPORT=journal), which it checks against JM_ENTRY_MAX. */
#define JM_OVERHEAD (11 + 8 + 8 + 1 + 96 + 64)

#define JM_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)

size_t
jm_binhead(char *out, const char *name, size_t nlen, uint64_t len)
{
	memcpy(out, name, nlen);
	out[nlen] = '\n';
	le_put64((uint8_t *)out + nlen + 1, len);
	return nlen + 1 + 8;
}

/* One "NAME=value" field encoded at out (NULL: only its size): as it is
 * with a newline after it, or in the binary form when the value holds a
 * newline (journald would end the field there). */
static size_t
encode(char *out, const char *kv, size_t n)
{
	const char *eq = memchr(kv, '=', n);
	size_t nlen = (size_t)(eq - kv), vlen = n - nlen - 1, hl;

	if (memchr(eq + 1, '\n', vlen) == NULL) {
		if (out != NULL) {
			memcpy(out, kv, n);
			out[n] = '\n';
		}
		return n + 1;
	}
	if (out == NULL)
		return nlen + 1 + 8 + vlen + 1;
	hl = jm_binhead(out, kv, nlen, vlen);
	memcpy(out + hl, eq + 1, vlen);
	out[hl + vlen] = '\n';
	return hl + vlen + 1;
}

int
jm_head_init(struct jmhead *h, const struct jfields *f)
{
	size_t i, len = 0;

	for (i = 0; i < f->nfixed; i++)
		len += encode(NULL, f->fixed[i].iov_base, f->fixed[i].iov_len);
	h->buf = malloc(len + 1);
	if (h->buf == NULL)
		return -1;
	h->len = 0;
	for (i = 0; i < f->nfixed; i++)
		h->len += encode(h->buf + h->len, f->fixed[i].iov_base,
		    f->fixed[i].iov_len);
	return 0;
}

void
jm_head_free(struct jmhead *h)
{
	free(h->buf);
	h->buf = NULL;
	h->len = 0;
}

size_t
jm_limit(const struct jmhead *h, size_t want)
{
	uint64_t room = JM_ENTRY_MAX - JM_OVERHEAD;

	room = h->len < room ? room - h->len : 0;
	if (room > JM_DATA_MAX)
		room = JM_DATA_MAX;
	return want < room ? want : (size_t)room;
}

int
jm_create(void)
{
	return memfd_create("journalog", MFD_CLOEXEC | MFD_ALLOW_SEALING);
}

/* Write all n bytes at off. 0, or -1 with errno. */
static int
put_at(int fd, uint64_t off, const void *p, size_t n)
{
	const char *c = p;
	ssize_t r;

	while (n > 0) {
		r = pwrite(fd, c, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		c += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/* Append n bytes that are not MESSAGE's text. */
static int
put(struct jmfile *m, const void *p, size_t n)
{
	if (put_at(m->fd, m->off, p, n) < 0)
		return -1;
	m->off += n;
	return 0;
}

int
jm_start(struct jmfile *m, int fd)
{
	char head[JM_BINHEAD_MAX];
	int err;

	memset(m, 0, sizeof *m);
	m->fd = fd;
	/* The length stays 0 until jm_end knows it. */
	m->lenat = 8;
	if (put(m, head, jm_binhead(head, "MESSAGE", 7, 0)) == 0)
		return 0;
	err = errno;
	jm_close(m);
	errno = err;
	return -1;
}

/* Keep the last 3 bytes of MESSAGE, for the next cut. */
static void
keep_tail(struct jmfile *m, const unsigned char *p, size_t n)
{
	size_t keep;

	if (n >= 3) {
		memcpy(m->tail, p + n - 3, 3);
		return;
	}
	keep = 3 - n;
	memmove(m->tail, m->tail + n, keep);
	memcpy(m->tail + keep, p, n);
}

int
jm_append(struct jmfile *m, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (put(m, p, n) < 0)
		return -1;
	keep_tail(m, p, n);
	m->len += n;
	return 0;
}

void
jm_unwrite(struct jmfile *m, size_t n, unsigned char *out)
{
	/* tail ends with the last byte written; n <= min(len, 3). */
	memcpy(out, m->tail + 3 - n, n);
	m->off -= n;
	m->len -= n;
}

/* The piece fields of pc, after the others. */
static int
put_piece(struct jmfile *m, const struct jpiece *pc)
{
	static const char last[] = "PERP_PIECE_LAST=1\n";
	struct jpiecetext pt;

	jf_piece_fields(pc, &pt);
	if (put(m, pt.id, strlen(pt.id)) < 0 || put(m, "\n", 1) < 0 ||
	    put(m, pt.num, strlen(pt.num)) < 0 || put(m, "\n", 1) < 0)
		return -1;
	return pc->last ? put(m, last, sizeof last - 1) : 0;
}

int
jm_end(struct jmfile *m, const struct jmhead *h, const struct jfields *f,
    int prio, const struct jpiece *pc)
{
	const char *pr = f->prio[prio & 7];
	unsigned char len[8];

	le_put64(len, m->len);
	if (put_at(m->fd, m->lenat, len, 8) < 0 || put(m, "\n", 1) < 0 ||
	    put(m, pr, strlen(pr)) < 0 || put(m, "\n", 1) < 0 ||
	    put(m, h->buf, h->len) < 0 ||
	    (pc != NULL && pc->num != 0 && put_piece(m, pc) < 0))
		return -1;
	/* Bytes taken back (jm_unwrite) may lie beyond the end. */
	return ftruncate(m->fd, (off_t)m->off);
}

int
jm_seal(int fd)
{
	return fcntl(fd, F_ADD_SEALS, JM_SEALS);
}

void
jm_close(struct jmfile *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}
