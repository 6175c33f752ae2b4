/* test_journalstream.c: lines longer than the window, streamed by a
 * batch given the fields (journalbatch.h) into sealed memfds: whole, with
 * the stamp, and nothing to deliver until the line ends; in pieces cut
 * between UTF-8 sequences, also where a cut falls in what the piece
 * already holds; and the rest of a line given up as a line of its own. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <cmocka.h>

#include "journalbatch.h"

static struct seg
seg(const char *p, size_t len, int start, int end)
{
	struct seg s;

	s.p = p;
	s.len = len;
	s.start = start;
	s.end = end;
	return s;
}

static int
put(struct jbatch *b, const char *line, const char *stamp)
{
	struct seg s = seg(line, strlen(line), 1, 1);

	return jbatch_put(b, &s, stamp, strlen(stamp));
}

/* The MESSAGE of a memfd entry, appended to out at *n. */
static void
memfd_message(int fd, char *out, size_t *n)
{
	char buf[8192], *m;
	ssize_t r;
	uint64_t len = 0;
	int i;

	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW |
	    F_SEAL_WRITE | F_SEAL_SEAL);
	r = pread(fd, buf, sizeof buf, 0);
	assert_true(r > 0 && r < (ssize_t)sizeof buf);
	m = buf; /* MESSAGE comes first */
	assert_memory_equal(m, "MESSAGE\n", 8);
	for (i = 7; i >= 0; i--)
		len = len << 8 | (unsigned char)m[8 + i];
	assert_true(m + 16 + len < buf + r);
	assert_int_equal(m[16 + len], '\n');
	assert_memory_equal(m + 17 + len, "PRIORITY=", 9);
	memcpy(out + *n, m + 16, (size_t)len);
	*n += (size_t)len;
}

/* Streamed, short of the limit: nothing until the end, then one sealed
 * memfd holding the stamp and the whole line; a whole line still goes
 * from memory. */
static void
test_stream_whole(void **state)
{
	struct jfields f;
	struct jbatch b;
	struct seg s;
	char w[100], got[400];
	size_t n = 0;

	(void)state;
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jbatch_init(&b, 1024, sizeof w, 0, &f), 0);
	assert_true(b.stream);
	memset(w, 'a', sizeof w);
	memcpy(w, "error: ", 7);
	s = seg(w, sizeof w, 1, 0);
	assert_int_equal(jbatch_put(&b, &s, "S ", 2), 0);
	assert_int_equal(b.nent, 0);
	jbatch_clear(&b); /* delivered: nothing to deliver */
	s = seg(w, sizeof w, 0, 0);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	assert_int_equal(b.nent, 0);
	s = seg("end", 3, 0, 1);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	assert_int_equal(put(&b, "short", ""), 0);
	assert_int_equal(b.nent, 2);
	assert_null(b.ent[0].text);
	assert_int_equal(b.ent[0].len, 2 + 100 + 100 + 3);
	assert_int_equal(b.ent[0].prio, 3);
	assert_int_equal(b.ent[0].pc.num, 0);
	memfd_message(b.ent[0].fd, got, &n);
	assert_int_equal(n, 205);
	assert_memory_equal(got, "S error: aa", 11);
	assert_memory_equal(got + 202, "end", 3);
	assert_int_equal(b.ent[1].fd, -1); /* a whole line: from memory */
	assert_memory_equal(b.ent[1].text, "short", 5);
	assert_int_equal(b.ent[1].prio, 6);
	jbatch_clear(&b);
	jbatch_free(&b);
	jf_free(&f);
}

/* Streamed over the limit: pieces of at most the limit, cut before a
 * lead byte; one cut falls a byte into what the piece already holds
 * (segments end on the limit), so that byte goes on in the next. */
static void
test_stream_pieces(void **state)
{
	struct jfields f;
	struct jbatch b;
	struct seg s;
	char line[2601], got[2601];
	size_t i, k, n = 0, lens[8], np = 0;

	(void)state;
	line[0] = 'x';
	for (i = 1; i + 1 < sizeof line; i += 2)
		memcpy(line + i, "\303\251", 2);
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jbatch_init(&b, 1024, 600, 0, &f), 0);
	for (k = 0; k * 512 < sizeof line; k++) {
		size_t len = sizeof line - k * 512 < 512 ?
		    sizeof line - k * 512 : 512;

		s = seg(line + k * 512, len, k == 0,
		    (k + 1) * 512 >= sizeof line);
		assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
		for (i = 0; i < b.nent; i++) {
			assert_int_equal(b.ent[i].pc.num, np + 1);
			assert_int_equal(b.ent[i].pc.last, s.end &&
			    i == b.nent - 1);
			assert_memory_equal(b.ent[i].pc.id, b.ent[0].pc.id,
			    JF_ID_LEN);
			lens[np++] = b.ent[i].len;
			memfd_message(b.ent[i].fd, got, &n);
		}
		jbatch_clear(&b);
	}
	assert_int_equal(np, 3);
	assert_int_equal(lens[0], 1023); /* x and 511 pairs; then its lead */
	assert_int_equal(lens[1], 1024);
	assert_int_equal(lens[2], 2601 - 2047);
	assert_int_equal(n, sizeof line);
	assert_memory_equal(got, line, sizeof line);
	jbatch_free(&b);
	jf_free(&f);
}

/* A line given up (the batch dropped) mid-way: what comes of it next is
 * a line of its own, not the rest of the old one. */
static void
test_stream_dropped(void **state)
{
	struct jfields f;
	struct jbatch b;
	struct seg s;
	char w[700], got[800];
	size_t n = 0;

	(void)state;
	memset(w, 'q', sizeof w);
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jbatch_init(&b, 1024, sizeof w, 0, &f), 0);
	s = seg(w, sizeof w, 1, 0);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	s = seg(w, sizeof w, 0, 0);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	assert_int_equal(b.nent, 1); /* the first piece */
	jbatch_drop(&b);
	assert_int_equal(b.nent, 0);
	s = seg("warning: tail", 13, 0, 1);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	assert_int_equal(b.nent, 1);
	assert_int_equal(b.ent[0].pc.num, 0);
	assert_int_equal(b.ent[0].prio, 4);
	memfd_message(b.ent[0].fd, got, &n);
	assert_int_equal(n, 13);
	jbatch_free(&b);
	jf_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_whole),
		cmocka_unit_test(test_stream_pieces),
		cmocka_unit_test(test_stream_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
