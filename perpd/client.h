/* client.h: what perpctl, perpls, perpstat and perpok share: the base
 * directory, the connection to perpd's control socket, and one exchange
 * per service directory.
 *
 * Every tool changes into the base directory first, then names the socket
 * and the service directories relative to it, so a relative -b or
 * PERP_BASE works (2.07 resolved it twice and failed). Messages still show
 * the path the user gave: "base/.control/perpd.sock". The connection is
 * opened when the first service needs it, and one connection serves every
 * service. No exchange waits longer than CLIENT_TIMEOUT_MS. */
#ifndef PERPD_CLIENT_H
#define PERPD_CLIENT_H

#include <stdint.h>

#include "die.h"
#include "svview.h"

#define CLIENT_CONTROL ".control"
#define CLIENT_SOCKET ".control/perpd.sock"
#define CLIENT_PIDLOCK ".control/perpd.pid"
#define CLIENT_TIMEOUT_MS 10000

struct client {
	const char *base; /* as the user gave it, for messages */
	char *sock;       /* base/.control/perpd.sock, for messages */
	char *pidlock;    /* base/.control/perpd.pid, for messages */
	int fd;           /* the connection; -1 when not open */
	int connerr;      /* errno of a failed connect(), or 0 */
	int timeout_ms;   /* for one exchange: CLIENT_TIMEOUT_MS */
};

/* The base directory: -b's value when given and not empty, else
 * $PERP_BASE when set and not empty, else "." (2.07's default for these
 * tools). */
const char *client_base(const char *opt_b);

/* chdir() into base (dying with 111 and "what base: errno" on failure,
 * what being the tool's 2.07 wording) and set c up. */
void client_open(struct client *c, const char *base, const char *what);

/* Connect to perpd unless connected. 0, or -1 with errno; a failure is
 * remembered in c->connerr and not retried. */
int client_connect(struct client *c);

/* Die (111) with 2.07's words for the failed connection. */
void client_die_connect(const struct client *c) DIE_NORETURN;

/* Look at the service directory sv (relative to the base) and ask perpd
 * for its status: r->kind is SV_STATUS, SV_INACTIVE or SV_ERROR. */
void client_status(struct client *c, const char *sv, struct svreply *r);

/* Send the command cmd with flags to sv; r->kind is SV_STATUS when perpd
 * accepted it (r->st is left zero), else SV_INACTIVE or SV_ERROR. */
void client_control(struct client *c, const char *sv, uint8_t cmd,
    uint8_t flags, struct svreply *r);

/* Close the connection, if any. */
void client_close(struct client *c);

/* Close the connection and free what client_open() allocated. */
void client_done(struct client *c);

#endif
