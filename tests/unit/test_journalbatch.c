/* test_journalbatch.c: a batch's entries from segments: whole lines with
 * their stamps and priorities, -s, lines over the limit in linked pieces,
 * lines longer than the window joined from segments across batches, a
 * full batch refusing a segment without taking part of it, the room
 * before each text that sending needs. Lines streamed into memfds:
 * test_journalstream.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
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

static void
want(const struct jentry *e, const char *text, int prio)
{
	assert_int_equal(e->len, strlen(text));
	assert_memory_equal(e->text, text, e->len);
	assert_int_equal(e->prio, prio);
}

static void
test_whole_lines(void **state)
{
	struct jbatch b;

	(void)state;
	assert_int_equal(jbatch_init(&b, 1024, 4096, 0, NULL), 0);
	assert_int_equal(put(&b, "hello", ""), 0);
	assert_int_equal(put(&b, "error: bad", "T "), 0);
	assert_int_equal(put(&b, "", ""), 0);
	assert_int_equal(put(&b, "<5>note", ""), 0);
	assert_int_equal(b.nent, 4);
	want(&b.ent[0], "hello", 6);
	want(&b.ent[1], "T error: bad", 3); /* the stamp goes first */
	want(&b.ent[2], "", 6);
	want(&b.ent[3], "<5>note", 5);
	assert_int_equal(b.ent[1].pc.num, 0);
	/* every text has its room before it, inside the buffer */
	assert_true(b.ent[0].text - JB_ROOM >= b.buf);
	jbatch_clear(&b);
	assert_int_equal(b.nent, 0);
	assert_int_equal(put(&b, "again", ""), 0);
	assert_ptr_equal(b.ent[0].text, b.buf + JB_ROOM);
	jbatch_free(&b);
}

static void
test_strip(void **state)
{
	struct jbatch b;

	(void)state;
	assert_int_equal(jbatch_init(&b, 1024, 4096, 1, NULL), 0);
	assert_int_equal(put(&b, "WARNING: \t spaced", "S "), 0);
	assert_int_equal(put(&b, "<2>crit", ""), 0);
	assert_int_equal(put(&b, "error:", ""), 0);
	assert_int_equal(put(&b, "no: prefix", ""), 0);
	want(&b.ent[0], "S spaced", 4);
	want(&b.ent[1], "crit", 2);
	want(&b.ent[2], "", 3);
	want(&b.ent[3], "no: prefix", 6);
	jbatch_free(&b);
}

/* A line over the limit: pieces of the limit, one id, numbered, the
 * last one marked, all with the line's priority. */
static void
test_split_whole_line(void **state)
{
	struct jbatch b;
	char line[2600];
	size_t i;

	(void)state;
	memset(line, 'x', sizeof line - 1);
	memcpy(line, "debug: ", 7);
	line[sizeof line - 1] = '\0';
	assert_int_equal(jbatch_init(&b, 1024, 4096, 0, NULL), 0);
	assert_int_equal(put(&b, "before", ""), 0);
	assert_int_equal(put(&b, line, "12 "), 0);
	assert_int_equal(put(&b, "after", ""), 0);
	assert_int_equal(b.nent, 5);
	for (i = 1; i <= 3; i++) {
		assert_int_equal(b.ent[i].pc.num, i);
		assert_int_equal(b.ent[i].pc.last, i == 3);
		assert_int_equal(b.ent[i].prio, 7);
		assert_memory_equal(b.ent[i].pc.id, b.ent[1].pc.id, JF_ID_LEN);
	}
	assert_int_equal(b.ent[1].len, 1024);
	assert_int_equal(b.ent[2].len, 1024);
	assert_int_equal(b.ent[3].len, 2599 + 3 - 2048);
	assert_memory_equal(b.ent[1].text, "12 debug: x", 11);
	/* the pieces are the line, in order, contiguous */
	assert_ptr_equal(b.ent[2].text, b.ent[1].text + 1024);
	assert_int_equal(b.ent[4].pc.num, 0);
	/* another split line gets another id */
	assert_int_equal(put(&b, line, ""), 0);
	assert_memory_not_equal(b.ent[5].pc.id, b.ent[1].pc.id, JF_ID_LEN);
	jbatch_free(&b);
}

/* A line longer than the window comes in segments, each in a batch of
 * its own; short of the limit it is one entry at its end. */
static void
test_join_segments(void **state)
{
	struct jbatch b;
	char w[100];
	struct seg s;
	char *all;

	(void)state;
	memset(w, 'a', sizeof w);
	memcpy(w, "error: ", 7);
	assert_int_equal(jbatch_init(&b, 1024, sizeof w, 0, NULL), 0);
	s = seg(w, sizeof w, 1, 0);
	assert_int_equal(jbatch_put(&b, &s, "S ", 2), 0);
	assert_int_equal(b.nent, 0); /* nothing yet: under the limit */
	jbatch_clear(&b);
	memset(w, 'b', sizeof w);
	s = seg(w, sizeof w, 0, 0);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	jbatch_clear(&b);
	s = seg("end", 3, 0, 1);
	assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
	assert_int_equal(b.nent, 1);
	assert_int_equal(b.ent[0].len, 2 + 100 + 100 + 3);
	assert_int_equal(b.ent[0].prio, 3);
	assert_int_equal(b.ent[0].pc.num, 0);
	all = b.ent[0].text;
	assert_memory_equal(all, "S error: aaa", 12);
	assert_int_equal(all[101], 'a');
	assert_int_equal(all[102], 'b');
	assert_memory_equal(all + 202, "end", 3);
	assert_true(all - JB_ROOM >= b.lg.buf);
	jbatch_free(&b);
}

/* Over the limit while joining: pieces as soon as more than the limit is
 * there, the rest kept for the next segment; the pieces rebuild the
 * line. */
static void
test_join_and_split(void **state)
{
	struct jbatch b;
	char w[700], *line, *got;
	struct seg s;
	size_t i, k, n = 0, total = 5 * sizeof w + 4;
	unsigned long num = 0;

	(void)state;
	line = malloc(total);
	got = malloc(total);
	for (i = 0; i < total; i++)
		line[i] = (char)('a' + i % 26);
	assert_int_equal(jbatch_init(&b, 1024, sizeof w, 0, NULL), 0);
	for (k = 0; k < 6; k++) {
		size_t len = k < 5 ? sizeof w : 4;

		memcpy(w, line + k * sizeof w, len);
		s = seg(w, len, k == 0, k == 5);
		assert_int_equal(jbatch_put(&b, &s, "", 0), 0);
		for (i = 0; i < b.nent; i++) {
			assert_true(b.ent[i].len <= 1024);
			assert_int_equal(b.ent[i].pc.num, ++num);
			assert_int_equal(b.ent[i].pc.last, k == 5 &&
			    i == b.nent - 1);
			memcpy(got + n, b.ent[i].text, b.ent[i].len);
			n += b.ent[i].len;
		}
		jbatch_clear(&b);
	}
	assert_int_equal(n, total);
	assert_memory_equal(got, line, total);
	assert_int_equal(num, 4); /* 3504 bytes: 1024 + 1024 + 1024 + 432 */
	free(line);
	free(got);
	jbatch_free(&b);
}

/* A full batch refuses a line and keeps what it had. */
static void
test_full(void **state)
{
	struct jbatch b;
	char big[3000];
	size_t n;

	(void)state;
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(jbatch_init(&b, 4096, 2048, 0, NULL), 0);
	/* the buffer holds two windows of text and a little more */
	assert_int_equal(put(&b, big, ""), 0);
	assert_int_equal(put(&b, "small", ""), 0);
	n = b.nent;
	assert_int_equal(put(&b, big, ""), -1);
	assert_int_equal(errno, ENOBUFS);
	assert_int_equal(b.nent, n);
	jbatch_clear(&b);
	assert_int_equal(put(&b, big, ""), 0);
	/* and the entry table */
	jbatch_clear(&b);
	for (n = 0; n < JB_ENTRIES; n++)
		assert_int_equal(put(&b, "", ""), 0);
	assert_int_equal(put(&b, "", ""), -1);
	assert_int_equal(errno, ENOBUFS);
	jbatch_free(&b);
}

/* Pieces are cut before a UTF-8 sequence, not inside. */
static void
test_utf8_pieces(void **state)
{
	struct jbatch b;
	char line[2100];
	size_t i;

	(void)state;
	line[0] = 'x';
	for (i = 1; i + 1 < sizeof line; i += 2)
		memcpy(line + i, "\303\251", 2);
	line[sizeof line - 1] = '\0';
	assert_int_equal(jbatch_init(&b, 1024, 4096, 0, NULL), 0);
	assert_int_equal(put(&b, line, ""), 0);
	assert_int_equal(b.nent, 3);
	assert_int_equal(b.ent[0].len, 1023);
	assert_int_equal(b.ent[1].len, 1024);
	assert_int_equal(b.ent[2].len, 2099 - 2047);
	jbatch_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_lines),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_split_whole_line),
		cmocka_unit_test(test_join_segments),
		cmocka_unit_test(test_join_and_split),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_utf8_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
