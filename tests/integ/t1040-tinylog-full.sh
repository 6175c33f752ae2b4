#!/bin/bash
# A full disk (a 2 MB tmpfs): with the default block policy tinylog stops
# reading, warns, and resumes when space returns, losing nothing; SIGTERM
# ends it within 2 s even then, and what it had not written stays in the
# pipe for the next one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"
need_root
need_cmd mount

M=$T/mnt
mkdir "$M" && mount -t tmpfs -o size=2m tmpfs "$M" || skip_all "cannot mount a tmpfs"

# Leave only about $1 KiB free on the tmpfs.
fill() {
	rm -f "$M/filler"
	local free
	free=$(df -k --output=avail "$M" | tail -n 1)
	[ "$free" -gt "$1" ] || return 0
	dd if=/dev/zero of="$M/filler" bs=1k count=$((free - $1)) status=none
}

hold_pipe
test_ok 'block: tinylog stops reading on a full disk, warns, and the producer waits' '
	fill 300 &&
	spawn P tinylog -s 100000 -k 100 "$M/log" < "$T/fifo" 2>"$T/err" &&
	spawn G linegen -n 15000 -l 60:100 -c "$T/gc" >&7 &&
	wait_until 20 "grep -q \"pausing: unable to write to current in log directory $M/log: out of disk space (ENOSPC)\" \"$T/err\"" &&
	wait_until 20 "in_pipe_write $G" &&
	c1=$(gen_count "$T/gc") &&
	! wait_until 1 "[ \$(gen_count \"$T/gc\") != $c1 ]" &&
	[ "$c1" -lt 15000 ] && kill -0 $P && kill -0 $G &&
	[ "$(grep -c pausing "$T/err")" = 1 ]'

test_ok 'block: space returns, tinylog resumes, nothing is missing or repeated' '
	rm -f "$M/filler" && wait_gone 30 $G &&
	wait_until 20 "linecheck -n 15000 \"$M/log\" >/dev/null" &&
	linecheck -n 15000 -d 0 "$M/log" &&
	grep -q "resuming: log directory $M/log writable again" "$T/err"'

test_ok 'SIGTERM while blocked: exit 0 within 2 s, current closed cleanly' '
	fill 100 && linegen -n 5000 -l 60:100 -s 15001 >&7 &
	wait_until 20 "[ \$(grep -c pausing \"$T/err\") = 2 ]" &&
	start=${EPOCHREALTIME/./} && kill -TERM $P && wait $P; rc=$?;
	took=$(( ${EPOCHREALTIME/./} - start )) && echo "exit $rc after $took us" >&2 &&
	[ "$rc" = 0 ] && [ "$took" -lt 2000000 ] &&
	[ "$(mode_of "$M/log/current")" = 744 ]'

test_ok 'what it had not written is still in the pipe for the next tinylog' '
	rm -f "$M/filler" &&
	spawn P tinylog -s 100000 -k 100 "$M/log" < "$T/fifo" 2>/dev/null &&
	wait_until 20 "linecheck -n 20000 \"$M/log\" >/dev/null" &&
	linecheck -n 20000 -d 0 "$M/log" && kill -TERM $P && wait_gone 5 $P'

hold_pipe
test_ok 'drop: tinylog keeps reading on a full disk and counts what it drops' '
	rm -rf "$M/log" "$M/filler" &&
	spawn P tinylog -p drop -s 100000 -k 100 "$M/drop" < "$T/fifo" 2>"$T/derr" &&
	linegen -n 100 -l 60:100 -s 100001 >&7 &&
	wait_until 10 "linecheck -s 100001 -n 100 \"$M/drop\" >/dev/null" &&
	[ -z "$(grep "^warning" "$T/derr")" ] &&
	fill 0 && linegen -n 15000 -l 60:100 -s 100101 >&7 &&
	wait_until 20 "grep -q \"dropping input\" \"$T/derr\"" &&
	! grep -q pausing "$T/derr"'

test_ok 'drop: once space returns, one gap record with the right counts' '
	rm -f "$M/filler" &&
	wait_until 10 "grep -q \"input was dropped; resumed after\" \"$T/derr\"" &&
	linegen -n 100 -l 60:100 -s 115101 >&7 &&
	wait_until 20 "linecheck -g -s 100001 -n 15200 \"$M/drop\" >/dev/null" &&
	linecheck -g -s 100001 -n 15200 "$M/drop" > "$T/dres"; cat "$T/dres" >&2;
	grep -q " gaps=1 " "$T/dres" && ! grep -q " missing=0 " "$T/dres" &&
	linecheck -g -s 100001 -n 15200 -d 0 "$M/drop" &&
	grep -Eq "^warning: tinylog\[[0-9]+\]: gap: [0-9]+ lines \([0-9]+ bytes\) lost from [0-9T:.-]+Z to [0-9T:.-]+Z: out of disk space \(ENOSPC\)$" "$M/drop"/* &&
	kill -TERM $P && wait_gone 5 $P'
echo "# drop: $(cat "$T/dres" 2>/dev/null | tail -n 1)"

done_testing
