#!/bin/bash
# perpctl and perpok against the real perpd: the effect of each command,
# A and X (sticky bit, then the rescan), the messages and exit codes of
# perp-2.07.md sections 5 to 8 with the fixes, and a perpd that stops.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tools.sh"
need_cmd jq
[ -x "$BIN/perpd" ] || skip_all "perpd not built"

SLEEP='exec sleep 1000'
# sig records the signals it gets, one name a line.
mksv sig "for s in ALRM HUP INT QUIT WINCH USR1 USR2; do trap \"echo \$s >> $T/sig.got\" \$s; done; echo ready > $T/sig.got; while :; do sleep 0.05; done"
mksv foo "$SLEEP"
mksv late "$SLEEP"
mksv inact "$SLEEP"
mksv .hidden "$SLEEP"
: > "$B/afile"
activate sig foo .hidden
start_perpd

run() {
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
}
wait_up() {
	wait_until 10 "[ \"\$(panel $1)\" = '$2' ]"
}

test_ok 'sig and foo come up' \
    "wait_up foo '[+ +++ ---]' && wait_until 10 'grep -q ready \"$T/sig.got\"'"

# Signals: each letter delivers its signal.
for c in a h i q w 1 2; do
	run perpctl -b "$B" "$c" sig
done
test_ok 'a h i q w 1 2 deliver ALRM HUP INT QUIT WINCH USR1 USR2' \
    "wait_until 10 '[ \"\$(sort \"$T/sig.got\" | tr \"\\n\" \" \")\" = \"ALRM HUP INT QUIT USR1 USR2 WINCH ready \" ]'"
test_is 'perpctl: "sig: ok", exit 0' "$rc:$(cat "$T/err")" '0:sig: ok'

pid=$(jget .main.pid foo)
run perpctl -b "$B" k foo
test_ok 'perpctl k: killed, and started again' \
    "wait_gone 10 $pid && wait_until 10 '[ \"\$(jget .main.pid foo)\" != \"$pid\" ] && [ \"\$(panel foo)\" = \"[+ +++ ---]\" ]'"
test_is 'perpctl k: the last exit was SIGKILL' \
    "$(jget .main.last_exit.signame foo)" SIGKILL
run perpctl -b "$B" -q down foo
test_ok 'perpctl -q down: quiet, and foo goes down' \
    "[ $rc = 0 ] && [ ! -s '$T/err' ] && wait_up foo '[+ ... ---]'"
run perpctl -b "$B" u foo sig
test_is 'perpctl u on two services: one connection, two oks' \
    "$rc:$(cat "$T/err")" '0:foo: ok
sig: ok'

# Errors per service: perpctl goes on, and exits 111.
run perpctl -b "$B" t nosuch afile inact .hidden foo
test_is 'perpctl: per-service errors as 2.07 words them' "$rc:$(cat "$T/err")" \
    '111:error: nosuch: service directory not found
error: afile: not a directory
error: inact: service directory not activated
error: .hidden: error reported in reply: file does not exist (ENOENT)
foo: ok'

# A and X
run perpctl -b "$B" A late inact
test_is 'perpctl A: set for activation, rescan triggered' "$rc:$(cat "$T/err")" \
    '0:late: set for activation
inact: set for activation
rescan triggered for activation set on 2 services'
test_ok 'perpctl A: perpd starts them' \
    "wait_up late '[+ +++ ---]' && wait_up inact '[+ +++ ---]'"
pid=$(jget .main.pid late)
run perpctl -b "$B" X late
test_is 'perpctl X: set for deactivation' "$rc:$(cat "$T/err")" \
    '0:late: set for deactivation
rescan triggered for deactivation set on 1 service'
test_ok 'perpctl X: the service stops, the directory is not sticky' \
    "wait_gone 10 $pid && [ \"\$(panel late)\" = '[- --- ---]' ]"
run perpctl -b "$B" X nosuch
test_is 'perpctl X nosuch: 111' "$rc:$(cat "$T/err")" \
    '111:error: nosuch: service directory not found
rescan triggered for deactivation set on 0 services'

# perpok
ok_is() { # DESC WANT-RC WANT-STDERR ARGS...
	local desc=$1 want=$2 msg=$3
	shift 3
	run perpok "$@"
	test_is "perpok: $desc" "$rc:$(cat "$T/err")" "$want:$msg"
}
test_ok 'sig has been up a second' "wait_until 10 'perpok -b \"$B\" -u 1 sig'"
ok_is 'up' 0 'perpok: sig: ok: service is activated/ok' -v -b "$B" sig
ok_is '-u 1' 0 'perpok: sig: ok: service uptime ok' -v -u 1 -b "$B" sig
ok_is '-u 100000' 1 'perpok: sig: fail: service uptime not met' \
    -v -u 100000 -b "$B" sig
perpctl -q -b "$B" d foo
wait_up foo '[+ ... ---]'
ok_is 'down, basic test' 0 '' -b "$B" foo
ok_is 'down, -u' 1 'perpok: foo: fail: service not running (pid is 0)' \
    -v -u 1 -b "$B" foo
ok_is 'not activated' 1 'perpok: late: fail: service directory late not activated' \
    -v -b "$B" late
ok_is 'not scanned (2.07: 111)' 1 \
    'perpok: .hidden: fail: service directory .hidden not yet scanned by perpd' \
    -v -b "$B" .hidden
ok_is 'not a directory' 100 'perpok usage error: argument not a directory: afile
usage: perpok [-hV] [-b basedir] [-u secs] [-v] sv' -b "$B" afile
ok_is 'no such directory' 100 \
    'perpok fatal: failure stat() on service directory nosuch: file does not exist (ENOENT)' \
    -b "$B" nosuch

# perpd stops: every tool says so; perpok answers no.
kill -TERM "$PERPD"
test_ok 'perpd stops on SIGTERM' "wait_gone 30 $PERPD"
run perpls -b "$B" sig late
test_ok 'perpd down: perpls still lists, exit 111' \
    "[ $rc = 111 ] && head -n 1 '$T/out' | grep -Eqx '\\[E --- ---\\]  sig   error: perpd not running \\[(ECONNREFUSED|ENOENT)\\]' &&
     sed -n 2p '$T/out' | grep -qx '\\[- --- ---\\]  late  (service not activated)'"
ok_is 'perpd down (2.07: 111)' 1 '' -b "$B" sig
run perpstat -b "$B" sig
test_ok 'perpd down: perpstat says so, 111' \
    "[ $rc = 111 ] && grep -q '^perpstat fatal: perpd not running on control socket $B/.control/perpd.sock: ' '$T/err'"
run perpctl -b "$B" u sig
test_ok 'perpd down: perpctl says so, 111' \
    "[ $rc = 111 ] && grep -q '^perpctl fatal: perpd not running on control socket $B/.control/perpd.sock: ' '$T/err'"
run perpctl -b "$B" A late
test_is 'perpd down: perpctl A finds no lock, 111' "$rc:$(cat "$T/err")" \
    "111:late: set for activation
perpctl fatal: perpd not running on $B: no lock active on $B/.control/perpd.pid"

done_testing
