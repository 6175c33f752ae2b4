#!/bin/bash
# demo.sh: the demo that `make demo` runs. It makes a demo base directory
# (build/demo/base, or DEMO_DIR/base), copies the services of
# examples/services into it and activates them (sticky bit), runs perpboot
# on it, waits until every service is up, prints what to look at, shows
# perpls every few seconds, and on Ctrl-C (SIGINT), SIGTERM or SIGHUP
# stops everything in order: SIGTERM to perpboot, which passes it to
# perpd, which stops each service and lets its logger drain; then it
# waits until every process it started is gone and exits 0.
#
# Nothing is written outside DEMO_DIR (the syslogged service writes to
# syslog or journald when one runs). What the demo leaves behind: DEMO_DIR
# with the base directory, every log, and nothing running; the next run
# replaces it.
#
# Every process of the demo carries PERP_DEMO=<this shell's pid>:<base>
# in its environment: the cleanup finds them by that tag and signals them
# by pid, never by name.
#
#   DEMO_DIR=DIR      where to work (default: build/demo of this tree);
#                     made by the demo, or one it made before
#   DEMO_SECONDS=N    stop by itself after N seconds, as on Ctrl-C
#                     (default 0: run until interrupted)
#   DEMO_REFRESH=N    seconds between two listings (default 3)
#
# Exit status: 0 after a clean stop; 100 for a bad setting or a DEMO_DIR
# that is not the demo's; 111 when something could not be started, or
# had to be killed at the end.
set -u
export LC_ALL=C

TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=$TOP/build/bin
EXAMPLES=$TOP/examples/services
SERVICES="chatty crashy syslogged"
DEMO_DIR=${DEMO_DIR:-$TOP/build/demo}
DEMO_SECONDS=${DEMO_SECONDS:-0}
DEMO_REFRESH=${DEMO_REFRESH:-3}
START_SECS=30   # bound on the wait for every service to come up
STOP_SECS=60    # bound on perpboot's ordered stop (stop timeouts are 10 s)
GONE_SECS=10    # bound on the wait for the last processes to go

PB=                  # perpboot's pid
SLEEPER=             # the refresh loop's sleep
stopping=0           # set by the signal handlers
shown=0              # lines of the last status block on a terminal
started=$SECONDS

say() {
	echo "demo: $*"
}

fail() { # fail CODE TEXT: stop what runs, report, exit CODE
	local code=$1
	shift
	echo "demo fatal: $*" >&2
	stop_all
	exit "$code"
}

# rel PATH: PATH relative to the current directory when it is below it,
# so that the commands printed can be pasted as they are.
rel() {
	case $1 in
	"$PWD"/*) printf '%s\n' "${1#"$PWD"/}" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

check_settings() {
	case $DEMO_SECONDS$DEMO_REFRESH in
	*[!0-9]*) echo "demo usage error: DEMO_SECONDS and DEMO_REFRESH are whole seconds" >&2
		exit 100 ;;
	esac
	[ "$DEMO_REFRESH" -ge 1 ] || DEMO_REFRESH=1
	local p
	for p in perpboot perpd perpls perpstat perpctl perphup tinylog sissylog journalog; do
		[ -x "$BIN/$p" ] || {
			echo "demo fatal: $BIN/$p is missing: run make demo (or make) first" >&2
			exit 111
		}
	done
}

# ---- the demo directory -----------------------------------------------------

# A fresh DEMO_DIR/base: .boot (perpd and its tinylog) and a copy of
# each example service, activated. An old one is removed only if the demo
# made it (its .perp-demo mark) and no perpd runs on it.
make_base() {
	local sv
	if [ -e "$DEMO_DIR" ]; then
		if [ ! -e "$DEMO_DIR/.perp-demo" ] && [ -n "$(ls -A "$DEMO_DIR")" ]; then
			echo "demo fatal: $DEMO_DIR exists and was not made by the demo; not touching it" >&2
			exit 100
		fi
		# perphup finds perpd by its lock; a rescan harms nothing.
		if [ -d "$DEMO_DIR/base/.control" ] &&
		    "$BIN/perphup" -q "$DEMO_DIR/base" 2>/dev/null; then
			echo "demo fatal: a demo is still running on $DEMO_DIR/base" >&2
			exit 111
		fi
		rm -rf "$DEMO_DIR"
	fi
	mkdir -p "$DEMO_DIR" && DEMO_DIR=$(cd "$DEMO_DIR" && pwd) || exit 111
	BASE=$DEMO_DIR/base
	: > "$DEMO_DIR/.perp-demo"
	mkdir -p "$BASE/.boot" || exit 111
	cat > "$BASE/.boot/rc.perp" <<EOF
#!/bin/sh
# rc.perp: perpboot(8) runs this: perpd on the demo's base directory.
exec perpd "\$PERP_BASE"
EOF
	cat > "$BASE/.boot/rc.log" <<EOF
#!/bin/sh
# rc.log: perpd's own messages, stamped, into .boot/log (tinylog(8)).
exec tinylog -t -k 5 ./log
EOF
	chmod 0755 "$BASE/.boot/rc.perp" "$BASE/.boot/rc.log"
	for sv in $SERVICES; do
		cp -R "$EXAMPLES/$sv" "$BASE/$sv" || exit 111
		chmod +t "$BASE/$sv"
	done
}

# ---- processes ------------------------------------------------------------

# alive PID: PID exists and is not a zombie.
alive() {
	local st
	st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "${st%% *}" != Z ]
}

# tagged: the pids whose environment carries this demo's tag (this shell
# and its commands do not).
tagged() {
	grep -lzxF "PERP_DEMO=$PERP_DEMO" /proc/[0-9]*/environ 2>/dev/null |
	    sed 's|^/proc/||; s|/environ$||'
}

# wait_for SECS CODE: run CODE every 0.1 s until it succeeds (0) or SECS
# seconds have passed (1).
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until eval "$*"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
	return 0
}

start_perpboot() {
	PERP_DEMO="$$:$BASE"
	export PATH="$BIN:$PATH"
	# The tag goes to perpboot and what it starts, not to this shell (or
	# its grep would find itself). A session of its own: a Ctrl-C in the
	# terminal reaches this script only, which stops perpboot in order.
	PERP_DEMO=$PERP_DEMO setsid perpboot "$BASE" </dev/null \
	    >>"$DEMO_DIR/perpboot.out" 2>&1 &
	PB=$!
	echo "$PB" > "$DEMO_DIR/perpboot.pid"
}

perpd_pid() {
	cat "$BASE/.control/perpd.pid" 2>/dev/null
}

# listing: perpls of the base directory, without colours.
listing() {
	perpls -g -b "$BASE" 2>&1
}

# all_up: every service has been seen with main and logger running
# ('+++' in both places of its panel); records who was seen in $seen_up.
seen_up=" "
all_up() {
	local line sv
	listing > "$DEMO_DIR/.listing"
	while IFS= read -r line; do
		case $line in
		"[+ +++ +++]  "*)
			sv=${line#"[+ +++ +++]  "}
			sv=${sv%% *}
			case $seen_up in *" $sv "*) ;; *) seen_up="$seen_up$sv " ;; esac
			;;
		esac
	done < "$DEMO_DIR/.listing"
	for sv in $SERVICES; do
		case $seen_up in *" $sv "*) ;; *) return 1 ;; esac
	done
}

wait_services() {
	wait_for "$START_SECS" '[ -S "$BASE/.control/perpd.sock" ] || ! alive "$PB"' &&
	    alive "$PB" ||
	    fail 111 "perpd did not start; see $(rel "$DEMO_DIR/perpboot.out") and $(rel "$BASE/.boot/log/current")"
	wait_for "$START_SECS" 'all_up || [ "$stopping" = 1 ]' ||
	    fail 111 "not every service came up within $START_SECS s:
$(listing)"
}

# The logger of syslogged tells where its lines go.
syslogged_dest() {
	local lpid comm
	lpid=$(listing | awk '$4 == "syslogged" { n = split($NF, p, "/"); print p[n] }')
	comm=$(cat "/proc/${lpid:-none}/comm" 2>/dev/null)
	case $comm in
	sissylog) echo "a line every 2 s to syslog, through sissylog (pid $lpid) and /dev/log:
             journalctl -t syslogged, or grep syslogged /var/log/syslog" ;;
	journalog) echo "a line every 2 s to journald, through journalog (pid $lpid):
             journalctl PERP_SERVICE=syslogged" ;;
	tinylog) echo "a line every 2 s; no syslog daemon or journald here, so into
             tinylog (pid $lpid): $(rel "$BASE/syslogged/log")/current" ;;
	*) echo "a line every 2 s; its logger is not running yet" ;;
	esac
}

# ---- what the user sees ---------------------------------------------------

# cmd COMMAND WHAT: one line of the guide, the command in a column.
cmd() {
	printf '  %-*s  %s\n' "$cmdw" "$1" "$2"
}

guide() {
	local b p l cmdw
	b=$(rel "$BASE")
	p=$(rel "$BIN")
	l=$b/chatty/log
	cmdw=$((${#p} + ${#b} + 28))
	echo "perp demo: perpboot (pid $PB) runs perpd (pid $(perpd_pid)) on $b"
	echo
	echo "The services (copies of examples/services; examples/README says more):"
	echo "  chatty     20 lines a second into tinylog: RFC 3339 stamps, a new file"
	echo "             every 8 KiB, archives gzipped, the last 5 kept"
	echo "  crashy     crashes after 1 to 12 s; perpd restarts it, with a growing"
	echo "             back-off while it keeps crashing"
	echo "  syslogged  $(syslogged_dest)"
	echo
	echo "Look at:"
	cmd "$p/perpls -b $b" "every service: [+ +++ +++] is up, logger up"
	cmd "$p/perpstat -b $b crashy" "starts, back-off, time to the next start"
	cmd "$p/perpstat -j -b $b crashy" "the same as JSON (main.starts, main.backoff_ms)"
	cmd "ls -l $l" "chatty's tinylog directory: current, _*.s.gz"
	cmd "tail -f $l/current" "chatty's log as it grows"
	cmd "cat $b/crashy/log/current" "every crash of crashy and its reset"
	cmd "tail -f $b/.boot/log/current" "perpd's own log (perpboot's tinylog)"
	echo "Try:"
	cmd "$p/perpctl -b $b d chatty" "stop chatty (u starts it again)"
	cmd "$p/perpctl -b $b k crashy" "kill crashy (SIGKILL): perpd restarts it"
	cmd "$p/perpctl -b $b X syslogged" "deactivate syslogged (A activates it again)"
	echo
	if [ "$DEMO_SECONDS" -gt 0 ]; then
		echo "The demo stops by itself after $DEMO_SECONDS s (DEMO_SECONDS); Ctrl-C stops it sooner."
	else
		echo "Ctrl-C stops everything."
	fi
}

# record FILE: remember every pid of a listing, with its start time, in
# DEMO_DIR/pids ("PID STARTTIME" lines; the test reads it).
record() {
	local line pids p st
	while IFS= read -r line; do
		pids=${line##*pids: }
		[ "$pids" = "$line" ] && continue
		for p in ${pids%/*} ${pids#*/}; do
			[ "$p" = - ] && continue
			st=$(cut -d' ' -f22 "/proc/$p/stat" 2>/dev/null) || continue
			grep -qx "$p $st" "$DEMO_DIR/pids" 2>/dev/null ||
			    echo "$p $st" >> "$DEMO_DIR/pids"
		done
	done < "$1"
}

# status: the block the refresh shows: perpls, chatty's last line,
# crashy's perpstat.
status() {
	echo "perpls -b $(rel "$BASE"), every $DEMO_REFRESH s ($((SECONDS - started)) s since the start):"
	cat "$DEMO_DIR/.listing"
	echo "chatty's last line:"
	tail -n 1 "$BASE/chatty/log/current" 2>/dev/null
	echo "perpstat -b $(rel "$BASE") crashy:"
	perpstat -b "$BASE" crashy 2>&1
}

# refresh: a new listing. On a terminal the status block is redrawn in
# place under the guide (each line cut to the terminal's width, so that
# the cursor goes back up exactly that many lines); elsewhere each listing
# is appended.
refresh() {
	local cols
	listing > "$DEMO_DIR/.listing"
	record "$DEMO_DIR/.listing"
	if [ -t 1 ]; then
		cols=$(stty size 2>/dev/null </dev/tty | cut -d' ' -f2)
		case $cols in '' | *[!0-9]* | ? | 1?) cols=80 ;; esac
		status | cut -c "1-$((cols - 1))" > "$DEMO_DIR/.status"
		[ "$shown" -gt 0 ] && printf '\033[%dA\033[J' "$shown"
		cat "$DEMO_DIR/.status"
		shown=$(wc -l < "$DEMO_DIR/.status")
	else
		echo "--- $((SECONDS - started)) s"
		cat "$DEMO_DIR/.listing"
	fi
}

run_loop() {
	local end=0 nap
	[ "$DEMO_SECONDS" -gt 0 ] && end=$((started + DEMO_SECONDS))
	guide
	echo
	while [ "$stopping" = 0 ]; do
		refresh
		[ "$end" -gt 0 ] && [ "$SECONDS" -ge "$end" ] && {
			say "DEMO_SECONDS=$DEMO_SECONDS reached: stopping"
			break
		}
		# In the background and waited for, so that a signal ends the
		# wait at once; never past the end.
		nap=$DEMO_REFRESH
		[ "$end" -gt 0 ] && [ $((end - SECONDS)) -lt "$nap" ] &&
		    nap=$((end - SECONDS))
		sleep "$nap" &
		SLEEPER=$!
		wait "$SLEEPER" 2>/dev/null
		SLEEPER=
	done
}

# ---- stopping ---------------------------------------------------------------

on_signal() {
	[ -n "$SLEEPER" ] && kill "$SLEEPER" 2>/dev/null
	shown=0
	if [ "$stopping" = 1 ]; then
		say "$1: already stopping, please wait"
		return
	fi
	stopping=1
	echo
	say "$1: stopping"
}

# stop_all: SIGTERM to perpboot, which passes it to perpd: each service
# stops (SIGTERM, SIGKILL after its stop timeout), its logger drains the
# pipe and exits, perpd exits, its own logger drains, perpboot exits 0.
# Then every process with our tag must be gone: what is left after a
# while is killed by pid. Returns 0 for a clean stop, else 111.
stop_all() {
	local rc=0 left p round
	stopping=1
	[ -n "$PB" ] || return 0
	if alive "$PB"; then
		say "SIGTERM to perpboot (pid $PB): perpd stops every service, the loggers drain"
		kill -TERM "$PB" 2>/dev/null
		if ! wait_for "$STOP_SECS" '! alive "$PB"'; then
			say "perpboot still running after $STOP_SECS s: SIGKILL"
			kill -KILL "$PB" 2>/dev/null
			rc=111
		fi
	fi
	wait "$PB" 2>/dev/null
	p=$?
	PB=
	[ "$p" = 0 ] || { say "perpboot exited $p"; rc=111; }
	wait_for "$GONE_SECS" '[ -z "$(tagged)" ]' && return "$rc"
	# A few rounds: a shell killed between two looks may have started
	# a child meanwhile.
	for round in 1 2 3; do
		left=$(tagged)
		[ -n "$left" ] || break
		say "still running after $GONE_SECS s, killed:" $left
		for p in $left; do
			kill -KILL "$p" 2>/dev/null
		done
		wait_for 2 '[ -z "$(tagged)" ]' && break
	done
	return 111
}

# finish: stop, and say what is left. Returns stop_all's verdict.
finish() {
	local rc b p
	stop_all
	rc=$?
	b=$(rel "$BASE")
	p=$(rel "$BIN")
	if [ "$rc" = 0 ]; then
		say "everything stopped: no process of the demo is left."
	else
		say "stopped, but not cleanly (see above)"
	fi
	cat <<EOF
demo: left for reading (the next demo replaces it): $b
  $b/chatty/log/    chatty's log: zcat -f $b/chatty/log/_* $b/chatty/log/current
  $b/crashy/log/    every crash of crashy and its reset
  $b/.boot/log/     perpd's own log, up to "termination complete"
  $p/perpls -b $b   still lists the services, as [E --- ---]: perpd is down
EOF
	return "$rc"
}

main() {
	check_settings
	make_base
	trap 'on_signal SIGINT' INT
	trap 'on_signal SIGTERM' TERM
	trap 'on_signal SIGHUP' HUP
	# Whatever ends this script, perpboot does not outlive it.
	trap 'stop_all' EXIT
	say "base directory $(rel "$BASE"), services: $SERVICES"
	start_perpboot
	wait_services
	say "all services up after $((SECONDS - started)) s"
	run_loop
	finish || exit 111
	exit 0
}

main "$@"
