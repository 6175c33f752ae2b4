/* journalfields.c: journal entry fields as iovecs (journalfields.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journalfields.h"

int
jf_name_valid(const char *name, size_t n)
{
	size_t i;

	if (n == 0 || n > JF_NAME_MAX || name[0] == '_' ||
	    (name[0] >= '0' && name[0] <= '9'))
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return 0;
	return 1;
}

static int
name_is(const char *name, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(name, word, n) == 0;
}

int
jf_name_reserved(const char *name, size_t n)
{
	return name_is(name, n, "MESSAGE") || name_is(name, n, "PRIORITY") ||
	    name_is(name, n, "SYSLOG_IDENTIFIER") ||
	    name_is(name, n, "SYSLOG_FACILITY") ||
	    (n >= 5 && memcmp(name, "PERP_", 5) == 0);
}

/* Append a field that f does not own (the -e strings). */
static int
push(struct jfields *f, void *base, size_t len, int owned)
{
	if (f->nfixed == JF_FIXED_MAX) {
		errno = E2BIG;
		return -1;
	}
	f->fixed[f->nfixed].iov_base = base;
	f->fixed[f->nfixed].iov_len = len;
	f->owned[f->nfixed] = owned;
	f->nfixed++;
	f->fixedlen += len;
	return 0;
}

int
jf_add(struct jfields *f, const char *name, const char *value)
{
	size_t len = strlen(name) + 1 + strlen(value);
	char *s;

	if (f->nfixed == JF_FIXED_MAX) {
		errno = E2BIG;
		return -1;
	}
	s = malloc(len + 1);
	if (s == NULL)
		return -1;
	snprintf(s, len + 1, "%s=%s", name, value);
	return push(f, s, len, 1);
}

int
jf_init(struct jfields *f, const char *ident, int facility)
{
	char num[16];
	int i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < 8; i++)
		snprintf(f->prio[i], sizeof f->prio[i], "PRIORITY=%d", i);
	if (ident == NULL || *ident == '\0') {
		errno = EINVAL;
		return -1;
	}
	snprintf(num, sizeof num, "%d", facility >> 3);
	if (jf_add(f, "SYSLOG_IDENTIFIER", ident) < 0 ||
	    jf_add(f, "SYSLOG_FACILITY", num) < 0) {
		jf_free(f);
		return -1;
	}
	return 0;
}

int
jf_add_option(struct jfields *f, const char *keyval)
{
	const char *eq = strchr(keyval, '=');
	size_t n;

	if (eq == NULL || !jf_name_valid(keyval, (size_t)(eq - keyval))) {
		errno = EINVAL;
		return -1;
	}
	n = (size_t)(eq - keyval);
	if (jf_name_reserved(keyval, n)) {
		errno = EPERM;
		return -1;
	}
	/* The iovec is read only; the cast drops a const we keep. */
	return push(f, (char *)keyval, strlen(keyval), 0);
}

void
jf_free(struct jfields *f)
{
	size_t i;

	for (i = 0; i < f->nfixed; i++)
		if (f->owned[i])
			free(f->fixed[i].iov_base);
	f->nfixed = 0;
	f->fixedlen = 0;
}

void
jf_piece_fields(const struct jpiece *pc, struct jpiecetext *pt)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, at = sizeof "PERP_LINE_ID=" - 1;

	memcpy(pt->id, "PERP_LINE_ID=", at);
	for (i = 0; i < JF_ID_LEN; i++) {
		pt->id[at++] = hex[pc->id[i] >> 4];
		pt->id[at++] = hex[pc->id[i] & 15];
	}
	pt->id[at] = '\0';
	snprintf(pt->num, sizeof pt->num, "PERP_PIECE=%lu", pc->num);
}

size_t
jf_entry(const struct jfields *f, const char *msg, size_t msglen, int prio,
    const struct jpiece *pc, struct jpiecetext *pt, struct iovec *iov)
{
	static char last[] = "PERP_PIECE_LAST=1";
	size_t n = 0, i;

	/* sd_journal_sendv() only reads the iovecs: the casts drop a
	 * const that struct iovec cannot carry. */
	iov[n].iov_base = (char *)msg;
	iov[n++].iov_len = msglen;
	iov[n].iov_base = (char *)f->prio[prio & 7];
	iov[n++].iov_len = strlen(f->prio[prio & 7]);
	for (i = 0; i < f->nfixed; i++)
		iov[n++] = f->fixed[i];
	if (pc == NULL || pc->num == 0)
		return n;
	jf_piece_fields(pc, pt);
	iov[n].iov_base = pt->id;
	iov[n++].iov_len = strlen(pt->id);
	iov[n].iov_base = pt->num;
	iov[n++].iov_len = strlen(pt->num);
	if (pc->last) {
		iov[n].iov_base = last;
		iov[n++].iov_len = sizeof last - 1;
	}
	return n;
}

/* Byte i of a text whose first have bytes end with tail[0..tlen) and go
 * on with more. */
static unsigned
byte_at(const unsigned char *tail, size_t tlen, size_t have,
    const unsigned char *more, size_t i)
{
	return i >= have ? more[i - have] : tail[tlen - (have - i)];
}

size_t
jf_cut_more(const unsigned char *tail, size_t tlen, size_t have,
    const char *more, size_t n, size_t max)
{
	const unsigned char *m = (const unsigned char *)more;
	size_t cut = max, back;

	if (have + n <= max)
		return have + n;
	/* Byte cut starts the next piece: step back over continuation bytes
	 * (10xxxxxx) to the lead byte of their sequence, at most 3, never to
	 * the piece's first byte. Only the last 3 bytes before the piece
	 * goes on are looked at, so tail is enough of what was written. */
	for (back = 0; back < 3 && cut - back > 1 &&
	    (byte_at(tail, tlen, have, m, cut - back) & 0xC0) == 0x80; back++)
		;
	if ((byte_at(tail, tlen, have, m, cut - back) & 0xC0) == 0xC0)
		return cut - back;
	return cut; /* not UTF-8 there: cut at max */
}

size_t
jf_cut(const char *text, size_t len, size_t max)
{
	return jf_cut_more(NULL, 0, 0, text, len, max);
}
