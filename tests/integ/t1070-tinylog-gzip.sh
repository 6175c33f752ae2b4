#!/bin/bash
# In-process compression (-z, -Z level): gzip archives that decompress to
# exactly what was written; compression off the read path, in bounded
# memory; SIGKILL during a compression loses nothing and leaves no partial
# archive; a restart compresses what was left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"
need_cmd gzip

all_gz_ok() { # dir: every compressed archive is a complete gzip file
	local f
	for f in "$1"/_*.gz; do
		[ -e "$f" ] || continue
		gzip -t "$f" || return 1
	done
}

test_ok '-z: .gz archives (0644) that gzip -t accepts, holding exactly the input' '
	linegen -n 20000 -l 20:200 > "$T/in" &&
	tinylog -z -s 100000 -k 1000 "$T/z" < "$T/in" 2>/dev/null &&
	[ "$(ls "$T/z" | grep -c "^_.*\.s\.gz$")" -ge 10 ] &&
	[ -z "$(ls "$T/z" | grep -v -e "^_.*\.s\.gz$" -e ^current$ -e ^tinylog.pid$)" ] &&
	all_gz_ok "$T/z" && [ "$(mode_of "$(ls "$T"/z/_* | head -n 1)")" = 644 ] &&
	zcat "$T/z"/_*.gz | cat - "$T/z/current" | cmp - "$T/in" &&
	linecheck -n 20000 -d 0 "$T/z"'

test_ok '-Z 1 and -Z 9: valid, and 9 compresses at least as well' '
	tinylog -Z 1 -s 100000 -k 1000 "$T/z1" < "$T/in" 2>/dev/null &&
	tinylog -Z 9 -s 100000 -k 1000 "$T/z9" < "$T/in" 2>/dev/null &&
	all_gz_ok "$T/z1" && all_gz_ok "$T/z9" &&
	linecheck -n 20000 -d 0 "$T/z1" && linecheck -n 20000 -d 0 "$T/z9" &&
	[ "$(cat "$T/z9"/_*.gz | wc -c)" -le "$(cat "$T/z1"/_*.gz | wc -c)" ]'

test_ok 'bad levels: usage error, exit 100' '
	tinylog -Z 0 "$T/bad" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "option -Z needs a compression level from 1 to 9" "$T/err" &&
	tinylog -Z 10 "$T/bad" </dev/null 2>/dev/null; [ $? -eq 100 ] &&
	[ ! -e "$T/bad" ]'

hold_pipe
test_ok 'intake never waits for compression; memory stays bounded' '
	spawn P /usr/bin/time -f %M -o "$T/rss" "$PLAIN_BIN/tinylog" -Z 9 -s 200000 -k 1000 "$T/slow" < "$T/fifo" 2>/dev/null 7>&- &&
	linegen -n 100000 -l 20:200 >&7 &&
	plain=$(ls "$T/slow" | grep -c "^_.*\.[st]$") && echo "uncompressed yet: $plain" >&2 &&
	[ "$plain" -ge 3 ] && exec 7>&- && wait $P &&
	[ -z "$(ls "$T/slow" | grep -e "^_.*\.[st]$" -e ^zipped$)" ] &&
	all_gz_ok "$T/slow" && linecheck -n 100000 -d 0 "$T/slow" &&
	echo "peak RSS $(cat "$T/rss") KiB" >&2 && [ "$(cat "$T/rss")" -lt 8192 ]'

hold_pipe
test_ok 'SIGKILL during compression: no partial .gz, nothing lost; a restart finishes' '
	spawn P tinylog -Z 9 -s 4000000 -k 1000 "$T/k" < "$T/fifo" 2>/dev/null 7>&- &&
	linegen -n 120000 -l 20:200 >&7 &&
	wait_until 20 "linecheck -n 120000 \"$T/k\" >/dev/null" &&
	wait_until 10 "[ -s \"$T/k/zipped\" ]" && kill -KILL $P && wait_gone 5 $P &&
	all_gz_ok "$T/k" && [ -n "$(ls "$T/k" | grep "^_.*\.s$")" ] &&
	linecheck -n 120000 -d 0 "$T/k" &&
	tinylog -z -k 1000 "$T/k" </dev/null 2>/dev/null &&
	[ -z "$(ls "$T/k" | grep -e "^_.*\.[stu]$" -e ^zipped$)" ] &&
	all_gz_ok "$T/k" && [ -n "$(ls "$T/k" | grep "^_.*\.u\.gz$")" ] &&
	linecheck -n 120000 -d 0 "$T/k"'

done_testing
