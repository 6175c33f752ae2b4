/* okcheck.h: perpok's verdict on one service.
 *
 * Exit 0 when the service is activated and perpd supervises it (and,
 * with -u secs, its main service has been up that long); 1 when not, as
 * perp 2.07's man page says, including when perpd is not running or has
 * not scanned the directory yet (2.07 exited 111 there); 100 when sv
 * does not name a directory; 111 only for real system errors. */
#ifndef PERPD_OKCHECK_H
#define PERPD_OKCHECK_H

#include <stdint.h>
#include <time.h>

#include "svview.h"

enum ok_kind {
	OK_PASS,  /* exit 0; "perpok: sv: ok: text" with -v */
	OK_FAIL,  /* exit 1; "perpok: sv: fail: text" with -v */
	OK_USAGE, /* exit 100; "perpok usage error: text" and the usage */
	OK_FATAL  /* exit 100 or 111; "perpok fatal: text[: errno]" */
};

struct ok_verdict {
	enum ok_kind kind;
	int code; /* the exit code */
	int err;  /* errno to append for OK_FATAL, or 0 */
	char text[512];
};

/* Judge r at now; upsecs is -u's value (0: the basic test); sock is the
 * control socket's path as messages show it. */
void ok_check(struct ok_verdict *v, const struct svreply *r,
    const struct timespec *now, uint32_t upsecs, const char *sock);

#endif
