#!/bin/bash
# Shutdown and deactivation in order: main stops first and its reset
# runs, then perpd closes its end of the log pipe and the logger reads
# every line to end-of-file: nothing lost, the reset's output included,
# and the logger is never signalled. A service ignoring SIGTERM delays
# shutdown only by its stop timeout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

for s in chatty culled; do
	sv_make "$s" "exec linegen -i $s -r 5000 -n 0 -c $T/$s.count" \
		"exec cat >> $T/$s.log"
	printf '#!/bin/sh\n. %s\n_rec main "$@"\n[ "$1" = start ] && exec linegen -i %s -r 5000 -n 0 -c %s/%s.count\nexec linegen -i %s-reset -n 50\n' \
		"$T/rec.sh" "$s" "$T" "$s" "$s" > "$B/$s/rc.main"
	chmod +t "$B/$s"
done
sv_make stubborn "trap '' TERM; while :; do sleep 0.1; done"
echo 1 > "$B/stubborn/timeout.stop"
chmod +t "$B/stubborn"
pd_start
up chatty && up culled && up stubborn

test_ok 'deactivation: every line of main, then the reset'"'"'s, reach the logger' '
	wait_until 5 "[ \$(wc -l < \"$T/culled.log\") -gt 1000 ]" &&
	l=$(st log.pid culled) && chmod -t "$B/culled" &&
	wait_until 10 "grep -q \"deactivating service culled\" \"$PERPD_ERR\"" &&
	! alive "$l" &&
	linecheck -i culled -n "$(cat "$T/culled.count")" "$T/culled.log" &&
	linecheck -i culled-reset -n 50 "$T/culled.log" &&
	tail -n 1 "$T/culled.log" | grep -q "^#culled-reset:50:"'
test_ok 'the logger ended on end-of-file, not on a signal' '
	calls culled "log reset" | grep -q "log reset culled exit 0 |"'

wait_until 5 "[ \$(wc -l < \"$T/chatty.log\") -gt 1000 ]"
mp=$(st main.pid chatty)
lp=$(st log.pid chatty)
sp=$(st main.pid stubborn)
t0=${EPOCHREALTIME/./}
kill -TERM "$PD"
test_ok 'SIGTERM: perpd exits 0 once everything has stopped' '
	wait "$PD"; rc=$?; [ "$rc" = 0 ] &&
	! alive "$mp" && ! alive "$lp" && ! alive "$sp" &&
	t=$(( (${EPOCHREALTIME/./} - t0) / 1000 )) && echo "$t ms" &&
	[ "$t" -ge 900 ]'
test_ok 'its messages, in 2.07'"'"'s words' '
	grep -qx "perpd\[$PD\]: initiating termination..." "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: deactivating service chatty" "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: deactivating service stubborn" "$PERPD_ERR" &&
	tail -n 1 "$PERPD_ERR" | grep -qx "perpd\[$PD\]: termination complete"'
test_ok 'the logger got every line main wrote, and the reset'"'"'s after them' '
	linecheck -i chatty -n "$(cat "$T/chatty.count")" "$T/chatty.log" &&
	linecheck -i chatty-reset -n 50 "$T/chatty.log" &&
	tail -n 1 "$T/chatty.log" | grep -q "^#chatty-reset:50:" &&
	calls chatty "log reset" | grep -q "log reset chatty exit 0 |"'
test_ok 'nothing left to adopt: the pid table is gone' '
	[ ! -e "$B/.control/perpd.table" ]'

done_testing
