/* test_proto.c: control packets against the bytes perp 2.07 was seen to
 * send, round trips with the extension, and rejection of bad framing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "proto.h"

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (s[0] && s[1] && sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* The query perp 2.07's clients sent for dev 65024, ino 10954533. */
static void
test_query_bytes(void **state)
{
	uint8_t want[64], got[PKT_MAX];
	struct svkey k = { 65024, 10954533 }, back;
	struct pkt p;
	size_t n = unhex("02511000fe0000000000002527a70000000000", want);

	(void)state;
	assert_int_equal(pkt_query(got, &k), n);
	assert_memory_equal(got, want, n);
	assert_int_equal(pkt_size(got, 2), PKT_HEADER);
	assert_int_equal(pkt_size(got, 3), n);
	assert_int_equal(pkt_decode(got, n, &p), 0);
	assert_int_equal(pkt_parse_query(&p, &back), 0);
	assert_true(back.dev == 65024 && back.ino == 10954533);
}

/* The 69-byte status reply perp 2.07 gave for service foo. */
static void
test_status_207(void **state)
{
	uint8_t buf[128];
	struct pkt p;
	struct svstatus st;
	size_t n = unhex("025342c12b0000400000006b024f13339471e4400000006b024f"
	    "1333954ca40300c42b0000400000006b024f133396cb740000c32b0000400000"
	    "006b024f1333958f0c0100", buf);

	(void)state;
	assert_int_equal(n, 69);
	assert_int_equal(pkt_decode(buf, n, &p), 0);
	assert_int_equal(pkt_parse_status(&p, &st), 0);
	assert_int_equal(st.has_ext, 0);
	assert_int_equal(st.perpd_pid, 11201);
	assert_int_equal(st.perpd_start.tv_sec, 1795313417);
	assert_int_equal(st.perpd_start.tv_nsec, 865366500);
	assert_int_equal(st.flags, SVF_ACTIVE | SVF_HASLOG);
	assert_int_equal(st.main.pid, 11204);
	assert_int_equal(st.main.flags, 0);
	assert_int_equal(st.log.pid, 11203);
	assert_int_equal(st.log.flags, SUBF_ISLOG);
	assert_true(st.main.last_wstatus == WSTATUS_NONE);
}

static void
test_status_roundtrip(void **state)
{
	uint8_t buf[PKT_MAX];
	struct svstatus st, back;
	struct pkt p;
	size_t n;

	(void)state;
	memset(&st, 0, sizeof st);
	st.perpd_pid = 4242;
	st.perpd_start.tv_sec = 1795313417;
	st.activated.tv_sec = 1795313418;
	st.activated.tv_nsec = 123456789;
	st.flags = SVF_ACTIVE | SVF_HASLOG | SVF_ONCE;
	st.main.pid = 0;
	st.main.flags = SUBF_ISRESET | SUBF_WAITING;
	st.main.backoff_ms = 8000;
	st.main.pending_ms = 2500;
	st.main.last_wstatus = 3 << 8;
	st.main.starts = 7;
	st.log.pid = 99;
	st.log.flags = SUBF_ISLOG;
	st.log.when.tv_sec = 1795313419;
	st.log.last_wstatus = WSTATUS_NONE;
	st.stop_timeout_ms = 10000;
	n = pkt_status(buf, &st);
	assert_int_equal(n, PKT_HEADER + STATUS_LEN);
	assert_int_equal(pkt_decode(buf, n, &p), 0);
	assert_int_equal(pkt_parse_status(&p, &back), 0);
	assert_int_equal(back.has_ext, 1);
	assert_int_equal(back.perpd_pid, 4242);
	assert_int_equal(back.activated.tv_nsec, 123456789);
	assert_int_equal(back.flags, st.flags);
	assert_int_equal(back.main.flags, st.main.flags);
	/* a zero stamp means "never ran" and comes back as zero */
	assert_int_equal(back.main.when.tv_sec, 0);
	assert_int_equal(back.main.backoff_ms, 8000);
	assert_int_equal(back.main.pending_ms, 2500);
	assert_int_equal(back.main.last_wstatus, 3 << 8);
	assert_int_equal(back.main.starts, 7);
	assert_int_equal(back.log.pid, 99);
	assert_int_equal(back.log.when.tv_sec, 1795313419);
	assert_true(back.log.last_wstatus == WSTATUS_NONE);
	assert_int_equal(back.stop_timeout_ms, 10000);
	/* no logger: its bytes are all zero, as 2.07 sends them */
	st.flags = SVF_ACTIVE;
	n = pkt_status(buf, &st);
	for (size_t i = 48; i < 66; i++)
		assert_int_equal(buf[PKT_HEADER + i], 0);
}

static void
test_control_and_error(void **state)
{
	uint8_t buf[PKT_MAX], cmd, flags;
	struct svkey k = { 1, 2 };
	struct pkt p;
	uint32_t err;
	size_t n;

	(void)state;
	n = pkt_control(buf, &k, 'd', CTLF_LOG | CTLF_KILLPG);
	assert_int_equal(n, 21);
	assert_int_equal(pkt_decode(buf, n, &p), 0);
	assert_int_equal(pkt_parse_control(&p, &k, &cmd, &flags), 0);
	assert_int_equal(cmd, 'd');
	assert_int_equal(flags, 3);
	n = pkt_error(buf, EPROTO);
	assert_int_equal(n, 7);
	assert_memory_equal(buf, "\x02\x45\x04\x47\x00\x00\x00", 7);
	assert_int_equal(pkt_decode(buf, n, &p), 0);
	assert_int_equal(pkt_parse_error(&p, &err), 0);
	assert_int_equal(err, EPROTO);
}

static void
test_rejects(void **state)
{
	uint8_t buf[PKT_MAX];
	struct svkey k = { 1, 2 };
	struct svstatus st;
	struct pkt p;
	uint32_t err;
	size_t n;

	(void)state;
	n = pkt_query(buf, &k);
	assert_int_equal(pkt_decode(buf, n - 1, &p), -1); /* short */
	assert_int_equal(errno, EPROTO);
	assert_int_equal(pkt_decode(buf, 2, &p), -1);
	buf[0] = 3; /* wrong version */
	assert_int_equal(pkt_decode(buf, n, &p), -1);
	buf[0] = 2;
	buf[2] = 8; /* header says 8, 16 sent */
	assert_int_equal(pkt_decode(buf, n, &p), -1);
	assert_int_equal(pkt_decode(buf, 11, &p), 0);
	assert_int_equal(pkt_parse_query(&p, &k), -1); /* Q with 8 bytes */
	assert_int_equal(errno, EPROTO);
	assert_int_equal(pkt_parse_error(&p, &err), -1); /* wrong type */
	assert_int_equal(pkt_parse_status(&p, &st), -1);
	p.type = PKT_STATUS;
	p.len = STATUS_LEN;
	memset(p.payload, 0, sizeof p.payload);
	assert_int_equal(pkt_parse_status(&p, &st), -1); /* bad ext version */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_bytes),
		cmocka_unit_test(test_status_207),
		cmocka_unit_test(test_status_roundtrip),
		cmocka_unit_test(test_control_and_error),
		cmocka_unit_test(test_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
