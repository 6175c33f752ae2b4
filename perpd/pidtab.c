/* pidtab.c: keeping the pid table .control/perpd.table up to date
 * (layout in pidrec.h). One record per service, at a slot kept from
 * activation to removal; every update is one pwrite() of a quarter, so a
 * start or an exit costs one small write whatever the number of services.
 * The table only has to survive perpd, not the machine (a reboot ends the
 * processes it names), so nothing is fsynced except the initial rewrite. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "die.h"
#include "perpd.h"
#include "pidrec.h"
#include "procstat.h"

static uint32_t *freeslots;
static size_t nfree, capfree;
static uint32_t nextslot = 1;
static int warned;

static void
put(const void *buf, size_t len, uint32_t slot, size_t off)
{
	ssize_t w;

	if (perpd.tabfd < 0 || slot == 0)
		return;
	w = pwrite(perpd.tabfd, buf, len, (off_t)slot * PIDREC_SIZE +
	    (off_t)off);
	if (w != (ssize_t)len && !warned) {
		warned = 1;
		warn_sys("failure writing pid table %s/%s", PERPD_CONTROL,
		    PERPD_TABLE);
	}
}

/* Give sv a slot of its own. 0, or -1 with ENOMEM. The free list always
 * has room for every slot handed out, so giving one back cannot fail. */
int
pidtab_slot(struct service *sv)
{
	uint32_t *nf;
	size_t n;

	if (nfree > 0) {
		sv->slot = freeslots[--nfree];
		return 0;
	}
	if (nextslot > capfree) {
		n = capfree ? capfree * 2 : 64;
		if ((nf = realloc(freeslots, n * sizeof *nf)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		freeslots = nf;
		capfree = n;
	}
	sv->slot = nextslot++;
	return 0;
}

static void
pack_service(const struct service *sv, uint8_t *q)
{
	struct pidrec_service s;
	struct stat st;

	s.dev = sv->key.dev;
	s.ino = sv->key.ino;
	s.pipe_ino = 0;
	if (sv->logpipe[0] >= 0 && fstat(sv->logpipe[0], &st) == 0)
		s.pipe_ino = (uint64_t)st.st_ino;
	pidrec_pack_service(q, &s);
}

static void
pack_state(const struct service *sv, uint8_t *q)
{
	struct pidrec_state t;
	const uint8_t keep = SUBF_WANTDOWN | SUBF_ISONCE;

	t.flags[0] = sv->main.flags & keep;
	t.flags[1] = sv->log.flags & keep;
	t.backoff_ms[0] = sv->main.backoff_ms;
	t.backoff_ms[1] = sv->log.backoff_ms;
	t.starts[0] = sv->main.starts;
	t.starts[1] = sv->log.starts;
	pidrec_pack_state(q, &t);
}

/* Write sv's service and state quarters (at activation). */
void
pidtab_service(const struct service *sv)
{
	uint8_t q[PIDREC_QUARTER];

	pack_service(sv, q);
	put(q, sizeof q, sv->slot, 0);
	pidtab_state(sv);
}

/* Write sv's state quarter (flags, back-off, starts). */
void
pidtab_state(const struct service *sv)
{
	uint8_t q[PIDREC_QUARTER];

	pack_state(sv, q);
	put(q, sizeof q, sv->slot, PIDREC_STATE);
}

static size_t
proc_off(const struct sub *sub)
{
	return (sub->flags & SUBF_ISLOG) ? PIDREC_LOG : PIDREC_MAIN;
}

/* Clear sub's process quarter: the process has been seen to end. */
void
pidtab_proc_clear(const struct sub *sub)
{
	static const uint8_t zero[PIDREC_QUARTER];

	put(zero, sizeof zero, sub->sv->slot, proc_off(sub));
}

/* In a forked child, before exec: record this process for sub. */
void
pidtab_proc_child(const struct sub *sub, int reset,
    const struct timespec *when)
{
	struct pidrec_proc p;
	struct procstat ps;
	uint8_t q[PIDREC_QUARTER];

	if (perpd.tabfd < 0 || procstat_read(0, &ps) < 0)
		return;
	p.pid = ps.pid;
	p.reset = reset;
	p.starttime = ps.starttime;
	p.when = *when;
	pidrec_pack_proc(q, &p);
	put(q, sizeof q, sub->sv->slot, proc_off(sub));
}

/* Clear sv's record and give its slot back (at removal). */
void
pidtab_free(struct service *sv)
{
	static const uint8_t zero[PIDREC_SIZE];

	put(zero, sizeof zero, sv->slot, 0);
	if (sv->slot != 0)
		freeslots[nfree++] = sv->slot;
	sv->slot = 0;
}

static void
pack_proc(const struct sub *sub, uint8_t *q)
{
	struct pidrec_proc p;

	memset(q, 0, PIDREC_QUARTER);
	if (sub->pid == 0 || sub->pidfd < 0)
		return;
	p.pid = sub->pid;
	p.reset = (sub->flags & SUBF_ISRESET) != 0;
	p.starttime = sub->ticks;
	p.when = sub->when;
	pidrec_pack_proc(q, &p);
}

static void
pack_all(uint8_t *buf)
{
	struct pidrec_header h;
	struct service *sv;
	struct stat st;
	uint8_t *rec;
	size_t i;

	memset(&h, 0, sizeof h);
	memcpy(h.boot_id, perpd.boot_id, sizeof h.boot_id - 1);
	if (fstat(perpd.basefd, &st) == 0) {
		h.dev = (uint64_t)st.st_dev;
		h.ino = (uint64_t)st.st_ino;
	}
	pidrec_pack_header(buf, &h);
	for (i = 0; i < svtab_count(); i++) {
		sv = svtab_at(i);
		rec = buf + (size_t)sv->slot * PIDREC_SIZE;
		pack_service(sv, rec);
		pack_proc(&sv->main, rec + PIDREC_MAIN);
		pack_proc(&sv->log, rec + PIDREC_LOG);
		pack_state(sv, rec + PIDREC_STATE);
	}
}

/* Write the whole table at once (at start-up, after the first scan has
 * adopted what the previous perpd left), then keep it open for updates.
 * Only processes adopted so far are in it: no child has been forked. */
int
pidtab_rewrite(void)
{
	size_t len = (size_t)nextslot * PIDREC_SIZE;
	uint8_t *buf = calloc(1, len);
	int r = -1, fd;

	perpd.table_rewrite = 0;
	if (buf == NULL)
		goto out;
	pack_all(buf);
	if (atomic_write(perpd.ctlfd, PERPD_TABLE, buf, len, 0600) < 0)
		goto out;
	fd = openat(perpd.ctlfd, PERPD_TABLE, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		goto out;
	perpd.tabfd = fd;
	r = 0;
out:
	if (r < 0) {
		warn_sys("failure writing pid table %s/%s: a restarted perpd "
		    "will not find the services", PERPD_CONTROL, PERPD_TABLE);
		unlinkat(perpd.ctlfd, PERPD_TABLE, 0);
	}
	free(buf);
	return r;
}

/* After a complete shutdown: nothing runs, nothing to remember. */
void
pidtab_remove(void)
{
	if (unlinkat(perpd.ctlfd, PERPD_TABLE, 0) < 0 && errno != ENOENT)
		warn_sys("failure removing pid table %s/%s", PERPD_CONTROL,
		    PERPD_TABLE);
}
