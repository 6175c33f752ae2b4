#!/bin/bash
# Stopping really stops: a service that ignores SIGTERM gets SIGKILL on
# its whole process group after its stop timeout (timeout.stop); what a
# stopped start left in its group is cleared the same way; a reset that
# hangs is killed after the timeout too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make trap "trap '' TERM; sleep 1000 & echo \$! > $T/trap.kid; while :; do sleep 0.1; done"
echo 1 > "$B/trap/timeout.stop"
sv_make strays "sleep 1001 & echo \$! > $T/polite.kid; (trap '' TERM; exec sleep 1002) & echo \$! > $T/rude.kid; exec sleep 1000"
echo 1s > "$B/strays/timeout.stop"
sv_make hang 'exec sleep 1000'
printf '#!/bin/sh\n. %s\n_rec main "$@"\n[ "$1" = start ] && exec sleep 1000\nexec sleep 1000\n' \
	"$T/rec.sh" > "$B/hang/rc.main"
echo 800ms > "$B/hang/timeout.stop"
sv_make culled "trap '' TERM; while :; do sleep 0.1; done"
echo 1 > "$B/culled/timeout.stop"
sv_make badtimeout
echo 'soon' > "$B/badtimeout/timeout.stop"
for d in "$B"/*; do chmod +t "$d"; done
pd_start
for s in trap strays hang culled badtimeout; do up "$s"; done

test_ok 'timeout.stop is read at activation (seconds, ms; bad: default)' '
	[ "$(st stop_timeout trap)" = 1000 ] && [ "$(st stop_timeout hang)" = 800 ] &&
	[ "$(st stop_timeout badtimeout)" = 10000 ] &&
	grep -q "warning: perpd\[$PD\]: invalid timeout.stop for service badtimeout: using 10000 ms" "$PERPD_ERR"'

p=$(st main.pid trap)
kid=$(cat "$T/trap.kid")
t0=${EPOCHREALTIME/./}
perpq -b "$B" -c d trap > /dev/null
test_ok 'a service ignoring SIGTERM lives until the stop timeout' '
	alive "$p" && alive "$kid" && sleep 0.5 && alive "$p" && alive "$kid"'
test_ok 'then SIGKILL takes its whole process group, children too' '
	wait_gone 5 "$p" && wait_gone 5 "$kid" &&
	t=$(( (${EPOCHREALTIME/./} - t0) / 1000 )) && echo "gone after $t ms" &&
	[ "$t" -ge 900 ] &&
	grep -q "warning: perpd\[$PD\]: stopped start of service trap (main) still running after 1000 ms: sending SIGKILL to its process group" "$PERPD_ERR" &&
	wait_until 3 "calls trap \"main reset\" | grep -q \"signal 9 SIGKILL\""'

p=$(st main.pid strays)
polite=$(cat "$T/polite.kid")
rude=$(cat "$T/rude.kid")
perpq -b "$B" -c d strays > /dev/null
test_ok 'what a stopped start left behind gets SIGTERM, then SIGKILL' '
	wait_gone 3 "$p" && wait_gone 3 "$polite" && alive "$rude" &&
	wait_gone 5 "$rude" &&
	grep -q "processes of service strays (main) still running after 1000 ms: sending SIGKILL to process group $p" "$PERPD_ERR"'

p=$(st main.pid hang)
kill "$p"
test_ok 'a hanging reset is killed after the timeout; then a restart' '
	wait_until 5 "calls hang \"main reset\" | grep -q ." &&
	wait_until 5 "grep -q \"reset of service hang (main) still running after 800 ms: sending SIGKILL\" \"$PERPD_ERR\"" &&
	up hang 5 && [ "$(st main.pid hang)" != "$p" ]'

p=$(st main.pid culled)
test_ok 'deactivation of a service ignoring SIGTERM ends after the timeout' '
	chmod -t "$B/culled" && sleep 0.5 && alive "$p" &&
	wait_gone 5 "$p" &&
	wait_until 5 "grep -q \"deactivating service culled\" \"$PERPD_ERR\""'

pd_stop
done_testing
