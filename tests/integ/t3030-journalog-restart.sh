#!/bin/bash
# Nothing lost under the block policy: journald stopped and started while
# 50,000 numbered lines go through; journald absent at start, its socket
# left behind or removed (then sd_journal_sendv reports success for
# nothing); journalog killed with SIGKILL under load. And SIGTERM ends it
# within 2 seconds: idle, while journald is absent, while journald is
# frozen with its queue full.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
test_ok 'a private journald starts' jl_start

hold_pipe
test_ok '50,000 lines, journald restarted twice, stopped once: every line is there' '
	jl_spawn J rs < "$T/fifo" 2>"$T/rs.err" &&
	spawn G linegen -n 50000 -r 10000 -l 20:200 >&7 &&
	wait_until 20 "[ \$(jl_last rs) -gt 5000 ]" &&
	journald_restart 7>&- &&
	wait_until 20 "[ \$(jl_last rs) -gt 20000 ]" &&
	journald_restart 7>&- &&
	wait_until 20 "[ \$(jl_last rs) -gt 30000 ]" &&
	journald_stop 7>&- &&
	wait_until 10 "grep -q \"unable to reach journald\" \"$T/rs.err\"" &&
	journald_restart 7>&- &&
	wait_gone 60 $G && exec 7>&- &&
	wait_gone 60 $J &&
	jl_msgs rs | linecheck -n 50000 -d 5000 - > "$T/rs.res";
	rc=$?; cat "$T/rs.res" "$T/rs.err"; [ $rc -eq 0 ]'

test_ok 'journald going away was noticed and the entries sent again' '
	grep -q "journald went away; [0-9]* entries not known to be read go again" "$T/rs.err" &&
	grep -q "journald is back at /run/systemd/journal/socket" "$T/rs.err"'

test_ok 'journald absent at start, its socket left behind: lines wait, then arrive' '
	journald_stop && [ -S "$JD_DIR/run/socket" ] &&
	linegen -n 2000 > "$T/a.in" &&
	jl_spawn J ab1 < "$T/a.in" 2>"$T/ab1.err" &&
	wait_until 10 "grep -q \"unable to reach journald\" \"$T/ab1.err\"" &&
	kill -0 $J && jl_start && wait_gone 20 $J &&
	jl_msgs ab1 | linecheck -n 2000 -'

test_ok 'journald absent and its socket removed (sd_journal_sendv says yes): lines wait' '
	journald_stop && rm -f "$JD_DIR/run/socket" &&
	jl_spawn J ab2 < "$T/a.in" 2>"$T/ab2.err" &&
	wait_until 10 "grep -q \"unable to reach journald.*ENOENT\" \"$T/ab2.err\"" &&
	kill -0 $J && jl_start && wait_gone 20 $J &&
	jl_msgs ab2 | linecheck -n 2000 -'

hold_pipe
test_ok 'SIGKILL 5 times under load: no line lost, repeats bounded' '
	spawn G linegen -n 30000 -r 10000 -l 20:200 >&7 &&
	for i in 1 2 3 4 5; do
		jl_spawn J kl < "$T/fifo" 2>/dev/null
		wait_until 20 "[ \$(jl_last kl) -gt $((i * 4000)) ]" || break
		kill -KILL $J; wait_gone 5 $J
	done &&
	jl_spawn J kl < "$T/fifo" 2>/dev/null &&
	wait_gone 60 $G && exec 7>&- && wait_gone 60 $J &&
	jl_msgs kl | linecheck -n 30000 -d 5000 - > "$T/kl.res";
	rc=$?; cat "$T/kl.res"; [ $rc -eq 0 ]'

# term PID: SIGTERM, gone within 2 s
term() {
	kill -TERM "$1" && wait_gone 2 "$1"
}

hold_pipe
test_ok 'SIGTERM, idle: gone within 2 s' '
	jl_spawn J idle < "$T/fifo" 2>/dev/null &&
	linegen -n 1 >&7 && wait_until 10 "[ \$(jl_last idle) -eq 1 ]" && term $J'

hold_pipe
test_ok 'SIGTERM while journald is absent: gone within 2 s' '
	journald_stop 7>&- &&
	jl_spawn J gone < "$T/fifo" 2>"$T/gone.err" &&
	linegen -n 100 >&7 &&
	wait_until 10 "grep -q \"unable to reach journald\" \"$T/gone.err\"" &&
	term $J'

hold_pipe
test_ok 'SIGTERM while journald is frozen with its queue full: gone within 2 s' '
	jl_start && kill -STOP $JD_PID &&
	jl_spawn J frozen < "$T/fifo" 2>"$T/frozen.err" &&
	spawn G linegen -n 20000 >&7 &&
	wait_until 15 "grep -q \"journald has read nothing for 5 s\" \"$T/frozen.err\"" &&
	term $J; rc=$?; kill -CONT $JD_PID; [ $rc -eq 0 ]'

test_ok 'the lines journald had not read stay in the pipe for the next logger' '
	jl_spawn J frozen < "$T/fifo" 2>/dev/null &&
	wait_gone 60 $G && exec 7>&- && wait_gone 60 $J &&
	jl_msgs frozen | linecheck -n 20000 - > "$T/fr.res";
	rc=$?; cat "$T/fr.res"; [ $rc -eq 0 ]'

done_testing
