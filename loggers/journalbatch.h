/* journalbatch.h: the entries of one batch of journalog (sink_journal.c),
 * made from the pipeline's segments (pipeline.h). No I/O.
 *
 * A whole line is copied, with its stamp, into the batch's buffer and
 * becomes one entry, or several pieces when it is longer than the limit.
 * A line longer than the input window arrives in segments, each alone in
 * its batch (frame.c gives a long line's first segment only at the start
 * of a full window); they are joined in a buffer of the limit plus one
 * window, and pieces are made as soon as more than the limit is there.
 * Every text has 8 writable bytes before it, for "MESSAGE=" while it is
 * sent (sd_journal_sendv wants each field in one piece). */
#ifndef LOGGERS_JOURNALBATCH_H
#define LOGGERS_JOURNALBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "journalfields.h"
#include "pipeline.h"

#define JB_ROOM 8       /* writable bytes before each text */
#define JB_ENTRIES 4096 /* entries in a batch */

/* One entry. */
struct jentry {
	char *text;       /* stamp and line; JB_ROOM writable bytes before */
	size_t len;
	int prio;
	struct jpiece pc; /* pc.num 0: a whole line */
};

/* A line that arrives in several segments. */
struct jlong {
	char *buf;        /* its text starts at buf + JB_ROOM */
	size_t len, cap;  /* text bytes held, room for text */
	size_t cut;       /* bytes of it already made into pieces */
	int prio;
	struct jpiece pc; /* the last piece made */
};

struct jbatch {
	size_t limit;    /* the longest text of one entry */
	int strip;       /* -s: without the priority prefix */
	char *buf;       /* the texts of whole lines, from buf + JB_ROOM */
	size_t len, cap;
	struct jentry *ent;
	size_t nent, entcap;
	struct jlong lg;
	uint32_t idcount;
};

/* Set up for entries of at most limit bytes from segments of at most
 * window bytes. 0, or -1 with errno. */
int jbatch_init(struct jbatch *b, size_t limit, size_t window, int strip);

/* Release the buffers. */
void jbatch_free(struct jbatch *b);

/* Make the entries of a segment, its stamp (slen bytes, may be 0) in
 * front of a line's first one. 0, or -1 with errno ENOBUFS when the
 * batch is full (then nothing was added: deliver it, clear it, put the
 * segment again). */
int jbatch_put(struct jbatch *b, const struct seg *sg, const char *stamp,
    size_t slen);

/* Forget the entries (after they were delivered or dropped). A long line
 * being joined is kept. */
void jbatch_clear(struct jbatch *b);

#endif
