/* sink_journal.h: journalog's sink: each line becomes a journal entry,
 * sent with libsystemd's sd_journal_sendv() (pipeline.h, sink.h).
 *
 * A batch is delivered when journald has read every entry of it, as the
 * barriers of journalconn.h show; only then does the loop consume the
 * bytes from stdin. When journald goes away, the entries it may not have
 * read are sent again to the next one (repeats are possible, losses are
 * not). sd_journal_sendv() is called only when journald's queue has room
 * and the kernel holds little of ours, so it does not wait (unless
 * another process takes the room in between and journald stops reading
 * at that moment: journalog(8), CAVEATS), and SIGTERM is handled at once.
 *
 * The entries of a batch are made by journalbatch.c: a line longer than
 * the input window is streamed there into a memfd (journalmemfd.h), which
 * goes on our own socket (journalconn.h) and is kept until journald has
 * read it, so that it can go again, whole, to the next journald; a line
 * longer than the limit (-l) is split into pieces. Built only with
 * libsystemd (HAVE_SYSTEMD). */
#ifndef LOGGERS_SINK_JOURNAL_H
#define LOGGERS_SINK_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gap.h"
#include "journalbatch.h"
#include "journalconn.h"
#include "journalfields.h"
#include "sink.h"
#include "warnlimit.h"

/* -l: journald's own limit for a field by default, and at most (less
 * when the fixed fields are so long that the entry would pass journald's
 * limit for an entry: jm_limit). */
#define JSINK_LIMIT_MIN 1024
#define JSINK_LIMIT_DEFAULT JM_DATA_MAX
#define JSINK_LIMIT_MAX JM_DATA_MAX

struct jsink_conf {
	const struct jfields *fields;
	const char *path;  /* journald's socket: JC_PATH */
	enum policy policy;
	int strip;         /* -s: no priority prefix in MESSAGE */
	size_t limit;      /* -l: the longest MESSAGE of one entry */
	size_t window;     /* the input window: the longest segment */
};

struct jsink {
	struct jsink_conf c;
	struct jconn conn;
	struct jbatch b;
	size_t sent, acked;  /* entries sent, and known read by journald */
	uint64_t base;       /* conn position of entry 0 */
	size_t budget;       /* bytes the kernel may hold for libsystemd */
	int wait_room;       /* blocked until journald's queue has room */
	int down;            /* journald unreachable (warned) */
	int err;             /* why, while down */
	int64_t due;         /* deadline for tick() and flush() */
	int64_t retry;       /* next attempt to reach journald */
	int64_t backoff;
	int64_t progress;    /* when an entry was last sent or read */
	int64_t sent_at;     /* when the batch's last entry went out */
	struct warnlimit wl;       /* unable to reach journald */
	struct warnlimit wl_lost;  /* journald went away */
	struct warnlimit wl_stall; /* journald reads nothing */
};

/* The sink's operations for logloop_init(). */
extern const struct sink_ops jsink_ops;

/* Set up the sink with conf (copied); nothing is sent yet. 0, or -1
 * with errno. */
int jsink_init(struct jsink *s, const struct jsink_conf *conf);

/* Try to reach journald now: 0, or -1 with errno (the first flush tries
 * again; used at start-up to refuse a socket that denies access). */
int jsink_probe(struct jsink *s);

#endif
