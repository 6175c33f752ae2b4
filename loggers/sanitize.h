/* sanitize.h: perp's rule for control bytes (pipeline.h). */
#ifndef LOGGERS_SANITIZE_H
#define LOGGERS_SANITIZE_H

#include <stddef.h>

/* Replace, in place, every byte below 0x20 except TAB and '\n' with '?'.
 * Bytes 0x7f and above pass untouched (UTF-8 survives). */
void sanitize(char *p, size_t n);

#endif
