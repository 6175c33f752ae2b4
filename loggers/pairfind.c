/* pairfind.c: a pair of bytes, 32 bytes a step (pairfind.h). */
#include <stdint.h>
#include <string.h>

#include "pairfind.h"

typedef unsigned char v16 __attribute__((vector_size(16)));
typedef uint64_t v2 __attribute__((vector_size(16)));

/* The index of the first nonzero byte of m, or -1. The lanes are little
 * endian words on x86-64 and arm64 alike. */
static int
first_set(v16 m)
{
	v2 w = (v2)m;

	if (w[0] != 0)
		return __builtin_ctzll(w[0]) / 8;
	return w[1] != 0 ? 8 + __builtin_ctzll(w[1]) / 8 : -1;
}

const char *
pair_find(const char *p, const char *end, unsigned char a, unsigned char b)
{
	const unsigned char *q = (const unsigned char *)p;
	const unsigned char *e = (const unsigned char *)end;
	v16 va = (v16){ 0 } + a, vb = (v16){ 0 } + b, x0, y0, x1, y1, m0, m1;
	v2 any;
	int i;

	/* A step compares q[0..31] with a and q[1..32] with b; two vectors
	 * a step, tested together, keep the loop short. */
	for (; e - q >= 33; q += 32) {
		memcpy(&x0, q, sizeof x0);
		memcpy(&y0, q + 1, sizeof y0);
		memcpy(&x1, q + 16, sizeof x1);
		memcpy(&y1, q + 17, sizeof y1);
		m0 = (v16)((x0 == va) & (y0 == vb));
		m1 = (v16)((x1 == va) & (y1 == vb));
		any = (v2)(m0 | m1);
		if ((any[0] | any[1]) == 0)
			continue;
		if ((i = first_set(m0)) >= 0)
			return (const char *)q + i;
		return (const char *)q + 16 + first_set(m1);
	}
	for (; e - q >= 2; q++)
		if (q[0] == a && q[1] == b)
			return (const char *)q;
	return NULL;
}
