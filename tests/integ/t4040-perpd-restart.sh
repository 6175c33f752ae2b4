#!/bin/bash
# Restart policy: the 1 s respawn governor, then exponential back-off for
# a crash loop (1 s, 2 s, 4 s ...), shown in the status while perpd waits
# (flag SUBF_WAITING, pending and back-off in ms); perpctl u clears it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make bad "date +%s.%N >> $T/bad.starts; exit 3"
chmod +t "$B/bad"
pd_start
starts() { wc -l < "$T/bad.starts" 2>/dev/null || echo 0; }
# gap N: seconds (x1000) between start N and N+1
gap() {
	awk -v n="$1" 'NR == n { a = $1 } NR == n + 1 { printf "%d", ($1 - a) * 1000 }' "$T/bad.starts"
}

test_ok 'while it waits, the status says down, waiting, and for how long' '
	wait_until 5 "[ \$(starts) -ge 2 ]" &&
	wait_until 3 "[ \$(( \$(st main.flags bad) & 0x40 )) = 64 ]" &&
	[ "$(st main.pid bad)" = 0 ] && [ "$(st main.backoff bad)" = 2000 ] &&
	p=$(st main.pending bad) && [ "$p" -gt 0 ] && [ "$p" -le 2000 ] &&
	grep -q "setting respawn governor on .start. target of service bad for ./rc.main" "$PERPD_ERR" &&
	grep -q "setting back-off of 2000 ms on .start. target of service bad" "$PERPD_ERR"'
test_ok 'starts 1 s, 2 s, 4 s apart (within tolerance)' '
	wait_until 12 "[ \$(starts) -ge 4 ]" &&
	g1=$(gap 1) && g2=$(gap 2) && g3=$(gap 3) &&
	echo "gaps: $g1 $g2 $g3" &&
	[ "$g1" -ge 900 ] && [ "$g1" -le 1900 ] &&
	[ "$g2" -ge 1900 ] && [ "$g2" -le 3200 ] &&
	[ "$g3" -ge 3900 ] && [ "$g3" -le 5500 ]'
test_ok 'each reset saw exit 3 and PERP_SVSECS 0' '
	[ "$(calls bad "main reset" | grep -vc "reset bad exit 3 | .* svsecs=0 ")" = 0 ]'
test_ok 'u clears the back-off and starts at once' '
	n=$(starts) && [ "$(st main.backoff bad)" = 8000 ] &&
	perpq -b "$B" -c u bad > /dev/null &&
	wait_until 2 "[ \$(starts) -gt $n ]" &&
	wait_until 2 "[ \"\$(st main.backoff bad)\" = 1000 ]"'
test_ok 'after u, the governor still holds the next start 1 s back' '
	n=$(starts) && wait_until 4 "[ \$(starts) -gt $n ]" &&
	g=$(gap "$n") && echo "gap after u: $g ms" && [ "$g" -ge 900 ]'
test_ok 'd cancels a pending restart' '
	wait_until 3 "[ \$(( \$(st main.flags bad) & 0x40 )) = 64 ]" &&
	n=$(starts) && perpq -b "$B" -c d bad > /dev/null &&
	[ $(( $(st main.flags bad) & 0x40 )) = 0 ] && [ "$(st main.pending bad)" = 0 ] &&
	! wait_until 3 "[ \$(starts) -gt $n ]"'

pd_stop
done_testing
