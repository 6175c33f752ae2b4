/* syslogsend.c: sending the queue on a connection, and retiring what the
 * peer confirmed (syslognet.h). */
#define _GNU_SOURCE /* sendmmsg */
#include <errno.h>
#include <linux/sockios.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "deadline.h"
#include "die.h"
#include "syslognet.h"

#define DROP_GRACE 250 /* ms a connect may hold up the drop policy */
#define RECHECK_FIRST 50
#define WARN_INTERVAL 60000

static const char suffix_lf = '\n', suffix_nul = '\0';

void
sysnet_confirm(struct sysnet *n)
{
	int outq;

	if (n->fd < 0)
		return;
	if (n->dest->kind == SYSDEST_UDP) {
		sysq_confirm(n->q, 0); /* nothing to learn: gone is gone */
		return;
	}
	if (ioctl(n->fd, SIOCOUTQ, &outq) == 0 && outq >= 0)
		sysq_confirm(n->q, (size_t)outq);
}

/* A datagram the destination cannot carry: cannot happen with the fold
 * length checked at start, but if it does, say so and go on. */
static void
skip_oversize(struct sysnet *n)
{
	struct syslogq *q = n->q;

	warn("a message of %zu bytes is too long for %s: not sent",
	    sysq_rec(q, q->sent)->len, n->dest->name);
	sysq_advance(q, sysq_rec(q, q->sent)->len);
}

static int
send_dgrams(struct sysnet *n)
{
	struct syslogq *q = n->q;
	size_t i, k, bytes;
	unsigned held;
	int r;

	while (q->sent < q->n) {
		k = q->n - q->sent;
		k = k > SYSNET_BATCH ? SYSNET_BATCH : k;
		memset(n->mm, 0, k * sizeof n->mm[0]);
		for (i = 0; i < k; i++) {
			n->iov[i].iov_base = (char *)sysq_data(q, q->sent + i);
			n->iov[i].iov_len = sysq_rec(q, q->sent + i)->len;
			n->mm[i].msg_hdr.msg_iov = &n->iov[i];
			n->mm[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(n->fd, n->mm, (unsigned)k, MSG_NOSIGNAL);
		if (r > 0) {
			for (bytes = 0, i = 0; i < (size_t)r; i++)
				bytes += n->iov[i].iov_len;
			sysq_advance(q, bytes);
		} else if (errno == EMSGSIZE) {
			skip_oversize(n);
		} else if (errno == ECONNREFUSED &&
		    n->dest->kind == SYSDEST_UDP) {
			/* An ICMP error about an earlier datagram: those
			 * are lost, and UDP cannot tell which. */
			if (warnlimit_ok(&n->wl, WARN_INTERVAL, &held))
				warn_sys("%s refused earlier datagrams, "
				    "which are lost (%u more times)",
				    n->dest->name, held);
		} else if (errno != EINTR) {
			return -1;
		}
	}
	return 0;
}

/* Describe the frames from record sent (part of it written) in n->iov;
 * the number of iovecs. */
static int
frames(struct sysnet *n)
{
	struct syslogq *q = n->q;
	size_t i, k, skip = q->part, plen;
	int c = 0, sfx = sysq_suffix(q);
	const struct sysrec *r;

	k = q->n - q->sent;
	k = k > SYSNET_BATCH ? SYSNET_BATCH : k;
	for (i = 0; i < k; i++) {
		r = sysq_rec(q, q->sent + i);
		plen = sysq_prefix(q, r->len, n->pfx[i]);
		if (plen > 0) {
			n->iov[c].iov_base = n->pfx[i];
			n->iov[c++].iov_len = plen;
		}
		n->iov[c].iov_base = q->buf + r->off;
		n->iov[c++].iov_len = r->len;
		if (sfx >= 0) {
			n->iov[c].iov_base = (char *)(sfx == '\n' ?
			    &suffix_lf : &suffix_nul);
			n->iov[c++].iov_len = 1;
		}
	}
	/* What was written of the first frame is not written again. */
	for (i = 0; skip > 0; i++) {
		plen = skip < n->iov[i].iov_len ? skip : n->iov[i].iov_len;
		n->iov[i].iov_base = (char *)n->iov[i].iov_base + plen;
		n->iov[i].iov_len -= plen;
		skip -= plen;
	}
	return c;
}

static int
send_stream(struct sysnet *n)
{
	struct msghdr mh;
	ssize_t r;

	while (n->q->sent < n->q->n) {
		memset(&mh, 0, sizeof mh);
		mh.msg_iov = n->iov;
		mh.msg_iovlen = (size_t)frames(n);
		r = sendmsg(n->fd, &mh, MSG_NOSIGNAL);
		if (r > 0)
			sysq_advance(n->q, (size_t)r);
		else if (r < 0 && errno != EINTR)
			return -1;
	}
	return 0;
}

/* Not up: 0 never; -1 with EINPROGRESS when it is worth waiting, or the
 * reason it is down. */
static int
not_up(struct sysnet *n, int64_t now)
{
	if (n->state == SYSNET_CONNECTING &&
	    (!n->drop || now - n->since < DROP_GRACE)) {
		errno = EINPROGRESS;
		return -1;
	}
	errno = n->err != 0 ? n->err : ENOTCONN;
	return -1;
}

int
sysnet_send(struct sysnet *n, int64_t now)
{
	int rc, err;

	if (n->state != SYSNET_UP)
		return not_up(n, now);
	if (n->blocked) {
		errno = EINPROGRESS;
		return -1;
	}
	sysnet_confirm(n);
	rc = n->type == SOCK_DGRAM ? send_dgrams(n) : send_stream(n);
	if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		n->blocked = 1;
		errno = EINPROGRESS;
		return -1;
	}
	if (rc < 0) {
		err = errno;
		sysnet_broken(n, now, err);
		errno = err;
		return -1;
	}
	if (n->dest->kind == SYSDEST_UDP) {
		sysq_confirm(n->q, 0);
	} else if (n->dest->kind != SYSDEST_TCP && n->q->sent > 0) {
		/* A unix socket's count vanishes with its peer: look again
		 * soon, so that little is sent twice after a restart. */
		n->recheck_step = RECHECK_FIRST;
		n->recheck = now + RECHECK_FIRST;
	}
	return 0;
}

int
sysnet_drain(struct sysnet *n, int64_t ms, int sigfd)
{
	int64_t end = now_ms() + ms, now, step = 10, wake;
	struct pollfd pfd[2];
	int k;

	for (;;) {
		now = now_ms();
		if (n->state == SYSNET_UP && sysq_unsent(n->q) > 0)
			(void)sysnet_send(n, now);
		if (n->state == SYSNET_UP && sysq_unsent(n->q) == 0) {
			sysnet_confirm(n);
			if (n->q->n == 0)
				return 0;
		}
		if (now >= end)
			return -1;
		pfd[0].fd = sigfd;
		pfd[0].events = POLLIN;
		k = 1 + sysnet_pollfd(n, &pfd[1]);
		/* Nothing signals an acknowledgement: look again, less
		 * and less often. */
		wake = deadline_min(deadline_min(end, sysnet_deadline(n)),
		    now + step);
		step = step * 2 > 200 ? 200 : step * 2;
		if (poll(pfd, (nfds_t)k, deadline_timeout(wake, now)) < 0 &&
		    errno != EINTR)
			return -1;
		if (pfd[0].revents)
			return -1;
		sysnet_tick(n, now_ms(), k == 2 ? pfd[1].revents : 0);
	}
}
