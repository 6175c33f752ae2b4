/* test_journalfields.c: journal entry fields: field-name rules, reserved
 * names, the fixed fields, -e options, the iovecs of an entry (whole and
 * pieces), and cutting long lines without splitting UTF-8 sequences,
 * also when only the end of what was written is at hand. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <cmocka.h>

#include "journalfields.h"

static int
valid(const char *s)
{
	return jf_name_valid(s, strlen(s));
}

static void
test_name_rules(void **state)
{
	char longest[JF_NAME_MAX + 2];

	(void)state;
	assert_true(valid("FOO"));
	assert_true(valid("A"));
	assert_true(valid("MY_FIELD_2"));
	assert_true(valid("X_"));
	assert_false(valid(""));
	assert_false(valid("foo"));     /* lower case */
	assert_false(valid("Foo"));
	assert_false(valid("_FOO"));    /* journald's trusted fields */
	assert_false(valid("2FOO"));    /* a digit first */
	assert_false(valid("FOO-BAR"));
	assert_false(valid("FOO BAR"));
	assert_false(valid("FO\303\226"));
	memset(longest, 'A', sizeof longest);
	longest[JF_NAME_MAX] = '\0';
	assert_true(valid(longest));
	longest[JF_NAME_MAX] = 'A';
	longest[JF_NAME_MAX + 1] = '\0';
	assert_false(valid(longest));
	/* the length given counts, not a NUL */
	assert_true(jf_name_valid("FOO=bar", 3));
	assert_false(jf_name_valid("FOO=bar", 4));
}

static void
test_reserved(void **state)
{
	(void)state;
	assert_true(jf_name_reserved("MESSAGE", 7));
	assert_true(jf_name_reserved("PRIORITY", 8));
	assert_true(jf_name_reserved("SYSLOG_IDENTIFIER", 17));
	assert_true(jf_name_reserved("SYSLOG_FACILITY", 15));
	assert_true(jf_name_reserved("PERP_SERVICE", 12));
	assert_true(jf_name_reserved("PERP_ANYTHING", 13));
	assert_false(jf_name_reserved("MESSAGE_ID", 10));
	assert_false(jf_name_reserved("PERP", 4));
	assert_false(jf_name_reserved("PERPX", 5));
	assert_false(jf_name_reserved("SYSLOG_PID", 10));
}

static int
field_is(const struct iovec *v, const char *want)
{
	return v->iov_len == strlen(want) &&
	    memcmp(v->iov_base, want, v->iov_len) == 0;
}

static void
test_fixed_and_options(void **state)
{
	struct jfields f;
	struct iovec iov[JF_IOV_MAX];
	struct jpiecetext pt;
	const char *msg = "MESSAGE=hello";
	size_t n;

	(void)state;
	assert_int_equal(jf_init(&f, "mysvc", LOG_LOCAL3), 0);
	assert_int_equal(jf_add(&f, "PERP_SERVICE", "mysvc"), 0);
	assert_int_equal(jf_add_option(&f, "DEPLOY=blue"), 0);
	assert_int_equal(jf_add_option(&f, "EMPTY="), 0);
	assert_int_equal(jf_add_option(&f, "EQ=a=b"), 0);
	n = jf_entry(&f, msg, strlen(msg), 3, NULL, &pt, iov);
	assert_int_equal(n, 8);
	assert_true(field_is(&iov[0], "MESSAGE=hello"));
	assert_true(field_is(&iov[1], "PRIORITY=3"));
	assert_true(field_is(&iov[2], "SYSLOG_IDENTIFIER=mysvc"));
	assert_true(field_is(&iov[3], "SYSLOG_FACILITY=19"));
	assert_true(field_is(&iov[4], "PERP_SERVICE=mysvc"));
	assert_true(field_is(&iov[5], "DEPLOY=blue"));
	assert_true(field_is(&iov[6], "EMPTY="));
	assert_true(field_is(&iov[7], "EQ=a=b"));
	assert_int_equal(f.fixedlen, strlen("SYSLOG_IDENTIFIER=mysvc") +
	    strlen("SYSLOG_FACILITY=19") + strlen("PERP_SERVICE=mysvc") +
	    strlen("DEPLOY=blue") + strlen("EMPTY=") + strlen("EQ=a=b"));
	jf_free(&f);
}

static void
test_bad_options(void **state)
{
	struct jfields f;
	int i;

	(void)state;
	assert_int_equal(jf_init(&f, "", LOG_DAEMON), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jf_add_option(&f, "NOEQUALS"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(jf_add_option(&f, "bad=1"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(jf_add_option(&f, "=1"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(jf_add_option(&f, "_PID=1"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(jf_add_option(&f, "MESSAGE=x"), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(jf_add_option(&f, "PERP_BASE=/x"), -1);
	assert_int_equal(errno, EPERM);
	for (i = 0; i < JF_FIXED_MAX + 1; i++)
		if (jf_add_option(&f, "MANY=1") < 0)
			break;
	assert_int_equal(errno, E2BIG);
	assert_int_equal(f.nfixed, JF_FIXED_MAX);
	jf_free(&f);
}

static void
test_every_priority(void **state)
{
	struct jfields f;
	struct iovec iov[JF_IOV_MAX];
	struct jpiecetext pt;
	char want[16];
	int p;

	(void)state;
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	for (p = 0; p < 8; p++) {
		jf_entry(&f, "MESSAGE=m", 9, p, NULL, &pt, iov);
		snprintf(want, sizeof want, "PRIORITY=%d", p);
		assert_true(field_is(&iov[1], want));
	}
	assert_true(field_is(&iov[3], "SYSLOG_FACILITY=3"));
	jf_free(&f);
}

static void
test_piece_fields(void **state)
{
	struct jfields f;
	struct iovec iov[JF_IOV_MAX];
	struct jpiecetext pt;
	struct jpiece pc;
	size_t n;
	int i;

	(void)state;
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	for (i = 0; i < JF_ID_LEN; i++)
		pc.id[i] = (unsigned char)(i * 17);
	pc.num = 12;
	pc.last = 0;
	n = jf_entry(&f, "MESSAGE=m", 9, 6, &pc, &pt, iov);
	assert_int_equal(n, 6);
	assert_true(field_is(&iov[4],
	    "PERP_LINE_ID=00112233445566778899aabbccddeeff"));
	assert_true(field_is(&iov[5], "PERP_PIECE=12"));
	pc.last = 1;
	n = jf_entry(&f, "MESSAGE=m", 9, 6, &pc, &pt, iov);
	assert_int_equal(n, 7);
	assert_true(field_is(&iov[6], "PERP_PIECE_LAST=1"));
	pc.num = 0; /* a whole line: no piece fields even if set */
	assert_int_equal(jf_entry(&f, "MESSAGE=m", 9, 6, &pc, &pt, iov), 4);
	jf_free(&f);
}

static void
test_cut(void **state)
{
	/* "ab" then U+00E9 (2 bytes), U+2713 (3 bytes), U+1F600 (4 bytes) */
	const char *t = "ab\303\251\342\234\223\360\237\230\200z";
	size_t len = strlen(t);

	(void)state;
	assert_int_equal(jf_cut(t, len, 100), len); /* fits */
	assert_int_equal(jf_cut(t, len, 2), 2);      /* before a lead byte */
	assert_int_equal(jf_cut(t, len, 3), 2);      /* inside U+00E9 */
	assert_int_equal(jf_cut(t, len, 4), 4);
	assert_int_equal(jf_cut(t, len, 5), 4);      /* inside U+2713 */
	assert_int_equal(jf_cut(t, len, 6), 4);
	assert_int_equal(jf_cut(t, len, 7), 7);
	assert_int_equal(jf_cut(t, len, 8), 7);      /* inside U+1F600 */
	assert_int_equal(jf_cut(t, len, 10), 7);
	assert_int_equal(jf_cut(t, len, 11), 11);
	/* binary: continuation bytes without a lead are cut at max */
	assert_int_equal(jf_cut("\200\200\200\200\200\200", 6, 4), 4);
	/* never 0: a piece always makes progress */
	assert_int_equal(jf_cut("\303\251", 2, 1), 1);
	assert_int_equal(jf_cut("x\200\200\200", 4, 1), 1);
}

/* The same cut when only the part after the first have bytes is at hand
 * and the 3 bytes before it: every split of every text, every max. */
static void
test_cut_more(void **state)
{
	const char *texts[] = {
		"ab\303\251\342\234\223\360\237\230\200z",
		"\200\200\200\200\200\200", "x\200\200\200",
		"\303\251\303\251\303\251\303\251", "\377\376\200\303"
	};
	unsigned char tail[3];
	size_t i, max, have, len, tlen;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		len = strlen(texts[i]);
		for (max = 1; max <= len + 1; max++)
			for (have = 0; have <= max && have <= len; have++) {
				tlen = have < 3 ? have : 3;
				memcpy(tail, texts[i] + have - tlen, tlen);
				assert_int_equal(jf_cut_more(tail, tlen, have,
				    texts[i] + have, len - have, max),
				    jf_cut(texts[i], len, max));
			}
	}
	/* the tail alone decides when the cut falls in what was written:
	 * U+2713 is 3 bytes; the piece holds 'a' and its first 2 */
	memcpy(tail, "a\342\234", 3);
	assert_int_equal(jf_cut_more(tail, 3, 3, "\223b", 2, 3), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_rules),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_fixed_and_options),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_every_priority),
		cmocka_unit_test(test_piece_fields),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_cut_more),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
