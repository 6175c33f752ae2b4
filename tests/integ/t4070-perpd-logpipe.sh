#!/bin/bash
# The log pipe is perpd's: the logger is killed ten times (SIGKILL and
# SIGTERM) while main writes numbered lines; each new logger reads on
# where the last stopped, and linecheck finds no line missing. (The
# logger is teelog, which consumes only what it has written; lines may
# repeat, never vanish.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make writer "exec linegen -i w -r 3000 -n 0 -l 20:120 -c $T/count" \
	"exec teelog $T/writer.log"
chmod +t "$B/writer"
pd_start
up writer
logger_up() { [ "$(st log.pid writer)" -gt 0 ] && [ "$(st log.pid writer)" != "$1" ] && [ $(( $(st log.flags writer) & 2 )) = 0 ]; }

kill_loggers() {
	local i l sig
	for i in 1 2 3 4 5 6 7 8 9 10; do
		wait_until 5 "[ -s \"$T/writer.log\" ]" || return 1
		sleep 0.2
		l=$(st log.pid writer)
		[ "$l" -gt 1 ] || { echo "no logger pid: $l"; return 1; }
		[ $((i % 2)) = 0 ] && sig=TERM || sig=KILL
		kill -$sig "$l"
		wait_gone 5 "$l" || { echo "$l not gone"; return 1; }
		perpq -b "$B" -L -c u writer > /dev/null
		wait_until 5 "logger_up $l" || { perpq -b "$B" writer; return 1; }
	done
}
test_ok 'ten logger deaths, each followed by a new logger' kill_loggers
test_ok 'main never noticed: one start, still running' '
	[ "$(st main.starts writer)" = 1 ] && [ "$(calls writer "main reset" | wc -l)" = 0 ]'
test_ok 'stop main; every line it wrote reached the log' '
	perpq -b "$B" -c d writer > /dev/null &&
	wait_until 5 "[ \"\$(st main.pid writer)\" = 0 ]" && n=$(cat "$T/count") &&
	echo "$n lines" && [ "$n" -gt 3000 ] &&
	wait_until 10 "linecheck -i w -n $n -d 1000000 \"$T/writer.log\"" &&
	linecheck -i w -n "$n" -d 1000000 "$T/writer.log"'

pd_stop
done_testing
