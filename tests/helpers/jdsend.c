/* jdsend.c: send journald one entry as a sealed memfd, the way journalog
 * sends a long line (loggers/journalmemfd.h), but with a MESSAGE of any
 * length: to find journald's own limits (tests/peers/journald-limit.sh),
 * past which journalog itself never goes.
 *
 *   jdsend [-p bytes] SOCKET IDENT BYTES
 *
 * MESSAGE is BYTES bytes of 'x'; SYSLOG_IDENTIFIER is IDENT; -p adds a
 * field PAD of that many bytes, to make the entry larger than its
 * MESSAGE. Exit 0 once sent: journald drops what it refuses without a
 * word, so only the journal says whether it took the entry. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "die.h"
#include "journalfields.h"
#include "journalmemfd.h"
#include "parse.h"

#define USAGE "[-p bytes] SOCKET IDENT BYTES"
#define CHUNK (1 << 20)

/* The entry's memfd, sealed. */
static int
make_entry(const struct jfields *f, uint64_t bytes)
{
	static char chunk[CHUNK];
	struct jmhead h;
	struct jmfile m;
	size_t n;
	int fd = jm_create();

	if (fd < 0 || jm_head_init(&h, f) < 0 || jm_start(&m, fd) < 0)
		die_sys(EXIT_TEMP, "unable to start the entry");
	memset(chunk, 'x', sizeof chunk);
	while (bytes > 0) {
		n = bytes < CHUNK ? (size_t)bytes : CHUNK;
		if (jm_append(&m, chunk, n) < 0)
			die_sys(EXIT_TEMP, "unable to write the entry");
		bytes -= n;
	}
	if (jm_end(&m, &h, f, 6, NULL) < 0 || jm_seal(m.fd) < 0)
		die_sys(EXIT_TEMP, "unable to seal the entry");
	jm_head_free(&h);
	return m.fd;
}

static void
send_fd(const char *path, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct sockaddr_un sa;
	struct msghdr mh;
	struct cmsghdr *cm;
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (s < 0 || strlen(path) >= sizeof sa.sun_path)
		die_sys(EXIT_TEMP, "unable to make a socket for %s", path);
	memcpy(sa.sun_path, path, strlen(path));
	memset(&u, 0, sizeof u);
	memset(&mh, 0, sizeof mh);
	mh.msg_name = &sa;
	mh.msg_namelen = sizeof sa;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	if (sendmsg(s, &mh, MSG_NOSIGNAL) < 0)
		die_sys(EXIT_TEMP, "unable to send to %s", path);
	close(s);
}

int
main(int argc, char **argv)
{
	static struct jfields f;
	uint64_t bytes, pad = 0;
	char *padval;
	int c;

	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((c = getopt(argc, argv, "+p:")) != -1)
		if (c != 'p' || parse_size(optarg, 1UL << 30, &pad) < 0)
			die_usage("bad option");
	if (argc - optind != 3 ||
	    parse_size(argv[optind + 2], 1UL << 32, &bytes) < 0)
		die_usage("needs SOCKET IDENT BYTES");
	if (jf_init(&f, argv[optind + 1], LOG_DAEMON) < 0)
		die_sys(EXIT_TEMP, "unable to set up the fields");
	if (pad > 0) {
		padval = malloc((size_t)pad + 1);
		if (padval == NULL)
			die_sys(EXIT_TEMP, "unable to allocate");
		memset(padval, 'p', (size_t)pad);
		padval[pad] = '\0';
		if (jf_add(&f, "PAD", padval) < 0)
			die_sys(EXIT_TEMP, "unable to add PAD");
		free(padval);
	}
	send_fd(argv[optind], make_entry(&f, bytes));
	return 0;
}
