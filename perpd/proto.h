/* proto.h: the control-socket protocol between perpd and its tools.
 *
 * Framing is perp 2.07's "version 2": every packet is
 *     P T L payload      P = 2, T = type letter, L = payload length 0..255
 * Integers in payloads are little-endian; time stamps are 12-byte TAI64N,
 * big-endian (lib/tai.h), as in 2.07. A client sends a request and reads
 * one reply; one connection may carry any number of such exchanges.
 *
 *   Q  query    c->s  16  dev u64, ino u64 (stat of the service dir)
 *   C  control  c->s  18  dev u64, ino u64, command byte, flags byte
 *   S  status   s->c  103 the 66 bytes of 2.07 (below), then extension 1
 *   E  error    s->c  4   errno u32; 0 = success (the reply to every C)
 *
 * Status payload, perp 2.07 part (offsets in bytes):
 *    0  u32 perpd pid            4  TAI64N perpd start   16 TAI64N activated
 *   28  u8  service flags (SVF_*)     29 u8 0
 *   30  main: u32 pid, TAI64N start or reset time, u8 flags (SUBF_*), u8 0
 *   48  log:  the same 18 bytes; all zero when the service has no logger
 * Extension 1 (this suite; a 66-byte payload from a 2.07 perpd has none):
 *   66  u8  1 (extension version)
 *   67  u32 stop timeout, ms
 *   71  main: u32 back-off, ms (the delay the next restart will wait)
 *            u32 pending, ms (time left before a restart already due; 0)
 *            u32 last wait status (0xffffffff: has not exited yet)
 *            u32 starts since activation
 *   87  log:  the same 16 bytes
 *
 * Every decoder checks the version byte, the type, and that the length is
 * exactly what the type requires; anything else is EPROTO. */
#ifndef PERPD_PROTO_H
#define PERPD_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define PROTO_VERSION 2
#define PKT_HEADER 3
#define PKT_MAX (PKT_HEADER + 255)

#define PKT_QUERY 'Q'
#define PKT_CONTROL 'C'
#define PKT_STATUS 'S'
#define PKT_ERROR 'E'
#define PKT_PIDYANK 'Y' /* 2.07 reserved it; answered with ENOTSUP */

#define QUERY_LEN 16
#define CONTROL_LEN 18
#define STATUS_LEN_207 66
#define STATUS_LEN 103
#define ERROR_LEN 4

/* Service flags (status byte 28). */
#define SVF_ACTIVE 0x01 /* activated and not being deactivated */
#define SVF_HASLOG 0x02 /* has an rc.log */
#define SVF_CULL 0x04   /* deactivation in progress */
#define SVF_CYCLE 0x08  /* reactivate once the deactivation is done */
#define SVF_DOWN 0x10   /* flag.down was present at activation */
#define SVF_ONCE 0x20   /* flag.once was present at activation */

/* Sub-service flags (main and log). */
#define SUBF_ISLOG 0x01    /* this is the logger */
#define SUBF_ISRESET 0x02  /* the current or last run is a reset */
#define SUBF_ISONCE 0x04   /* run once: do not restart */
#define SUBF_PAUSED 0x08   /* stopped by perpctl p */
#define SUBF_WANTDOWN 0x10 /* should stay down */
#define SUBF_FAILING 0x20  /* fork failed; retrying */
#define SUBF_WAITING 0x40  /* down, and a delayed restart is pending */

/* Control flags (byte 17 of C). */
#define CTLF_LOG 0x01    /* address the logger */
#define CTLF_KILLPG 0x02 /* signal the process group */

/* Control commands: perpctl's letters. */
#define CTL_COMMANDS "udopcahikqtw12UD"

#define WSTATUS_NONE 0xffffffffu

struct svkey {
	uint64_t dev, ino;
};

struct substatus {
	uint32_t pid;
	struct timespec when; /* fork time of the current or last run */
	uint8_t flags;
	uint32_t backoff_ms, pending_ms, last_wstatus, starts;
};

struct svstatus {
	uint32_t perpd_pid;
	struct timespec perpd_start, activated;
	uint8_t flags;
	struct substatus main, log;
	int has_ext; /* 0 when the reply came from a perp 2.07 perpd */
	uint32_t stop_timeout_ms;
};

/* A decoded packet. */
struct pkt {
	uint8_t type;
	uint8_t len;
	uint8_t payload[255];
};

/* Given the first have bytes of a stream, the total length of the packet
 * they start (PKT_HEADER when have < PKT_HEADER); the caller reads until it
 * has that many bytes. */
size_t pkt_size(const uint8_t *buf, size_t have);

/* Decode exactly one packet of n bytes. 0, or -1 with errno EPROTO when
 * the version is wrong or n disagrees with the header. */
int pkt_decode(const uint8_t *buf, size_t n, struct pkt *p);

/* Encoders: write a whole packet to out (PKT_MAX bytes), return its length. */
size_t pkt_query(uint8_t *out, const struct svkey *k);
size_t pkt_control(uint8_t *out, const struct svkey *k, uint8_t cmd,
    uint8_t flags);
size_t pkt_error(uint8_t *out, uint32_t err);
size_t pkt_status(uint8_t *out, const struct svstatus *st);

/* Decoders for a decoded packet's payload: 0, or -1 with errno EPROTO if
 * the type or the length is not the one required. */
int pkt_parse_query(const struct pkt *p, struct svkey *k);
int pkt_parse_control(const struct pkt *p, struct svkey *k, uint8_t *cmd,
    uint8_t *flags);
int pkt_parse_error(const struct pkt *p, uint32_t *err);
int pkt_parse_status(const struct pkt *p, struct svstatus *st);

#endif
