#!/bin/bash
# Never a duplicate: perpd is killed with SIGKILL while 20 logged
# services run; a new perpd on the same base adopts them (same pids, same
# log pipes): exactly 20 mains and 20 loggers, and no line lost. Then,
# while perpd is dead again, one main dies, one directory loses its
# sticky bit and one disappears: the next perpd runs the owed reset, and
# stops the other two in order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

N=20
for i in $(seq 1 $N); do
	sv_make "s$i" "exec linegen -i s$i -r 400 -n 0 -l 20:80 -c $T/s$i.count" \
		"exec teelog $T/s$i.log"
	chmod +t "$B/s$i"
done
pd_start
for i in $(seq 1 $N); do up "s$i"; done
snapshot() {
	for i in $(seq 1 $N); do echo "s$i $(st main.pid "s$i") $(st log.pid "s$i")"; done
}
# count COMM: processes of this base named COMM, by pid
count() {
	local n=0 p
	for p in $(pgrep -x "$1"); do
		tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null |
		    grep -qx "PERP_BASE=$B" && n=$((n + 1))
	done
	echo $n
}
before=$(snapshot)
wait_until 5 "[ \$(wc -l < \"$T/s$N.log\") -gt 100 ]"
old=$PD
pd_kill9
sleep 0.5

test_ok 'with perpd dead, the services run on' '
	[ "$(count linegen)" = $N ] && [ "$(count teelog)" = $N ]'
pd_start
test_ok 'the new perpd adopts every service: same pids' '
	[ "$PD" != "$old" ] &&
	[ "$(grep -c "perpd\[$PD\]: adopted service s[0-9]*: main pid [0-9]*, log pid [0-9]*" "$PERPD_ERR")" = $N ] &&
	[ "$(snapshot)" = "$before" ]'
test_ok 'exactly 20 mains and 20 loggers, counted by pid' '
	sleep 1 && [ "$(count linegen)" = $N ] && [ "$(count teelog)" = $N ] &&
	[ "$(calls s1 "main start" | wc -l)" = 1 ]'
l=$(st log.pid s1)
test_ok 'an adopted logger killed: the new one reads the recovered pipe' '
	kill -KILL "$l" && wait_gone 5 "$l" &&
	log_up s1 "$l" 5 &&
	m=$(st main.pid s1) && nl=$(st log.pid s1) &&
	[ "$(readlink /proc/$nl/fd/0)" = "$(readlink /proc/$m/fd/1)" ]'

# Second crash, with changes while no perpd watches.
pd_kill9
dead=$(grep "^s2 " <<< "$before" | cut -d" " -f2)
kill -KILL "$dead"
unst=$(grep "^s3 " <<< "$before" | cut -d" " -f2-)
chmod -t "$B/s3"
gone=$(grep "^s4 " <<< "$before" | cut -d" " -f2-)
mv "$B/s4" "$T/s4.moved"
pd_start
test_ok 'a main that died unwatched gets its reset, then a new start' '
	wait_until 5 "calls s2 \"main reset\" | grep -q ." &&
	calls s2 "main reset" | grep -Eq "reset s2 (signal 9 SIGKILL|unknown) \| .* svpid=$dead " &&
	up s2 5 && [ "$(st main.pid s2)" != "$dead" ]'
test_ok 'a directory no longer sticky: adopted, then stopped in order' '
	for p in $unst; do wait_gone 10 "$p" || exit 1; done &&
	wait_until 5 "grep -q \"perpd\[$PD\]: deactivating service s3\" \"$PERPD_ERR\"" &&
	calls s3 "log reset" | grep -q "exit 0"'
test_ok 'a directory gone from BASE: its processes are stopped' '
	for p in $gone; do wait_gone 10 "$p" || exit 1; done &&
	grep -q "service directory (dev [0-9]* ino [0-9]*) of the previous perpd is gone" "$PERPD_ERR"'
test_ok 'the rest were adopted again, untouched' '
	for i in $(seq 5 $N); do
		[ "$(grep "^s$i " <<< "$before")" = "s$i $(st main.pid "s$i") $(st log.pid "s$i")" ] || exit 1
	done'

pd_stop
test_ok 'after it all, no service lost a line' '
	for i in $(seq 1 $N); do
		linecheck -i "s$i" -n "$(cat "$T/s$i.count")" -d 1000000 "$T/s$i.log" > "$T/lc" ||
		    { cat "$T/lc"; echo "s$i"; exit 1; }
	done'

done_testing
