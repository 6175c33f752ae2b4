/* pairfind.h: the first place a pair of bytes occurs, with vectors.
 * The filters' search for a literal looks for its rarest pair this way
 * and compares the rest where the pair is. It is our own vector loop
 * (pairfind.c) so that the speed does not depend on which variant of
 * glibc's strstr() or memmem() the CPU gets: those range from
 * 1 to 10 GB/s on this job, this from 11 to 17 GB/s with SSE2 and from 24
 * to 40 GB/s with AVX2 (bytes in cache, an AMD EPYC of 2021). */
#ifndef LOGGERS_PAIRFIND_H
#define LOGGERS_PAIRFIND_H

/* The first q in [p, end - 2] with q[0] == a and q[1] == b, or NULL. */
const char *pair_find(const char *p, const char *end, unsigned char a,
    unsigned char b);

/* The two copies pair_find() chooses from, for tests: the base one runs
 * anywhere, the wide one (AVX2 on x86-64, the base one elsewhere) only
 * where pair_find_has_wide() says so. */
const char *pair_find_base(const char *p, const char *end, unsigned char a,
    unsigned char b);
const char *pair_find_wide(const char *p, const char *end, unsigned char a,
    unsigned char b);
int pair_find_has_wide(void);

#endif
