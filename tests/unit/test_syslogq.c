/* test_syslogq.c: the message queue: adding, framing lengths, partial
 * writes, what SIOCOUTQ lets go, rewinding after a broken connection,
 * the drop policy's discard, and bounded memory. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "syslogq.h"

static void
add(struct syslogq *q, const char *text)
{
	char *p = sysq_reserve(q, strlen(text));

	assert_non_null(p);
	memcpy(p, text, strlen(text));
	sysq_commit(q, strlen(text));
}

static void
rec_is(const struct syslogq *q, size_t i, const char *text)
{
	assert_int_equal(sysq_rec(q, i)->len, strlen(text));
	assert_memory_equal(sysq_data(q, i), text, strlen(text));
}

static void
test_framing(void **state)
{
	struct syslogq q;
	char pfx[SYSQ_PREFIX_MAX];

	(void)state;
	assert_int_equal(sysq_init(&q, 1024, 16), 0);
	assert_int_equal(sysq_wirelen(&q, 10), 10);
	assert_int_equal(sysq_suffix(&q), -1);
	q.frame = SYSFRAME_OCTET;
	assert_int_equal(sysq_wirelen(&q, 10), 13); /* "10 " */
	assert_int_equal(sysq_wirelen(&q, 9), 11);  /* "9 " */
	assert_int_equal(sysq_prefix(&q, 123, pfx), 4);
	assert_memory_equal(pfx, "123 ", 4);
	q.frame = SYSFRAME_LF;
	assert_int_equal(sysq_wirelen(&q, 10), 11);
	assert_int_equal(sysq_suffix(&q), '\n');
	assert_int_equal(sysq_prefix(&q, 10, pfx), 0);
	q.frame = SYSFRAME_NUL;
	assert_int_equal(sysq_suffix(&q), '\0');
	sysq_free(&q);
}

/* Octet counted: "3 one" "3 two" "5 three". */
static void
test_advance_confirm(void **state)
{
	struct syslogq q;

	(void)state;
	assert_int_equal(sysq_init(&q, 1024, 16), 0);
	q.frame = SYSFRAME_OCTET;
	add(&q, "one");
	add(&q, "two");
	add(&q, "three");
	assert_int_equal(sysq_unsent(&q), 3);
	assert_int_equal(sysq_unsent_bytes(&q), 11);
	sysq_advance(&q, 7); /* "3 one3 " */
	assert_int_equal(q.sent, 1);
	assert_int_equal(q.part, 2);
	sysq_advance(&q, 10);
	assert_int_equal(q.sent, 3);
	assert_int_equal(q.part, 0);
	assert_int_equal(sysq_unsent(&q), 0);
	/* 9 bytes unconfirmed: "5 three" and the last 2 bytes of "3 two" */
	sysq_confirm(&q, 9);
	assert_int_equal(q.n, 2);
	rec_is(&q, 0, "two");
	sysq_confirm(&q, 9);
	assert_int_equal(q.n, 2);
	sysq_confirm(&q, 7);
	assert_int_equal(q.n, 1);
	rec_is(&q, 0, "three");
	sysq_confirm(&q, 0);
	assert_int_equal(q.n, 0);
	assert_int_equal(q.lo, 0);
	assert_int_equal(q.hi, 0);
	sysq_free(&q);
}

/* A broken connection: what is kept is sent again, in order, before
 * anything newer; the drop policy forgets only the loop's batch. */
static void
test_rewind_discard(void **state)
{
	struct syslogq q;

	(void)state;
	assert_int_equal(sysq_init(&q, 1024, 16), 0);
	add(&q, "old1");
	add(&q, "old2");
	sysq_advance(&q, 8);
	sysq_settle(&q);
	add(&q, "new1");
	add(&q, "new2");
	sysq_advance(&q, 6); /* new1 and half of new2 */
	assert_int_equal(q.sent, 3);
	sysq_rewind(&q);
	assert_int_equal(sysq_unsent(&q), 4);
	assert_int_equal(q.histwire, 0);
	sysq_discard(&q);
	assert_int_equal(q.n, 2);
	rec_is(&q, 0, "old1");
	rec_is(&q, 1, "old2");
	assert_int_equal(sysq_unsent_bytes(&q), 8);
	assert_int_equal(sysq_batch_bytes(&q), 0);
	/* discarding while part of the batch is sent keeps the count of
	 * what was written right */
	sysq_advance(&q, 8);
	sysq_settle(&q);
	add(&q, "b1");
	assert_int_equal(sysq_batch_bytes(&q), 2);
	sysq_advance(&q, 1);
	sysq_discard(&q);
	assert_int_equal(q.n, 2);
	assert_int_equal(q.sent, 2);
	assert_int_equal(q.part, 0);
	assert_int_equal(q.histwire, 8);
	sysq_free(&q);
}

static void
test_truncate_trim(void **state)
{
	struct syslogq q;

	(void)state;
	assert_int_equal(sysq_init(&q, 1024, 16), 0);
	add(&q, "aaaa");
	add(&q, "bbbb");
	add(&q, "cccc");
	sysq_truncate(&q, 1);
	assert_int_equal(q.n, 1);
	assert_int_equal(q.hi, 4);
	add(&q, "dd");
	rec_is(&q, 1, "dd");
	sysq_advance(&q, 6);
	sysq_trim(&q, 2); /* keep at most 2 wire bytes of history */
	assert_int_equal(q.n, 1);
	rec_is(&q, 0, "dd");
	sysq_free(&q);
}

/* The arena is reused from the start once the front is retired, and
 * says ENOBUFS when full; so does the ring of records. */
static void
test_bounds(void **state)
{
	struct syslogq q;
	char big[40];
	int i;

	(void)state;
	memset(big, 'x', sizeof big);
	assert_int_equal(sysq_init(&q, 100, 4), 0);
	for (i = 0; i < 2; i++) {
		assert_non_null(sysq_reserve(&q, 40));
		memcpy(q.buf + q.hi, big, 40);
		sysq_commit(&q, 40);
	}
	errno = 0;
	assert_null(sysq_reserve(&q, 40));
	assert_int_equal(errno, ENOBUFS);
	sysq_advance(&q, 40);
	sysq_confirm(&q, 0); /* the first 40 bytes are free again */
	assert_non_null(sysq_reserve(&q, 40));
	assert_int_equal(q.lo, 0); /* compacted */
	add(&q, "tail");
	rec_is(&q, 1, "tail");
	add(&q, "x");
	add(&q, "y");
	errno = 0;
	assert_null(sysq_reserve(&q, 1));
	assert_int_equal(errno, ENOBUFS);
	sysq_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_advance_confirm),
		cmocka_unit_test(test_rewind_discard),
		cmocka_unit_test(test_truncate_trim),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
