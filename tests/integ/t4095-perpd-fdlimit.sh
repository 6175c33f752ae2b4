#!/bin/bash
# perpd under a tight descriptor limit: pidfds stop short of it (a reserve
# stays free for control connections, log pipes and new services), the
# processes without one are reaped by the wait4 sweep and restarted like
# the others, and a service activated afterwards still starts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"
need_cmd prlimit

N=400
LIMIT=1000
printf '#!/bin/sh\n[ "$1" = start ] && exec sleep 1000\nexit 0\n' > "$T/rc.main"
chmod +x "$T/rc.main"
mkdir $(seq -f "$B/m%g" 1 $N) "$B/late"
perl -e 'link($ARGV[0], "$_/rc.main") or die "$_: $!" for @ARGV[1 .. $#ARGV]' \
	"$T/rc.main" "$B"/m* "$B/late"
chmod +t "$B"/m*
spawn PD prlimit --nofile=$LIMIT:$LIMIT perpd "$B" 2>>"$PERPD_ERR" </dev/null
names() { seq -f "m%g" 1 $N; }
running() { perpq -b "$B" $(names) | grep -c "^main.pid=[1-9]"; }
pidfds() { ls -l "/proc/$PD/fd" | grep -c 'anon_inode:\[pidfd\]'; }

test_ok "$N services start under a limit of $LIMIT descriptors" '
	wait_until 60 "[ \$(running) = $N ]"'
test_ok 'pidfds leave the reserve free' '
	n=$(pidfds) && open=$(ls "/proc/$PD/fd" | wc -l) &&
	echo "$n pidfds, $open descriptors open of $LIMIT" &&
	[ "$n" -gt 0 ] && [ "$n" -lt $N ] && [ "$open" -le $((LIMIT - 256)) ]'
# The highest numbered services started last: they have no pidfd.
test_ok 'mains without a pidfd are reaped and restarted' '
	old=$(for s in m396 m397 m398 m399 m400; do st main.pid $s; done) &&
	kill -KILL $old &&
	wait_until 15 "[ \$(perpq -b \"$B\" m396 m397 m398 m399 m400 | grep -c \"^main.pid=[1-9]\") = 5 ]" &&
	new=$(for s in m396 m397 m398 m399 m400; do st main.pid $s; done) &&
	for p in $new; do ! grep -qx "$p" <<< "$old" || exit 1; done'
test_ok 'control connections still work, many at once' '
	qs= &&
	for i in 1 2 3 4 5 6 7 8; do perpq -b "$B" $(names) > "$T/q$i" & qs="$qs $!"; done &&
	wait $qs &&
	for i in 1 2 3 4 5 6 7 8; do [ "$(grep -c "^main.pid=[1-9]" "$T/q$i")" = $N ] || exit 1; done'
test_ok 'a service activated now still starts' '
	chmod +t "$B/late" && wait_until 10 "[ \"\$(st main.pid late)\" -gt 0 ]"'
test_ok 'all stop when perpd is told to' 'pd_stop'

done_testing
