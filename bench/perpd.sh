#!/bin/bash
# bench/perpd.sh [N ...]: measure perpd with N services (default 1000 and
# 10000), each a `sleep` main logged by `cat > /dev/null`, and print one
# Markdown table row per N:
#
#   start      from perpd's start to every main and logger running, and
#              the CPU time perpd itself used for it
#   PSS        perpd's proportional set size with N services, that of a
#              perpd on an empty base measured at the same moment, and
#              the difference per service
#   idle       system calls perpd makes in 10 idle seconds (strace -c)
#   restart    from SIGKILL of a main that has run for more than 10 s
#              (no back-off) to the fork of its next start, through its
#              reset: median of 5, from perpd's own status time stamps
#   stop       from SIGTERM to perpd's exit, everything stopped
#
# Run as root on a quiet machine: it raises the descriptor limit (perpd
# needs 5 per logged service: the directory, the pipe's two ends, two
# pidfds) and starts 2N processes. Where the limit cannot be raised that
# far (a container), the row is for N services without loggers (2
# descriptors each) and says so. Uses build/bin.
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$top/build/bin:$top/build/helpers:$PATH"
counts=${*:-1000 10000}

die() { echo "bench/perpd.sh: $*" >&2; exit 111; }
[ -x "$top/build/bin/perpd" ] && [ -x "$top/build/helpers/perpq" ] ||
	die "build first: make all helpers"
now_us() { echo "${EPOCHREALTIME/./}"; }
pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
children() { wc -w < "/proc/$1/task/$1/children"; }

# wait_for SECS CMD...: poll CMD every 10 ms; 1 on timeout.
wait_for() {
	local end=$(( $(now_us) + $1 * 1000000 ))
	shift
	until "$@"; do
		[ "$(now_us)" -ge "$end" ] && return 1
		sleep 0.01
	done
}

make_base() { # make_base DIR N LOGGED(1|0)
	local d=$1 n=$2
	mkdir -p "$d"
	printf '#!/bin/sh\n[ "$1" = start ] && exec sleep 100000\nexit 0\n' > "$d/.main"
	printf '#!/bin/sh\n[ "$1" = start ] && exec cat > /dev/null\nexit 0\n' > "$d/.log"
	chmod +x "$d/.main" "$d/.log"
	[ "$n" -gt 0 ] || return 0
	(cd "$d" && mkdir $(seq -f "s%05g" 1 "$n")) || die "mkdir"
	perl -e 'my $logged = shift; for (@ARGV[2 .. $#ARGV]) {
	    link($ARGV[0], "$_/rc.main") or die "$_: $!";
	    !$logged or link($ARGV[1], "$_/rc.log") or die "$_: $!" }' \
	    "$3" "$d/.main" "$d/.log" "$d"/s* || die "link"
	chmod +t "$d"/s*
}

idle_calls() { # idle_calls PID: system calls in 10 s, or n/a
	command -v strace > /dev/null || { echo n/a; return; }
	timeout -s INT 10 strace -c -p "$1" -o "$tmp/strace" 2>/dev/null
	awk '$NF == "total" { print $(NF - 1); found = 1 }
	    END { if (!found) print 0 }' "$tmp/strace"
}

restart_ms() { # restart_ms BASE: median restart latency over 5 services
	local b=$1 i sv pid t0 when new lat=()
	for i in 1 2 3 4 5; do
		sv=$(printf 's%05d' "$i")
		pid=$(perpq -b "$b" "$sv" | sed -n 's/^main.pid=//p')
		t0=$(now_us)
		kill -KILL "$pid"
		wait_for 10 new_start "$b" "$sv" "$pid" || { echo n/a; return; }
		when=$(perpq -b "$b" "$sv" | sed -n 's/^main.when=//p')
		when=$(( ${when%.*} * 1000000 + 10#${when#*.} / 1000 ))
		lat+=($(( when - t0 )))
	done
	printf '%s\n' "${lat[@]}" | sort -n |
	    awk 'NR == 3 { printf "%.1f", $1 / 1000 }'
}

new_start() { # BASE SV OLDPID: main runs again under another pid
	local s
	s=$(perpq -b "$1" "$2")
	! grep -qx "main.pid=0" <<< "$s" && ! grep -qx "main.pid=$3" <<< "$s" &&
	    [ $(( $(sed -n 's/^main.flags=//p' <<< "$s") & 2 )) = 0 ]
}

# fd_limit N: raise the descriptor limit to at least N, or fail. The hard
# limit is only ever raised, so that a later, larger N can still have it.
fd_limit() {
	[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge "$1" ] ||
		ulimit -Hn "$1" 2>/dev/null || return 1
	[ "$(ulimit -Sn)" = unlimited ] || [ "$(ulimit -Sn)" -ge "$1" ] ||
		ulimit -Sn "$1" 2>/dev/null
}

bench_one() { # bench_one N
	local n=$1 b=$tmp/base$1 e=$tmp/empty pd pd0 t0 t1 base_kb kb label=$1 few_fds=
	logged=1
	if ! fd_limit $((5 * n + 4096)); then
		# A container may cap descriptors below what N logged
		# services need; then measure N services without loggers
		# (2 descriptors each) rather than nothing, and say so.
		# Below 2 each, perpd goes on without a pidfd for the
		# processes it has no descriptor left for (its wait4 sweep
		# reaps those), and needs only the directory's.
		if fd_limit $((2 * n + 256)); then
			label="$n (no logger)"
		elif fd_limit $((n + 256)); then
			fd_limit "$(ulimit -Hn)"
			label="$n (no logger)" few_fds=1
		else
			printf '| %d | not measurable here: at most %s descriptors |\n' \
			    "$n" "$(ulimit -Hn)"
			return 0
		fi
		logged=0
		echo "descriptor limit $(ulimit -Hn): $n services run" \
		    "without loggers" >&2
	fi
	[ $(( $(cat /proc/sys/kernel/pid_max) - $(ls /proc | grep -c '^[0-9]') )) \
	    -gt $((2 * n + 1000)) ] || die "pid_max too low for $n services"
	make_base "$e" 0 1
	make_base "$b" "$n" "$logged"
	setsid perpd "$e" 2> "$tmp/perpd0.err" < /dev/null > /dev/null & pd0=$!
	pids="$pids $pd0"
	wait_for 10 test -S "$e/.control/perpd.sock" || die "perpd on $e"
	t0=$(now_us)
	setsid perpd "$b" 2> "$tmp/perpd.err" < /dev/null > /dev/null & pd=$!
	pids="$pids $pd"
	wait_for 600 all_up "$pd" "$n" || die "not all $n services came up"
	t1=$(now_us)
	# perpd leaves descriptors free (PIDFD_RESERVE): say for how many
	# processes it holds a pidfd.
	[ -z "${few_fds:-}" ] || label="$label, pidfds for $(ls -l "/proc/$pd/fd" |
	    grep -c 'anon_inode:\[pidfd\]') of $n"
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, "");
	    printf "%.2f", ($12 + $13) / hz }' "/proc/$pd/stat")
	sleep 2
	# Both at once: the libc pages they share divide by the same count.
	base_kb=$(pss_kb "$pd0")
	kb=$(pss_kb "$pd")
	kill "$pd0"
	calls=$(idle_calls "$pd")
	restart=$(restart_ms "$b")
	t2=$(now_us)
	kill -TERM "$pd"
	wait "$pd"
	t3=$(now_us)
	printf '| %s | %.2f s | %s s | %d kB | %d kB | %d B | %s | %s ms | %.2f s |\n' \
	    "$label" "$(( t1 - t0 ))e-6" "$cpu" "$base_kb" "$kb" \
	    $(( (kb - base_kb) * 1024 / n )) "$calls" "$restart" \
	    "$(( t3 - t2 ))e-6"
	rm -rf "$b" "$e"
}

# Every main and logger exec'd: n or 2n children named sleep or cat.
all_up() {
	local pd=$1 n=$(( $2 * (1 + logged) )) k
	[ "$(children "$pd")" -ge "$n" ] || return 1
	k=0
	for p in $(< "/proc/$pd/task/$pd/children"); do
		read -r c < "/proc/$p/comm" 2>/dev/null || continue
		case $c in
		sleep|cat) k=$((k + 1)) ;;
		esac
	done
	[ "$k" -ge "$n" ]
}

tmp=$(mktemp -d /tmp/perpd-bench.XXXXXX) || die "mktemp"
pids=
# On any exit, stop the perpds we started (each stops its services).
trap 'for p in $pids; do kill -TERM "$p" 2>/dev/null; done
	for p in $pids; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
	rm -rf "$tmp"' EXIT
echo "perpd $(perpd -V 2>&1 | cut -d" " -f3), $(uname -sr), $(nproc) CPUs"
echo
echo "| services | start to all running | perpd CPU | PSS empty | PSS | per service | idle syscalls (10 s) | restart | stop all |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $counts; do bench_one "$n"; done
