#!/bin/bash
# Activation and deactivation: inotify makes chmod +t / -t, mkdir, rm and
# mv take effect without SIGHUP; SIGHUP (perphup) and -a still rescan
# (needed for a symlinked service directory, whose chmod BASE does not
# see); a rename keeps the service; odd names work; a service re-marked
# during its deactivation comes back afterwards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make first
chmod +t "$B/first"
pd_start
up first
act() { grep -qx "perpd\[$PD\]: activated new service: $1" "$PERPD_ERR"; }
deact() { grep -qx "perpd\[$PD\]: deactivating service $1" "$PERPD_ERR"; }

sv_make later
test_ok 'chmod +t activates at once, without SIGHUP' '
	chmod +t "$B/later" && up later 3 && act later'
test_ok 'chmod -t deactivates at once' '
	p=$(st main.pid later) && chmod -t "$B/later" &&
	wait_until 3 "deact later" && ! alive "$p" &&
	[ "$(st err later)" = 20 ]'
test_ok 'a sticky directory created complete is activated' '
	sv_make made && mv "$B/made" "$T/made" && chmod +t "$T/made" &&
	mv "$T/made" "$B/made" && up made 3'
test_ok 'a rename keeps the service and its pid' '
	p=$(st main.pid made) && mv "$B/made" "$B/renamed" &&
	sleep 0.2 && [ "$(st main.pid renamed)" = "$p" ] &&
	kill "$p" && wait_until 5 "calls renamed \"main reset\" | grep -q \"reset renamed \""'
test_ok 'rm -rf of a service directory deactivates it' '
	sv_make gone && chmod +t "$B/gone" && up gone 3 &&
	p=$(st main.pid gone) && rm -rf "$B/gone" &&
	wait_until 5 "deact gone" && ! alive "$p"'

mkdir -p "$T/elsewhere"
sv_make link
mv "$B/link" "$T/elsewhere/link"
ln -s "$T/elsewhere/link" "$B/link"
test_ok 'a symlinked directory made sticky: perphup rescans' '
	sleep 0.3 && chmod +t "$T/elsewhere/link" &&
	! wait_until 1 "act link" &&
	perphup -q "$B" && up link 3'
test_ok 'perphup says so, perphup -t terminates (tested at the end)' '
	perphup "$B" 2> "$T/v" &&
	grep -qx "perphup: perpd rescan triggered on $B" "$T/v"'

ln -s "$T/nowhere" "$B/dangling"
long=$(printf "x%.0s" $(seq 200))
sv_make "with space"
sv_make "$long"
nl=$'new\nline'
sv_make "$nl"
test_ok 'odd names: spaces, 200 characters, a newline' '
	chmod +t "$B/with space" "$B/$long" "$B/$nl" &&
	up "with space" 3 && up "$long" 3 && up "$nl" 3 &&
	calls "with space" "main start" | grep -q "^with space main start with space |" &&
	calls "$long" "main start" | grep -q "^$long main start $long |" &&
	act "new?line"'
test_ok 'a dangling symlink in BASE is quietly skipped' '
	perphup -q "$B" && sleep 0.3 && kill -0 "$PD" &&
	! grep -q "failure stat()" "$PERPD_ERR"'

sv_make noexeclog
printf '#!/bin/sh\nexec cat\n' > "$B/noexeclog/rc.log"
test_ok 'rc.log without u+x: a warning, and no logger' '
	chmod +t "$B/noexeclog" && up noexeclog 3 &&
	grep -q "warning: perpd\[$PD\]: rc.log exists but is not set executable for noexeclog" "$PERPD_ERR" &&
	[ "$(st flags noexeclog)" = 0x01 ]'

sv_make stubborn 'trap "" TERM; while :; do sleep 0.1; done'
echo 1 > "$B/stubborn/timeout.stop"
test_ok 'sticky again during its deactivation: reactivated afterwards' '
	chmod +t "$B/stubborn" && up stubborn 3 && p=$(st main.pid stubborn) &&
	chmod -t "$B/stubborn" && wait_until 3 "[ \"\$(st flags stubborn)\" = 0x04 ]" &&
	chmod +t "$B/stubborn" && wait_until 3 "[ \"\$(st flags stubborn)\" = 0x0c ]" &&
	wait_until 5 "deact stubborn" && ! alive "$p" &&
	up stubborn 5 && [ "$(st main.pid stubborn)" != "$p" ] &&
	[ "$(grep -c "activated new service: stubborn" "$PERPD_ERR")" = 2 ]'

B2=$T/base2
mkdir -p "$B2" "$T/elsewhere2"
sv_make auto
mv "$B/auto" "$T/elsewhere2/auto"
ln -s "$T/elsewhere2/auto" "$B2/auto"
spawn PD2 perpd -a 1 "$B2" 2>>"$T/perpd2.err" </dev/null
test_ok '-a 1 rescans every second' '
	wait_until 5 "[ -S \"$B2/.control/perpd.sock\" ]" && sleep 0.3 &&
	chmod +t "$T/elsewhere2/auto" &&
	wait_until 4 "grep -q \"activated new service: auto\" \"$T/perpd2.err\""'
test_ok 'perphup -t terminates perpd' '
	perphup -t "$B2" 2> "$T/v" &&
	grep -qx "perphup: SIGTERM for perpd on $B2" "$T/v" && wait_gone 10 "$PD2" &&
	grep -q "termination complete" "$T/perpd2.err"'
test_ok 'perphup with no perpd running fails (111)' '
	perphup "$B2" 2> "$T/v"; [ $? = 111 ] &&
	grep -qx "perphup fatal: perpd not running on $B2: no lock active on $B2/.control/perpd.pid" "$T/v"'

pd_stop
done_testing
