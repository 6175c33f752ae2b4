/* journalmemfd.h: one journal entry written into a memfd as its line is
 * read, for a line too long to hold in memory (journalbatch.c). Linux.
 *
 * journald's native protocol (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/)
 * takes an entry too big for a datagram as a memfd passed with
 * SCM_RIGHTS in an otherwise empty datagram; sealed, journald maps it and
 * reads it in place. The file holds the entry as a datagram would, its
 * fields in the order of journalfields.h:
 *
 *   MESSAGE\n <le64 length> text\n  binary: the length is patched in at
 *                                   the end, so the text streams in
 *   PRIORITY=N\n
 *   NAME=value\n                    each fixed field (journalfields.h),
 *                                   or, when the value holds a newline,
 *   NAME\n <le64 length> value\n    the binary form
 *   PERP_LINE_ID=...\n PERP_PIECE=N\n [PERP_PIECE_LAST=1\n]   pieces only
 *
 * All but MESSAGE's text is written at the end, when whether the line is
 * split is known. journald refuses the whole entry beyond its limits
 * (JM_DATA_MAX, JM_ENTRY_MAX), so jm_limit() says how long a MESSAGE may
 * be with the fixed fields given.
 *
 * The writer works on any regular file (tests use a tmpfile); jm_create
 * and jm_seal are the memfd's part. */
#ifndef LOGGERS_JOURNALMEMFD_H
#define LOGGERS_JOURNALMEMFD_H

#include <stddef.h>
#include <stdint.h>

#include "journalfields.h"

/* journald's limits (systemd 252, src/shared/journal-importer.h, and by
 * experiment, journalog(8)): a field's value, and the whole entry as
 * passed (the memfd's size). */
#define JM_DATA_MAX (768UL << 20)
#define JM_ENTRY_MAX (770UL << 20)

#define JM_BINHEAD_MAX (JF_NAME_MAX + 1 + 8) /* "NAME\n" + le64 */

/* The fixed fields, encoded once. */
struct jmhead {
	char *buf;
	size_t len;
};

/* An entry being written. */
struct jmfile {
	int fd;                 /* -1: none */
	uint64_t off;           /* where the next byte goes: the size */
	uint64_t lenat;         /* where MESSAGE's length goes */
	uint64_t len;           /* MESSAGE bytes written */
	unsigned char tail[3];  /* its last min(len, 3) bytes (jf_cut_more) */
};

/* The binary form's head for a value of len bytes: "NAME\n" + le64
 * (name is nlen bytes, at most JF_NAME_MAX) into out, JM_BINHEAD_MAX
 * bytes. Returns its length. */
size_t jm_binhead(char *out, const char *name, size_t nlen, uint64_t len);

/* Encode the fixed fields of f. 0, or -1 with errno (ENOMEM). */
int jm_head_init(struct jmhead *h, const struct jfields *f);

void jm_head_free(struct jmhead *h);

/* The longest MESSAGE, at most want, that keeps an entry with head h
 * within journald's limits. */
size_t jm_limit(const struct jmhead *h, size_t want);

/* A new memfd for an entry, close-on-exec, sealable: the descriptor, or
 * -1 with errno. */
int jm_create(void);

/* Start an entry in the empty file fd (taken over by m): MESSAGE's head.
 * 0, or -1 with errno (m->fd is then -1 and fd closed). */
int jm_start(struct jmfile *m, int fd);

/* Append n bytes to MESSAGE. 0, or -1 with errno. */
int jm_append(struct jmfile *m, const void *p, size_t n);

/* Take back the last n (at most 3) bytes of MESSAGE, which go on in the
 * next piece: they are copied to out first. */
void jm_unwrite(struct jmfile *m, size_t n, unsigned char *out);

/* End the entry: MESSAGE's length, PRIORITY=prio, the fixed fields (h,
 * encoded from f), the piece fields of pc (NULL or pc->num 0: a whole
 * line), the file cut to its size. 0, or -1 with errno. */
int jm_end(struct jmfile *m, const struct jmhead *h, const struct jfields *f,
    int prio, const struct jpiece *pc);

/* Seal a memfd so that journald may map it and read it in place: no
 * writing, growing or shrinking, no more seals. 0, or -1 with errno. */
int jm_seal(int fd);

/* Close the entry's file, if any. */
void jm_close(struct jmfile *m);

#endif
