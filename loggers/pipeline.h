/* pipeline.h: map to source of the logging pipeline shared by tinylog,
 * sissylog and journalog.
 *
 *   stdin -> input -> frame -> sanitize -> filter -> stamp -> sink
 *
 *   input.c     reads stdin. When stdin is a pipe it copies the pipe's
 *               contents with tee(2) and consumes bytes only after the sink
 *               has taken them (input_consume), so a logger killed with
 *               SIGKILL loses nothing: its successor re-reads them.
 *   frame.c     cuts the input into segments: a whole line, or the pieces
 *               of a line longer than the input window. A final line
 *               without '\n' at end of file is a line too.
 *   sanitize.c  turns bytes below 0x20 other than TAB into '?' (perp's
 *               rule), in place; bytes >= 0x80 pass. Off in raw mode (-b).
 *   filter.c    include (-i) and exclude (-x) rules, POSIX EREs, s6-log
 *               semantics: the last rule that matches decides; a line no
 *               rule matches is kept. They see the first -m bytes.
 *   stamp.c     the stamp prefix, formatted once per read: perp, tai64n,
 *               rfc3339, local, unix.
 *   prio.c      the priority a line announces ("error:", "<3>", ...), for
 *               the syslog and journald sinks.
 *   gap.c       the loss policy's accounting: what was dropped, when and
 *               why, and the gap record written when the sink recovers.
 *   sink.h      the interface every sink implements (a closed set:
 *               sink_dir for tinylog, sink_syslog, sink_journal).
 *   logopts.c   the options all three loggers share: -i -x -m -f -p -b.
 *   loop.c      the event loop: signals, stdin, the sink's descriptor and
 *               deadline; it drives the stages and applies the policy.
 *
 * Memory is bounded whatever the input: the input window (the pipe's
 * capacity, 64 KiB by default) and each sink's batch buffer are sized at
 * start; a line longer than the window goes through in segments. */
#ifndef LOGGERS_PIPELINE_H
#define LOGGERS_PIPELINE_H

#include <stddef.h>

/* A piece of one line: the whole line (start and end both set), or one of
 * the pieces of a line longer than the input window. p points into the
 * input window and is valid until the next input_fill(); the '\n' is not
 * included. */
struct seg {
	const char *p;
	size_t len;
	int start; /* first piece of its line: stamp and filter here */
	int end;   /* last piece: the line ends after it */
};

#endif
