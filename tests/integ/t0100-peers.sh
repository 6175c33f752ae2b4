#!/bin/bash
# The real peers the logger tests talk to: a private rsyslogd (unix datagram
# and stream sockets, UDP, TCP, RELP on loopback) and a private
# systemd-journald. Each must start, receive a message sent by logger(1),
# and stop cleanly when asked.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$PEERS/journald.sh"
netns_private "$@"
need_cmd rsyslogd
need_cmd logger

test_ok 'rsyslogd starts and answers on every input' 'rsyslog_start "$T/rs"'

test_ok 'a message sent by logger to the unix socket arrives, parsed' '
	logger -u "$T/rs/log.sock" -t peertest "hello unix" &&
	wait_until 5 "grep -q \"hello unix\" \"$T/rs/out.jsonl\"" &&
	grep "hello unix" "$T/rs/out.jsonl" | jq -e ".[\"app-name\"] == \"peertest\""'

test_ok 'UDP, TCP (octet counted) and the unix stream socket deliver too' '
	logger -n 127.0.0.1 -P $RS_UDP -d --rfc5424=notq -t peertest "hello udp" &&
	logger -n 127.0.0.1 -P $RS_TCP -T --octet-count -t peertest "hello tcp" &&
	logger --socket "$T/rs/stream.sock" --socket-errors=on -T -t peertest "hello stream" &&
	wait_until 5 "grep -q \"hello udp\" \"$T/rs/out.raw\" && grep -q \"hello tcp\" \"$T/rs/out.raw\" && grep -q \"hello stream\" \"$T/rs/out.raw\""'

if rsyslog_have_relp; then
	test_ok 'the RELP listener accepts connections' '
		(exec 3<>/dev/tcp/127.0.0.1/$RS_RELP)'
else
	test_skip 'the RELP listener accepts connections' 'rsyslog-relp is not installed'
fi

test_ok 'rsyslogd stops on SIGTERM' '
	pid=$RS_PID; rsyslog_stop && ! kill -0 $pid 2>/dev/null'

if journald_have; then
	test_ok 'a private journald starts in its own mount namespace' '
		journald_start "$T/jd" && [ -S "$T/jd/run/socket" ]'
	test_ok 'an entry sent with logger --journald is read back by journalctl' '
		printf "MESSAGE=hello journal\nSYSLOG_IDENTIFIER=peertest\nPERP_PEER_TEST=42\n" |
			journald_run logger --journald &&
		wait_until 5 "journald_json PERP_PEER_TEST=42 | grep -q hello" &&
		journald_json PERP_PEER_TEST=42 | jq -e ".MESSAGE == \"hello journal\""'
	test_ok 'journald stops on SIGTERM' '
		pid=$JD_PID; journald_stop && ! kill -0 $pid 2>/dev/null'
else
	test_skip 'private journald' 'systemd-journald, journalctl or unshare is missing'
fi

done_testing
