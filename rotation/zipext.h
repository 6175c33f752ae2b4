/* zipext.h: the external compressor of perp 2.07 (TINYLOG_ZIP): a program
 * run with no arguments, the archive on its standard input and the
 * temporary file "zipped" on its standard output. It runs as a child of
 * the worker, so logging never waits for it. */
#ifndef ROTATION_ZIPEXT_H
#define ROTATION_ZIPEXT_H

#include <sys/types.h>

/* Start cmd with in as fd 0 and out as fd 1. The child dies with the
 * process (PR_SET_PDEATHSIG), so that a logger killed with SIGKILL leaves
 * no compressor behind. The child's pid, or -1 with errno. If exec fails
 * the child says so, as 2.07 did, and exits 111. */
pid_t zipext_spawn(const char *cmd, int in, int out);

/* Whether the wait status says the compressor succeeded; when not, warn
 * in 2.07's words about the archive name. */
int zipext_ok(int status, const char *name);

#endif
