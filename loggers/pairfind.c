/* pairfind.c: a pair of bytes, 32 or 64 bytes a step (pairfind.h).
 *
 * Two copies of one loop. The base one is written with the vector
 * extension of GCC and Clang, 16-byte vectors that become SSE2 on x86-64
 * and NEON on arm64. On x86-64 a second copy, with AVX2's intrinsics,
 * takes 64 bytes a step and scans 1.5 to 3 times as fast; pair_find()
 * takes it when the CPU has AVX2. They cannot be one body of 32-byte
 * vectors: without AVX, GCC turns those into byte-by-byte code, 30 times
 * slower, and its test of a whole vector against zero is slow. */
#include <stdint.h>
#include <string.h>

#include "pairfind.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef unsigned char v16 __attribute__((vector_size(16)));
typedef uint64_t w2 __attribute__((vector_size(16)));

/* The index of the first nonzero byte of the n words at w, or -1. The
 * first byte in memory is a word's lowest on x86-64 and arm64, its
 * highest on a big-endian machine (s390x). */
static inline int
first_set(const uint64_t *w, int n)
{
	int k;

	for (k = 0; k < n; k++)
		if (w[k] != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			return k * 8 + __builtin_clzll(w[k]) / 8;
#else
			return k * 8 + __builtin_ctzll(w[k]) / 8;
#endif
		}
	return -1;
}

/* The end of a scan: the pair in the last bytes, one by one. */
static const char *
tail(const unsigned char *q, const unsigned char *e, unsigned char a,
    unsigned char b)
{
	for (; e - q >= 2; q++)
		if (q[0] == a && q[1] == b)
			return (const char *)q;
	return NULL;
}

const char *
pair_find_base(const char *p, const char *end, unsigned char a,
    unsigned char b)
{
	const unsigned char *q = (const unsigned char *)p;
	const unsigned char *e = (const unsigned char *)end;
	v16 va = (v16){ 0 } + a, vb = (v16){ 0 } + b, x0, y0, x1, y1;
	w2 m[2];
	int i;

	/* A step compares q[0..31] with a and q[1..32] with b; two vectors
	 * a step, tested together, keep the loop short. */
	for (; e - q >= 33; q += 32) {
		memcpy(&x0, q, sizeof x0);
		memcpy(&y0, q + 1, sizeof y0);
		memcpy(&x1, q + 16, sizeof x1);
		memcpy(&y1, q + 17, sizeof y1);
		m[0] = (w2)((x0 == va) & (y0 == vb));
		m[1] = (w2)((x1 == va) & (y1 == vb));
		if (((m[0] | m[1])[0] | (m[0] | m[1])[1]) == 0)
			continue;
		if ((i = first_set((const uint64_t *)&m[0], 2)) >= 0)
			return (const char *)q + i;
		return (const char *)q + 16 +
		    first_set((const uint64_t *)&m[1], 2);
	}
	return tail(q, e, a, b);
}

#if defined(__x86_64__)
/* 0xff at byte i where q[i] == a and q[i + 1] == b, for i in 0..31. */
static inline __attribute__((target("avx2"))) __m256i
pairs32(const unsigned char *q, __m256i va, __m256i vb)
{
	__m256i x = _mm256_loadu_si256((const void *)q);
	__m256i y = _mm256_loadu_si256((const void *)(q + 1));

	return _mm256_and_si256(_mm256_cmpeq_epi8(x, va),
	    _mm256_cmpeq_epi8(y, vb));
}

__attribute__((target("avx2"))) const char *
pair_find_wide(const char *p, const char *end, unsigned char a,
    unsigned char b)
{
	const unsigned char *q = (const unsigned char *)p;
	const unsigned char *e = (const unsigned char *)end;
	__m256i va = _mm256_set1_epi8((char)a), vb = _mm256_set1_epi8((char)b);
	__m256i m0, m1, any;
	unsigned bits;

	/* The same loop, q[0..63] a step. */
	for (; e - q >= 65; q += 64) {
		m0 = pairs32(q, va, vb);
		m1 = pairs32(q + 32, va, vb);
		any = _mm256_or_si256(m0, m1);
		if (_mm256_testz_si256(any, any))
			continue;
		if ((bits = (unsigned)_mm256_movemask_epi8(m0)) != 0)
			return (const char *)q + __builtin_ctz(bits);
		bits = (unsigned)_mm256_movemask_epi8(m1);
		return (const char *)q + 32 + __builtin_ctz(bits);
	}
	return tail(q, e, a, b);
}

int
pair_find_has_wide(void)
{
	return __builtin_cpu_supports("avx2");
}
#else
const char *
pair_find_wide(const char *p, const char *end, unsigned char a,
    unsigned char b)
{
	return pair_find_base(p, end, a, b);
}

int
pair_find_has_wide(void)
{
	return 0;
}
#endif

const char *
pair_find(const char *p, const char *end, unsigned char a, unsigned char b)
{
	if (pair_find_has_wide())
		return pair_find_wide(p, end, a, b);
	return pair_find_base(p, end, a, b);
}
