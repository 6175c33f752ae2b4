/* input.h: reading stdin so that nothing is consumed before it is kept.
 *
 * The window buf[0..len) always mirrors the first len unconsumed bytes of
 * the input. input_fill() appends what has arrived since; input_consume(n)
 * drops the first n bytes, from the pipe and from the window. When stdin
 * is a pipe, bytes leave the pipe only in input_consume(), which the loop
 * calls after the sink has taken them; otherwise (a file, a terminal, a
 * socket) they are read(2) and held in the window. */
#ifndef LOGGERS_INPUT_H
#define LOGGERS_INPUT_H

#include <stddef.h>

struct input {
	int fd;       /* stdin */
	int tee;      /* 1: a pipe read through tee(2) */
	int priv[2];  /* private pipe receiving the tee'd copy */
	int null;     /* /dev/null, where consumed pipe bytes are spliced */
	char *buf;    /* the window; buf[len] is always a NUL byte (not
	               * input) so that the window can be searched as a
	               * string (filter.c) */
	size_t cap;   /* window size: the pipe's capacity, or 64 KiB; it
	               * may grow up to max */
	size_t max;   /* buf holds this much (input_grow_limit) */
	int fulls;    /* fills in a row that left the window nearly full;
	               * -1 once growing was tried */
	size_t len;   /* bytes in the window */
	int eof;      /* the input has ended: no writer, nothing new */
};

/* Set up reading fd with a window of at least min bytes. 0, or -1 with
 * errno. */
int input_open(struct input *in, int fd, size_t min);

/* Let the window, and the pipe with it, grow to max bytes once the
 * input keeps it full: a service that logs fast then costs fewer, larger
 * batches, and an idle one keeps the pipe's own size and the kernel's
 * per-user pipe quota. 0, or -1 with errno ENOMEM. */
int input_grow_limit(struct input *in, size_t max);

/* Whether more bytes than the window holds are waiting in the pipe. A
 * pipe holding only bytes already in the window (a partial last line)
 * stays readable, so poll() cannot tell; this asks the kernel (FIONREAD).
 * Always 1 for other inputs, which are read, not copied. */
int input_more(const struct input *in);

/* Append newly arrived bytes to the window. Returns the number added; 0
 * when nothing new is there (in->eof tells whether for good); -1 with
 * errno on a read error. Never blocks. */
long input_fill(struct input *in);

/* Whether the window is full (nothing more can be added before a consume). */
int input_full(const struct input *in);

/* Drop the first n bytes of the window, and from the pipe. 0, or -1 with
 * errno (then nothing is dropped from the window). */
int input_consume(struct input *in, size_t n);

/* Release descriptors and memory (stdin itself stays open). */
void input_close(struct input *in);

#endif
