/* test_journalmemfd.c: a journal entry written into a file as its line
 * is read: the binary field head, the fixed fields encoded once (the
 * binary form for a value with a newline), the entry written into a
 * tmpfile and parsed back as journald's native protocol reads it (the
 * fields in their order, MESSAGE's length patched in, bytes taken back,
 * the piece fields last),
 * the limit with long fixed fields, and a memfd's seals. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <cmocka.h>

#include "journalmemfd.h"

/* A field as journald parses it from the entry. */
struct field {
	char name[JF_NAME_MAX + 1];
	const char *value;
	size_t len;
};

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Parse buf (n bytes) as the native protocol does: NAME=value\n, or
 * NAME\n + le64 + value + \n. Returns the number of fields. */
static size_t
parse(const char *buf, size_t n, struct field *f, size_t max)
{
	const char *p = buf, *end = buf + n, *nl, *eq;
	size_t k = 0;

	while (p < end && k < max) {
		nl = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(nl);
		eq = memchr(p, '=', (size_t)(nl - p));
		if (eq != NULL) {
			memcpy(f[k].name, p, (size_t)(eq - p));
			f[k].name[eq - p] = '\0';
			f[k].value = eq + 1;
			f[k].len = (size_t)(nl - eq - 1);
			p = nl + 1;
		} else {
			memcpy(f[k].name, p, (size_t)(nl - p));
			f[k].name[nl - p] = '\0';
			f[k].len = (size_t)le64((const unsigned char *)nl + 1);
			f[k].value = nl + 9;
			assert_true(f[k].value + f[k].len < end);
			assert_int_equal(f[k].value[f[k].len], '\n');
			p = f[k].value + f[k].len + 1;
		}
		k++;
	}
	assert_ptr_equal(p, end);
	return k;
}

static void
want(const struct field *f, const char *name, const char *value, size_t len)
{
	assert_string_equal(f->name, name);
	assert_int_equal(f->len, len);
	assert_memory_equal(f->value, value, len);
}

/* The whole file fd. */
static char *
slurp(int fd, size_t *n)
{
	off_t size = lseek(fd, 0, SEEK_END);
	char *buf = malloc((size_t)size + 1);

	assert_non_null(buf);
	assert_int_equal(pread(fd, buf, (size_t)size, 0), size);
	*n = (size_t)size;
	return buf;
}

static int
tmp(void)
{
	char path[] = "/tmp/test_journalmemfd.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

static void
test_binhead(void **state)
{
	char out[JM_BINHEAD_MAX];

	(void)state;
	assert_int_equal(jm_binhead(out, "MESSAGE", 7, 0x0102030405060708ULL),
	    16);
	assert_memory_equal(out, "MESSAGE\n\010\007\006\005\004\003\002\001",
	    16);
}

/* The fixed fields as journald reads them; a value with a newline in the
 * binary form, as libsystemd would send it. */
static void
test_head(void **state)
{
	struct jfields f;
	struct jmhead h;
	struct field got[8];

	(void)state;
	assert_int_equal(jf_init(&f, "web", LOG_LOCAL3), 0);
	assert_int_equal(jf_add_option(&f, "NOTE=two\nlines"), 0);
	assert_int_equal(jf_add_option(&f, "EMPTY="), 0);
	assert_int_equal(jm_head_init(&h, &f), 0);
	assert_int_equal(parse(h.buf, h.len, got, 8), 4);
	want(&got[0], "SYSLOG_IDENTIFIER", "web", 3);
	want(&got[1], "SYSLOG_FACILITY", "19", 2);
	want(&got[2], "NOTE", "two\nlines", 9);
	want(&got[3], "EMPTY", "", 0);
	/* the default fields leave journald's limit for a field whole */
	assert_int_equal(jm_limit(&h, (size_t)-1), JM_DATA_MAX);
	assert_int_equal(jm_limit(&h, 5000), 5000);
	h.len = 3 << 20; /* fixed fields of 3 MiB leave less for MESSAGE */
	assert_true(jm_limit(&h, (size_t)-1) < JM_ENTRY_MAX - (3 << 20));
	h.len = JM_ENTRY_MAX;
	assert_int_equal(jm_limit(&h, 5000), 0);
	h.len = 0;
	jm_head_free(&h);
	jf_free(&f);
}

/* A whole line written in parts: every byte kept (NUL, invalid UTF-8),
 * the length patched in. */
static void
test_entry(void **state)
{
	static const char text[] = "error: a\000b\377\376 \303\251";
	struct jfields f;
	struct jmhead h;
	struct jmfile m;
	struct field got[8];
	size_t n, len = sizeof text - 1;
	char *buf;

	(void)state;
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jm_head_init(&h, &f), 0);
	assert_int_equal(jm_start(&m, tmp()), 0);
	assert_int_equal(jm_append(&m, text, 5), 0);
	assert_int_equal(jm_append(&m, text + 5, 0), 0);
	assert_int_equal(jm_append(&m, text + 5, len - 5), 0);
	assert_int_equal(m.len, len);
	assert_int_equal(jm_end(&m, &h, &f, 3, NULL), 0);
	buf = slurp(m.fd, &n);
	assert_int_equal(n, m.off);
	/* in the order of every entry (journalfields.h) */
	assert_int_equal(parse(buf, n, got, 8), 4);
	want(&got[0], "MESSAGE", text, len);
	want(&got[1], "PRIORITY", "3", 1);
	want(&got[2], "SYSLOG_IDENTIFIER", "x", 1);
	want(&got[3], "SYSLOG_FACILITY", "3", 1);
	free(buf);
	jm_close(&m);
	assert_int_equal(m.fd, -1);
	jm_head_free(&h);
	jf_free(&f);
}

/* A piece: bytes taken back at its end are gone from the file, and go
 * on in the next; the piece fields follow MESSAGE. */
static void
test_piece(void **state)
{
	struct jfields f;
	struct jmhead h;
	struct jmfile m;
	struct jpiece pc;
	struct field got[8];
	unsigned char carry[3];
	size_t n;
	char *buf;
	int i;

	(void)state;
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jm_head_init(&h, &f), 0);
	assert_int_equal(jm_start(&m, tmp()), 0);
	assert_int_equal(jm_append(&m, "ab", 2), 0);
	assert_int_equal(jm_append(&m, "c\342", 2), 0);
	assert_int_equal(jm_append(&m, "\234", 1), 0);
	assert_memory_equal(m.tail, "c\342\234", 3);
	jm_unwrite(&m, 2, carry); /* U+2713's first two bytes */
	assert_memory_equal(carry, "\342\234", 2);
	for (i = 0; i < JF_ID_LEN; i++)
		pc.id[i] = (unsigned char)i;
	pc.num = 7;
	pc.last = 1;
	assert_int_equal(jm_end(&m, &h, &f, 6, &pc), 0);
	buf = slurp(m.fd, &n);
	assert_int_equal(parse(buf, n, got, 8), 7);
	want(&got[0], "MESSAGE", "abc", 3);
	want(&got[1], "PRIORITY", "6", 1);
	want(&got[4], "PERP_LINE_ID", "000102030405060708090a0b0c0d0e0f",
	    32);
	want(&got[5], "PERP_PIECE", "7", 1);
	want(&got[6], "PERP_PIECE_LAST", "1", 1);
	free(buf);
	jm_close(&m);
	jm_head_free(&h);
	jf_free(&f);
}

/* A sealed memfd: exactly the seals journald 252 checks for, and no
 * more writing, growing or shrinking. */
static void
test_seal(void **state)
{
	struct jfields f;
	struct jmhead h;
	struct jmfile m;
	int fd = jm_create(), t;

	(void)state;
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(jf_init(&f, "x", LOG_DAEMON), 0);
	assert_int_equal(jm_head_init(&h, &f), 0);
	assert_int_equal(jm_start(&m, fd), 0);
	assert_int_equal(jm_append(&m, "hello", 5), 0);
	assert_int_equal(jm_end(&m, &h, &f, 6, NULL), 0);
	assert_int_equal(jm_seal(fd), 0);
	assert_int_equal(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW |
	    F_SEAL_WRITE | F_SEAL_SEAL);
	assert_int_equal(pwrite(fd, "x", 1, 0), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(ftruncate(fd, 1), -1);
	assert_int_equal(jm_append(&m, "more", 4), -1);
	/* a tmpfile cannot be sealed */
	t = tmp();
	assert_int_equal(jm_seal(t), -1);
	close(t);
	jm_close(&m);
	jm_head_free(&h);
	jf_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binhead),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_piece),
		cmocka_unit_test(test_seal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
