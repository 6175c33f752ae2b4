/* pidrec.h: the records of the pid table .control/perpd.table, which
 * lets a perpd started after a crash of the previous one find every
 * process that one left running.
 *
 * The file is an array of 128-byte records. Record 0 is the header:
 *      0  "PERPTAB1"
 *      8  boot id (36 characters and a NUL): a table from an earlier boot
 *         names pids that mean nothing now
 *     48  u64 dev, u64 ino of BASE
 *    124  u32 checksum of bytes 0..123
 * Record N >= 1 is one service, as four 32-byte quarters, each written
 * with one pwrite() and checked by its own checksum, so that a torn or
 * stale quarter reads as empty:
 *      0  'S'  service: u64 dev, u64 ino, u64 log pipe inode (0: none)
 *     32  'P'  main process: u32 pid, u64 start time (/proc ticks), the
 *              wall clock of the fork (u64 s, u32 ns), a reset flag
 *     64  'P'  log process: the same
 *     96  'T'  state: per sub the flags (SUBF_WANTDOWN, SUBF_ISONCE), the
 *              back-off and the start count
 * perpd writes quarters 0 and 3; a child writes its own process quarter
 * after fork and before exec, so that no process ever runs unrecorded;
 * perpd clears it when it has seen the process end. Integers are
 * little-endian; an all-zero quarter is empty. */
#ifndef PERPD_PIDREC_H
#define PERPD_PIDREC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define PIDREC_SIZE 128
#define PIDREC_QUARTER 32
#define PIDREC_MAIN 32
#define PIDREC_LOG 64
#define PIDREC_STATE 96

struct pidrec_header {
	char boot_id[37];
	uint64_t dev, ino;
};

struct pidrec_service {
	uint64_t dev, ino, pipe_ino;
};

struct pidrec_proc {
	pid_t pid;
	int reset;           /* the process is a reset runscript */
	uint64_t starttime;  /* /proc/PID/stat field 22 */
	struct timespec when;
};

struct pidrec_state {
	uint8_t flags[2];    /* main, log */
	uint32_t backoff_ms[2];
	uint32_t starts[2];
};

/* Encoders fill a whole record (header) or one quarter. */
void pidrec_pack_header(uint8_t *rec, const struct pidrec_header *h);
void pidrec_pack_service(uint8_t *q, const struct pidrec_service *s);
void pidrec_pack_proc(uint8_t *q, const struct pidrec_proc *p);
void pidrec_pack_state(uint8_t *q, const struct pidrec_state *t);

/* Decoders: 0, or -1 when the bytes are empty, torn or of another kind. */
int pidrec_unpack_header(const uint8_t *rec, struct pidrec_header *h);
int pidrec_unpack_service(const uint8_t *q, struct pidrec_service *s);
int pidrec_unpack_proc(const uint8_t *q, struct pidrec_proc *p);
int pidrec_unpack_state(const uint8_t *q, struct pidrec_state *t);

#endif
