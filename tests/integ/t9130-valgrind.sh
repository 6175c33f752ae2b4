#!/bin/bash
# t9130: valgrind's memcheck over a short, representative run of every C
# program: tinylog (size rotation, -z gzip, TINYLOG_ZIP, filters, stamps,
# SIGHUP, SIGTERM), sissylog (a unix datagram socket, a TCP stream, no
# server and -p drop), journalog (a private journald when one can run,
# else the path where none listens), perpd (two services, one with a
# logger, queried, controlled and ended by SIGTERM), perpboot, and the
# tools perpctl, perpls (text and -j), perpstat, perpok and perphup.
# perp-setup is a shell script: nothing for memcheck to look at.
#
# Flags, and why:
#   --error-exitcode=99   not 1: perpok exits 1 for "not ok"; 99 is no
#                         program's status, so a report cannot hide
#   --leak-check=full --errors-for-leak-kinds=definite,indirect
#                         a definitely lost block (and what hangs only off
#                         one) is a leak, and counts as an error; "possibly
#                         lost" and "still reachable" do not: libraries and
#                         static tables legitimately hold memory at exit
#   --trace-children=no   perpd's services, loggers and runscripts, and the
#                         TINYLOG_ZIP compressor, run natively; their
#                         clone/fork child before exec is still checked
#   --child-silent-after-fork=yes  that child writes no second report
# Every report is kept in $T/vg/NAME.PID; each must say "ERROR SUMMARY: 0
# errors". valgrind 3.19 does not know pidfd_send_signal (424) and says
# so; perpd then signals by pid (stop.c), which is not a report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"
. "$(dirname "$0")/lib-tinylog.sh"

need_cmd valgrind
mkdir -p "$T/vg"
VG=(valgrind --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect
    --trace-children=no --child-silent-after-fork=yes)

# vg NAME CMD...: run CMD under memcheck, its reports in $T/vg/NAME.*
# (for spawn, which cannot run a function: "${VG[@]}" --log-file=...).
vg() {
	local name=$1
	shift
	"${VG[@]}" --log-file="$T/vg/$name.%p" "$@"
}

# vg_clean NAME: NAME ran under valgrind, and every report is clean.
vg_clean() {
	local f n=0
	for f in "$T/vg/$1".*; do
		[ -e "$f" ] || break
		n=$((n + 1))
		grep -q "ERROR SUMMARY: 0 errors from 0 contexts" "$f" ||
			{ cat "$f"; return 1; }
	done
	[ "$n" -ge 1 ]
}

# ---- tinylog ----------------------------------------------------------
test_ok 'tinylog: rotation, -z, stamps, filters; clean, exit 0' '
	linegen -n 6000 -l 60:100 |
	    vg tinylog-z tinylog -s 20k -k 50 -z -f rfc3339 -i ":1" -x "#a:[0-9]*7:" \
	    "$T/tz" 2>/dev/null &&
	vg_clean tinylog-z && [ "$(narchives "$T/tz")" -ge 1 ] &&
	! ls "$T/tz" | grep -v -e "\.s\.gz$" -e "^current$" -e "^tinylog.pid$" &&
	zcat -f "$T/tz"/_* "$T/tz/current" > "$T/tz.all" &&
	[ "$(grep -c "#a:[0-9]*7:" "$T/tz.all")" = 0 ] &&
	[ "$(wc -l < "$T/tz.all")" = 5400 ]'
test_ok 'tinylog: TINYLOG_ZIP (a compressor child), -r, -t; clean, exit 0' '
	printf "old\n" | tinylog "$T/tx" 2>/dev/null &&
	linegen -n 3000 | TINYLOG_ZIP=/bin/gzip vg tinylog-ext tinylog \
	    -r -t -s 10k -k 3 -z "$T/tx" 2>/dev/null ||
	    { echo "exit $?"; false; } && vg_clean tinylog-ext &&
	ls "$T/tx" | grep -q "\.s\.Z$"'

hold_pipe
test_ok 'tinylog: SIGHUP rotates, SIGTERM ends; clean, exit 0' '
	spawn P "${VG[@]}" --log-file="$T/vg/tinylog-sig.%p" tinylog -s 1M "$T/ts" < "$T/fifo" 2>/dev/null &&
	linegen -n 200 >&7 &&
	wait_until 20 "[ \"\$(wc -l < $T/ts/current 2>/dev/null)\" = 200 ]" &&
	kill -HUP "$P" && wait_until 20 "[ \"\$(narchives $T/ts)\" = 1 ]" &&
	kill -TERM "$P" && wait "$P" && vg_clean tinylog-sig &&
	[ "$(mode_of "$T/ts/current")" = 744 ]'

# ---- sissylog ---------------------------------------------------------
spawn NC netcap -k udgram -a "$T/dgram.sock" -o "$T/dgram.cap" -r "$T/dgram.ready"
wait_until 10 "[ -e '$T/dgram.ready' ]"
# A TCP port nobody else uses: other tests may run beside this one.
for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 30000))
	spawn NT netcap -k tcp -a "$port" -o "$T/tcp.cap" -r "$T/tcp.ready"
	wait_until 5 "[ -e '$T/tcp.ready' ] || ! kill -0 $NT" &&
	    [ -e "$T/tcp.ready" ] && break
done
test_ok 'sissylog: unix datagrams, a folded line, a filter; clean, exit 0' '
	{ linegen -n 2000; head -c 3000 /dev/zero | tr "\0" L; echo; } |
	    vg sissylog-unix sissylog -d "unix:$T/dgram.sock" -x ":[0-9]*9:" \
	    vgident 2>/dev/null && vg_clean sissylog-unix &&
	wait_until 10 "[ \$(grep -c vgident \"$T/dgram.cap\") -ge 1800 ]"'
test_ok 'sissylog: TCP, RFC 5424, octet counting; clean, exit 0' '
	linegen -n 2000 | vg sissylog-tcp sissylog -d "tcp:127.0.0.1:$port" \
	    -F rfc5424 vgtcp 2>/dev/null && vg_clean sissylog-tcp &&
	wait_until 10 "[ \$(grep -o vgtcp \"$T/tcp.cap\" | wc -l) -ge 2000 ]"'
test_ok 'sissylog: no server, -p drop; clean, exit 111 (unconfirmed)' '
	linegen -n 500 | vg sissylog-none sissylog -d "unix:$T/none.sock" \
	    -p drop vgnone 2>/dev/null; rc=$?; [ "$rc" = 111 ] &&
	vg_clean sissylog-none'
kill -TERM "$NC" "$NT"

# ---- journalog --------------------------------------------------------
. "$(dirname "$0")/lib-journalog.sh"
if jl_built_without; then
	test_skip 'journalog: clean' 'built without libsystemd'
elif [ "$(id -u)" -eq 0 ] && journald_have && jl_start; then
	test_ok 'journalog: a private journald, fields, a long line; clean, exit 0' '
		{ linegen -n 1000; printf "error: bad\n"; head -c 5000 /dev/zero |
		  tr "\0" J; echo; } |
		    "$PEERS/journald-run" "$JD_DIR" "${VG[@]}" \
		    --log-file="$T/vg/journalog.%p" "$BIN/journalog" -l 2k \
		    -e VG=1 -s vgjl 2>/dev/null && vg_clean journalog &&
		wait_until 10 "[ \$(jl_msgs vgjl | wc -l) -ge 1003 ]"'
	journald_stop
else
	test_ok 'journalog: no journald listening, -p drop; clean, exit 0' '
		linegen -n 500 | vg journalog journalog -p drop vgjl 2>/dev/null &&
		vg_clean journalog'
fi

# ---- perpd and the tools ----------------------------------------------
sv_make a 'exec sleep 1000' "exec tinylog '$T/alog'"
sv_make b
sv_make c
chmod +t "$B/a" "$B/b"
spawn PD "${VG[@]}" --log-file="$T/vg/perpd.%p" perpd "$B" \
    2>>"$PERPD_ERR" </dev/null >>"$T/perpd.out"
test_ok 'perpd: two services and a logger start under valgrind' '
	wait_until 60 "grep -q \"supervising 2 active services\" \"$PERPD_ERR\"" &&
	up a 30 && up b 30 && log_up a 0 30'
test_ok 'perpls (text and -j), perpstat, perpok: right answers; clean' '
	vg perpls perpls -b "$B" > "$T/ls" &&
	grep -q "^\[+ +++ +++\]  a  uptime" "$T/ls" &&
	grep -q "^\[- --- ---\]  c " "$T/ls" &&
	vg perpls-j perpls -j -b "$B" a b > "$T/lsj" &&
	[ "$(jq -r .main.state "$T/lsj" | tr "\n" " ")" = "up up " ] &&
	vg perpstat perpstat -b "$B" a b > "$T/stat" &&
	grep -q "^a: activated " "$T/stat" && grep -q "^b: activated " "$T/stat" &&
	vg perpok perpok -b "$B" a &&
	{ vg perpok-no perpok -b "$B" c; [ $? = 1 ]; } &&
	vg_clean perpls && vg_clean perpls-j && vg_clean perpstat &&
	vg_clean perpok && vg_clean perpok-no'
test_ok 'perpctl d, u, k, A; perphup: done; clean' '
	old=$(st main.pid b) &&
	vg perpctl-d perpctl -b "$B" d b > /dev/null &&
	wait_until 5 "[ \"\$(st main.pid b)\" = 0 ]" &&
	vg perpctl-u perpctl -b "$B" u b > /dev/null && up b 30 &&
	[ "$(st main.pid b)" != "$old" ] &&
	old=$(st log.pid a) &&
	vg perpctl-k perpctl -b "$B" -L k a > /dev/null && log_up a "$old" 30 &&
	vg perpctl-a perpctl -b "$B" A c > /dev/null && up c 30 &&
	vg perphup perphup "$B" &&
	vg_clean perpctl-d && vg_clean perpctl-u && vg_clean perpctl-k &&
	vg_clean perpctl-a && vg_clean perphup'
test_ok 'perpd: SIGTERM stops everything at once (no failed kill), exit 0; clean' '
	a=$(st main.pid a) && c=$(st main.pid c) &&
	kill -TERM "$PD" && wait "$PD" && ! alive "$a" && ! alive "$c" &&
	! grep -q "failure kill()" "$PERPD_ERR" && grep -q "termination complete" "$PERPD_ERR" &&
	vg_clean perpd'

# A perpd killed with SIGKILL: the next one, under valgrind, reads its pid
# table. valgrind 3.19 has no pidfd_open (434): perpd then takes the
# path it has for that (perpd.8): SIGTERM to each process the table
# names, and a fresh start; a valgrind that has it lets perpd adopt.
: > "$PERPD_ERR"
pd_start
# adopted_or_replaced OLDPID: a's main is OLDPID (adopted), or OLDPID is
# gone and a new main runs (replaced): never both.
adopted_or_replaced() {
	local now
	now=$(st main.pid a)
	[ -n "$now" ] && [ "$now" -gt 0 ] || return 1
	if [ "$now" = "$1" ]; then
		grep -q "adopted service a: main pid $1" "$PERPD_ERR"
	else
		! alive "$1" &&
		grep -q "failure pidfd_open() on process $1 of the previous perpd: sending SIGTERM" "$PERPD_ERR"
	fi
}
test_ok 'perpd: takes over what a killed perpd left; SIGTERM, exit 0; clean' '
	up a 10 && up b 10 && a=$(st main.pid a) && pd_kill9 &&
	spawn PD "${VG[@]}" --log-file="$T/vg/perpd-adopt.%p" perpd "$B" \
	    2>>"$PERPD_ERR" </dev/null >>"$T/perpd.out" &&
	wait_until 60 "up a 1 && adopted_or_replaced $a" &&
	now=$(st main.pid a) && kill -TERM "$PD" && wait "$PD" &&
	! alive "$a" && ! alive "$now" && vg_clean perpd-adopt'

# ---- perpboot ---------------------------------------------------------
B2=$T/base2
mkdir -p "$B2/.boot"
printf '#!/bin/sh\nexec teelog %s\n' "$T/boot.log" > "$B2/.boot/rc.log"
printf '#!/bin/sh\nexec perpd "$PERP_BASE"\n' > "$B2/.boot/rc.perp"
chmod +x "$B2/.boot/rc.log" "$B2/.boot/rc.perp"
test_ok 'perpboot: perpd and its logger run; SIGTERM, exit 0; clean' '
	spawn PB "${VG[@]}" --log-file="$T/vg/perpboot.%p" perpboot "$B2" \
	    2>"$T/perpboot.err" </dev/null &&
	wait_until 60 "grep -q \"starting on $B2\" \"$T/boot.log\"" &&
	kill -TERM "$PB" && wait "$PB" &&
	grep -q "termination complete" "$T/boot.log" && vg_clean perpboot'

done_testing
