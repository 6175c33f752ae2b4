/* fuzz_journalfields.c: journalog's field rules and line cutting. A name
 * is valid exactly when journald's rules say so; a -e option is taken
 * exactly when its name is valid and not journalog's own; an entry's
 * iovecs hold the message and the fields whole; a cut never exceeds its
 * limit, never makes an empty piece, and stops short of the limit only
 * to leave a UTF-8 sequence whole; and it is the same when the text is
 * streamed, only the end of what was written at hand. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "journalfields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > JF_NAME_MAX || s[0] == '_' ||
	    (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Streamed, the piece so far (have bytes) no longer at hand but for its
 * last 3: the same cut, wherever the text was split. */
static void
check_cut_more(const char *s, size_t size, size_t max, size_t want)
{
	size_t have, tlen, step = max / 8 + 1;

	for (have = 0; have <= max && have <= size; have += step) {
		tlen = have < 3 ? have : 3;
		if (jf_cut_more((const unsigned char *)s + have - tlen, tlen,
		    have, s + have, size - have, max) != want)
			abort();
	}
}

static void
check_cuts(const char *s, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t max, r;

	for (max = 1; max <= size + 1 && max <= 64; max++) {
		r = jf_cut(s, size, max);
		if (size <= max) {
			if (r != size)
				abort();
			continue;
		}
		if (r == 0 || r > max || r + 3 < max)
			abort();
		if (r < max && (u[r] & 0xC0) != 0xC0)
			abort(); /* stopped short, but not before a lead byte */
		check_cut_more(s, size, max, r);
	}
}

static void
check_option(const char *s, size_t size)
{
	struct jfields f;
	struct iovec iov[JF_IOV_MAX];
	struct jpiecetext pt;
	struct jpiece pc;
	char *opt = malloc(size + 1), *eq;
	size_t n, i, total = 0;
	int want, got;

	if (opt == NULL)
		return;
	memcpy(opt, s, size);
	opt[size] = '\0';
	eq = strchr(opt, '=');
	want = eq != NULL && name_ok(opt, (size_t)(eq - opt)) &&
	    !jf_name_reserved(opt, (size_t)(eq - opt));
	if (jf_init(&f, "fuzz", LOG_DAEMON) < 0)
		abort();
	got = jf_add_option(&f, opt) == 0;
	if (got != want)
		abort();
	memset(&pc, 0, sizeof pc);
	pc.num = size % 3;
	pc.last = (int)(size & 1);
	n = jf_entry(&f, "MESSAGE=x", 9, (int)size, &pc, &pt, iov);
	for (i = 0; i < n; i++) {
		if (memchr(iov[i].iov_base, '=', iov[i].iov_len) == NULL)
			abort();
		total += iov[i].iov_len;
	}
	if (n < 4 || total < 9 + f.fixedlen + sizeof "PRIORITY=0" - 1)
		abort();
	jf_free(&f);
	free(opt);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (jf_name_valid(s, size) != name_ok(s, size))
		abort();
	check_cuts(s, size);
	check_option(s, size);
	return 0;
}
