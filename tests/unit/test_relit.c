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

static void
test_scan(void **state)
{
	struct relit r;
	unsigned long counts[256];

	(void)state;
	relit_extract("error|^fatal", &r);
	assert_true(relit_scan(&r, "an error here", 13));
	assert_true(relit_scan(&r, "error", 5));
	assert_false(relit_scan(&r, "erro", 4));
	assert_true(relit_scan(&r, "fatal: x", 8));
	assert_false(relit_scan(&r, "x fatal", 7));
	assert_false(relit_scan(&r, "", 0));
	/* tuned to other bytes, it finds the same */
	memset(counts, 0, sizeof counts);
	counts['e'] = 100;
	relit_tune(&r, counts);
	assert_true(relit_scan(&r, "an error here", 13));
	assert_false(relit_scan(&r, "an errxr here", 13));
	relit_extract(".", &r);
	assert_true(relit_scan(&r, "", 0)); /* no pre-filter: regexec says */
}

/* A small generator of lines over a small alphabet, so that literals
 * occur often, partly and near the ends. */
static void
line(unsigned seed, char *buf, size_t *len)
{
	static const char alpha[] = "aberrorfatl:=5 0GET/mx.\t";
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_long_literal),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_differential),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
