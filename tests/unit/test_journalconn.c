/* test_journalconn.c: knowing what journald has read. The ring of
 * barriers on its own, then jconn against a datagram socket bound in a
 * temporary directory that plays journald: it reads (progress), stops
 * reading (no progress, a full queue), dies (its queue is dropped: not
 * progress, an error), and is replaced by another socket at the same path
 * (ESTALE); a memfd entry sent on our socket is a barrier itself, and
 * arrives as the descriptor it was. */
#define _GNU_SOURCE /* mkdtemp */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "journalconn.h"

static struct jmark
mark(uint64_t pos)
{
	struct jmark m = { pos, pos * 10 };

	return m;
}

static void
test_ring(void **state)
{
	static struct jring r;
	struct jmark m;
	int i;

	(void)state;
	for (i = 1; i <= 5; i++)
		assert_int_equal(jring_push(&r, mark((uint64_t)i * 64)), 0);
	assert_int_equal(jring_settle(&r, 5, &m), 0); /* none read */
	assert_int_equal(jring_settle(&r, 3, &m), 1); /* two read */
	assert_int_equal(m.pos, 128);
	assert_int_equal(m.cost, 1280);
	assert_int_equal(r.count, 3);
	assert_int_equal(jring_settle(&r, 0, &m), 1); /* all read */
	assert_int_equal(m.pos, 320);
	assert_int_equal(r.count, 0);
	assert_int_equal(jring_settle(&r, 0, &m), 0);
	/* wrap around, and a full ring refuses */
	for (i = 0; i < JC_RING; i++)
		assert_int_equal(jring_push(&r, mark((uint64_t)i)), 0);
	assert_int_equal(jring_push(&r, mark(1)), -1);
	assert_int_equal(errno, ENOBUFS);
	assert_int_equal(jring_settle(&r, 1, &m), 1);
	assert_int_equal(m.pos, JC_RING - 2);
}

static void
test_unread(void **state)
{
	(void)state;
	assert_int_equal(jring_unread(0, 768), 0);
	assert_int_equal(jring_unread(768, 768), 1);
	assert_int_equal(jring_unread(769, 768), 2); /* partial: still there */
	assert_int_equal(jring_unread(3 * 768, 768), 3);
	assert_int_equal(jring_unread(100, 0), 0);
}

struct fake {
	char dir[64];
	char path[96];
	int fd; /* the fake journald's socket */
};

static int
fake_bind(struct fake *f)
{
	struct sockaddr_un sa;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, f->path);
	f->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (f->fd < 0)
		return -1;
	unlink(f->path);
	return bind(f->fd, (struct sockaddr *)&sa, sizeof sa);
}

static int
setup(void **state)
{
	static struct fake f;

	strcpy(f.dir, "/tmp/test_journalconn.XXXXXX");
	if (mkdtemp(f.dir) == NULL)
		return -1;
	snprintf(f.path, sizeof f.path, "%s/socket", f.dir);
	if (fake_bind(&f) < 0)
		return -1;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fake *f = *state;

	close(f->fd);
	unlink(f->path);
	rmdir(f->dir);
	return 0;
}

/* The fake journald reads n datagrams. */
static void
fake_read(struct fake *f, int n)
{
	char buf[16];

	while (n-- > 0)
		assert_true(recv(f->fd, buf, sizeof buf, MSG_DONTWAIT) >= 0);
}

/* "Entries" go as datagrams of their own, as libsystemd's would. */
static void
send_entries(struct jconn *c, struct fake *f, int n)
{
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, f->path);
	while (n-- > 0) {
		assert_int_equal(sendto(s, "MESSAGE=x", 9, 0,
		    (struct sockaddr *)&sa, sizeof sa), 9);
		jconn_sent(c, 100);
	}
	close(s);
}

static void
test_progress(void **state)
{
	struct fake *f = *state;
	static struct jconn c;

	assert_int_equal(jconn_init(&c), 0);
	assert_true(c.btrue > 0);
	assert_int_equal(jconn_open(&c, f->path), 0);
	assert_true(jconn_room(&c));
	assert_false(jconn_unmarked(&c));
	send_entries(&c, f, 3);
	assert_true(jconn_unmarked(&c));
	assert_int_equal(jconn_barrier(&c), 0);      /* after entry 3 */
	assert_false(jconn_unmarked(&c));
	send_entries(&c, f, 2);
	assert_int_equal(jconn_barrier(&c), 0);      /* after entry 5 */
	assert_int_equal(jconn_inflight(&c), 500);
	assert_int_equal(jconn_check(&c, f->path), 0); /* nothing read */
	fake_read(f, 3);                             /* entries 1-3 */
	assert_int_equal(jconn_check(&c, f->path), 0); /* barrier unread */
	fake_read(f, 1);                             /* the first barrier */
	assert_int_equal(jconn_check(&c, f->path), 1);
	assert_int_equal(c.read.pos, 3);
	assert_int_equal(jconn_inflight(&c), 200);
	fake_read(f, 3); /* entries 4-5, the second barrier */
	assert_int_equal(jconn_check(&c, f->path), 1);
	assert_int_equal(c.read.pos, 5);
	assert_int_equal(jconn_inflight(&c), 0);
	/* the check's own proof of life is one more barrier, at 5 */
	fake_read(f, 1);
	assert_int_equal(jconn_check(&c, f->path), 0);
	jconn_close(&c);
}

/* A queue that is full shows no room; a reader makes room. */
static void
test_full_queue(void **state)
{
	struct fake *f = *state;
	static struct jconn c;
	int n = 0;

	assert_int_equal(jconn_init(&c), 0);
	assert_int_equal(jconn_open(&c, f->path), 0);
	while (jconn_room(&c) && n < 100000) {
		assert_int_equal(jconn_barrier(&c), 0);
		n++;
	}
	assert_false(jconn_room(&c));
	assert_int_equal(jconn_barrier(&c), -1);
	assert_int_equal(errno, EAGAIN);
	fake_read(f, 1);
	assert_true(jconn_room(&c));
	fake_read(f, n - 1);
	jconn_close(&c);
}

/* journald dies with entries in its queue: the barriers leave the queue
 * without being read, which must not count as progress. */
static void
test_death(void **state)
{
	struct fake *f = *state;
	static struct jconn c;

	assert_int_equal(jconn_init(&c), 0);
	assert_int_equal(jconn_open(&c, f->path), 0);
	send_entries(&c, f, 4);
	assert_int_equal(jconn_barrier(&c), 0);
	close(f->fd); /* dies: its queue is dropped */
	assert_int_equal(jconn_check(&c, f->path), -1);
	assert_int_equal(errno, ECONNREFUSED);
	assert_int_equal(c.read.pos, 0);
	jconn_close(&c);
	/* gone for good: nobody listens at the path */
	assert_int_equal(jconn_open(&c, f->path), -1);
	assert_int_equal(errno, ECONNREFUSED);
	unlink(f->path);
	assert_int_equal(jconn_open(&c, f->path), -1);
	assert_int_equal(errno, ENOENT);
	/* a new one: what was sent counts as read on the new connection
	 * (the sink sends it again) */
	assert_int_equal(fake_bind(f), 0);
	assert_int_equal(jconn_open(&c, f->path), 0);
	assert_int_equal(c.read.pos, 4);
	assert_int_equal(jconn_inflight(&c), 0);
	jconn_close(&c);
}

/* Another socket takes the path while the one we watch lives on: what
 * libsystemd sent went there, so our barriers prove nothing. */
static void
test_replaced(void **state)
{
	struct fake *f = *state, old;
	static struct jconn c;

	assert_int_equal(jconn_init(&c), 0);
	assert_int_equal(jconn_open(&c, f->path), 0);
	send_entries(&c, f, 2);
	assert_int_equal(jconn_barrier(&c), 0);
	old = *f;
	assert_int_equal(fake_bind(f), 0); /* unlinks and binds anew */
	fake_read(&old, 3);
	assert_int_equal(jconn_check(&c, f->path), -1);
	assert_int_equal(errno, ESTALE);
	assert_int_equal(c.read.pos, 0);
	close(old.fd);
	jconn_close(&c);
}

/* The fake journald takes one datagram with a descriptor: the
 * descriptor, or -1. */
static int
fake_take_fd(struct fake *f)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr mh;
	struct cmsghdr *cm;
	int fd = -1;

	memset(&mh, 0, sizeof mh);
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	assert_int_equal(recvmsg(f->fd, &mh, MSG_DONTWAIT), 0); /* empty */
	cm = CMSG_FIRSTHDR(&mh);
	if (cm != NULL && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

/* A memfd entry marks itself: journald having read it is progress up to
 * it, and it arrives as the same file; it can go again. */
static void
test_memfd(void **state)
{
	struct fake *f = *state;
	static struct jconn c;
	struct stat a, b;
	int m = memfd_create("t", MFD_CLOEXEC), got;

	assert_true(m >= 0);
	assert_int_equal(jconn_init(&c), 0);
	assert_int_equal(jconn_open(&c, f->path), 0);
	send_entries(&c, f, 2);
	assert_int_equal(jconn_send_fd(&c, m, 0), 0); /* entry 3 */
	assert_false(jconn_unmarked(&c));
	assert_int_equal(c.sent.pos, 3);
	assert_int_equal(jconn_inflight(&c), 200);
	fake_read(f, 2);
	assert_int_equal(jconn_check(&c, f->path), 0);
	got = fake_take_fd(f);
	assert_true(got >= 0);
	assert_int_equal(fstat(m, &a), 0);
	assert_int_equal(fstat(got, &b), 0);
	assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	close(got);
	assert_int_equal(jconn_check(&c, f->path), 1);
	assert_int_equal(c.read.pos, 3);
	assert_int_equal(jconn_inflight(&c), 0);
	fake_read(f, 1); /* the check's proof of life */
	/* sent again (journald went away): a new mark, a new position */
	assert_int_equal(jconn_send_fd(&c, m, 0), 0);
	assert_int_equal(c.sent.pos, 4);
	got = fake_take_fd(f);
	assert_true(got >= 0);
	close(got);
	assert_int_equal(jconn_check(&c, f->path), 1);
	assert_int_equal(c.read.pos, 4);
	jconn_close(&c);
	assert_int_equal(jconn_send_fd(&c, m, 0), -1);
	assert_int_equal(errno, ENOTCONN);
	close(m);
}

static void
test_sndbuf(void **state)
{
	(void)state;
	/* at least the kernel's minimum, at most what libsystemd asks,
	 * doubled by the kernel */
	assert_true(jconn_sndbuf() >= 4096);
	assert_true(jconn_sndbuf() <= 2 * (8 << 20));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring),
		cmocka_unit_test(test_unread),
		cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_queue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_death, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_memfd, setup, teardown),
		cmocka_unit_test(test_sndbuf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
