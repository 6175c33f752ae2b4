#!/bin/bash
# The log pipe is perpd's: the logger is killed ten times (SIGKILL and
# SIGTERM) while main writes numbered lines; each new logger reads on
# where the last stopped, and linecheck finds no line missing. Two
# loggers: teelog, a helper which consumes only what it has written, and
# tinylog itself, killed with SIGKILL only. Lines may repeat, never
# vanish.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make writer "exec linegen -i w -r 3000 -n 0 -l 20:120 -c $T/count" \
	"exec teelog $T/writer.log"
sv_make tl "exec linegen -i t -r 3000 -n 0 -l 20:120 -c $T/tcount" \
	"exec tinylog -s 100000 -k 1000 ./log"
chmod +t "$B/writer" "$B/tl"
pd_start
up writer
up tl
logger_up() { [ "$(st log.pid "$2")" -gt 0 ] && [ "$(st log.pid "$2")" != "$1" ] && [ $(( $(st log.flags "$2") & 2 )) = 0 ]; }

# kill_loggers SV LOG SIGNALS: ten deaths of SV's logger, by the signals
# in turn; u clears the back-off, so that the next one comes at once.
kill_loggers() {
	local i l sig sv=$1 log=$2
	set -- $3
	for i in 1 2 3 4 5 6 7 8 9 10; do
		wait_until 5 "[ -s \"$log\" ]" || return 1
		sleep 0.2
		l=$(st log.pid "$sv")
		[ "$l" -gt 1 ] || { echo "no logger pid: $l"; return 1; }
		sig=$1; shift; set -- "$@" "$sig"
		kill -"$sig" "$l"
		wait_gone 5 "$l" || { echo "$l not gone"; return 1; }
		perpq -b "$B" -L -c u "$sv" > /dev/null
		wait_until 5 "logger_up $l $sv" || { perpq -b "$B" "$sv"; return 1; }
	done
}
test_ok 'ten logger deaths, each followed by a new logger' \
	'kill_loggers writer "$T/writer.log" "KILL TERM"'
test_ok 'tinylog SIGKILLed ten times, each time a new one' \
	'kill_loggers tl "$B/tl/log/current" KILL'
test_ok 'main never noticed: one start, still running' '
	[ "$(st main.starts writer)" = 1 ] && [ "$(calls writer "main reset" | wc -l)" = 0 ]'
test_ok 'stop main; every line it wrote reached the log' '
	perpq -b "$B" -c d writer > /dev/null &&
	wait_until 5 "[ \"\$(st main.pid writer)\" = 0 ]" && n=$(cat "$T/count") &&
	echo "$n lines" && [ "$n" -gt 3000 ] &&
	wait_until 10 "linecheck -i w -n $n -d 1000000 \"$T/writer.log\"" &&
	linecheck -i w -n "$n" -d 1000000 "$T/writer.log"'
test_ok 'tinylog: every line main wrote is in the log directory' '
	[ "$(st main.starts tl)" = 1 ] &&
	perpq -b "$B" -c d tl > /dev/null &&
	wait_until 5 "[ \"\$(st main.pid tl)\" = 0 ]" && n=$(cat "$T/tcount") &&
	echo "$n lines" && [ "$n" -gt 3000 ] &&
	wait_until 10 "linecheck -i t -n $n -d 1000000 \"$B/tl/log\"" &&
	linecheck -i t -n "$n" -d 1000000 "$B/tl/log" >&2 &&
	[ "$(ls "$B/tl/log" | grep -c "\.u$")" -ge 5 ]'

pd_stop
done_testing
