#!/bin/bash
# perpd's core: options and messages, the .control layout, activation of
# sticky directories at start-up, the runscript contract of a start
# (argv, environment, cwd, session, descriptors, umask), status and
# control through the socket, one perpd per base.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

test_ok 'perpd -V prints its version on stderr and exits 0' '
	perpd -V 2> "$T/v" && grep -qx "version: perpd [0-9.]*" "$T/v"'
test_ok 'perpd -h prints the usage line and exits 0' '
	perpd -h 2> "$T/v" &&
	grep -qx "usage: perpd \[-hV\] \[-a secs\] \[-g gid\] \[basedir\]" "$T/v"'
test_ok 'an unknown option is a usage error (100)' '
	perpd -x /tmp 2> "$T/v"; [ $? -eq 100 ] &&
	grep -q "^error: perpd\[[0-9]*\]: usage error: invalid option -x$" "$T/v"'
test_ok 'a missing option argument is a usage error' '
	perpd -a 2> "$T/v"; [ $? -eq 100 ] &&
	grep -q "usage error: missing argument for option -a$" "$T/v"'
test_ok '-a needs a number' '
	perpd -a x /tmp 2> "$T/v"; [ $? -eq 100 ] &&
	grep -q "usage error: non-numeric argument found for option -a: x$" "$T/v"'
test_ok 'a relative base directory is a usage error' '
	perpd relbase 2> "$T/v"; [ $? -eq 100 ] &&
	grep -q "usage error: base directory not defined as absolute path: relbase$" "$T/v"'
test_ok 'a missing base directory is fatal (111)' '
	perpd "$T/nonexist" 2> "$T/v"; [ $? -eq 111 ] &&
	grep -q "^error: perpd\[[0-9]*\]: fatal: failure chdir() to base directory $T/nonexist: file does not exist (ENOENT)$" "$T/v"'
test_ok '-g takes any numeric gid, and rejects an unknown group name' '
	perpd -g nosuchgroup_x "$T" 2> "$T/v"; [ $? -eq 100 ] &&
	grep -q "usage error: no group id found for option -g nosuchgroup_x$" "$T/v"'

sv_make foo 'exec sleep 1000' 'exec cat > /dev/null'
sv_make plain
sv_make inactive
chmod +t "$B/foo" "$B/plain"
umask 027
exec 7< /dev/null  # inherited by perpd: must not reach the services
pd_start
exec 7<&-
umask 022

test_ok 'perpd logs its start and the services it activates' '
	up foo && up plain &&
	grep -qx "perpd\[$PD\]: starting on $B ..." "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: activated new service: foo" "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: activated new service: plain" "$PERPD_ERR" &&
	wait_until 5 "grep -qx \"perpd\[$PD\]: supervising 2 active services\" \"$PERPD_ERR\""'
test_ok 'a directory without the sticky bit is not started' '
	[ -z "$(calls inactive start)" ] && [ "$(st err inactive)" = 20 ]'
test_ok '.control holds the locked pid file and a 0700 socket' '
	[ "$(stat -c %a "$B/.control")" = 700 ] &&
	[ "$(stat -c %a "$B/.control/perpd.sock")" = 700 ] &&
	[ "$(cat "$B/.control/perpd.pid")" = "$PD" ]'

mpid=$(st main.pid foo)
lpid=$(st log.pid foo)
test_ok 'rc.main start: argv, PERP_* environment, cwd, own session, umask' '
	line=$(calls foo "main start") &&
	case "$line" in "foo main start foo | pid=$mpid svpid=$mpid svsecs=unset base=$B umask=0027 cwd=$B/foo sid=$mpid in=/dev/null out=pipe:"*) true;; *) false;; esac'
test_ok 'rc.log start reads the pipe rc.main writes' '
	line=$(calls foo "log start") &&
	case "$line" in "foo log start foo | pid=$lpid"*) true;; *) false;; esac &&
	[ "$(readlink /proc/$lpid/fd/0)" = "$(readlink /proc/$mpid/fd/1)" ]'
test_ok 'without rc.log, rc.main writes to perpd'"'"'s stdout' '
	case "$(calls plain "main start")" in *" out=$T/perpd.out") true;; *) false;; esac'
test_ok 'the services run with the exec'"'"'d program as the supervised pid' '
	[ "$(cat /proc/$mpid/comm)" = sleep ] && [ "$(st main.starts foo)" = 1 ]'
test_ok 'no perpd descriptor leaks into a service' '
	[ "$(ls /proc/$mpid/fd | sort -n | tr "\n" " ")" = "0 1 2 " ]'
test_ok 'status: activated, with a logger; main and log up' '
	[ "$(st flags foo)" = 0x03 ] && [ "$(st flags plain)" = 0x01 ] &&
	[ "$(st log.flags foo)" = 0x01 ] && [ "$(st main.flags foo)" = 0x00 ] &&
	[ "$(st perpd foo)" = "$PD" ] && [ "$(st stop_timeout foo)" = 10000 ]'
test_ok 'one connection carries several exchanges' '
	[ "$(perpq -b "$B" foo plain foo | grep -c "^sv=")" = 3 ]'
test_ok 'Q for an unknown directory: ENOTDIR; C: ENOENT' '
	[ "$(perpq -b "$B" "$T" | tail -1)" = err=20 ] &&
	[ "$(perpq -b "$B" -c u "$T" | tail -1)" = err=2 ]'
test_ok 'a second perpd on the same base fails on the lock (111)' '
	perpd "$B" 2> "$T/v"; [ $? -eq 111 ] &&
	grep -q "fatal: failure on lock file perpd.pid: temporary i/o failure (EAGAIN)$" "$T/v"'
test_ok 'the pid table names both processes of foo' '
	[ -s "$B/.control/perpd.table" ]'

mkdir -p "$T/g0" "$T/gname" "$T/gnum"
gname=$(getent group 1 | cut -d: -f1)
# A numeric gid that no group in /etc/group has.
gnum=54321
while getent group "$gnum" >/dev/null; do gnum=$((gnum + 1)); done
spawn G0 perpd -g 0 "$T/g0" 2>/dev/null </dev/null
spawn G1 perpd -g "$gname" "$T/gname" 2>/dev/null </dev/null
spawn G2 perpd -g "$gnum" "$T/gnum" 2>/dev/null </dev/null
test_ok '-g 0 (2.07 took it for a name), -g NAME, -g GID of no group: socket 0770, that group' '
	wait_until 5 "[ -S \"$T/g0/.control/perpd.sock\" ] && [ -S \"$T/gname/.control/perpd.sock\" ] && [ -S \"$T/gnum/.control/perpd.sock\" ]" &&
	[ "$(stat -c "%a %g" "$T/g0/.control/perpd.sock")" = "770 0" ] &&
	[ "$(stat -c "%a %g" "$T/gname/.control/perpd.sock")" = "770 1" ] &&
	[ "$(stat -c "%a %g" "$T/gnum/.control/perpd.sock")" = "770 $gnum" ] &&
	kill -TERM "$G0" "$G1" "$G2" && wait_gone 5 "$G0" && wait_gone 5 "$G1" &&
	wait_gone 5 "$G2"'
test_ok '-g with a name no group has: usage error, 100' '
	perpd -g no-such-group-here "$T/gnum" 2>"$T/gerr" </dev/null; [ $? -eq 100 ] &&
	cat "$T/gerr" >&2 && grep -q "no-such-group-here" "$T/gerr"'

test_ok 'SIGTERM stops every service and perpd exits 0' '
	pd_stop && ! alive "$mpid" && ! alive "$lpid" &&
	grep -qx "perpd\[$PD\]: initiating termination..." "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: termination complete" "$PERPD_ERR" &&
	[ ! -e "$B/.control/perpd.table" ]'

done_testing
