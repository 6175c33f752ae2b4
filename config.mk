# config.mk: the only file a packager edits. Every value can also be given
# on the command line: make PREFIX=/usr WITH_SYSTEMD=no

VERSION = 3.0

# Installation: make install PREFIX=/usr DESTDIR=/tmp/pkg
PREFIX = /usr/local
SBINDIR = $(PREFIX)/sbin
MANDIR = $(PREFIX)/share/man

# Compiler. The warning flags are not optional: the tree builds clean.
CC = cc
AR = ar
CFLAGS = -O2 -g
WARNFLAGS = -std=c99 -Wall -Wextra -Wshadow -Werror
CPPFLAGS = -D_POSIX_C_SOURCE=200809L
LDFLAGS =

# The sanitizer build used by `make check` for unit tests.
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

# Optional libraries: yes, no, or auto (use it when pkg-config finds it).
# Without libsystemd, journalog says journald support is not compiled in;
# without librelp, sissylog's relp: destination says the same.
WITH_SYSTEMD = auto
WITH_RELP = auto

# Required libraries.
ZLIB_LIBS = -lz
THREAD_LIBS = -lpthread
CMOCKA_LIBS = -lcmocka
