#!/bin/bash
# Never a duplicate, also where pidfd_open() is missing (Linux before 5.3;
# here a seccomp filter makes it fail with ENOSYS): a new perpd cannot
# watch, so cannot adopt, what the killed one left. It stops those
# processes, SIGKILL after the stop timeout for one that ignores SIGTERM,
# and starts the services anew only once they are gone: never two mains
# of a service at the same time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make stubborn "trap '' TERM; exec sleep 1000"
sv_make plain "exec sleep 1000" "exec cat > /dev/null"
chmod +t "$B/stubborn" "$B/plain"
pd_start
up stubborn
up plain

# mains SV: how many processes named sleep run in SV's directory (its
# main; the loggers are not sleeps), by pid. A zombie has no cwd.
mains() {
	local n=0 p
	for p in $(pgrep -x sleep); do
		[ "$(readlink "/proc/$p/cwd")" = "$B/$1" ] && n=$((n + 1))
	done
	echo $n
}
old_s=$(st main.pid stubborn)
old_p=$(st main.pid plain)
pd_kill9

# Sample, every 50 ms, how many mains each service has.
( while :; do echo "$(mains stubborn) $(mains plain) ${EPOCHREALTIME}"; sleep 0.05; done ) \
	> "$T/samples" 2>/dev/null &
SAMPLER=$!
spawn PD nosys pidfd_open perpd "$B" 2>>"$PERPD_ERR" </dev/null
test_ok 'the new perpd says it cannot watch the old processes' '
	wait_until 10 "grep -q \"failure pidfd_open() on process $old_s of the previous perpd: sending SIGTERM\" \"$PERPD_ERR\""'
# Orphans of the killed perpd may stay zombies (nobody here reaps them):
# _alive says gone for those.
test_ok 'the one that ignores SIGTERM is killed, then its service starts anew' '
	wait_until 30 "[ \"\$(st main.pid stubborn)\" -gt 0 ] && [ \"\$(st main.pid stubborn)\" != $old_s ]" &&
	! _alive "$old_s" &&
	k=$(grep -n "process $old_s of the previous perpd still running after 10000 ms: sending SIGKILL" "$PERPD_ERR" | cut -d: -f1) &&
	a=$(grep -n "activated new service: stubborn" "$PERPD_ERR" | tail -n 1 | cut -d: -f1) &&
	[ -n "$k" ] && [ "$k" -lt "$a" ]'
test_ok 'plain starts anew too, its old main gone' '
	wait_until 10 "[ \"\$(st main.pid plain)\" -gt 0 ] && [ \"\$(st main.pid plain)\" != $old_p ]" &&
	! _alive "$old_p" && up plain'
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null
test_ok 'never two mains of a service at once; one of each now' '
	echo "$(wc -l < "$T/samples") samples:" && cut -d" " -f1,2 "$T/samples" | sort | uniq -c &&
	! grep -qv "^[01] [01] " "$T/samples" &&
	[ "$(mains stubborn) $(mains plain)" = "1 1" ]'
test_ok 'all stop when perpd is told to' 'pd_stop'

done_testing
