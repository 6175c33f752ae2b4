/* perpls.c: list perpd's services, one panel line (or JSON object) each
 * (perp 2.07 compatible). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "die.h"
#include "json.h"
#include "panel.h"
#include "perpopts.h"

struct entry {
	struct svreply r;
	uint64_t key; /* for -t */
};

struct list {
	struct entry *v;
	size_t n, cap;
};

static void
push(struct list *l, const char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (l->v == NULL)
			die(EXIT_TEMP, "allocation failure");
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n++].r.name = name;
}

/* Free the list; the names too when scan_base() made them. */
static void
list_free(struct list *l, int scanned)
{
	size_t i;

	for (i = 0; scanned && i < l->n; i++)
		free((char *)l->v[i].r.name);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Every directory of the base whose name does not start with '.'. */
static void
scan_base(struct list *l, const char *base)
{
	struct dirent *d;
	struct stat st;
	char *name;
	DIR *dir = opendir(".");

	if (dir == NULL)
		die_sys(EXIT_TEMP, "failure opendir() on base directory %s", base);
	while ((errno = 0, d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (stat(d->d_name, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if ((name = strdup(d->d_name)) == NULL)
			die(EXIT_TEMP, "allocation failure");
		push(l, name);
	}
	if (errno != 0)
		die_sys(EXIT_TEMP, "failure readdir() on base directory %s",
		    base);
	closedir(dir);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->r.name,
	    ((const struct entry *)b)->r.name);
}

/* Youngest first: the least time since the main service started (or
 * went down); ties, and services without a status, by name. */
static int
by_uptime(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return by_name(a, b);
}

static uint64_t
uptime_key(const struct svreply *r, const struct timespec *now)
{
	if (r->kind != SV_STATUS || view_never(&r->st.main))
		return 0;
	return view_secs(now, &r->st.main.when);
}

static void
reverse(struct list *l)
{
	struct entry t;
	size_t i;

	for (i = 0; i < l->n / 2; i++) {
		t = l->v[i];
		l->v[i] = l->v[l->n - 1 - i];
		l->v[l->n - 1 - i] = t;
	}
}

/* Colour as 2.07 decides it: -G always (the built-in table when
 * PERPLS_COLORS is empty), else only with PERPLS_COLORS set and a
 * terminal on stdout; -g never. NULL when there is no colour. */
static const char *
color_table(const struct perpls_opts *op)
{
	const char *db = getenv("PERPLS_COLORS");
	int have = db != NULL && *db != '\0';

	if (!op->color || op->json)
		return NULL;
	if (op->force)
		return have ? db : panel_colors_default;
	return have && isatty(1) ? db : NULL;
}

static void
print(const struct list *l, const struct perpls_opts *op,
    const char *table, const struct timespec *now)
{
	struct panel_colors colors;
	size_t i, w, width = 0;

	if (table != NULL)
		panel_colors_init(&colors, table);
	for (i = 0; i < l->n; i++)
		if ((w = strlen(l->v[i].r.name)) > width)
			width = w;
	for (i = 0; i < l->n; i++) {
		if (op->json)
			json_service(stdout, &l->v[i].r, now);
		else
			panel_line(stdout, &l->v[i].r, width,
			    table ? &colors : NULL, now);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die_sys(EXIT_TEMP, "failure writing to standard output");
}

int
main(int argc, char **argv)
{
	static struct cliopt r;
	struct perpls_opts op;
	char *const *sv;
	struct client c;
	struct list l = { NULL, 0, 0 };
	struct timespec now;
	const char *table;
	size_t i;
	int scanned;

	die_init(argv[0], DIE_CLIENT, PERPLS_SYNOPSIS);
	if (perpls_opts_parse(&op, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version);
	table = color_table(&op);
	if (table != NULL && op.show_caps) {
		info("color capabilities: %s", table);
		return EXIT_OK;
	}
	client_open(&c, client_base(op.base), "unable to chdir() to");
	scanned = *op.sv == NULL;
	for (sv = op.sv; *sv != NULL; sv++)
		push(&l, *sv);
	if (scanned)
		scan_base(&l, c.base);
	for (i = 0; i < l.n; i++)
		client_status(&c, l.v[i].r.name, &l.v[i].r);
	client_close(&c);
	if (c.connerr != 0) {
		errno = c.connerr;
		warn_sys("%s on control socket %s", view_perpd_down(errno) ?
		    "perpd not running" : "failure connecting to perpd", c.sock);
	}
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < l.n; i++)
		l.v[i].key = uptime_key(&l.v[i].r, &now);
	if (op.by_time)
		qsort(l.v, l.n, sizeof *l.v, by_uptime);
	else if (scanned)
		qsort(l.v, l.n, sizeof *l.v, by_name);
	if (op.rev)
		reverse(&l);
	for (i = 0; !op.json && i < l.n; i++)
		view_label((char *)l.v[i].r.name);
	print(&l, &op, table, &now);
	list_free(&l, scanned);
	client_done(&c);
	return c.connerr != 0 ? EXIT_TEMP : EXIT_OK;
}
