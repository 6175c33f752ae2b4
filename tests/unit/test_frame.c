/* test_frame.c: line framing: whole lines, split reads, partial tails,
 * lines longer than the window, empty lines, NUL and CR, end of input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "frame.h"

static void
want(struct seg *sg, const char *text, int start, int end)
{
	assert_int_equal(sg->len, strlen(text));
	assert_memory_equal(sg->p, text, sg->len);
	assert_int_equal(sg->start, start);
	assert_int_equal(sg->end, end);
}

static void
test_whole_lines(void **state)
{
	struct framer f = { 0 };
	struct seg sg;
	const char *b = "one\n\ntwo\n";
	size_t pos = 0;

	(void)state;
	assert_int_equal(frame_next(&f, b, 9, &pos, 0, 0, &sg), 1);
	want(&sg, "one", 1, 1);
	assert_int_equal(frame_next(&f, b, 9, &pos, 0, 0, &sg), 1);
	want(&sg, "", 1, 1); /* an empty line is a line */
	assert_int_equal(frame_next(&f, b, 9, &pos, 0, 0, &sg), 1);
	want(&sg, "two", 1, 1);
	assert_int_equal(pos, 9);
	assert_int_equal(frame_next(&f, b, 9, &pos, 0, 0, &sg), 0);
}

/* A partial tail waits for more input; once it arrives it is one line. */
static void
test_partial_tail(void **state)
{
	struct framer f = { 0 };
	struct seg sg;
	char b[32] = "a\nbc";
	size_t pos = 0;

	(void)state;
	assert_int_equal(frame_next(&f, b, 4, &pos, 0, 0, &sg), 1);
	want(&sg, "a", 1, 1);
	assert_int_equal(frame_next(&f, b, 4, &pos, 0, 0, &sg), 0);
	assert_int_equal(pos, 2);
	memcpy(b + 4, "d\n", 2);
	assert_int_equal(frame_next(&f, b, 6, &pos, 0, 0, &sg), 1);
	want(&sg, "bcd", 1, 1);
	/* a full window with complete lines before the tail still waits:
	 * the loop consumes them first, then the tail can grow */
	pos = 0;
	assert_int_equal(frame_next(&f, "x\nyyy", 5, &pos, 1, 0, &sg), 1);
	assert_int_equal(frame_next(&f, "x\nyyy", 5, &pos, 1, 0, &sg), 0);
}

/* A line that fills the whole window goes on in pieces, never cut short:
 * first piece (start), middle pieces, last piece (end). */
static void
test_long_line(void **state)
{
	struct framer f = { 0 };
	struct seg sg;
	size_t pos = 0;

	(void)state;
	assert_int_equal(frame_next(&f, "aaaa", 4, &pos, 1, 0, &sg), 1);
	want(&sg, "aaaa", 1, 0);
	pos = 0;
	assert_int_equal(frame_next(&f, "bb", 2, &pos, 0, 0, &sg), 1);
	want(&sg, "bb", 0, 0);
	pos = 0;
	assert_int_equal(frame_next(&f, "cc\nnext\n", 8, &pos, 0, 0, &sg), 1);
	want(&sg, "cc", 0, 1);
	assert_int_equal(frame_next(&f, "cc\nnext\n", 8, &pos, 0, 0, &sg), 1);
	want(&sg, "next", 1, 1);
}

static void
test_eof(void **state)
{
	struct framer f = { 0 };
	struct seg sg;
	size_t pos = 0;

	(void)state;
	/* a final line without newline is kept */
	assert_int_equal(frame_next(&f, "x\nno newline", 12, &pos, 0, 1, &sg),
	    1);
	want(&sg, "x", 1, 1);
	assert_int_equal(frame_next(&f, "x\nno newline", 12, &pos, 0, 1, &sg),
	    1);
	want(&sg, "no newline", 1, 1);
	assert_int_equal(frame_next(&f, "x\nno newline", 12, &pos, 0, 1, &sg),
	    0);
	/* the end of a long line at end of input closes it */
	f.midline = 1;
	pos = 0;
	assert_int_equal(frame_next(&f, "tail", 4, &pos, 0, 1, &sg), 1);
	want(&sg, "tail", 0, 1);
	assert_int_equal(f.midline, 0);
}

/* NUL and CR are ordinary bytes to framing; only '\n' ends a line. */
static void
test_nul_cr(void **state)
{
	struct framer f = { 0 };
	struct seg sg;
	size_t pos = 0;

	(void)state;
	assert_int_equal(frame_next(&f, "a\0b\r\n", 5, &pos, 0, 0, &sg), 1);
	assert_int_equal(sg.len, 4);
	assert_memory_equal(sg.p, "a\0b\r", 4);
	assert_int_equal(pos, 5);
}

/* The input ends right after a piece of a long line was given (the
 * window is empty): the line still ends, with an empty last segment, so
 * that tinylog adds its newline and journalog sends its last piece. */
static void
test_eof_after_piece(void **state)
{
	struct framer f = { 0 };
	struct seg sg;
	size_t pos = 0;

	(void)state;
	assert_int_equal(frame_next(&f, "xxxx", 4, &pos, 1, 0, &sg), 1);
	want(&sg, "xxxx", 1, 0);
	pos = 0; /* consumed: the window is empty */
	assert_int_equal(frame_next(&f, "", 0, &pos, 0, 0, &sg), 0);
	assert_int_equal(frame_next(&f, "", 0, &pos, 0, 1, &sg), 1);
	want(&sg, "", 0, 1);
	assert_int_equal(f.midline, 0);
	assert_int_equal(frame_next(&f, "", 0, &pos, 0, 1, &sg), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_lines),
		cmocka_unit_test(test_partial_tail),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_eof_after_piece),
		cmocka_unit_test(test_nul_cr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
