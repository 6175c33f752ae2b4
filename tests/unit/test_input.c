/* test_input.c: reading through tee(2) consumes nothing until asked;
 * partial tails stay in the pipe; end of input; plain files; the window
 * grows with a pipe kept full, and only then. */
#define _GNU_SOURCE /* pipe2, F_GETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "input.h"

static void
test_pipe_not_consumed(void **state)
{
	struct input in;
	int p[2];
	char buf[64];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "one\ntw", 6), 6);
	assert_int_equal(input_open(&in, p[0], 0), 0);
	assert_int_equal(in.tee, 1);
	assert_true(in.cap >= 4096);
	assert_int_equal(input_fill(&in), 6);
	assert_memory_equal(in.buf, "one\ntw", 6);
	assert_int_equal(input_fill(&in), 0); /* nothing new */
	assert_int_equal(in.eof, 0);
	assert_int_equal(write(p[1], "o\n", 2), 2);
	assert_int_equal(input_fill(&in), 2);
	assert_memory_equal(in.buf, "one\ntwo\n", 8);
	/* nothing has left the pipe: a second reader sees it all */
	assert_int_equal(input_consume(&in, 4), 0);
	assert_int_equal(in.len, 4);
	assert_memory_equal(in.buf, "two\n", 4);
	assert_int_equal(read(p[0], buf, sizeof buf), 4);
	assert_memory_equal(buf, "two\n", 4);
	close(p[1]);
	input_close(&in);
	close(p[0]);
}

/* Killing the reader between fill and consume loses nothing: the next
 * reader (a new input on the same pipe) gets the same bytes again. */
static void
test_restart_rereads(void **state)
{
	struct input a, b;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x\ny\n", 4), 4);
	assert_int_equal(input_open(&a, p[0], 0), 0);
	assert_int_equal(input_fill(&a), 4);
	assert_int_equal(input_consume(&a, 2), 0);
	input_close(&a); /* "dies" holding y\n unconsumed */
	assert_int_equal(input_open(&b, p[0], 0), 0);
	assert_int_equal(input_fill(&b), 2);
	assert_memory_equal(b.buf, "y\n", 2);
	input_close(&b);
	close(p[0]);
	close(p[1]);
}

static void
test_eof(void **state)
{
	struct input in;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "partial", 7), 7);
	close(p[1]);
	assert_int_equal(input_open(&in, p[0], 0), 0);
	assert_int_equal(input_fill(&in), 7);
	assert_int_equal(in.eof, 0);
	/* nothing new and no writer: end of input, tail still there */
	assert_int_equal(input_fill(&in), 0);
	assert_int_equal(in.eof, 1);
	assert_int_equal(in.len, 7);
	assert_int_equal(input_consume(&in, 7), 0);
	input_close(&in);
	close(p[0]);
}

/* The window never grows past the pipe's capacity; a full window says so. */
static void
test_full_window(void **state)
{
	struct input in;
	int p[2];
	static char big[65536];

	(void)state;
	memset(big, 'z', sizeof big);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[1], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(input_open(&in, p[0], 0), 0);
	assert_true(write(p[1], big, sizeof big) > 0);
	assert_true(input_fill(&in) > 0);
	assert_true(input_full(&in));
	assert_int_equal(input_fill(&in), 0);
	input_close(&in);
	close(p[0]);
	close(p[1]);
}

static void
test_file(void **state)
{
	struct input in;
	char path[] = "/tmp/test_input.XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a\nb", 3), 3);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	unlink(path);
	assert_int_equal(input_open(&in, fd, 0), 0);
	assert_int_equal(in.tee, 0);
	assert_int_equal(input_fill(&in), 3);
	assert_int_equal(input_consume(&in, 2), 0);
	assert_memory_equal(in.buf, "b", 1);
	assert_int_equal(input_fill(&in), 0);
	assert_int_equal(in.eof, 1);
	input_close(&in);
	close(fd);
}

/* Fill the pipe to its window, take it all, and consume it: one round of
 * a producer that keeps the pipe full. */
static void
full_round(struct input *in, int wfd)
{
	static char chunk[65536];
	size_t want = in->cap, n;
	ssize_t w;

	memset(chunk, 'a', sizeof chunk);
	for (n = 0; n < want; n += (size_t)w) {
		w = write(wfd, chunk, want - n < sizeof chunk ? want - n :
		    sizeof chunk);
		assert_true(w > 0);
	}
	assert_true(input_fill(in) > 0);
	assert_int_equal(input_consume(in, in->len), 0);
}

/* An input on a new non-blocking pipe p; returns its first window size. */
static size_t
open_pipe(struct input *in, int p[2])
{
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	assert_int_equal(input_open(in, p[0], 0), 0);
	return in->cap;
}

static void
close_pipe(struct input *in, int p[2])
{
	close(p[1]);
	input_close(in);
	close(p[0]);
}

static void
test_grows_when_kept_full(void **state)
{
	struct input in;
	int p[2], i;
	size_t cap0;

	(void)state;
	cap0 = open_pipe(&in, p);
	assert_int_equal(input_grow_limit(&in, 4 * cap0), 0);
	assert_int_equal(in.max, 4 * cap0);
	assert_int_equal(in.cap, cap0); /* not before the input asks */
	/* a trickle never grows it */
	for (i = 0; i < 20; i++) {
		assert_int_equal(write(p[1], "line\n", 5), 5);
		assert_int_equal(input_fill(&in), 5);
		assert_int_equal(input_consume(&in, 5), 0);
	}
	assert_int_equal(in.cap, cap0);
	/* a producer that keeps the pipe full does, pipe and window */
	for (i = 0; i < 8 && in.cap == cap0; i++)
		full_round(&in, p[1]);
	assert_int_equal(in.cap, 4 * cap0);
	assert_int_equal(fcntl(p[0], F_GETPIPE_SZ), (int)(4 * cap0));
	full_round(&in, p[1]); /* and the grown window is used whole */
	close_pipe(&in, p);
}

/* Without input_grow_limit(), the window stays the pipe's size. */
static void
test_no_growth_by_default(void **state)
{
	struct input in;
	int p[2], i;
	size_t cap0;

	(void)state;
	cap0 = open_pipe(&in, p);
	for (i = 0; i < 8; i++)
		full_round(&in, p[1]);
	assert_int_equal(in.cap, cap0);
	assert_int_equal(fcntl(p[0], F_GETPIPE_SZ), (int)cap0);
	close_pipe(&in, p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_not_consumed),
		cmocka_unit_test(test_restart_rereads),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_full_window),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_grows_when_kept_full),
		cmocka_unit_test(test_no_growth_by_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
