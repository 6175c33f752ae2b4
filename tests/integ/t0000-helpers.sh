#!/bin/bash
# The line generator and checker that every "no line lost" test relies on:
# they must notice a missing, repeated, altered or cut line, read gzip, and
# add up gap records.
. "$(dirname "$0")/lib.sh"

test_ok 'linegen writes exactly N whole lines' '
	linegen -n 1000 -l 10:300 > "$T/a" &&
	[ "$(wc -l < "$T/a")" -eq 1000 ] &&
	linecheck -n 1000 "$T/a"'

test_ok 'a missing line is reported with its number' '
	sed 500d "$T/a" > "$T/b"; ! linecheck -n 1000 "$T/b" > "$T/out";
	grep -q "^missing 500..500$" "$T/out" && grep -q " missing=1 " "$T/out"'

test_ok 'a repeated line is counted, and -d bounds repeats' '
	{ cat "$T/a"; sed -n 10p "$T/a"; } > "$T/b";
	linecheck -n 1000 "$T/b" > "$T/out" && grep -q " dup=1 " "$T/out" &&
	! linecheck -n 1000 -d 0 "$T/b"'

test_ok 'an altered byte makes the line corrupt' '
	sed "700s/:\([0-9a-f]\{8\}\)$/:00000000/" "$T/a" > "$T/b";
	! linecheck -n 1000 "$T/b" > "$T/out"; grep -q " corrupt=1 " "$T/out"'

test_ok 'an unterminated last line is torn, not corrupt' '
	head -c -5 "$T/a" > "$T/b"; ! linecheck -n 1000 "$T/b" > "$T/out";
	grep -q " torn=1 " "$T/out" && grep -q " corrupt=0 " "$T/out"'

test_ok 'records behind a prefix (stamps, headers) are found' '
	sed "s/^/20261122T021113.936692: /" "$T/a" > "$T/b" &&
	linecheck -n 1000 "$T/b"'

test_ok 'a log directory is read as archives in order, then current' '
	mkdir "$T/d" && head -n 300 "$T/a" | gzip > "$T/d/_20261122T021113.000001.s.gz" &&
	sed -n 301,600p "$T/a" > "$T/d/_20261122T021113.000002.u" &&
	sed -n 601,1000p "$T/a" > "$T/d/current" &&
	linecheck -n 1000 "$T/d" > "$T/out" && grep -q " disorder=0 " "$T/out"'

test_ok 'gap records are summed; -g accepts exactly the reported loss' '
	{ head -n 100 "$T/a"; echo "warning: tinylog[1]: gap: 50 lines (5000 bytes) lost from x to y: out of disk space (ENOSPC)"; sed -n 151,1000p "$T/a"; } > "$T/b" &&
	linecheck -g -n 1000 "$T/b" > "$T/out" && grep -q " gaps=1 gaplost=50 " "$T/out" &&
	! linecheck -n 1000 "$T/b"'

test_ok 'linegen paces lines at a given rate' '
	start=${EPOCHREALTIME/./}; linegen -n 200 -r 1000 > "$T/b";
	end=${EPOCHREALTIME/./}; [ $((end - start)) -ge 150000 ] &&
	linecheck -n 200 "$T/b"'

test_ok 'linegen -c records the last line written' '
	linegen -n 77 -c "$T/count" > /dev/null && [ "$(cat "$T/count")" -eq 77 ]'

test_ok 'linegen -C numbers on from its state file across runs' '
	linegen -C "$T/st" -n 300 > "$T/b" && linegen -C "$T/st" -n 200 >> "$T/b" &&
	[ "$(cat "$T/st")" -eq 500 ] && linecheck -n 500 -d 0 "$T/b"'

# Five runs killed with SIGKILL while writing into a pipe, then a last
# one: every line up to the state file's number arrived whole, and each
# kill repeated at most the one line written before the state was noted.
killed_runs() {
	local i p
	for i in 1 2 3 4 5; do
		linegen -C "$T/ks" -w 1 -r 5000 -n 0 &
		p=$!
		sleep 0.2
		kill -KILL "$p"
		wait "$p" 2>/dev/null
	done
	linegen -C "$T/ks" -w 1 -n 10
}
test_ok 'linegen -C -w 1 killed five times: no gap, no torn line, at most a repeat a kill' '
	killed_runs | cat > "$T/b"; n=$((10#$(cat "$T/ks"))) &&
	[ "$n" -gt 500 ] && linecheck -n "$n" -d 5 "$T/b" > "$T/out" &&
	grep -q " corrupt=0 torn=0 " "$T/out" && grep -q " last=$n$" "$T/out"'

test_ok 'linegen -C refuses a state file without a number, and -c with it' '
	echo junk > "$T/bad"; linegen -C "$T/bad" -n 1 2>/dev/null; [ $? = 100 ] &&
	linegen -C "$T/st" -c "$T/count" -n 1 2>/dev/null; [ $? = 100 ]'

test_ok 'binary and UTF-8 payloads keep their checksums' '
	linegen -n 500 -m binary > "$T/b" && linecheck -n 500 "$T/b" &&
	linegen -n 500 -m utf8 > "$T/b" && linecheck -n 500 "$T/b" &&
	LC_ALL=C grep -q "[$(printf "\200-\377")]" "$T/b"'

done_testing
