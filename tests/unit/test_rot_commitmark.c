/* test_rot_commitmark.c: the commit mark (commitmark.c): this boot's id,
 * a mark set and read back, a mark of another boot or of another shape
 * not trusted, no mark, and clearing. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <cmocka.h>

#include "commitmark.h"

static char path[] = "/tmp/test_rot_commitmark.XXXXXX";
static int fd = -1;

static int
setup(void **state)
{
	(void)state;
	strcpy(path, "/tmp/test_rot_commitmark.XXXXXX");
	fd = mkstemp(path);
	return fd < 0 ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	close(fd);
	return unlink(path);
}

static void
test_boot(void **state)
{
	char boot[CMARK_BOOT];
	int i;

	(void)state;
	assert_int_equal(cmark_boot(boot), 0);
	for (i = 0; i < CMARK_BOOT; i++)
		assert_true(i == 8 || i == 13 || i == 18 || i == 23 ?
		    boot[i] == '-' : strchr("0123456789abcdef", boot[i]) != NULL);
}

static void
test_round_trip(void **state)
{
	char boot[CMARK_BOOT];
	uint64_t size = 1;

	(void)state;
	assert_int_equal(cmark_boot(boot), 0);
	assert_int_equal(cmark_get(fd, boot, &size), 0); /* none yet */
	assert_int_equal(cmark_set(fd, boot, 0), 0);
	assert_int_equal(cmark_get(fd, boot, &size), 1);
	assert_true(size == 0);
	assert_int_equal(cmark_set(fd, boot, 0x0102030405060708ULL), 0);
	assert_int_equal(cmark_get(fd, boot, &size), 1);
	assert_true(size == 0x0102030405060708ULL);
	assert_int_equal(cmark_clear(fd), 0);
	assert_int_equal(cmark_get(fd, boot, &size), 0);
	assert_int_equal(cmark_clear(fd), 0); /* none is not an error */
}

static void
test_untrusted(void **state)
{
	char boot[CMARK_BOOT], other[CMARK_BOOT];
	uint64_t size;

	(void)state;
	assert_int_equal(cmark_boot(boot), 0);
	memcpy(other, boot, CMARK_BOOT);
	other[0] = other[0] == '0' ? '1' : '0';
	/* Written in another boot: its page cache is gone. */
	assert_int_equal(cmark_set(fd, other, 42), 0);
	assert_int_equal(cmark_get(fd, boot, &size), 0);
	/* Not a mark's shape. */
	assert_int_equal(fsetxattr(fd, CMARK_ATTR, "short", 5, 0), 0);
	assert_int_equal(cmark_get(fd, boot, &size), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untrusted, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
