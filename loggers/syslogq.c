/* syslogq.c: the messages sissylog holds (syslogq.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syslogq.h"

int
sysq_init(struct syslogq *q, size_t cap, size_t rcap)
{
	memset(q, 0, sizeof *q);
	q->buf = malloc(cap);
	q->rec = malloc(rcap * sizeof *q->rec);
	if (q->buf == NULL || q->rec == NULL) {
		sysq_free(q);
		errno = ENOMEM;
		return -1;
	}
	q->cap = cap;
	q->rcap = rcap;
	return 0;
}

void
sysq_free(struct syslogq *q)
{
	free(q->buf);
	free(q->rec);
	q->buf = NULL;
	q->rec = NULL;
}

static struct sysrec *
at(const struct syslogq *q, size_t i)
{
	return &q->rec[(q->head + i) % q->rcap];
}

const struct sysrec *
sysq_rec(const struct syslogq *q, size_t i)
{
	return at(q, i);
}

const char *
sysq_data(const struct syslogq *q, size_t i)
{
	return q->buf + at(q, i)->off;
}

/* Move the bytes in use to the start of the arena. */
static void
compact(struct syslogq *q)
{
	size_t i;

	if (q->lo == 0)
		return;
	memmove(q->buf, q->buf + q->lo, q->hi - q->lo);
	for (i = 0; i < q->n; i++)
		at(q, i)->off -= q->lo;
	q->hi -= q->lo;
	q->lo = 0;
}

char *
sysq_reserve(struct syslogq *q, size_t max)
{
	if (q->n == q->rcap) {
		errno = ENOBUFS;
		return NULL;
	}
	if (q->cap - q->hi < max)
		compact(q);
	if (q->cap - q->hi < max) {
		errno = ENOBUFS;
		return NULL;
	}
	return q->buf + q->hi;
}

void
sysq_commit(struct syslogq *q, size_t len)
{
	struct sysrec *r = at(q, q->n);

	r->off = q->hi;
	r->len = len;
	q->hi += len;
	q->n++;
}

size_t
sysq_prefix(const struct syslogq *q, size_t len, char *out)
{
	int n;

	if (q->frame != SYSFRAME_OCTET)
		return 0;
	n = snprintf(out, SYSQ_PREFIX_MAX, "%zu ", len);
	return n < 0 ? 0 : (size_t)n;
}

size_t
sysq_wirelen(const struct syslogq *q, size_t len)
{
	char pfx[SYSQ_PREFIX_MAX];

	switch (q->frame) {
	case SYSFRAME_OCTET:
		return sysq_prefix(q, len, pfx) + len;
	case SYSFRAME_LF:
	case SYSFRAME_NUL:
		return len + 1;
	default:
		return len;
	}
}

int
sysq_suffix(const struct syslogq *q)
{
	if (q->frame == SYSFRAME_LF)
		return '\n';
	if (q->frame == SYSFRAME_NUL)
		return '\0';
	return -1;
}

void
sysq_advance(struct syslogq *q, size_t bytes)
{
	size_t left;

	while (bytes > 0 && q->sent < q->n) {
		left = sysq_wirelen(q, at(q, q->sent)->len) - q->part;
		if (bytes < left) {
			q->part += bytes;
			q->histwire += bytes;
			return;
		}
		bytes -= left;
		q->histwire += left;
		q->part = 0;
		q->sent++;
	}
}

/* Forget the k oldest records. */
static void
retire(struct syslogq *q, size_t k)
{
	q->head = (q->head + k) % q->rcap;
	q->n -= k;
	q->sent -= k;
	q->batch = q->batch > k ? q->batch - k : 0;
	if (q->n == 0)
		q->lo = q->hi = 0;
	else
		q->lo = at(q, 0)->off;
}

void
sysq_confirm(struct syslogq *q, size_t unconfirmed)
{
	size_t k = 0, w;

	/* Keep the newest sent records that cover the unconfirmed bytes. */
	while (k < q->sent) {
		w = sysq_wirelen(q, at(q, k)->len);
		if (q->histwire - w < unconfirmed)
			break;
		q->histwire -= w;
		k++;
	}
	if (k > 0)
		retire(q, k);
}

void
sysq_trim(struct syslogq *q, size_t max)
{
	size_t k = 0, w;

	while (k < q->sent && q->histwire > max) {
		w = sysq_wirelen(q, at(q, k)->len);
		q->histwire -= w;
		k++;
	}
	if (k > 0)
		retire(q, k);
}

void
sysq_truncate(struct syslogq *q, size_t n)
{
	if (n >= q->n)
		return;
	q->n = n;
	q->hi = n > 0 ? at(q, n - 1)->off + at(q, n - 1)->len : q->lo;
	if (q->n == 0)
		q->lo = q->hi = 0;
}

void
sysq_rewind(struct syslogq *q)
{
	q->sent = 0;
	q->part = 0;
	q->histwire = 0;
}

void
sysq_settle(struct syslogq *q)
{
	q->batch = q->n;
}

void
sysq_discard(struct syslogq *q)
{
	size_t i;

	if (q->batch >= q->n)
		return;
	q->hi = at(q, q->batch)->off;
	q->n = q->batch;
	if (q->sent > q->n || (q->sent == q->n && q->part > 0)) {
		q->sent = q->n;
		q->part = 0;
		q->histwire = 0;
		for (i = 0; i < q->sent; i++)
			q->histwire += sysq_wirelen(q, at(q, i)->len);
	}
	if (q->n == 0)
		q->lo = q->hi = 0;
}

size_t
sysq_unsent(const struct syslogq *q)
{
	return q->n - q->sent;
}

size_t
sysq_unsent_bytes(const struct syslogq *q)
{
	return q->sent < q->n ? q->hi - at(q, q->sent)->off : 0;
}

size_t
sysq_batch_bytes(const struct syslogq *q)
{
	return q->batch < q->n ? q->hi - at(q, q->batch)->off : 0;
}
