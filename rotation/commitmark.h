/* commitmark.h: the commit mark, how far current holds batches whose
 * input may already be gone from the pipe. It is recorded on current
 * itself (an extended attribute) when current is opened and after each
 * write, before that input is consumed, so that after a SIGKILL (even
 * one in the middle of the first write) whatever current holds beyond the
 * mark was never consumed: it comes again from the pipe, and recovery cuts
 * it off (no torn last line, no batch twice). A mark is trusted only in
 * the boot that wrote it: after a crash of the machine the page cache
 * that kept mark and data in step is gone. Where the file system has no
 * user extended attributes nothing is recorded and recovery keeps all.
 * Each call is 0, or -1 with errno, unless it says otherwise. */
#ifndef ROTATION_COMMITMARK_H
#define ROTATION_COMMITMARK_H

#include <stdint.h>

#define CMARK_ATTR "user.tinylog.mark"
#define CMARK_BOOT 36 /* a boot id: 8-4-4-4-12 hexadecimal digits */

/* This boot's id (from /proc), without a NUL. */
int cmark_boot(char boot[CMARK_BOOT]);

/* Record that the file fd holds size bytes of committed batches. */
int cmark_set(int fd, const char boot[CMARK_BOOT], uint64_t size);

/* The mark of fd when this boot wrote it: 1 with *size, 0 when there is
 * none that can be trusted, -1 with errno. */
int cmark_get(int fd, const char boot[CMARK_BOOT], uint64_t *size);

/* Remove fd's mark; no mark is not an error. */
int cmark_clear(int fd);

#endif
