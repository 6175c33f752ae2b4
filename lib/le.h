/* le.h: unsigned integers as little-endian bytes, whatever the host's
 * order: the pid table, the control protocol, journald's binary field
 * lengths, the commit mark and the gzip trailer all use it. POSIX has no
 * htole32(). */
#ifndef LIB_LE_H
#define LIB_LE_H

#include <stdint.h>

/* Store v at p[0..3] (le_put32) or p[0..7] (le_put64), low byte first. */
void le_put32(uint8_t *p, uint32_t v);
void le_put64(uint8_t *p, uint64_t v);

/* The value stored at p[0..3] (le_get32) or p[0..7] (le_get64). */
uint32_t le_get32(const uint8_t *p);
uint64_t le_get64(const uint8_t *p);

#endif
