#!/bin/bash
# Crash recovery: whatever step tinylog was killed at, the next start
# finishes or archives it; no file is lost, none is counted twice.
# The directories are built by hand in the states a crash can leave.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

# A log directory with numbered lines 1..$2 in a file named $3.
lines() { # dir count name [first]
	mkdir -p "$1" && linegen -n "$2" -s "${4:-1}" > "$1/$3"
}

# Start tinylog on $1 with lines from $2 on, $3 of them; end of input.
resume() { # dir first count [options]
	local d=$1 first=$2 n=$3
	shift 3
	linegen -n "$n" -s "$first" | tinylog "$@" "$d" 2>"$T/err"
}

# No temporary names left, everything synced and named.
settled() {
	! ls "$1" | grep -qE '(\.t|^previous|^zipped)$'
}

hold_pipe
test_ok 'killed with SIGKILL: current stays 0644, then becomes a .u archive' '
	spawn P tinylog "$T/u" < "$T/fifo" 2>/dev/null &&
	linegen -n 50 >&7 && wait_until 5 "linecheck -n 50 \"$T/u\"" &&
	kill -KILL $P && wait_gone 5 $P && [ "$(mode_of "$T/u/current")" = 644 ] &&
	resume "$T/u" 51 50 && ls "$T/u" | grep -Eqx "_[0-9T.]{22}\.u" &&
	[ "$(mode_of "$T/u"/_*.u)" = 644 ] && linecheck -n 50 "$T/u"/_*.u &&
	linecheck -s 51 -n 50 "$T/u/current" && linecheck -n 100 -d 0 "$T/u"'

test_ok 'an unclean empty current is reused, not archived' '
	mkdir "$T/e" && : > "$T/e/current" && chmod 644 "$T/e/current" &&
	resume "$T/e" 1 10 && [ "$(narchives "$T/e")" = 0 ] &&
	linecheck -n 10 "$T/e/current"'

test_ok 'the new .u sorts after older archives, whatever the clock says' '
	lines "$T/f" 10 _29991231T235959.999999.s && lines "$T/f" 10 current 11 &&
	chmod 644 "$T/f/current" && resume "$T/f" 21 10 &&
	[ "$(ls "$T/f" | grep ^_ | tail -n 1)" = _30000101T000000.000000.u ] &&
	linecheck -n 30 -d 0 "$T/f" && [ "$(linecheck -n 30 "$T/f" | grep -c disorder=0)" = 1 ]'

test_ok 'cut after current was renamed (.t), before a new current: finished' '
	lines "$T/t1" 10 _20200101T000000.000000.t && resume "$T/t1" 11 10 &&
	settled "$T/t1" && [ -f "$T/t1/_20200101T000000.000000.s" ] &&
	linecheck -n 20 -d 0 "$T/t1"'

test_ok 'cut after the new current, before the sync and rename: finished' '
	lines "$T/t2" 10 _20200101T000000.000000.t && lines "$T/t2" 10 current 11 &&
	chmod 744 "$T/t2/current" && resume "$T/t2" 21 10 &&
	settled "$T/t2" && [ -f "$T/t2/_20200101T000000.000000.s" ] &&
	linecheck -n 30 -d 0 "$T/t2"'

test_ok 'a link-then-unlink rename cut short (current and .t one file)' '
	lines "$T/l1" 10 _20200101T000000.000000.t &&
	ln "$T/l1/_20200101T000000.000000.t" "$T/l1/current" && chmod 644 "$T/l1/current" &&
	resume "$T/l1" 11 10 && settled "$T/l1" && linecheck -n 20 -d 0 "$T/l1"'

test_ok 'a link-then-unlink rename cut short (.t and .s one file)' '
	lines "$T/l2" 10 _20200101T000000.000000.s &&
	ln "$T/l2/_20200101T000000.000000.s" "$T/l2/_20200101T000000.000000.t" &&
	resume "$T/l2" 11 10 && settled "$T/l2" && linecheck -n 20 -d 0 "$T/l2"'

test_ok 'perp 2.07 cut short: previous alone becomes an archive' '
	lines "$T/p1" 10 _20200101T000000.000000.s && lines "$T/p1" 10 previous 11 &&
	resume "$T/p1" 21 10 && settled "$T/p1" && [ "$(narchives "$T/p1")" = 2 ] &&
	linecheck -n 30 -d 0 "$T/p1" && [ "$(linecheck -n 30 "$T/p1" | grep -c disorder=0)" = 1 ]'

test_ok 'perp 2.07 cut short: previous already linked to its archive is dropped' '
	lines "$T/p2" 10 _20200101T000000.000000.s &&
	ln "$T/p2/_20200101T000000.000000.s" "$T/p2/previous" &&
	resume "$T/p2" 11 10 && settled "$T/p2" && [ "$(narchives "$T/p2")" = 1 ] &&
	linecheck -n 20 -d 0 "$T/p2"'

test_ok 'a compression cut short: zipped is removed, the archive kept' '
	lines "$T/z1" 10 _20200101T000000.000000.s &&
	head -c 100 "$T/z1/_20200101T000000.000000.s" | gzip > "$T/z1/zipped" &&
	resume "$T/z1" 11 10 && settled "$T/z1" && linecheck -n 20 -d 0 "$T/z1"'

test_ok 'a compression cut short after its copy was in place: the original goes' '
	lines "$T/z2" 10 _20200101T000000.000000.s &&
	gzip -c "$T/z2/_20200101T000000.000000.s" > "$T/z2/_20200101T000000.000000.s.Z" &&
	resume "$T/z2" 11 10 && settled "$T/z2" &&
	[ "$(ls "$T/z2" | grep ^_)" = _20200101T000000.000000.s.Z ] &&
	linecheck -n 20 -d 0 "$T/z2"'

test_ok 'many leftovers at once, and retention applied at start' '
	lines "$T/m" 10 _20200101T000000.000000.u && lines "$T/m" 10 _20200102T000000.000000.s 11 &&
	lines "$T/m" 10 _20200103T000000.000000.t 21 && lines "$T/m" 10 previous 31 &&
	lines "$T/m" 10 current 41 && chmod 644 "$T/m/current" && : > "$T/m/zipped" &&
	resume "$T/m" 51 10 -k 3 && settled "$T/m" && [ "$(narchives "$T/m")" = 3 ] &&
	linecheck -s 21 -n 40 -d 0 "$T/m" && ! grep -q "#a:1[0-9]*:" "$T/m"/_*'

done_testing
