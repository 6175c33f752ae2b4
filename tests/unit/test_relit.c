/* test_relit.c: the literals an ERE needs (relit.h), and the filter that
 * uses them to skip regexec(): it must decide exactly as regexec() alone,
 * which a differential test checks over many expressions and lines. */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"
#include "relit.h"
#include "sanitize.h"

/* The literal of each alternative, "^" marking an anchored one, "|"
 * between them; "" when there is no pre-filter; "=" first when exact. */
static void
want(const char *ere, const char *lits)
{
	struct relit r;
	char got[512];
	size_t len = 0;
	int i;

	relit_extract(ere, &r);
	got[0] = '\0';
	if (r.n > 0 && r.exact)
		got[len++] = '=';
	for (i = 0; i < r.n; i++) {
		if (i > 0)
			got[len++] = '|';
		if (r.anchored[i])
			got[len++] = '^';
		memcpy(got + len, r.lit[i], r.len[i]);
		len += r.len[i];
	}
	got[len] = '\0';
	if (strcmp(got, lits) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", ere, got, lits);
}

static void
test_extract(void **state)
{
	(void)state;
	want("error", "=error");
	want("^debug", "=^debug");
	want("error|fatal|panic", "=error|fatal|panic");
	want("GET /metrics", "=GET /metrics");
	want("status=5[0-9][0-9]", "status=5");
	want("a\\.b\\*c", "=a.b*c");
	want("colou?r", "colo");
	want("ab+c", "ab");         /* "b" at least once, right after "a" */
	want("x{2,3}yz", "yz");
	want("user=[0-9]+ denied", " denied");
	want("(foo|bar)baz", "baz");
	want("^(a|b)", "");
	want(".", "");
	want(".*", "");
	want("", "");
	want("a|", "");
	want("a|.*", "");
	want("error$", "error");     /* not exact: the end of the line */
	want("err\\wor", "err");     /* \w is not a literal */
	want("[[:digit:]]+ms", "ms");
	want("[]a]bc", "bc");
	want("a^b", "a");
	want("x{,3}y", "y");         /* GNU: {,3} is {0,3} */
	want("a+?", "");             /* (a+)?: nothing required */
	want("ab*?c", "");
	want("x{a}y", "");           /* not a bound: no pre-filter */
}

static void
test_long_literal(void **state)
{
	struct relit r;
	char ere[100];

	(void)state;
	memset(ere, 'x', 60);
	strcpy(ere + 60, "y*z");
	relit_extract(ere, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.len[0], RELIT_LEN);
	assert_false(r.exact);
	memset(ere, 'q', 40);
	strcpy(ere + 40, "|ab?c");
	relit_extract(ere, &r);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.len[1], 1); /* "a" then "c": the first longest */
}

static int
in_any(const struct relit *r, const char *p, size_t n)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (relit_in(r, i, p, n))
			return 1;
	return 0;
}

static void
test_in(void **state)
{
	struct relit r;
	struct relit_sample smp;

	(void)state;
	relit_extract("error|^fatal", &r);
	assert_true(in_any(&r, "an error here", 13));
	assert_true(in_any(&r, "error", 5));
	assert_false(in_any(&r, "erro", 4));
	assert_true(in_any(&r, "fatal: x", 8));
	assert_false(in_any(&r, "x fatal", 7));
	assert_false(in_any(&r, "", 0));
	/* searched from another pair, it finds the same */
	memset(&smp, 0, sizeof smp);
	relit_count(&smp, "eeeeeeeerrrrrrrrerrerrerr", 25);
	smp.total = 100000;
	relit_tune(&r, &smp);
	assert_int_equal(r.at[0], 2); /* "ro": never seen */
	assert_int_equal(r.byte[0], 3); /* 'o' */
	assert_true(r.by_byte[0]);
	assert_true(in_any(&r, "an error here", 13));
	assert_false(in_any(&r, "an errxr here", 13));
	/* a frequent byte: searched by its pair */
	relit_count(&smp, "oooooooooooooooooooooooooooooooooooooooooo", 42);
	smp.total = 100;
	relit_tune(&r, &smp);
	assert_false(r.by_byte[0]);
	assert_true(in_any(&r, "an error here", 13));
}

static void
test_find(void **state)
{
	static const char win[] = "one error\ntwo\0error\nthree errors";
	const char *end = win + sizeof win - 1, *h;
	struct relit r;

	(void)state;
	relit_extract("error", &r);
	assert_false(r.by_byte[0]);
	h = relit_find(&r, 0, win, end);
	assert_ptr_equal(h, win + 4);
	h = relit_find(&r, 0, h + 1, end); /* past a NUL in the input */
	assert_ptr_equal(h, win + 14);
	h = relit_find(&r, 0, h + 1, end);
	assert_ptr_equal(h, win + 26);
	assert_null(relit_find(&r, 0, h + 1, end));
	r.by_byte[0] = 1; /* the same by memchr() */
	h = relit_find(&r, 0, win, end);
	assert_ptr_equal(h, win + 4);
	h = relit_find(&r, 0, h + 1, end);
	assert_ptr_equal(h, win + 14);
	h = relit_find(&r, 0, h + 1, end);
	assert_ptr_equal(h, win + 26);
	assert_null(relit_find(&r, 0, h + 1, end));
	relit_extract("a\\?b", &r);  /* '?' could be made by sanitizing */
	assert_false(r.ahead[0]);
	relit_extract("error", &r);
	assert_true(r.ahead[0]);
}

/* A small generator of lines over a small alphabet, so that literals
 * occur often, partly and near the ends. */
static void
line(unsigned seed, char *buf, size_t *len)
{
	static const char alpha[] = "aberrorfatl:=5 0GET/mx.\t?c";
	unsigned x = seed * 2654435761u + 12345;
	size_t i, n;

	n = (x >> 8) % 40;
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = alpha[(x >> 16) % (sizeof alpha - 1)];
	}
	*len = n;
}

/* The filter with its pre-filter decides as regexec() alone does. */
static void
test_differential(void **state)
{
	static const char *eres[] = {
		"error", "^error", "err|fat", "error|fatal", "a:=5",
		"status=5[0-9]", "e+r", "r{2}", "or?", "^a|b$", "GET /m",
		"(er)+or", "[ab]rr", "x\\.", "5 0", "\t", "a.b", "^$",
		"fatal$", "ee*",
	};
	char buf[64], err[128];
	size_t i, len;
	unsigned s;
	regex_t re;
	regmatch_t m;
	struct filter f;

	(void)state;
	for (i = 0; i < sizeof eres / sizeof eres[0]; i++) {
		filter_init(&f, 30);
		assert_int_equal(filter_add(&f, 0, eres[i], err, sizeof err), 0);
		assert_int_equal(regcomp(&re, eres[i], REG_EXTENDED | REG_NOSUB),
		    0);
		for (s = 0; s < 20000; s++) {
			line(s, buf, &len);
			m.rm_so = 0;
			m.rm_eo = (regoff_t)(len < 30 ? len : 30);
			if (filter_keep(&f, buf, len) !=
			    (regexec(&re, buf, 1, &m, REG_STARTEND) != 0))
				fail_msg("%s on \"%.*s\"", eres[i], (int)len, buf);
		}
		regfree(&re);
		filter_free(&f);
	}
}

/* The same, with lines read from windows as the loop gives them:
 * sanitized one by one just before they are filtered, the rules
 * searching ahead in the raw rest of the window; control bytes, '?' and
 * NUL included. */
static void
test_window(void **state)
{
	static const char *eres[] = {
		"error", "err|fat", "a:=5", "r{2}", "x\\.", "5 0", "a\\?b", "\\?",
		"^error", "fatal|a:", "ab?c",
	};
	static char win[1 << 16];
	size_t i, len, pos, lens[2000];
	unsigned s, nlines, round;
	char err[128];
	regex_t re;
	regmatch_t m;
	struct filter f;

	(void)state;
	for (i = 0; i < sizeof eres / sizeof eres[0]; i++) {
		filter_init(&f, 30);
		assert_int_equal(filter_add(&f, 1, eres[i], err, sizeof err), 0);
		assert_int_equal(filter_add(&f, 0, eres[i], err, sizeof err), 0);
		assert_int_equal(regcomp(&re, eres[i], REG_EXTENDED | REG_NOSUB),
		    0);
		for (round = 0; round < 4; round++) {
		for (pos = 0, nlines = 0; nlines < 1500; nlines++) {
			line(nlines * 7 + (unsigned)i + round * 9973, win + pos,
			    &len);
			if (nlines % 13 == 0 && len > 3)
				win[pos + 2] = nlines % 2 ? '\001' : '\0';
			lens[nlines] = len;
			pos += len;
			win[pos++] = '\n';
		}
		win[pos] = '\0';
		filter_window(&f, win, pos);
		for (s = 0, pos = 0; s < nlines; s++) {
			sanitize(win + pos, lens[s]);
			m.rm_so = 0;
			m.rm_eo = (regoff_t)(lens[s] < 30 ? lens[s] : 30);
			if (filter_keep(&f, win + pos, lens[s]) !=
			    (regexec(&re, win + pos, 1, &m, REG_STARTEND) != 0))
				fail_msg("%s on line %u", eres[i], s);
			pos += lens[s] + 1;
		}
		}
		/* after 64 KiB, the rules were tuned to the input */
		assert_true(f.state->skip > 0);
		regfree(&re);
		filter_free(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_long_literal),
		cmocka_unit_test(test_in),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_differential),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
