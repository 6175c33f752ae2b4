/* test_sanitize.c: control bytes become '?', TAB and bytes >= 0x7f stay,
 * at every alignment of the word-at-a-time scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize.h"

static void
test_rules(void **state)
{
	char b[] = "tab\there ctrl\001\033[0m del\177 caf\303\251 \342\234\223\r";
	const char *w = "tab\there ctrl??[0m del\177 caf\303\251 \342\234\223?";

	(void)state;
	sanitize(b, strlen(b));
	assert_string_equal(b, w);
}

static void
test_every_byte(void **state)
{
	char b[256];
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		b[i] = (char)i;
	sanitize(b, 256);
	for (i = 0; i < 256; i++) {
		if (i < 0x20 && i != '\t' && i != '\n')
			assert_int_equal((unsigned char)b[i], '?');
		else
			assert_int_equal((unsigned char)b[i], i);
	}
}

/* A control byte in every position of a 40-byte run, at 8 offsets. */
static void
test_alignment(void **state)
{
	char b[48], w[48];
	int off, pos;

	(void)state;
	for (off = 0; off < 8; off++)
		for (pos = 0; pos < 40; pos++) {
			memset(b, 'x', sizeof b);
			memset(w, 'x', sizeof w);
			b[off + pos] = '\0';
			w[off + pos] = '?';
			sanitize(b + off, 40);
			assert_memory_equal(b, w, sizeof b);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_alignment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
