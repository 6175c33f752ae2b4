/* test_rot_gzfile.c: chunked gzip compression: the output is one gzip
 * member that decompresses to exactly the input, with one lane and with
 * helper lanes, at every level; the helpers do share the work; chunks
 * primed with the input before them compress as well as one stream;
 * empty input gives a valid empty member. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "gzfile.h"

static char in_path[64], out_path[64];

static int
setup(void **state)
{
	int fd;

	(void)state;
	strcpy(in_path, "/tmp/test_rot_gzfile.in.XXXXXX");
	strcpy(out_path, "/tmp/test_rot_gzfile.out.XXXXXX");
	fd = mkstemp(in_path);
	close(fd);
	fd = mkstemp(out_path);
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(in_path);
	unlink(out_path);
	return 0;
}

static char *
make_input(size_t n)
{
	char *p = malloc(n + 1);
	uint32_t x = 12345;
	size_t i;
	FILE *f;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (x >> 16) % 23 == 0 ? '\n' : "abcdefgh ijk=0123"[(x >> 20) % 17];
	}
	f = fopen(in_path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
	return p;
}

static uint64_t helped; /* chunks the helpers took in the last run */

/* Compress in_path into out_path; returns the number of steps taken. */
static int
compress_file(int level, int lanes)
{
	struct gzfile g;
	int in = open(in_path, O_RDONLY), out, rc, steps = 0;

	out = open(out_path, O_WRONLY | O_TRUNC);
	assert_true(in >= 0 && out >= 0);
	assert_int_equal(gzfile_start(&g, in, out, level, lanes), 0);
	while ((rc = gzfile_step(&g)) == 0)
		steps++;
	assert_int_equal(rc, 1);
	helped = g.helped;
	gzfile_end(&g);
	close(in);
	close(out);
	return steps;
}

/* The output file, whole; its size in *len. */
static unsigned char *
read_output(size_t *len)
{
	FILE *f = fopen(out_path, "rb");
	unsigned char *p;
	long sz;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	p = malloc((size_t)sz + 1);
	assert_int_equal(fread(p, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*len = (size_t)sz;
	return p;
}

/* The whole file is one gzip member: inflate ends the stream (CRC and
 * size checked) exactly at the last byte. */
static void
check_one_member(size_t n)
{
	size_t len;
	unsigned char *p = read_output(&len), *buf = malloc(n + 1);
	z_stream z;

	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = p;
	z.avail_in = (uInt)len;
	z.next_out = buf;
	z.avail_out = (uInt)n + 1;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.avail_in, 0);
	assert_int_equal(z.total_out, n);
	inflateEnd(&z);
	free(p);
	free(buf);
}

static void
check_output(const char *want, size_t n)
{
	gzFile gz = gzopen(out_path, "rb");
	char *got = malloc(n + 16);
	int r;

	assert_non_null(gz);
	r = gzread(gz, got, (unsigned)(n + 16));
	assert_int_equal(r, (int)n);
	assert_memory_equal(got, want, n);
	assert_int_equal(gzclose(gz), Z_OK);
	free(got);
	check_one_member(n);
}

static void
test_roundtrip(void **state)
{
	size_t n = 5 * GZFILE_CHUNK + 777;
	char *want = make_input(n);
	int level;

	(void)state;
	for (level = 1; level <= 9; level += 4) {
		/* one step per chunk of input, then the end */
		assert_int_equal(compress_file(level, 1), 6);
		assert_int_equal(helped, 0);
		check_output(want, n);
	}
	free(want);
}

static void
test_lanes(void **state)
{
	size_t n = 5 * GZFILE_CHUNK + 777;
	char *want = make_input(n);
	int level;

	(void)state;
	for (level = 1; level <= 9; level += 4) {
		/* two chunks a step: 3 steps, the helper taking 2 chunks
		 * and part of the last */
		assert_int_equal(compress_file(level, 2), 3);
		assert_int_equal(helped, 3);
		check_output(want, n);
	}
	/* an input that fits one lane leaves the helper idle */
	free(want);
	want = make_input(1000);
	assert_int_equal(compress_file(6, 2), 1);
	assert_int_equal(helped, 0);
	check_output(want, 1000);
	free(want);
}

/* Input that repeats a block across chunk boundaries: a chunk that were
 * not primed with the bytes before it would pay for the block again. */
static void
test_primed(void **state)
{
	size_t n = 8 * GZFILE_CHUNK, i, len, single;
	unsigned char *block = (unsigned char *)make_input(4000);
	char *want = malloc(n);
	unsigned char *out = malloc(n);
	FILE *f;

	(void)state;
	for (i = 0; i < n; i++)
		want[i] = (char)block[i % 4000];
	f = fopen(in_path, "w");
	assert_int_equal(fwrite(want, 1, n, f), n);
	fclose(f);
	single = n;
	assert_int_equal(compress2(out, &single, (unsigned char *)want, n, 6),
	    Z_OK);
	compress_file(6, 2);
	free(read_output(&len));
	/* 8 chunks: at most a sync marker and a few bits each, beyond the
	 * one-stream size (zlib's wrapper is 12 bytes, gzip's 18) */
	assert_true(len <= single + 6 + 8 * 6);
	check_output(want, n);
	free(block);
	free(want);
	free(out);
}

static void
test_empty(void **state)
{
	char *want = make_input(0);

	(void)state;
	assert_int_equal(compress_file(6, 1), 0);
	check_output(want, 0);
	assert_int_equal(compress_file(6, 2), 0);
	check_output(want, 0);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lanes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_primed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
