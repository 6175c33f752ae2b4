#!/bin/bash
# t6000-demo: examples/demo.sh (what make demo runs), without a terminal,
# three times, each in a mount namespace with a /dev and a /run of its
# own: with no syslog daemon and no journald (stopped by SIGINT, as
# Ctrl-C), with a private rsyslogd on /dev/log (stopped by DEMO_SECONDS),
# with a private journald (stopped by SIGTERM). Checks the services come
# up, the commands the demo prints work, chatty's tinylog directory
# (stamps, rotation, gzip, nothing lost), crashy's restarts and back-off,
# where syslogged's lines go, that the demo exits 0 with no process of it
# left, and what it leaves behind.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$PEERS/journald.sh"
need_root
need_cmd unshare
need_cmd jq
# rsyslogd's ports stay in a network namespace of the test's own.
netns_private "$@"

DEMO=$TOP/examples/demo.sh
D=$T/demo
B=$D/base
SERVICES="chatty crashy syslogged"
STAMP='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z'

# sandbox DEV JOURNAL CMD...: CMD in a mount namespace where /dev is DEV
# (with null, zero, random, urandom and full of the real one, and DEV/log
# when the test made it) and /run an empty tmpfs, but for
# /run/systemd/journal = JOURNAL unless JOURNAL is "-". A script, for
# spawn.
cat > "$T/sandbox" <<'EOF'
#!/bin/bash
dev=$1 jr=$2
shift 2
for n in null zero random urandom full; do : > "$dev/$n"; done
ln -sfn /proc/self/fd "$dev/fd"
exec unshare --mount --propagation private -- bash -ec '
	dev=$1 jr=$2
	shift 2
	for n in null zero random urandom full; do
		mount --bind "/dev/$n" "$dev/$n"
	done
	mount --rbind "$dev" /dev
	mount -t tmpfs -o mode=0755 tmpfs /run
	if [ "$jr" != - ]; then
		mkdir -p /run/systemd/journal
		mount --bind "$jr" /run/systemd/journal
	fi
	exec "$@"' bash "$dev" "$jr" "$@"
EOF
chmod +x "$T/sandbox"

# demo_start DEV JOURNAL [VAR=VALUE...]: run the demo from the top of the
# tree (so that it prints build/bin/...) in a sandbox; its pid is DP, its
# output $T/demo.out. bash starts a background command with SIGINT
# ignored, which a script cannot trap: env gives it back its default.
demo_start() {
	local dev=$1 jr=$2
	shift 2
	mkdir -p "$dev"
	cd "$TOP" || return 1
	spawn DP env --default-signal=INT DEMO_DIR="$D" DEMO_REFRESH=1 DEMO_SECONDS=300 "$@" \
	    "$T/sandbox" "$dev" "$jr" "$DEMO" > "$T/demo.out" 2>&1 < /dev/null
	cd "$T" || return 1
	wait_until 30 "grep -q '^demo: all services up' '$T/demo.out'"
}

# sv_up SV: perpls shows SV's main and logger running, and the main pid
# is a process in SV's directory.
sv_up() {
	local pid
	pid=$(perpls -b "$B" "$1" | sed -n "s/^\[+ +++ +++\]  $1  .*pids: \([0-9]*\)\/[0-9]*$/\1/p")
	[ -n "$pid" ] && [ "$(readlink "/proc/$pid/cwd")" = "$B/$1" ]
}

# log_comm SV: the program name of SV's logger.
log_comm() {
	local pid
	pid=$(perpstat -j -b "$B" "$1" | jq -r .log.pid)
	cat "/proc/$pid/comm"
}

# started: every process the demo recorded, "PID STARTTIME", plus
# perpboot and perpd.
started() {
	local p
	cat "$D/pids"
	for p in "$(cat "$D/perpboot.pid")" "$(cat "$B/.control/perpd.pid")"; do
		echo "$p $(cut -d' ' -f22 "/proc/$p/stat")"
	done
}

# none_left FILE: no process of FILE ("PID STARTTIME") runs any more (a
# pid with another start time is another process), and none carries the
# test's tag but the peers (and the grep that looks, gone once it has).
none_left() {
	local p st now left=""
	while read -r p st; do
		now=$(cut -d' ' -f22 "/proc/$p/stat" 2>/dev/null) || continue
		[ "$now" = "$st" ] && left="$left $p($(cat "/proc/$p/comm"))"
	done < "$1"
	for p in $(_tagged_pids); do
		[ "$p" = "$RS_PID" ] || [ "$p" = "$JD_PID" ] && continue
		_alive "$p" && left="$left $p($(cat "/proc/$p/comm" 2>/dev/null))"
	done
	[ -z "$left" ] || { echo "still running:$left"; return 1; }
}

# all_sticky: every demo service directory has its sticky bit.
all_sticky() {
	local s
	for s in $SERVICES; do [ -k "$B/$s" ] || return 1; done
}

# all_listed FILE: perpls's listing FILE has every service, activated,
# its logger up (the main may be between two runs: crashy).
all_listed() {
	local s
	for s in $SERVICES; do
		grep -Eq "^\[\+ .{3} \+{3}\]  $s " "$1" || return 1
	done
}

# all_closed: every logger's current was closed cleanly (mode 0744).
all_closed() {
	local s
	for s in $SERVICES; do
		[ "$(stat -c %a "$B/$s/log/current")" = 744 ] || return 1
	done
}

# archive_ok: the newest archive of chatty (retention cannot remove it
# yet) is a gzip file of 7000 to 8191 bytes: rotated by size, at 8 KiB.
archive_ok() {
	local a n
	a=$(compgen -G "$B/chatty/log/_*.s.gz" | sort | tail -n 1)
	[ -n "$a" ] && gzip -t "$a" || return 1
	n=$(zcat "$a" | wc -c)
	echo "newest archive $a: $n bytes"
	[ "$n" -ge 7000 ] && [ "$n" -lt 8192 ]
}

# backoff_shown SECS: perpstat shows crashy waiting, with a back-off of
# SECS seconds.
backoff_shown() {
	perpstat -b "$B" crashy | grep -Eq "^  main: down [0-9]+ seconds, want up!, restart in [0-9]+ seconds \(back-off $1 seconds\)$"
}

# crashy_young: crashy's main is up, started less than 8 seconds ago.
crashy_young() {
	perpstat -j -b "$B" crashy | jq -e '.main.state == "up" and .main.uptime < 8'
}

# ---- 1. no syslog daemon, no journald; stopped by SIGINT --------------------

test_ok 'a DEMO_DIR the demo did not make is refused and left alone' '
	mkdir -p "$T/notours" && echo keep > "$T/notours/file" &&
	{ DEMO_DIR="$T/notours" "$DEMO" > "$T/v" 2>&1; [ $? = 100 ]; } &&
	grep -q "not made by the demo; not touching it" "$T/v" &&
	[ "$(cat "$T/notours/file")" = keep ] && [ "$(ls -A "$T/notours")" = file ]'

test_ok 'the demo starts perpboot and reports every service up' '
	demo_start "$T/dev1" - && sv_up chatty && sv_up syslogged &&
	wait_until 15 sv_up crashy &&
	[ "$(cat /proc/$(cat "$D/perpboot.pid")/comm)" = perpboot ] &&
	[ "$(cat /proc/$(cat "$B/.control/perpd.pid")/comm)" = perpd ] &&
	all_sticky'

test_ok 'the perpls and perpstat commands it prints work as printed' '
	c=$(grep -o "build/bin/perpls -b [^ ]*" "$T/demo.out" | head -n 1) &&
	[ "$c" = "build/bin/perpls -b $B" ] &&
	(cd "$TOP" && $c) > "$T/ls" && all_listed "$T/ls" &&
	c=$(grep -o "build/bin/perpstat -b [^ ]* crashy" "$T/demo.out" | head -n 1) &&
	(cd "$TOP" && $c) | grep -q "^crashy: activated [0-9]* seconds$" &&
	grep -q "build/bin/perpctl -b $B d chatty" "$T/demo.out" &&
	grep -q "tail -f $B/chatty/log/current" "$T/demo.out"'

test_ok 'the listing is refreshed: perpls again, with the services up' '
	wait_until 10 "[ \$(grep -c \"^\[+ +++ +++\]  chatty \" \"$T/demo.out\") -ge 3 ]" &&
	grep -q "^--- [0-9]* s$" "$T/demo.out"'

test_ok 'chatty: tinylog rotates at 8 KiB into gzipped archives' '
	wait_until 30 "compgen -G \"$B/chatty/log/_*.s.gz\"" && archive_ok &&
	grep -Eq "^$STAMP (warning: )?chatty: request [0-9]+: " "$B/chatty/log/current"'

test_ok 'crashy crashes by itself and perpd starts it again' '
	wait_until 30 "perpstat -j -b \"$B\" crashy | jq -e \".main.starts >= 2\"" &&
	grep -Eq "crashy: reset: ended \((exit 3|signal 14 SIGALRM)\) after [0-9]+ s" "$B/crashy/log/current" &&
	grep -q "error: crashy: " "$B/crashy/log/current"'

test_ok 'crashy killed twice soon after a start: back-off 1 s, then 2 s' '
	perpctl -q -b "$B" u crashy && wait_until 10 crashy_young &&
	perpctl -q -b "$B" k crashy && wait_until 5 "backoff_shown 1" &&
	wait_until 10 crashy_young &&
	perpctl -q -b "$B" k crashy && wait_until 5 "backoff_shown 2" &&
	perpstat -j -b "$B" crashy | jq -e ".main.backoff_ms == 2000 and .main.last_exit.signame == \"SIGKILL\""'

test_ok 'syslogged: no syslog daemon, no journald: it says so and uses tinylog' '
	[ "$(log_comm syslogged)" = tinylog ] &&
	grep -q "no syslog daemon or journald here" "$T/demo.out" &&
	wait_until 10 "grep -q \"warning: syslogged: no syslog daemon on /dev/log and no journald: logging to ./log with tinylog\" \"$B/.boot/log/current\"" &&
	wait_until 10 "grep -q \": info: syslogged: message 1: all is well\$\" \"$B/syslogged/log/current\""'

started > "$T/started1"
test_ok 'SIGINT: the demo stops everything and exits 0 within 30 s' '
	kill -INT "$DP" && wait_gone 30 "$DP" && wait "$DP"; rc=$?; [ "$rc" = 0 ] &&
	grep -q "^demo: SIGINT: stopping$" "$T/demo.out" &&
	grep -q "^demo: everything stopped: no process of the demo is left.$" "$T/demo.out"'
test_ok 'no process the demo started is left' 'none_left "$T/started1"'

test_ok 'what is left: the logs, closed cleanly, drained to the end' '
	[ -e "$D/.perp-demo" ] && [ ! -e "$B/.control/perpd.table" ] && all_closed &&
	tail -n 1 "$B/.boot/log/current" | grep -q "perpd\[[0-9]*\]: termination complete$" &&
	tail -n 1 "$B/chatty/log/current" | grep -Eq "^$STAMP chatty: ended \(exit 0\) after [0-9]+ s$" &&
	grep -q "chatty: SIGTERM after [0-9]* requests, bye$" "$B/chatty/log/current" &&
	tail -n 1 "$B/syslogged/log/current" | grep -q "warning: syslogged: ended (exit 0)"'
test_ok 'chatty: every line stamped (RFC 3339), none lost or repeated across files' '
	zcat -f "$B"/chatty/log/_* "$B/chatty/log/current" > "$T/chatty" &&
	[ "$(wc -l < "$T/chatty")" -ge 100 ] &&
	! grep -Ev "^$STAMP (warning: )?chatty: " "$T/chatty" &&
	grep -Eo "request [0-9]+:" "$T/chatty" | tr -dc "0-9\n" > "$T/nums" &&
	[ "$(wc -l < "$T/nums")" -ge 100 ] &&
	awk "NR > 1 && \$1 != p + 1 { print \"after \" p \": \" \$1; exit 1 } { p = \$1 }" "$T/nums" &&
	grep -Eq "^$STAMP warning: chatty: request [0-9]+: .* slow" "$T/chatty"'
test_ok 'perpls still lists the services, perpd being down (111)' '
	perpls -b "$B" > "$T/ls" 2>/dev/null; [ $? = 111 ] &&
	[ "$(grep -c "^\[E --- ---\]  .*error: perpd not running" "$T/ls")" = 3 ]'

# ---- 2. rsyslogd on /dev/log; stopped by DEMO_SECONDS -----------------------

if command -v rsyslogd >/dev/null; then
	test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'
	mkdir -p "$T/dev2"
	ln -s "$RS_DIR/log.sock" "$T/dev2/log"
	echo old > "$B/chatty/log/old"
	test_ok 'a second demo replaces the first one'"'"'s directory' '
		demo_start "$T/dev2" - DEMO_SECONDS=12 &&
		[ ! -e "$B/chatty/log/old" ] && wait_until 10 sv_up chatty'
	test_ok 'syslogged: rsyslogd listens on /dev/log, so sissylog' '
		[ "$(log_comm syslogged)" = sissylog ] &&
		grep -q "to syslog, through sissylog (pid [0-9]*) and /dev/log" "$T/demo.out" &&
		[ ! -e "$B/syslogged/log" ]'
	started > "$T/started2"
	test_ok 'DEMO_SECONDS=12: the demo stops by itself and exits 0' '
		wait_gone 60 "$DP" && wait "$DP"; rc=$?; [ "$rc" = 0 ] &&
		grep -q "^demo: DEMO_SECONDS=12 reached: stopping$" "$T/demo.out"'
	test_ok 'no process the demo started is left' 'none_left "$T/started2"'
	test_ok 'rsyslogd got the lines with their priorities, up to sissylog'"'"'s end' '
		wait_until 10 "grep -q \"sissylog: terminating normally on eof reading stdin\" \"$RS_DIR/out.raw\"" &&
		jq -s -e "map(select(.[\"app-name\"] == \"syslogged\")) |
		    any(.msg == \" notice: syslogged: logging to syslog through sissylog\") and
		    any(.msg == \" info: syslogged: message 1: all is well\" and
		        .syslogfacility == \"3\" and .syslogseverity == \"6\") and
		    any(.msg | test(\"^ notice: syslogged: SIGTERM after [0-9]+ messages$\")) and
		    any(.msg | test(\"^ warning: syslogged: ended [(]exit 0[)]\"))" "$RS_DIR/out.jsonl"'
	rsyslog_stop
else
	test_skip 'the demo with rsyslogd' 'rsyslogd is not installed'
fi

# ---- 3. journald; stopped by SIGTERM ----------------------------------------

if journald_have && ! journalog </dev/null 2>&1 | grep -q 'not compiled in'; then
	test_ok 'journald starts' 'journald_start "$T/jd"'
	test_ok 'syslogged: no /dev/log, journald'"'"'s socket: journalog' '
		demo_start "$T/dev3" "$JD_DIR/run" &&
		wait_until 10 "[ \"\$(log_comm syslogged)\" = journalog ]" &&
		grep -q "to journald, through journalog (pid [0-9]*)" "$T/demo.out"'
	started > "$T/started3"
	test_ok 'SIGTERM: the demo stops everything and exits 0' '
		kill -TERM "$DP" && wait_gone 30 "$DP" && wait "$DP"; rc=$?; [ "$rc" = 0 ] &&
		grep -q "^demo: SIGTERM: stopping$" "$T/demo.out"'
	test_ok 'no process the demo started is left' 'none_left "$T/started3"'
	test_ok 'journald has the entries, with the service'"'"'s fields' '
		wait_until 10 "journald_json PERP_SERVICE=syslogged | grep -q \"SIGTERM after\"" &&
		journald_json PERP_SERVICE=syslogged | jq -s -e "
		    any(.MESSAGE == \"info: syslogged: message 1: all is well\" and
		        .PRIORITY == \"6\" and .SYSLOG_IDENTIFIER == \"syslogged\" and
		        .PERP_BASE == \"$B\")"'
	journald_stop
else
	test_skip 'the demo with journald' 'no systemd-journald, or journalog built without it'
fi

done_testing
