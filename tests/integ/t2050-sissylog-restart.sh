#!/bin/bash
# TCP and the unix sockets: rsyslogd restarted twice while sissylog sends
# 100,000 numbered lines with the block policy. After each reconnect
# sissylog sends again what the old server had not confirmed (SIOCOUTQ),
# so what is lost is what rsyslogd had received and not processed. The
# test reports how many lines were lost or repeated (the figures of
# sissylog(8)) and checks that no line is corrupt or torn, and that the
# lines sent after the restarts arrive.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd

test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'

# bounded NAME: nothing corrupt or torn; the last line and the end
# message, sent after both restarts, there; the loss within reason.
bounded() {
	[ "$(sl_field "$1" corrupt)" -eq 0 ] && [ "$(sl_field "$1" torn)" -eq 0 ] &&
	grep -aq "#$1:100000:" "$RS_DIR/out.raw" &&
	grep -aF " $1" "$RS_DIR/out.raw" | grep -q "terminating normally" &&
	[ "$(sl_field "$1" missing)" -le 40000 ]
}

test_ok 'TCP (octet counted): two restarts during 100,000 lines' '
	sl_restarts tcp 100000 -d tcp:127.0.0.1:$RS_TCP && bounded tcp'
echo "# TCP, 100000 lines, 2 restarts: lost $(sl_field tcp missing), repeated $(sl_field tcp dup)"

test_ok 'unix datagram socket: two restarts during 100,000 lines' '
	sl_restarts udgram 100000 -d "unix:$RS_DIR/log.sock" && bounded udgram'
echo "# unix datagram, 100000 lines, 2 restarts: lost $(sl_field udgram missing), repeated $(sl_field udgram dup)"

test_ok 'unix stream socket: two restarts during 100,000 lines' '
	sl_restarts ustream 100000 -d "unix:$RS_DIR/stream.sock" && bounded ustream'
echo "# unix stream, 100000 lines, 2 restarts: lost $(sl_field ustream missing), repeated $(sl_field ustream dup)"

done_testing
