/* test_rot_gzfile.c: chunked gzip compression: the output decompresses
 * (with zlib's gzip reader, as zcat and linecheck read it) to exactly the
 * input, a chunk per step, at every level; empty input gives a valid
 * empty member. */
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

/* Compress in_path into out_path; returns the number of steps taken. */
static int
compress_file(int level)
{
	struct gzfile g;
	int in = open(in_path, O_RDONLY), out, rc, steps = 0;

	out = open(out_path, O_WRONLY | O_TRUNC);
	assert_true(in >= 0 && out >= 0);
	assert_int_equal(gzfile_start(&g, in, out, level), 0);
	while ((rc = gzfile_step(&g)) == 0)
		steps++;
	assert_int_equal(rc, 1);
	gzfile_end(&g);
	close(in);
	close(out);
	return steps;
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
		assert_int_equal(compress_file(level), 6);
		check_output(want, n);
	}
	free(want);
}

static void
test_empty(void **state)
{
	char *want = make_input(0);

	(void)state;
	assert_int_equal(compress_file(6), 0);
	check_output(want, 0);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
