#!/bin/bash
# Time rotation (-T) with a real 2-second interval: each file holds the
# lines of one UTC-aligned interval, an idle current is rotated when its
# interval ends, an empty one never; size rotation still applies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

# Each archive's lines (stamped -f unix) lie in one even-second interval,
# and the archive was named after that interval ended.
aligned() { # dir
	local f first last name
	# The worker renames a fresh ".t" archive to ".s" once it is synced:
	# look when it has, not while it may.
	wait_until 5 "! ls \"$1\"/_*.t" || { echo "a .t archive stays"; return 1; }
	for f in "$1"/_*; do
		first=$(head -n 1 "$f" | cut -d" " -f1)
		last=$(tail -n 1 "$f" | cut -d" " -f1)
		[ "$(( ${first%.*} / 2 ))" = "$(( ${last%.*} / 2 ))" ] ||
			{ echo "$f spans $first .. $last"; return 1; }
		name=$(basename "$f" | cut -c2-16)
		[ "$(date -u -d "${name:0:8} ${name:9:2}:${name:11:2}:${name:13:2}" +%s)" -ge \
		    "$(( ${first%.*} / 2 * 2 + 2 ))" ] ||
			{ echo "$f named before its interval ended"; return 1; }
	done
}

hold_pipe
test_ok 'lines at 50/s for 5 s: one file per 2-second interval' '
	spawn P tinylog -f unix -T 2s -k 100 "$T/t" < "$T/fifo" 2>/dev/null &&
	linegen -n 250 -r 50 -l 20:40 >&7 &&
	wait_until 10 "linecheck -n 250 \"$T/t\"" &&
	n=$(narchives "$T/t") && echo "$n archives" >&2 &&
	[ "$n" -ge 2 ] && [ "$n" -le 4 ] && aligned "$T/t" &&
	linecheck -n 250 -d 0 "$T/t"'

# No input arrives after the 250th line: the rotation that empties current
# can only come from the interval's end (it may have happened already on a
# slow machine, so wait for its result, not for a count to change).
test_ok 'an idle current is rotated when its interval ends' '
	wait_until 5 "[ ! -s \"$T/t/current\" ]" &&
	linecheck -n 250 -d 0 "$T/t" && aligned "$T/t"'

test_ok 'an empty current is never rotated' '
	n=$(narchives "$T/t") &&
	! wait_until 3 "[ \$(narchives \"$T/t\") != $n ]" &&
	kill -TERM $P && wait_gone 5 $P'

hold_pipe
test_ok 'size rotation still applies within an interval' '
	spawn P tinylog -f unix -T 1h -s 2000 -k 100 "$T/ts" < "$T/fifo" 2>/dev/null &&
	linegen -n 200 -l 60:100 >&7 &&
	wait_until 10 "linecheck -n 200 \"$T/ts\"" &&
	[ "$(narchives "$T/ts")" -ge 5 ] && linecheck -n 200 -d 0 "$T/ts" &&
	kill -TERM $P && wait_gone 5 $P'

test_ok 'bad intervals: usage error, exit 100' '
	tinylog -T 0 "$T/bad" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "option -T needs a duration" "$T/err" &&
	tinylog -T 1x "$T/bad" </dev/null 2>/dev/null; [ $? -eq 100 ] &&
	[ ! -e "$T/bad" ]'

done_testing
