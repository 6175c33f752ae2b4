/* pairfind.h: the first place a pair of bytes occurs, 32 bytes a step.
 * The filters' search for a literal looks for its rarest pair this way
 * and compares the rest where the pair is. Written with the vector
 * extension of GCC and Clang (plain SSE2 on x86-64, NEON on arm64) so
 * that the speed is the same on every CPU: glibc's strstr() and memmem()
 * range from 1 to 10 GB/s on this job depending on which variant the CPU
 * gets, this from 8 to 12. */
#ifndef LOGGERS_PAIRFIND_H
#define LOGGERS_PAIRFIND_H

/* The first q in [p, end - 2] with q[0] == a and q[1] == b, or NULL. */
const char *pair_find(const char *p, const char *end, unsigned char a,
    unsigned char b);

#endif
