/* journalfields.h: the fields of one journal entry, as journalog sends
 * them with sd_journal_sendv() (sink_journal.c). Pure functions, no I/O.
 *
 * Every entry carries, in this order:
 *   MESSAGE=           the line (with its stamp; without its priority
 *                      prefix under -s)
 *   PRIORITY=          0..7, from the line's prefix (prio.c), else 6
 *   SYSLOG_IDENTIFIER= the ident
 *   SYSLOG_FACILITY=   the facility number (3 for daemon)
 *   PERP_SERVICE=      the service's name, when known
 *   PERP_BASE=         the base directory of perpd, when known
 *   the -e KEY=VALUE fields, in command-line order
 * and a line split into pieces adds to each piece:
 *   PERP_LINE_ID=      32 hex digits, the same for every piece of a line
 *   PERP_PIECE=        the piece's number, from 1
 *   PERP_PIECE_LAST=1  on the last piece only */
#ifndef LOGGERS_JOURNALFIELDS_H
#define LOGGERS_JOURNALFIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define JF_NAME_MAX 64   /* journald's longest field name */
#define JF_EXTRA_MAX 256 /* -e fields; journald takes 1024 fields in all */
#define JF_FIXED_MAX (4 + JF_EXTRA_MAX)
#define JF_IOV_MAX (JF_FIXED_MAX + 5) /* room for one whole entry */
#define JF_ID_LEN 16 /* bytes of a split line's id */

/* The fields that are the same in every entry, formatted once. */
struct jfields {
	struct iovec fixed[JF_FIXED_MAX]; /* "NAME=value" each */
	int owned[JF_FIXED_MAX];          /* 1: fixed[i] was allocated */
	size_t nfixed;
	size_t fixedlen;                  /* their total length */
	char prio[8][sizeof "PRIORITY=7"];
};

/* The fields of one piece of a split line. */
struct jpiece {
	unsigned char id[JF_ID_LEN];
	unsigned long num; /* from 1; 0: the line is whole, no piece fields */
	int last;
};

/* Room for the piece fields' text (jf_entry fills it). */
struct jpiecetext {
	char id[sizeof "PERP_LINE_ID=" + 2 * JF_ID_LEN];
	char num[sizeof "PERP_PIECE=" + 20];
};

/* Whether name (n bytes) is a field name journald accepts from a client:
 * 1 to 64 characters of A-Z, 0-9 and '_', the first neither a digit nor
 * '_' (names beginning with '_' are journald's own, trusted fields). */
int jf_name_valid(const char *name, size_t n);

/* Whether journalog sets the field itself: MESSAGE, PRIORITY,
 * SYSLOG_IDENTIFIER, SYSLOG_FACILITY, and every name beginning PERP_. */
int jf_name_reserved(const char *name, size_t n);

/* Start the fixed fields with SYSLOG_IDENTIFIER=ident and
 * SYSLOG_FACILITY=facility >> 3 (facility in syslog(3)'s encoding, e.g.
 * LOG_DAEMON). 0, or -1 with errno (EINVAL: empty ident; ENOMEM). */
int jf_init(struct jfields *f, const char *ident, int facility);

/* Add the field name=value (copied). 0, or -1 with errno (E2BIG: too
 * many fields; ENOMEM). */
int jf_add(struct jfields *f, const char *name, const char *value);

/* Add a -e option's KEY=VALUE; the string is used in place and must
 * outlive f. 0, or -1 with errno: EINVAL (no '=' or an invalid name),
 * EPERM (a name journalog sets itself), E2BIG (too many fields). */
int jf_add_option(struct jfields *f, const char *keyval);

/* Release what jf_init and jf_add allocated. */
void jf_free(struct jfields *f);

/* Fill iov (JF_IOV_MAX slots) with the fields of one entry. msg is
 * "MESSAGE=..." (msglen bytes), prio 0..7, pc NULL or a piece of a split
 * line whose field texts go in pt. Returns the number of iovecs. */
size_t jf_entry(const struct jfields *f, const char *msg, size_t msglen,
    int prio, const struct jpiece *pc, struct jpiecetext *pt,
    struct iovec *iov);

/* Fill pt with the piece fields of pc (pc->num not 0): PERP_LINE_ID=
 * and PERP_PIECE= (PERP_PIECE_LAST=1 is a constant). */
void jf_piece_fields(const struct jpiece *pc, struct jpiecetext *pt);

/* Where to cut text (len bytes) so that the first piece is at most max
 * bytes: max itself, or a little less so that a UTF-8 sequence is not cut
 * in two. len when it all fits. Never 0 when len and max are not 0. */
size_t jf_cut(const char *text, size_t len, size_t max);

/* The same cut for a text of which only the part after its first have
 * bytes is at hand, in more (n bytes): a line streamed into a memfd
 * (journalmemfd.h), whose piece so far holds have bytes (at most max),
 * the last tlen of them (min(have, 3)) in tail. Returns what
 * jf_cut(text, have + n, max) would, from the start of the piece. */
size_t jf_cut_more(const unsigned char *tail, size_t tlen, size_t have,
    const char *more, size_t n, size_t max);

#endif
