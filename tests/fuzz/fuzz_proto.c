/* fuzz_proto.c: the control-protocol decoders perpd runs on whatever a
 * client sends. Any byte string must either be rejected with EPROTO or
 * decode into a packet that encodes back to the same bytes. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt p;
	struct svkey k;
	struct svstatus st;
	uint8_t cmd, flags, out[PKT_MAX];
	uint32_t err;
	size_t n;

	if (pkt_size(data, size) < PKT_HEADER)
		abort();
	if (pkt_decode(data, size, &p) < 0) {
		if (errno != EPROTO)
			abort();
		return 0;
	}
	if (pkt_parse_query(&p, &k) == 0) {
		n = pkt_query(out, &k);
		if (n != size || memcmp(out, data, n) != 0)
			abort();
	}
	if (pkt_parse_control(&p, &k, &cmd, &flags) == 0) {
		n = pkt_control(out, &k, cmd, flags);
		if (n != size || memcmp(out, data, n) != 0)
			abort();
	}
	if (pkt_parse_error(&p, &err) == 0) {
		n = pkt_error(out, err);
		if (n != size || memcmp(out, data, n) != 0)
			abort();
	}
	(void)pkt_parse_status(&p, &st);
	return 0;
}
