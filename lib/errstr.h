/* errstr.h: errno values as perp words them: a short lower-case phrase
 * ("file does not exist") and the symbolic name ("ENOENT"). */
#ifndef LIB_ERRSTR_H
#define LIB_ERRSTR_H

/* The phrase for err; never NULL. Unknown values give strerror()'s text. */
const char *errstr_phrase(int err);

/* The symbolic name for err ("ENOENT"); "E?" when unknown. */
const char *errstr_name(int err);

/* The symbolic name of a signal ("SIGTERM"), or NULL when it has none
 * (real-time signals). */
const char *errstr_signame(int sig);

#endif
