#!/bin/bash
# journalog as perpd runs it: a service whose rc.log is `exec journalog`.
# Its lines reach the journal under its name, with PERP_SERVICE and
# PERP_BASE, the priority read from each line, and _PID the logger's.
# The logger killed with SIGKILL while the service writes: perpd starts
# another on the same pipe, and no line is lost.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
[ -x "$BIN/perpd" ] || skip_all "perpd is not built"
test_ok 'a private journald starts' jl_start

sv_make web 'echo "hello from web"
echo "error: web is unhappy"
exec linegen -i web -r 3000 -n 0 -l 20:120 -c "$CALLS.count"' 'exec journalog'
chmod +t "$B/web"

# perpd in the mount namespace where libsystemd's path leads to our
# journald: its loggers inherit it.
test_ok 'perpd starts, with the web service and its logger' '
	spawn PD "$PEERS/journald-run" "$JD_DIR" perpd "$B" \
	    2>>"$PERPD_ERR" </dev/null >>"$T/perpd.out" &&
	wait_until 10 "[ -S \"$B/.control/perpd.sock\" ] && grep -q \"perpd\[$PD\]: supervising\" \"$PERPD_ERR\"" &&
	up web && log_up web'

test_ok 'the lines of the service are in the journal, under its name' '
	wait_until 10 "[ \$(jl_last web) -gt 100 ]" &&
	journald_json SYSLOG_IDENTIFIER=web | head -n 2 |
		jq -r "[.MESSAGE, .PRIORITY, .PERP_SERVICE, .PERP_BASE, ._PID] | @tsv" > "$T/head" &&
	cat "$T/head" &&
	printf "%s\t%s\tweb\t%s\t%s\n" "hello from web" 6 "$(realpath "$B")" "$(st log.pid web)" \
	    "error: web is unhappy" 3 "$(realpath "$B")" "$(st log.pid web)" > "$T/want" &&
	diff "$T/want" "$T/head"'

logger_up() {
	[ "$(st log.pid web)" -gt 0 ] && [ "$(st log.pid web)" != "$1" ] &&
	    [ $(( $(st log.flags web) & 2 )) = 0 ]
}

kill_loggers() {
	local i l
	for i in 1 2 3; do
		l=$(st log.pid web)
		wait_until 10 "[ \$(jl_last web) -gt $((i * 1500)) ]" || return 1
		kill -KILL "$l" && wait_gone 5 "$l" || return 1
		perpq -b "$B" -L -c u web > /dev/null
		wait_until 10 "logger_up $l" || { perpq -b "$B" web; return 1; }
	done
}
test_ok 'the logger killed 3 times with SIGKILL: perpd starts another each time' \
    kill_loggers

test_ok 'stop the service: every line it wrote is in the journal' '
	perpq -b "$B" -c d web > /dev/null &&
	wait_until 10 "[ \"\$(st main.pid web)\" = 0 ]" && n=$(cat "$CALLS.count") &&
	echo "$n lines" && [ "$n" -gt 4500 ] &&
	wait_until 20 "[ \$(jl_last web) -eq $n ]" &&
	jl_msgs web | linecheck -i web -n "$n" - > "$T/res";
	rc=$?; cat "$T/res"; [ $rc -eq 0 ]'

test_ok 'perpd stops, and its loggers with it' '
	kill -TERM $PD && wait_gone 30 $PD'

done_testing
