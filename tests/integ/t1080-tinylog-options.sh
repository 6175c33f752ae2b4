#!/bin/bash
# tinylog's newer options end to end: filters (-i, -x, -m), stamp formats
# (-f), retention by total bytes (-S) and by age (-A), durable mode (-y).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

input() {
	printf '%s\n' "error: disk" "info: started" "error: noisy retry" \
	    "debug: x" "warning: slow" "info: healthcheck ok" "fatal: gone"
}

test_ok 'filters: the last matching rule decides, in command-line order' '
	input | tinylog -x . -i "^(error|fatal)" -x noisy "$T/f1" 2>/dev/null &&
	printf "error: disk\nfatal: gone\n" | cmp - "$T/f1/current" &&
	input | tinylog -x healthcheck -x "^debug" "$T/f2" 2>/dev/null &&
	[ "$(wc -l < "$T/f2/current")" = 5 ] && ! grep -q -e healthcheck -e debug "$T/f2/current" &&
	input | tinylog -i error -x error "$T/f3" 2>/dev/null &&
	! grep -q error "$T/f3/current" && [ "$(wc -l < "$T/f3/current")" = 5 ] &&
	input | tinylog -x error -i error "$T/f4" 2>/dev/null &&
	input | cmp - "$T/f4/current"'

test_ok 'filters see the line before the stamp, and -m bytes of it' '
	input | tinylog -t -i "^info" -x . -i "^info" "$T/f5" 2>/dev/null &&
	[ "$(grep -c ": info: " "$T/f5/current")" = 2 ] && [ "$(wc -l < "$T/f5/current")" = 2 ] &&
	input | tinylog -m 6 -x "started|slow" "$T/f6" 2>/dev/null &&
	input | cmp - "$T/f6/current" &&
	input | tinylog -m 12 -x "slow" "$T/f7" 2>/dev/null &&
	grep -qx "warning: slow" "$T/f7/current" &&
	input | tinylog -m 13 -x "slow" "$T/f8" 2>/dev/null && ! grep -q slow "$T/f8/current"'

test_ok 'filters count what they drop as nothing lost: numbered lines' '
	linegen -n 5000 -p "keep " | tinylog -x "^drop" "$T/f9" 2>/dev/null &&
	linegen -n 5000 -s 5001 -p "drop " | tinylog -x "^drop" "$T/f9" 2>/dev/null &&
	linecheck -n 5000 -d 0 "$T/f9" && ! grep -q "^drop" "$T/f9/current"'

test_ok 'an invalid regular expression: clear error, exit 100' '
	echo x | tinylog -i "a(b" "$T/bad" 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "usage error: invalid regular expression for option -i: a(b" "$T/err" &&
	echo x | tinylog -x "[z-a]" "$T/bad" 2>/dev/null; [ $? -eq 100 ] &&
	[ ! -e "$T/bad" ]'

test_ok 'stamp formats: perp, tai64n, rfc3339, local (with its offset), unix' '
	for f in perp tai64n rfc3339 local unix; do
		echo x | TZ=IST-5:30 tinylog -f $f "$T/s.$f" 2>/dev/null || return 1
	done &&
	grep -Eqx "[0-9]{8}T[0-9]{6}\.[0-9]{6}: x" "$T/s.perp/current" &&
	grep -Eqx "@4000[0-9a-f]{20} x" "$T/s.tai64n/current" &&
	grep -Eqx "[0-9-]{10}T[0-9:]{8}\.[0-9]{6}Z x" "$T/s.rfc3339/current" &&
	grep -Eqx "[0-9-]{10}T[0-9:]{8}\.[0-9]{6}\+05:30 x" "$T/s.local/current" &&
	grep -Eqx "[0-9]{10}\.[0-9]{6} x" "$T/s.unix/current" &&
	now=$(date +%s) && t=$(cut -d. -f1 "$T/s.unix/current") &&
	[ $((now - t)) -le 5 ] && [ $((t - now)) -le 5 ] &&
	echo x | tinylog -f nope "$T/bad" 2>/dev/null; [ $? -eq 100 ]'

test_ok '-t and -f: the last one given wins' '
	echo x | tinylog -f unix -t "$T/s2" 2>/dev/null &&
	grep -Eqx "[0-9]{8}T[0-9]{6}\.[0-9]{6}: x" "$T/s2/current" &&
	echo y | tinylog -t -f unix "$T/s2" 2>/dev/null &&
	grep -Eqx "[0-9]{10}\.[0-9]{6} y" "$T/s2/current"'

# Archives with names from the past, of given sizes.
old_archives() { # dir
	mkdir -p "$1" &&
	head -c 3000 /dev/zero | tr "\0" a > "$1/_20200101T000000.000000.s" &&
	head -c 3000 /dev/zero | tr "\0" b > "$1/_20200201T000000.000000.s" &&
	head -c 3000 /dev/zero | tr "\0" c | gzip > "$1/_20200301T000000.000000.s.gz" &&
	head -c 3000 /dev/zero | tr "\0" d > "$1/_20200401T000000.000000.u"
}

test_ok '-S: archives total at most so many bytes, compressed sizes counted' '
	old_archives "$T/b" && gz=$(stat -c %s "$T/b/_20200301T000000.000000.s.gz") &&
	tinylog -S $((3000 + gz)) -k 100 "$T/b" </dev/null 2>/dev/null &&
	[ "$(ls "$T/b" | grep ^_ | tr "\n" " ")" = "_20200301T000000.000000.s.gz _20200401T000000.000000.u " ] &&
	linegen -n 400 -l 60:100 | tinylog -S 10k -s 2000 -k 100 "$T/b" 2>/dev/null &&
	total=$(cat "$T/b"/_* | wc -c) && echo "archives: $total bytes" >&2 &&
	[ "$total" -le 10240 ] && [ "$total" -gt 6000 ] &&
	! ls "$T/b" | grep -q "_2020" && [ -s "$T/b/current" ]'

test_ok '-A: archives older than the age go, at start and at each rotation' '
	old_archives "$T/a" && touch "$T/a/_29990101T000000.000000.s" &&
	tinylog -A 1d "$T/a" </dev/null 2>/dev/null &&
	[ "$(ls "$T/a" | grep ^_)" = _29990101T000000.000000.s ] &&
	old_archives "$T/a2" &&
	now=$(date -u -d "-30 min" +%Y%m%dT%H%M%S) &&
	touch "$T/a2/_$now.000000.s" &&
	linegen -n 100 -l 60:100 | tinylog -A 1h -s 2000 -k 100 "$T/a2" 2>/dev/null &&
	[ -f "$T/a2/_$now.000000.s" ] && ! ls "$T/a2" | grep -q "_2020" &&
	[ "$(narchives "$T/a2")" -ge 4 ]'

test_ok 'bad -S and -A values: usage error, exit 100' '
	tinylog -S 1x "$T/bad" </dev/null 2>/dev/null; [ $? -eq 100 ] &&
	tinylog -A 0 "$T/bad" </dev/null 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "option -A needs a duration" "$T/err" && [ ! -e "$T/bad" ]'

test_ok '-y: durable mode writes everything (a sync per batch)' '
	linegen -n 20000 -l 20:200 | tinylog -y -s 100000 -k 1000 "$T/y" 2>/dev/null &&
	linecheck -n 20000 -d 0 "$T/y"'

if command -v strace >/dev/null 2>&1; then
# From a pipe: tee(2) a window, write it, fdatasync, and only then
# splice(2) it out of the pipe. Every splice from fd 0 must find each
# write to current since the last one synced; strace watches the plain
# build (the sanitizers' own system calls, and LeakSanitizer, do not
# mix with ptrace).
synced_before_consumed() { # strace output
	awk '
	$1 ~ /^openat\(/ && $0 ~ /"current"/ { cur = $NF }
	$1 ~ /^write\(/ { split($1, a, /[(,]/); if (a[2] == cur) { dirty = 1; w++ } }
	$1 ~ /^fdatasync\(/ { split($1, a, /[()]/); if (a[2] == cur) dirty = 0 }
	$1 ~ /^splice\(0,/ { n++; if (dirty) bad++ }
	END { printf "%d writes, %d splices, %d unsynced\n", w, n, bad;
		exit !(w > 5 && n >= w && bad == 0) }' "$1"
}
test_ok '-y: every write is synced before its input leaves the pipe' '
	linegen -n 3000 -l 20:200 > "$T/yin" &&
	cat "$T/yin" | strace -e trace=openat,write,fdatasync,splice -o "$T/strace" \
		"$PLAIN_BIN/tinylog" -y -s 20000 -k 1000 "$T/y2" 2>/dev/null &&
	synced_before_consumed "$T/strace" >&2 &&
	linecheck -n 3000 -d 0 "$T/y2"'
# Without -y too, one write(2) per batch: what a read of the pipe brought
# (up to the pipe's size, whole lines), split only where a rotation falls. The
# bound allows batches half a window long on average (the writer's own
# chunks may cut a window short); one write per line would be 20,000.
test_ok 'one write per batch, never one per line' '
	linegen -n 20000 -l 20:200 > "$T/bin" &&
	bytes=$(wc -c < "$T/bin") &&
	cat "$T/bin" | strace -e trace=openat,write -o "$T/strace2" \
		"$PLAIN_BIN/tinylog" -s 1000000 -k 1000 "$T/batch" 2>/dev/null &&
	fd=$(grep -m1 "openat(.*\"current\"" "$T/strace2" | sed "s/.*= //") &&
	w=$(grep -c "^write($fd, " "$T/strace2") &&
	max=$(( bytes / 32768 + bytes / 1000000 + 2 )) &&
	echo "$w writes for 20000 lines, $bytes bytes (at most $max)" >&2 &&
	[ "$w" -ge 1 ] && [ "$w" -le "$max" ] &&
	linecheck -n 20000 -d 0 "$T/batch"'
else
test_skip '-y: every write is followed by its sync' 'needs strace'
fi

# A service that keeps its pipe full gets it grown to 256 KiB (fewer,
# larger batches); one that writes a little keeps the pipe's own size.
# pipefeed reports the capacity of the pipe it wrote into.
test_ok 'a pipe kept full grows to 256 KiB, a quiet one keeps 64 KiB' '
	linegen -n 100000 -l 20:200 > "$T/gin" &&
	pipefeed -o "$T/gfeed" < "$T/gin" |
		tinylog -s 1000000 -k 1000 "$T/grow" 2>/dev/null &&
	cat "$T/gfeed" >&2 && grep -q " pipe=262144$" "$T/gfeed" &&
	linecheck -n 100000 -d 0 "$T/grow" >/dev/null &&
	printf "one\ntwo\n" | pipefeed -o "$T/qfeed" |
		tinylog "$T/quiet" 2>/dev/null &&
	cat "$T/qfeed" >&2 && grep -q " pipe=65536$" "$T/qfeed" &&
	printf "one\ntwo\n" | cmp - "$T/quiet/current"'

done_testing
