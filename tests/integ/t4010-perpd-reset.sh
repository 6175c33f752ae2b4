#!/bin/bash
# The reset target: its arguments after an exit and after each kind of
# signal, PERP_SVPID (the pid that ended) and PERP_SVSECS (how long it
# really ran), the reset of rc.log (stdin /dev/null), and the restart
# that follows.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sigs="TERM KILL INT HUP USR1 SEGV"
for s in $sigs; do sv_make "s$s"; done
sv_make rt
sv_make code 'sleep 2.3; exit 7'
sv_make crash 'exit 5'
sv_make logged 'exec sleep 1000' 'exec cat >/dev/null'
for d in "$B"/*; do chmod +t "$d"; done
pd_start
for s in $sigs; do up "s$s"; done; up rt; up logged

declare -A pid t0
for s in $sigs; do
	pid[$s]=$(st main.pid "s$s")
	t0[$s]=${EPOCHREALTIME/./}
	kill -"$s" "${pid[$s]}"
done
rtpid=$(st main.pid rt)
kill -s RTMIN+3 "$rtpid"

for s in $sigs; do
	num=$(kill -l "$s")
	test_ok "reset after SIG$s: signal $num SIG$s, SVPID the dead pid" '
		wait_until 10 "calls s$s \"main reset\" | grep -q ." &&
		line=$(calls s'"$s"' "main reset") &&
		case "$line" in "s'"$s"' main reset s'"$s"' signal '"$num"' SIG'"$s"' | pid="*" svpid='"${pid[$s]}"' svsecs="[0-9]*" base=$B "*" cwd=$B/s'"$s"' "*" in=/dev/null "*) true;; *) false;; esac'
done
test_ok 'a real-time signal has no name: SIGUNKNOWN' '
	wait_until 10 "calls rt \"main reset\" | grep -q ." &&
	calls rt "main reset" | grep -q "^rt main reset rt signal $(kill -l RTMIN+3 2>/dev/null || echo "[0-9]*") SIGUNKNOWN | "'
test_ok 'the reset runs in a session of its own' '
	line=$(calls sTERM "main reset") &&
	p=$(echo "$line" | sed "s/.* pid=\([0-9]*\) .*/\1/") &&
	echo "$line" | grep -q " sid=$p "'
test_ok 'every killed service was started again' '
	for s in $sigs; do up "s$s" 10 || exit 1;
		[ "$(st main.pid "s$s")" != "${pid[$s]}" ] || exit 1; done'
test_ok 'PERP_SVSECS counts the time the start ran (rounded)' '
	wait_until 10 "calls code \"main reset\" | grep -q ." &&
	calls code "main reset" | head -1 |
	    grep -q "^code main reset code exit 7 | .* svsecs=2 "'
test_ok 'exit status 7 shows in the status as the last wait status' '
	[ "$(st main.wstatus code)" = $((7 << 8)) ]'
test_ok 'a crash loop: each reset says exit 5 and SVSECS 0 (no governor time)' '
	wait_until 10 "[ \$(calls crash \"main reset\" | wc -l) -ge 2 ]" &&
	[ "$(calls crash "main reset" | grep -vc " exit 5 | .* svsecs=0 ")" = 0 ]'
lpid=$(st log.pid logged)
kill -KILL "$lpid"
test_ok 'rc.log reset: argv, SVPID, stdin /dev/null; then a new logger' '
	wait_until 10 "calls logged \"log reset\" | grep -q ." &&
	calls logged "log reset" | grep -q "^logged log reset logged signal 9 SIGKILL | .* svpid=$lpid .* in=/dev/null " &&
	wait_until 10 "[ \"\$(st log.pid logged)\" -gt 0 ] && [ \"\$(st log.pid logged)\" != $lpid ]"'
test_ok 'the new logger reads the same pipe' '
	l=$(st log.pid logged); m=$(st main.pid logged);
	[ "$(readlink /proc/$l/fd/0)" = "$(readlink /proc/$m/fd/1)" ]'

pd_stop
done_testing
