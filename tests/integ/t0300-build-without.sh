#!/bin/bash
# t0300: the build works without the optional libraries (libsystemd,
# librelp), as config.mk promises, and the programs then say plainly that
# the feature is not compiled in and exit 100. The tree is copied into the
# test directory and built there with WITH_SYSTEMD=no WITH_RELP=no, so the
# main build is untouched.
. "$(dirname "$0")/lib.sh"

need_cmd make
need_cmd cc

w=$T/src
mkdir -p "$w"
cp -R "$TOP/Makefile" "$TOP/config.mk" "$TOP/lib" "$TOP/rotation" \
    "$TOP/loggers" "$TOP/perpd" "$w/"

test_ok 'make WITH_SYSTEMD=no WITH_RELP=no builds every program' '
	make -C "$w" -j2 WITH_SYSTEMD=no WITH_RELP=no CFLAGS=-O0 all \
	    >"$T/build.log" 2>&1 &&
	for p in perpd perpboot perphup perpctl perpls perpstat perpok \
	    tinylog sissylog journalog perp-setup; do
		[ -x "$w/build/bin/$p" ] || { echo "missing $p" >&2; exit 1; }
	done'
[ -x "$w/build/bin/journalog" ] || cat "$T/build.log" >&2

test_ok 'the programs do not link libsystemd or librelp' '
	! ldd "$w/build/bin/journalog" "$w/build/bin/sissylog" |
	    grep -E "libsystemd|librelp"'

test_ok 'journalog: journald support is not compiled in, exit 100' '
	echo line | "$w/build/bin/journalog" 2>"$T/err"; rc=$?
	[ $rc -eq 100 ] &&
	grep -q "journalog\[[0-9]*\]: fatal: journald support is not compiled in" "$T/err"'

test_ok 'journalog: usage errors are still usage errors' '
	"$w/build/bin/journalog" -p maybe </dev/null 2>"$T/err"; rc=$?
	[ $rc -eq 100 ] && grep -q "unknown policy" "$T/err"'

test_ok 'sissylog: relp: says RELP support is not compiled in, exit 100' '
	echo line | "$w/build/bin/sissylog" -d relp:127.0.0.1:2514 2>"$T/err"
	rc=$?
	[ $rc -eq 100 ] && grep -q "RELP support is not compiled in" "$T/err"'

test_ok 'sissylog without librelp still sends over UDP' '
	out=$("$w/build/bin/sissylog" -d udp:127.0.0.1:9 demo </dev/null 2>&1)
	rc=$?; [ $rc -eq 0 ] || { echo "rc $rc: $out" >&2; false; }'

test_ok 'tinylog without the optional libraries logs as always' '
	printf "a\nb\n" | "$w/build/bin/tinylog" "$T/log" &&
	[ "$(cat "$T/log/current")" = "$(printf "a\nb")" ]'

done_testing
