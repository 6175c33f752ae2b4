/* proto.c: packing and strict unpacking of control-socket packets. */
#include <errno.h>
#include <string.h>

#include "le.h"
#include "proto.h"
#include "tai.h"

/* A zero time stamp stands for "never": all twelve bytes zero, as 2.07. */
static void
put_tai(uint8_t *p, const struct timespec *ts)
{
	if (ts->tv_sec == 0 && ts->tv_nsec == 0)
		memset(p, 0, TAI64N_BIN_LEN);
	else
		tai64n_pack(p, ts);
}

static void
get_tai(const uint8_t *p, struct timespec *ts)
{
	static const uint8_t zero[TAI64N_BIN_LEN];

	if (memcmp(p, zero, sizeof zero) == 0) {
		ts->tv_sec = 0;
		ts->tv_nsec = 0;
	} else
		tai64n_unpack(p, ts);
}

static size_t
header(uint8_t *out, uint8_t type, uint8_t len)
{
	out[0] = PROTO_VERSION;
	out[1] = type;
	out[2] = len;
	return PKT_HEADER + len;
}

static int
bad(void)
{
	errno = EPROTO;
	return -1;
}

size_t
pkt_size(const uint8_t *buf, size_t have)
{
	return have < PKT_HEADER ? PKT_HEADER : PKT_HEADER + (size_t)buf[2];
}

int
pkt_decode(const uint8_t *buf, size_t n, struct pkt *p)
{
	if (n < PKT_HEADER || buf[0] != PROTO_VERSION ||
	    n != PKT_HEADER + (size_t)buf[2])
		return bad();
	p->type = buf[1];
	p->len = buf[2];
	memcpy(p->payload, buf + PKT_HEADER, p->len);
	return 0;
}

size_t
pkt_query(uint8_t *out, const struct svkey *k)
{
	le_put64(out + 3, k->dev);
	le_put64(out + 11, k->ino);
	return header(out, PKT_QUERY, QUERY_LEN);
}

size_t
pkt_control(uint8_t *out, const struct svkey *k, uint8_t cmd, uint8_t flags)
{
	le_put64(out + 3, k->dev);
	le_put64(out + 11, k->ino);
	out[19] = cmd;
	out[20] = flags;
	return header(out, PKT_CONTROL, CONTROL_LEN);
}

size_t
pkt_error(uint8_t *out, uint32_t err)
{
	le_put32(out + 3, err);
	return header(out, PKT_ERROR, ERROR_LEN);
}

static void
put_sub(uint8_t *p, const struct substatus *s)
{
	le_put32(p, s->pid);
	put_tai(p + 4, &s->when);
	p[16] = s->flags;
	p[17] = 0;
}

static void
put_subext(uint8_t *p, const struct substatus *s)
{
	le_put32(p, s->backoff_ms);
	le_put32(p + 4, s->pending_ms);
	le_put32(p + 8, s->last_wstatus);
	le_put32(p + 12, s->starts);
}

size_t
pkt_status(uint8_t *out, const struct svstatus *st)
{
	uint8_t *p = out + PKT_HEADER;

	memset(p, 0, STATUS_LEN);
	le_put32(p, st->perpd_pid);
	put_tai(p + 4, &st->perpd_start);
	put_tai(p + 16, &st->activated);
	p[28] = st->flags;
	put_sub(p + 30, &st->main);
	if (st->flags & SVF_HASLOG)
		put_sub(p + 48, &st->log);
	p[66] = 1;
	le_put32(p + 67, st->stop_timeout_ms);
	put_subext(p + 71, &st->main);
	if (st->flags & SVF_HASLOG)
		put_subext(p + 87, &st->log);
	else
		le_put32(p + 87 + 8, WSTATUS_NONE);
	return header(out, PKT_STATUS, STATUS_LEN);
}

int
pkt_parse_query(const struct pkt *p, struct svkey *k)
{
	if (p->type != PKT_QUERY || p->len != QUERY_LEN)
		return bad();
	k->dev = le_get64(p->payload);
	k->ino = le_get64(p->payload + 8);
	return 0;
}

int
pkt_parse_control(const struct pkt *p, struct svkey *k, uint8_t *cmd,
    uint8_t *flags)
{
	if (p->type != PKT_CONTROL || p->len != CONTROL_LEN)
		return bad();
	k->dev = le_get64(p->payload);
	k->ino = le_get64(p->payload + 8);
	*cmd = p->payload[16];
	*flags = p->payload[17];
	return 0;
}

int
pkt_parse_error(const struct pkt *p, uint32_t *err)
{
	if (p->type != PKT_ERROR || p->len != ERROR_LEN)
		return bad();
	*err = le_get32(p->payload);
	return 0;
}

static void
get_sub(const uint8_t *p, struct substatus *s)
{
	s->pid = le_get32(p);
	get_tai(p + 4, &s->when);
	s->flags = p[16];
}

static void
get_subext(const uint8_t *p, struct substatus *s)
{
	s->backoff_ms = le_get32(p);
	s->pending_ms = le_get32(p + 4);
	s->last_wstatus = le_get32(p + 8);
	s->starts = le_get32(p + 12);
}

int
pkt_parse_status(const struct pkt *p, struct svstatus *st)
{
	const uint8_t *b = p->payload;

	if (p->type != PKT_STATUS ||
	    (p->len != STATUS_LEN && p->len != STATUS_LEN_207) ||
	    (p->len == STATUS_LEN && b[66] != 1))
		return bad();
	memset(st, 0, sizeof *st);
	st->perpd_pid = le_get32(b);
	get_tai(b + 4, &st->perpd_start);
	get_tai(b + 16, &st->activated);
	st->flags = b[28];
	get_sub(b + 30, &st->main);
	get_sub(b + 48, &st->log);
	st->main.last_wstatus = WSTATUS_NONE;
	st->log.last_wstatus = WSTATUS_NONE;
	if (p->len == STATUS_LEN) {
		st->has_ext = 1;
		st->stop_timeout_ms = le_get32(b + 67);
		get_subext(b + 71, &st->main);
		get_subext(b + 87, &st->log);
	}
	return 0;
}
