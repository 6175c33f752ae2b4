/* svtab.c: the service table. Services live in a dense array (for
 * walking all of them), a hash on device and inode (for scans and
 * requests), a pid map (for reaping) and a list of the services that have
 * a deadline pending (so that the loop never walks the whole table to
 * find its next wake-up). Everything grows when a service is added; no
 * other operation allocates. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "perpd.h"

struct perpd perpd;

static struct service **all;
static size_t nall, capall;
static struct service **buckets;
static size_t nbuckets;          /* a power of two, or 0 */
static struct sub **pmap;
static size_t pmapcap;           /* a power of two, or 0 */
static struct service *thead, *ttail;

static size_t
keyhash(const struct svkey *k)
{
	uint64_t x = k->ino * 0x9e3779b97f4a7c15ULL ^ k->dev;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return (size_t)(x ^ (x >> 29));
}

static size_t
pidhash(pid_t pid)
{
	return (size_t)((uint32_t)pid * 2654435761u);
}

static int
grow_buckets(size_t need)
{
	struct service **nb, *sv, *next;
	size_t n = nbuckets ? nbuckets : 64, i, h;

	if (need <= nbuckets)
		return 0;
	while (n < need)
		n *= 2;
	if ((nb = calloc(n, sizeof *nb)) == NULL)
		return -1;
	for (i = 0; i < nbuckets; i++)
		for (sv = buckets[i]; sv != NULL; sv = next) {
			next = sv->hnext;
			h = keyhash(&sv->key) & (n - 1);
			sv->hnext = nb[h];
			nb[h] = sv;
		}
	free(buckets);
	buckets = nb;
	nbuckets = n;
	return 0;
}

static void
pmap_insert(struct sub **map, size_t cap, struct sub *sub)
{
	size_t i = pidhash(sub->pid) & (cap - 1);

	while (map[i] != NULL)
		i = (i + 1) & (cap - 1);
	map[i] = sub;
}

/* Keep the pid map at most half full for two processes per service. */
static int
grow_pmap(size_t nservices)
{
	struct sub **nm;
	size_t n = pmapcap ? pmapcap : 256, i;

	if (4 * nservices <= pmapcap)
		return 0;
	while (n < 4 * nservices)
		n *= 2;
	if ((nm = calloc(n, sizeof *nm)) == NULL)
		return -1;
	for (i = 0; i < pmapcap; i++)
		if (pmap[i] != NULL)
			pmap_insert(nm, n, pmap[i]);
	free(pmap);
	pmap = nm;
	pmapcap = n;
	return 0;
}

static int
grow_all(size_t need)
{
	struct service **na;
	size_t n = capall ? capall * 2 : 64;

	if (need <= capall)
		return 0;
	if ((na = realloc(all, n * sizeof *na)) == NULL)
		return -1;
	all = na;
	capall = n;
	return 0;
}

static void
sub_reset_fields(struct service *sv, struct sub *sub, int islog)
{
	memset(sub, 0, sizeof *sub);
	sub->sv = sv;
	sub->pidfd = -1;
	sub->polli = -1;
	sub->flags = islog ? SUBF_ISLOG : 0;
	sub->start_ms = -1;
	sub->died_ms = -1;
	sub->wstatus = -1;
	sub->due = DEADLINE_NEVER;
	sub->kill_at = DEADLINE_NEVER;
	sub->stray_at = DEADLINE_NEVER;
	sub->stray_end = DEADLINE_NEVER;
}

static struct service *
sv_new(const struct svkey *k, const char *name)
{
	struct service *sv = calloc(1, sizeof *sv);
	size_t len = strlen(name);

	if (sv == NULL || (sv->name = malloc(len + 1)) == NULL)
		goto fail;
	memcpy(sv->name, name, len + 1);
	sv->label = sv->name;
	if (len > 0 && (sv->label = malloc(len + 1)) != NULL &&
	    !policy_label(name, sv->label)) {
		free(sv->label);
		sv->label = sv->name;
	}
	if (sv->label == NULL)
		goto fail;
	sv->key = *k;
	sv->dirfd = -1;
	sv->logpipe[0] = sv->logpipe[1] = -1;
	sv->next_due = DEADLINE_NEVER;
	sv->drain_at = DEADLINE_NEVER;
	sub_reset_fields(sv, &sv->main, 0);
	sub_reset_fields(sv, &sv->log, 1);
	return sv;
fail:
	if (sv != NULL)
		free(sv->name);
	free(sv);
	return NULL;
}

/* Add a service for key k named name: allocated, linked, every descriptor
 * -1, both subs idle. NULL with errno ENOMEM. */
struct service *
svtab_add(const struct svkey *k, const char *name)
{
	struct service *sv;
	size_t h;

	if (grow_all(nall + 1) < 0 || grow_buckets(nall + 1) < 0 ||
	    grow_pmap(nall + 1) < 0 || (sv = sv_new(k, name)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	h = keyhash(k) & (nbuckets - 1);
	sv->hnext = buckets[h];
	buckets[h] = sv;
	sv->index = nall;
	all[nall++] = sv;
	return sv;
}

/* Find the service for key k, or NULL. */
struct service *
svtab_find(const struct svkey *k)
{
	struct service *sv;

	if (nbuckets == 0)
		return NULL;
	for (sv = buckets[keyhash(k) & (nbuckets - 1)]; sv; sv = sv->hnext)
		if (sv->key.dev == k->dev && sv->key.ino == k->ino)
			return sv;
	return NULL;
}

static void
timer_unlink(struct service *sv)
{
	if (!sv->timed)
		return;
	if (sv->tprev)
		sv->tprev->tnext = sv->tnext;
	else
		thead = sv->tnext;
	if (sv->tnext)
		sv->tnext->tprev = sv->tprev;
	else
		ttail = sv->tprev;
	sv->tprev = sv->tnext = NULL;
	sv->timed = 0;
}

/* Unlink and free sv. Its processes must be gone, its descriptors closed. */
void
svtab_remove(struct service *sv)
{
	struct service **pp;

	pp = &buckets[keyhash(&sv->key) & (nbuckets - 1)];
	while (*pp != sv)
		pp = &(*pp)->hnext;
	*pp = sv->hnext;
	timer_unlink(sv);
	all[sv->index] = all[--nall];
	all[sv->index]->index = sv->index;
	if (sv->label != sv->name)
		free(sv->label);
	free(sv->name);
	free(sv);
}

/* The number of services, and the i-th of them (0 <= i < count). */
size_t
svtab_count(void)
{
	return nall;
}

struct service *
svtab_at(size_t i)
{
	return all[i];
}

/* The sub running pid, or NULL. */
struct sub *
pidmap_find(pid_t pid)
{
	size_t i;

	if (pmapcap == 0 || pid <= 0)
		return NULL;
	for (i = pidhash(pid) & (pmapcap - 1); pmap[i]; i = (i + 1) & (pmapcap - 1))
		if (pmap[i]->pid == pid)
			return pmap[i];
	return NULL;
}

/* Record that sub runs sub->pid. */
void
pidmap_put(struct sub *sub)
{
	pmap_insert(pmap, pmapcap, sub);
}

/* Forget pid (linear probing: shift later entries back into the hole). */
void
pidmap_del(pid_t pid)
{
	size_t i, j, h;

	if (pmapcap == 0)
		return;
	for (i = pidhash(pid) & (pmapcap - 1); pmap[i]; i = (i + 1) & (pmapcap - 1))
		if (pmap[i]->pid == pid)
			break;
	if (pmap[i] == NULL)
		return;
	pmap[i] = NULL;
	for (j = (i + 1) & (pmapcap - 1); pmap[j]; j = (j + 1) & (pmapcap - 1)) {
		h = pidhash(pmap[j]->pid) & (pmapcap - 1);
		/* Move j back to i unless its home lies cyclically in (i, j]. */
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			pmap[i] = pmap[j];
			pmap[j] = NULL;
			i = j;
		}
	}
}

static int64_t
sub_next(const struct sub *s)
{
	return deadline_min(s->due, deadline_min(s->kill_at, s->stray_at));
}

/* Recompute sv's earliest deadline and keep the timed list in step. */
void
timer_update(struct service *sv)
{
	sv->next_due = deadline_min(sv->drain_at,
	    deadline_min(sub_next(&sv->main), sub_next(&sv->log)));
	if (sv->next_due == DEADLINE_NEVER) {
		timer_unlink(sv);
		return;
	}
	if (sv->timed)
		return;
	sv->tprev = ttail;
	sv->tnext = NULL;
	if (ttail)
		ttail->tnext = sv;
	else
		thead = sv;
	ttail = sv;
	sv->timed = 1;
}

/* The earliest deadline of all services. */
int64_t
timer_earliest(void)
{
	int64_t at = DEADLINE_NEVER;
	struct service *sv;

	for (sv = thead; sv != NULL; sv = sv->tnext)
		at = deadline_min(at, sv->next_due);
	return at;
}

/* The first service with a deadline; walk on with ->tnext. */
struct service *
timer_first(void)
{
	return thead;
}
