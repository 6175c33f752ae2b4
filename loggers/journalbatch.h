/* journalbatch.h: the entries of one batch of journalog (sink_journal.c),
 * made from the pipeline's segments (pipeline.h).
 *
 * A whole line is copied, with its stamp, into the batch's buffer and
 * becomes one entry, or several pieces when it is longer than the limit.
 * A line longer than the input window arrives in segments, a batch for
 * each (frame.c gives a long line's first segment only at the start of a
 * full window, and the loop consumes a segment once its batch is
 * delivered, so each comes first in its batch). Such a line is either
 *   streamed: when the limit is longer than the window (the default),
 *     each piece is written into a memfd as it arrives (journalmemfd.h),
 *     which becomes the entry once it holds the limit or the line ends:
 *     memory stays one window whatever the line; or
 *   joined: with a limit of at most the window (or no fields given to
 *     jbatch_init), in a buffer of the limit plus one window, and pieces
 *     are made as soon as more than the limit is there.
 * A segment that makes no entry needs no delivery: its bytes are kept in
 * the memfd or the buffer.
 * Every text has 8 writable bytes before it, for "MESSAGE=" while it is
 * sent (sd_journal_sendv wants each field in one piece). */
#ifndef LOGGERS_JOURNALBATCH_H
#define LOGGERS_JOURNALBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "journalfields.h"
#include "journalmemfd.h"
#include "pipeline.h"

#define JB_ROOM 8       /* writable bytes before each text */
#define JB_ENTRIES 4096 /* entries in a batch */

/* One entry. */
struct jentry {
	char *text;       /* stamp and line; JB_ROOM writable bytes before;
	                   * NULL for a memfd */
	size_t len;
	int prio;
	struct jpiece pc; /* pc.num 0: a whole line */
	int fd;           /* -1, or the sealed memfd that is the entry */
};

/* A line that arrives in several segments. */
struct jlong {
	int active;       /* a line is under way */
	char *buf;        /* joined: its text starts at buf + JB_ROOM */
	size_t len, cap;  /* text bytes held, room for text */
	size_t cut;       /* bytes of it already made into pieces */
	int prio;
	struct jpiece pc; /* the last piece made */
	struct jmfile mf; /* streamed: the piece being written */
};

struct jbatch {
	size_t limit;    /* the longest text of one entry */
	int strip;       /* -s: without the priority prefix */
	int stream;      /* long lines go into memfds */
	const struct jfields *f;
	struct jmhead head; /* f's fields encoded for a memfd */
	char *buf;       /* the texts of whole lines, from buf + JB_ROOM */
	size_t len, cap;
	struct jentry *ent;
	size_t nent, entcap;
	struct jlong lg;
	uint32_t idcount;
};

/* Set up for entries of at most limit bytes (less when journald could
 * not take such an entry with f's fields: jm_limit) from segments of at
 * most window bytes. f (kept, must outlive b): the fixed fields, which
 * lets long lines be streamed; NULL: always joined. 0, or -1 with errno. */
int jbatch_init(struct jbatch *b, size_t limit, size_t window, int strip,
    const struct jfields *f);

/* Release the buffers and descriptors. */
void jbatch_free(struct jbatch *b);

/* Make the entries of a segment, its stamp (slen bytes, may be 0) in
 * front of a line's first one. 0, or -1 with errno: ENOBUFS when the
 * batch is full (then nothing was added: deliver it, clear it, put the
 * segment again); another when a memfd could not be made or written
 * (ENOMEM, ENOSPC, EMFILE: the line under way is then broken). A
 * segment that does not start a line goes on the line under way, or
 * starts one when there is none (its start was dropped). */
int jbatch_put(struct jbatch *b, const struct seg *sg, const char *stamp,
    size_t slen);

/* Forget the entries, closing their memfds (after they were delivered).
 * A long line under way is kept. */
void jbatch_clear(struct jbatch *b);

/* Forget the entries and the long line under way: the batch was given up,
 * and what follows of that line, if anything, is a line of its own. */
void jbatch_drop(struct jbatch *b);

#endif
