#!/bin/bash
# The drop policy: while journald is away journalog keeps reading (the
# service is not held back), counts what it gives up, and when journald
# is back its first entry is the gap record (PRIORITY 4) saying how many
# lines and bytes, from when to when, and why. The lines missing are
# those the record counts, or fewer (journald may have stored part of the
# batch it went away with), never more.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
test_ok 'a private journald starts' jl_start

hold_pipe
test_ok 'lines before the outage arrive' '
	jl_spawn J -p drop dr < "$T/fifo" 2>"$T/dr.err" &&
	linegen -n 1000 >&7 &&
	wait_until 10 "[ \$(jl_last dr) -eq 1000 ]"'

test_ok 'journald stopped: journalog keeps reading, the writer is not held' '
	journald_stop 7>&- &&
	linegen -s 1001 -n 20000 >&7 &&
	wait_until 20 "grep -q \"unable to reach journald.*dropping input\" \"$T/dr.err\"" &&
	wait_until 20 "grep -q \"dropping input until the sink recovers\" \"$T/dr.err\"" &&
	kill -0 $J'

test_ok 'journald back: the gap record comes first, then the new lines' '
	jl_start &&
	wait_until 10 "grep -q \"input was dropped; resumed after\" \"$T/dr.err\"" &&
	linegen -s 21001 -n 1000 >&7 &&
	wait_until 20 "[ \$(jl_last dr) -eq 22000 ]" &&
	journald_json SYSLOG_IDENTIFIER=dr | jq -r "select(.MESSAGE | test(\"gap: \")) | \"\(.PRIORITY) \(.MESSAGE)\"" > "$T/gap" &&
	cat "$T/gap" &&
	[ $(wc -l < "$T/gap") -eq 1 ] &&
	grep -Eq "^4 warning: journalog\[[0-9]+\]: gap: [0-9]+ lines \([0-9]+ bytes\) lost from [0-9T:.-]+Z to [0-9T:.-]+Z: " "$T/gap" &&
	[ "$(journald_json SYSLOG_IDENTIFIER=dr | jq -r .MESSAGE | grep -n "gap: " | cut -d: -f1)" -le 1001 ]'

test_ok 'what is missing is what the gap record counts, or a little less' '
	exec 7>&- && wait_gone 20 $J &&
	jl_msgs dr | linecheck -n 22000 - > "$T/dr.res";
	cat "$T/dr.res" &&
	missing=$(sed -n "s/.* missing=\([0-9]*\) .*/\1/p" "$T/dr.res") &&
	lost=$(sed -n "s/.* gaplost=\([0-9]*\) .*/\1/p" "$T/dr.res") &&
	[ "$missing" -gt 0 ] && [ "$missing" -le "$lost" ] &&
	[ $((lost - missing)) -le 4096 ] &&
	grep -q "dup=0 corrupt=0 torn=0" "$T/dr.res"'

hold_pipe
test_ok 'journald frozen: after 5 s journalog gives up and reads on' '
	jl_spawn J -p drop fz < "$T/fifo" 2>"$T/fz.err" &&
	linegen -i f -n 100 >&7 &&
	wait_until 10 "[ \$(jl_last fz) -eq 100 ]" &&
	kill -STOP $JD_PID &&
	spawn G linegen -i f -s 101 -n 20000 >&7 &&
	wait_until 20 "! _alive $G" &&
	grep -q "dropping input until the sink recovers.*ETIMEDOUT" "$T/fz.err";
	rc=$?; kill -CONT $JD_PID; cat "$T/fz.err"; [ $rc -eq 0 ]'

test_ok 'journald thawed: the gap record, and nothing missing it does not count' '
	wait_until 10 "grep -q \"input was dropped; resumed after\" \"$T/fz.err\"" &&
	linegen -i f -s 20101 -n 100 >&7 &&
	wait_until 10 "[ \$(jl_last fz) -eq 20200 ]" &&
	exec 7>&- && wait_gone 20 $J &&
	jl_msgs fz | linecheck -i f -n 20200 - > "$T/fz.res";
	cat "$T/fz.res" &&
	missing=$(sed -n "s/.* missing=\([0-9]*\) .*/\1/p" "$T/fz.res") &&
	lost=$(sed -n "s/.* gaplost=\([0-9]*\) .*/\1/p" "$T/fz.res") &&
	[ "$missing" -le "$lost" ] && [ "$lost" -gt 0 ] &&
	grep -q "gaps=1 " "$T/fz.res"'

done_testing
