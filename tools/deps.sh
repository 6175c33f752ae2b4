#!/bin/sh
# deps.sh: make sure everything the build, the tests and the demo need is
# installed. Quick when all is there (no apt call). Otherwise, as root, it
# installs the missing Debian packages with apt-get; as another user it
# prints the exact apt-get line and exits 100.
#
# Needed: a C toolchain, zlib and cmocka (build and unit tests); libsystemd
# and librelp (optional at build time, but installed so that nothing is
# skipped); prove, rsyslog with its RELP module, systemd-journald, logger,
# unshare, ip, jq, mandoc and openssl (integration tests and lint; openssl
# makes the certificates of the RELP over TLS test); clang and its
# libFuzzer runtime (fuzz targets, replayed by make check); strace and GNU
# time (tinylog's tests look at its system calls and its memory);
# valgrind (t9130 runs every program under memcheck), useradd from passwd
# and setpriv from util-linux (t9100 tries the control socket as a real
# unprivileged user).
set -u

missing=""
want() { # want PACKAGE TEST...: PACKAGE is missing unless TEST succeeds
	pkg=$1
	shift
	"$@" >/dev/null 2>&1 || missing="$missing $pkg"
}
have_cmd() { for c in "$@"; do command -v "$c" || return 1; done; }
have_file() { [ -e "$1" ]; }
have_glob() { for f in $1; do [ -e "$f" ] && return 0; done; return 1; }

want gcc have_cmd cc
want make have_cmd make
want libc6-dev have_file /usr/include/stdio.h
want pkg-config have_cmd pkg-config
want zlib1g-dev have_file /usr/include/zlib.h
want libcmocka-dev have_file /usr/include/cmocka.h
want libsystemd-dev have_file /usr/include/systemd/sd-journal.h
want librelp-dev have_file /usr/include/librelp.h
want perl have_cmd prove
want rsyslog have_cmd rsyslogd
want rsyslog-relp have_glob '/usr/lib/*/rsyslog/imrelp.so'
want systemd have_file /lib/systemd/systemd-journald
want bsdutils have_cmd logger
want util-linux have_cmd unshare setpriv
want iproute2 have_cmd ip
want jq have_cmd jq
want mandoc have_cmd mandoc
want openssl have_cmd openssl
want procps have_cmd ps
want gzip have_cmd gzip
want coreutils have_cmd timeout
want clang have_cmd clang
want libclang-rt-14-dev have_glob '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'
want strace have_cmd strace
want time have_file /usr/bin/time
want valgrind have_cmd valgrind
want passwd have_cmd useradd userdel groupadd groupdel

[ -z "$missing" ] && exit 0

line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: as root, run:  apt-get update && $line" >&2
	exit 100
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "deps: apt-get update failed" >&2; exit 111; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2 ||
	{ echo "deps: apt-get install failed:$missing" >&2; exit 111; }
exit 0
