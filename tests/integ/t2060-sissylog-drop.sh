#!/bin/bash
# The drop policy: while rsyslogd is down, sissylog keeps reading, counts
# what it throws away, and once rsyslogd is back sends one gap record
# with the right count (linecheck -g: exactly the reported lines are
# missing), then the lines that follow.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd

test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'

# dropped NAME SISSYLOG-ARGS...: lines 1-5000 while rsyslogd is down,
# 5001-5100 after it is back.
dropped() {
	local name=$1 p
	shift
	exec 7>&-
	rm -f "$T/fifo" && mkfifo "$T/fifo" && exec 7<>"$T/fifo" || return 1
	rsyslog_stop
	spawn p sissylog -p drop "$@" "$name" < "$T/fifo" 2> "$T/err.$name" 7>&-
	linegen -i "$name" -n 5000 >&7 &&
	wait_until 10 "grep -q \"dropping input\" \"$T/err.$name\"" &&
	rsyslog_restart 7>&- &&
	wait_until 15 "grep -qF \"gap: \" \"$RS_DIR/out.raw\" &&
		grep -F \" $name\" \"$RS_DIR/out.raw\" | grep -qF \"gap: \"" &&
	linegen -i "$name" -n 100 -s 5001 >&7 &&
	wait_until 10 "linecheck -i $name -s 5001 -n 100 \"$RS_DIR/out.raw\"" || return 1
	exec 7>&-
	wait_gone 10 "$p" &&
	grep -F " $name" "$RS_DIR/out.raw" > "$T/out.$name" &&
	linecheck -g -i "$name" -n 5100 "$T/out.$name" > "$T/res.$name"
	cat "$T/res.$name" "$T/err.$name" >&2
	grep -q " gaps=1 " "$T/res.$name" && ! grep -q " missing=0 " "$T/res.$name" &&
	linecheck -g -i "$name" -n 5100 "$T/out.$name" &&
	grep -Eq "warning: sissylog\[[0-9]+\]: gap: [0-9]+ lines \([0-9]+ bytes\) lost from [0-9T:.-]+Z to [0-9T:.-]+Z: " "$T/out.$name"
}

test_ok 'TCP' 'dropped tcp -d tcp:127.0.0.1:$RS_TCP'
test_ok 'unix datagram socket' 'dropped udgram -d "unix:$RS_DIR/log.sock"'
if ! sl_have_relp; then
	test_skip 'RELP' 'sissylog: RELP support is not compiled in'
elif ! rsyslog_have_relp; then
	test_skip 'RELP' 'rsyslog-relp is not installed'
else
	test_ok 'RELP' 'dropped relp -d relp:127.0.0.1:$RS_RELP'
fi

test_ok 'the gap record has the priority of a warning' '
	grep -F " tcp" "$RS_DIR/out.jsonl" | grep -F "gap: " |
		jq -e ".syslogseverity == \"4\""'

done_testing
