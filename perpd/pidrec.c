/* pidrec.c: packing and checking the pid table's records (pidrec.h). */
#include <string.h>

#include "le.h"
#include "pidrec.h"

#define MAGIC "PERPTAB1"

/* FNV-1a: enough to tell a whole quarter from a torn or zeroed one. */
static uint32_t
sum(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static void
seal(uint8_t *q, size_t n)
{
	le_put32(q + n - 4, sum(q, n - 4));
}

static int
sealed(const uint8_t *q, size_t n, uint8_t kind)
{
	return q[0] == kind && le_get32(q + n - 4) == sum(q, n - 4);
}

void
pidrec_pack_header(uint8_t *rec, const struct pidrec_header *h)
{
	memset(rec, 0, PIDREC_SIZE);
	memcpy(rec, MAGIC, 8);
	memcpy(rec + 8, h->boot_id, strnlen(h->boot_id, 36));
	le_put64(rec + 48, h->dev);
	le_put64(rec + 56, h->ino);
	seal(rec, PIDREC_SIZE);
}

int
pidrec_unpack_header(const uint8_t *rec, struct pidrec_header *h)
{
	if (memcmp(rec, MAGIC, 8) != 0 ||
	    le_get32(rec + PIDREC_SIZE - 4) != sum(rec, PIDREC_SIZE - 4))
		return -1;
	memcpy(h->boot_id, rec + 8, 36);
	h->boot_id[36] = '\0';
	h->dev = le_get64(rec + 48);
	h->ino = le_get64(rec + 56);
	return 0;
}

void
pidrec_pack_service(uint8_t *q, const struct pidrec_service *s)
{
	memset(q, 0, PIDREC_QUARTER);
	q[0] = 'S';
	le_put64(q + 4, s->dev);
	le_put64(q + 12, s->ino);
	le_put64(q + 20, s->pipe_ino);
	seal(q, PIDREC_QUARTER);
}

int
pidrec_unpack_service(const uint8_t *q, struct pidrec_service *s)
{
	if (!sealed(q, PIDREC_QUARTER, 'S'))
		return -1;
	s->dev = le_get64(q + 4);
	s->ino = le_get64(q + 12);
	s->pipe_ino = le_get64(q + 20);
	return 0;
}

void
pidrec_pack_proc(uint8_t *q, const struct pidrec_proc *p)
{
	memset(q, 0, PIDREC_QUARTER);
	q[0] = 'P';
	q[1] = p->reset ? 1 : 0;
	le_put32(q + 4, (uint32_t)p->pid);
	le_put64(q + 8, p->starttime);
	le_put64(q + 16, (uint64_t)p->when.tv_sec);
	le_put32(q + 24, (uint32_t)p->when.tv_nsec);
	seal(q, PIDREC_QUARTER);
}

int
pidrec_unpack_proc(const uint8_t *q, struct pidrec_proc *p)
{
	if (!sealed(q, PIDREC_QUARTER, 'P') || le_get32(q + 4) == 0 ||
	    le_get32(q + 4) > 0x7fffffffu || le_get32(q + 24) >= 1000000000u)
		return -1;
	p->reset = q[1] != 0;
	p->pid = (pid_t)le_get32(q + 4);
	p->starttime = le_get64(q + 8);
	p->when.tv_sec = (time_t)le_get64(q + 16);
	p->when.tv_nsec = (long)le_get32(q + 24);
	return 0;
}

void
pidrec_pack_state(uint8_t *q, const struct pidrec_state *t)
{
	memset(q, 0, PIDREC_QUARTER);
	q[0] = 'T';
	q[1] = t->flags[0];
	q[2] = t->flags[1];
	le_put32(q + 4, t->backoff_ms[0]);
	le_put32(q + 8, t->backoff_ms[1]);
	le_put32(q + 12, t->starts[0]);
	le_put32(q + 16, t->starts[1]);
	seal(q, PIDREC_QUARTER);
}

int
pidrec_unpack_state(const uint8_t *q, struct pidrec_state *t)
{
	if (!sealed(q, PIDREC_QUARTER, 'T'))
		return -1;
	t->flags[0] = q[1];
	t->flags[1] = q[2];
	t->backoff_ms[0] = le_get32(q + 4);
	t->backoff_ms[1] = le_get32(q + 8);
	t->starts[0] = le_get32(q + 12);
	t->starts[1] = le_get32(q + 16);
	return 0;
}
