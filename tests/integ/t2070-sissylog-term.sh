#!/bin/bash
# SIGTERM ends sissylog within 2 seconds in every state: connecting to a
# host that never answers (TCP, RELP), retrying a server that refuses,
# blocked on a server that stopped reading, draining at end of input,
# idle. It exits 0 when everything was confirmed, 111 when messages were
# left undelivered (they stay in the pipe for the next logger).
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd

# 192.0.2.0/24 (TEST-NET-1) routed to lo: nothing answers a SYN there.
ip route add 192.0.2.0/24 dev lo
test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'

# term_within CODE PID: SIGTERM, gone within 2 s, exit status CODE.
term_within() {
	local want=$1 pid=$2 start rc
	start=${EPOCHREALTIME/./}
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	echo "exit $rc after $(( (${EPOCHREALTIME/./} - start) / 1000 )) ms"
	[ $(( ${EPOCHREALTIME/./} - start )) -lt 2000000 ] && [ "$rc" -eq "$want" ]
}

# started CMD...: sissylog in the background with input held open
# (fd 7), its pid in P.
started() {
	exec 7>&-
	rm -f "$T/fifo" && mkfifo "$T/fifo" && exec 7<>"$T/fifo" || return 1
	"$@" < "$T/fifo" 2> "$T/err" 7>&- &
	P=$!
}

test_ok 'connecting to a TCP host that never answers' '
	started sissylog -d tcp:192.0.2.2:514 t1 &&
	echo "a line" >&7 &&
	wait_until 5 "ss -tn state syn-sent | grep -q 192.0.2.2" &&
	term_within 111 $P'

if sl_have_relp; then
	test_ok 'connecting to a RELP host that never answers' '
		started sissylog -d relp:192.0.2.2:2514 t2 &&
		echo "a line" >&7 &&
		wait_until 5 "ss -tn state syn-sent | grep -q 192.0.2.2" &&
		term_within 111 $P'
	test_ok 'RELP: retrying a server that is down' '
		started sissylog -d relp:127.0.0.1:2599 t3 &&
		echo "a line" >&7 &&
		wait_until 5 "grep -q \"unable to deliver\" \"$T/err\"" &&
		term_within 111 $P'
else
	test_skip 'RELP states' 'sissylog: RELP support is not compiled in'
fi

test_ok 'retrying a unix socket that does not exist (reported)' '
	started sissylog -d "unix:$T/nowhere.sock" t4 &&
	echo "a line" >&7 &&
	wait_until 5 "grep -q \"unable to connect to unix:$T/nowhere.sock, trying again: file does not exist (ENOENT)\" \"$T/err\"" &&
	term_within 111 $P &&
	grep -q "exiting with 2 messages not confirmed" "$T/err"'

test_ok 'blocked on a server that stopped reading' '
	started sissylog -d tcp:127.0.0.1:$RS_TCP t5 &&
	echo "first" >&7 &&
	wait_until 10 "grep -q \" t5 .* first\" \"$RS_DIR/out.raw\"" &&
	kill -STOP $RS_PID &&
	{ linegen -n 200000 > "$T/fifo" 7>&- & } && G=$! &&
	wait_until 20 "ss -tn state established \"( dport = :$RS_TCP )\" |
		awk \"NR > 1 && \\\$2 > 0 { found = 1 } END { exit !found }\"" &&
	term_within 111 $P; rc=$?
	kill -CONT $RS_PID; exec 7>&-; kill -KILL $G; wait $G 2>/dev/null
	[ $rc -eq 0 ]'

# A unix stream socket counts what the server has not read: with the
# server stopped, the end of input waits for it (up to 5 s).
test_ok 'draining at end of input to a server that stopped reading' '
	kill -STOP $RS_PID &&
	started sissylog -d "unix:$RS_DIR/stream.sock" t6 &&
	linegen -n 10 >&7 && exec 7>&- &&
	wait_until 5 "grep -q \"waiting up to 5000 ms for unix:.* to confirm\" \"$T/err\"" &&
	term_within 111 $P; rc=$?
	kill -CONT $RS_PID; [ $rc -eq 0 ]'

test_ok 'idle with everything delivered: exit 0' '
	started sissylog -d tcp:127.0.0.1:$RS_TCP t7 &&
	echo "idle line" >&7 &&
	wait_until 10 "grep -q \" t7 .* idle line\" \"$RS_DIR/out.raw\"" &&
	term_within 0 $P'

if sl_have_relp; then
	test_ok 'RELP, idle with everything acknowledged: exit 0' '
		started sissylog -d relp:127.0.0.1:$RS_RELP t8 &&
		echo "idle line" >&7 &&
		wait_until 10 "grep -q \" t8 .* idle line\" \"$RS_DIR/out.raw\"" &&
		wait_until 5 "[ \$(ss -tn state established \"( dport = :$RS_RELP )\" | wc -l) -le 1 ]" &&
		term_within 0 $P'
fi

done_testing
