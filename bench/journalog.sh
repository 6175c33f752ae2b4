#!/bin/bash
# bench/journalog.sh [LINES [RUNS]]: lines per second into a private, real
# systemd-journald (tests/peers/journald.sh), journalog beside systemd-cat
# on the same input, and print a Markdown table.
#
# Input: LINES numbered lines (linegen, 20 to 200 bytes, ~110 on average;
# default 200000), from a regular file. Each run starts a fresh journald,
# sends the whole input, and stops the clock when the last line can be
# read back with journalctl: systemd-cat returns as soon as its stream
# socket has taken the bytes, journalog when journald has read every
# entry, so only the end-to-end time compares them fairly. Every run is
# then checked: all LINES lines in the journal, none twice.
#
# Columns: wall (median of RUNS, default 3), lines/s from it, and the CPU
# time (user+sys, median) of the sender and of journald itself.
#
# A second table: 20,000 lines at 10,000 a second through a held pipe (as
# perpd holds a service's), journald restarted once after the first
# 2,000: how many reach the journal, missing and repeated (linecheck).
#
# journald runs with the datagram queue length of a systemd host
# (net.unix.max_dgram_qlen = 512, in a network namespace of its own; the
# kernel's default, 10, when JD_QLEN=10): it bounds how many entries of
# the native protocol wait in journald's socket. Its rate limit is off,
# as in the tests.
#
# Run as root (namespaces) on a quiet machine, after `make all helpers`.
set -u
export JD_QLEN=${JD_QLEN:-512}
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/integ/lib.sh"
. "$top/tests/peers/journald.sh"
lines=${1:-200000}
runs=${2:-3}

die() { echo "bench/journalog.sh: $*" >&2; exit 111; }
[ "$(id -u)" -eq 0 ] || die "run as root (it needs mount namespaces)"
journald_have || die "systemd-journald, journalctl or unshare is missing"
[ -x "$BIN/journalog" ] && [ -x "$HELPERS/linegen" ] ||
	die "build first: make all helpers"
command -v systemd-cat >/dev/null || die "systemd-cat is missing"

linegen -n "$lines" -l 20:200 > "$T/input" || die "linegen"
last=$(tail -n 1 "$T/input")

cpu_ticks() { # user+sys clock ticks of a pid (0 when gone)
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

last_seen() {
	[ "$(journalctl -D "$JD_DIR/log" --no-pager -a -o cat -n 1 \
	    SYSLOG_IDENTIFIER=bench 2>/dev/null)" = "$last" ]
}

# one_run CMD...: send the input with CMD under a fresh journald; print
# "wall_s sender_cpu_s journald_cpu_s".
one_run() {
	local t0 t1 jd0 jd1 tick got
	tick=$(getconf CLK_TCK)
	rm -rf "$T/jd"
	journald_start "$T/jd" || die "journald did not start"
	jd0=$(cpu_ticks "$JD_PID")
	t0=${EPOCHREALTIME/./}
	/usr/bin/time -f '%U %S' -o "$T/time" \
	    "$PEERS/journald-run" "$JD_DIR" "$@" < "$T/input" ||
		die "$* failed"
	wait_until 600 last_seen || die "$*: the last line never arrived"
	t1=${EPOCHREALTIME/./}
	jd1=$(cpu_ticks "$JD_PID")
	got=$(journald_json SYSLOG_IDENTIFIER=bench | jq -r .MESSAGE |
	    linecheck -n "$lines" - 2>&1)
	case $got in
	*"missing=0 dup=0 corrupt=0"*) ;;
	*) die "$*: $got" ;;
	esac
	journald_stop
	awk -v w=$((t1 - t0)) -v jd=$((jd1 - jd0)) -v tk="$tick" \
	    '{ printf "%.3f %.2f %.2f\n", w / 1e6, $1 + $2, jd / tk }' \
	    "$T/time"
}

# restart_run CMD...: CMD reads a held pipe; journald is restarted once
# while lines go through. Prints linecheck's counts.
restart_run() {
	local s g n=20000
	rm -rf "$T/jd" "$T/fifo"
	journald_start "$T/jd" || die "journald did not start"
	mkfifo "$T/fifo" && exec 7<>"$T/fifo"
	spawn s "$PEERS/journald-run" "$JD_DIR" "$@" < "$T/fifo" 7>&- \
	    2>>"$T/sender.err"
	spawn g linegen -n "$n" -r 10000 -l 20:200 >&7
	wait_until 30 '[ "$(journalctl -D "$JD_DIR/log" --no-pager -o cat -n 1 \
	    SYSLOG_IDENTIFIER=bench | cut -d: -f2)" -gt 2000 ] 2>/dev/null' ||
		die "$*: no progress"
	journald_restart 7>&- || die "journald did not start again"
	# A sender that died leaves the generator blocked on a full pipe.
	wait_until 30 "! _alive $g || ! _alive $s"
	kill -KILL "$g" 2>/dev/null
	exec 7>&-
	wait_gone 30 "$s" || kill -TERM "$s"
	journald_json SYSLOG_IDENTIFIER=bench | jq -r .MESSAGE |
	    linecheck -n "$n" - | sed -n 's/^records=\([0-9]*\) missing=\([0-9]*\) dup=\([0-9]*\).*/\1 \2 \3/p'
	journald_stop
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A res
cases="journalog systemd-cat"
for r in $(seq "$runs"); do
	for c in $cases; do
		case $c in
		journalog) res[$c]+="$(one_run journalog bench)"$'\n' ;;
		systemd-cat) res[$c]+="$(one_run systemd-cat -t bench)"$'\n' ;;
		esac
	done
done

echo "| sender | lines | wall s | lines/s | sender CPU s | journald CPU s |"
echo "|---|---:|---:|---:|---:|---:|"
for c in $cases; do
	w=$(printf '%s' "${res[$c]}" | awk 'NF { print $1 }' | median)
	cs=$(printf '%s' "${res[$c]}" | awk 'NF { print $2 }' | median)
	cj=$(printf '%s' "${res[$c]}" | awk 'NF { print $3 }' | median)
	echo "| $c | $lines | $w | $(awk -v n="$lines" -v w="$w" \
	    'BEGIN { printf "%d", n / w }') | $cs | $cj |"
done
echo
echo "| sender, journald restarted once | lines sent | in the journal | missing | repeated |"
echo "|---|---:|---:|---:|---:|"
for c in $cases; do
	case $c in
	journalog) r=$(restart_run journalog bench) ;;
	systemd-cat) r=$(restart_run systemd-cat -t bench) ;;
	esac
	set -- $r
	echo "| $c | 20000 | $1 | $2 | $3 |"
done
echo
echo "bench/journalog.sh $lines $runs on $(nproc) CPUs, $(uname -r), \
$(journalctl --version | head -1)"
