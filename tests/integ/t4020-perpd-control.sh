#!/bin/bash
# flag.down and flag.once, and the control commands through the socket:
# u d o p c, signals, -g (process group), -L (the logger), D and U (and
# the log pipe still works after D then U, which 2.07 broke).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make fdown 'exec sleep 1000' 'exec cat > /dev/null'
touch "$B/fdown/flag.down"
sv_make fonce 'sleep 0.3; exit 0'
touch "$B/fonce/flag.once"
sv_make svc 'exec sleep 1000' 'exec cat > /dev/null'
sv_make grp 'sleep 1001 & exec sleep 1000'
sv_make echo 'exec 2>&1; while :; do echo tick; sleep 0.1; done' \
	"exec cat >> $T/echo.log"
for d in "$B"/*; do chmod +t "$d"; done
pd_start
up svc && up grp && up echo
ctl() { perpq -b "$B" -c "$@" | tail -1; }

test_ok 'flag.down: main not started, logger started' '
	wait_until 5 "[ \"\$(st log.pid fdown)\" -gt 0 ]" &&
	[ "$(st main.pid fdown)" = 0 ] && [ "$(st main.flags fdown)" = 0x10 ] &&
	[ "$(st flags fdown)" = 0x13 ] && [ -z "$(calls fdown "main start")" ]'
test_ok 'u starts a flag.down service' '
	[ "$(ctl u fdown)" = err=0 ] && up fdown'
test_ok 'flag.once: runs once, its reset runs, no restart' '
	wait_until 10 "calls fonce \"main reset\" | grep -q \"exit 0\"" &&
	wait_until 5 "[ \"\$(st main.pid fonce)\" = 0 ]" &&
	[ $(( $(st main.flags fonce) & 0x14 )) = 20 ] &&
	[ "$(st flags fonce)" = 0x21 ] && [ "$(calls fonce "main start" | wc -l)" = 1 ]'

p=$(st main.pid svc)
test_ok 'd: SIGTERM, the reset, and main stays down' '
	[ "$(ctl d svc)" = err=0 ] && wait_gone 5 "$p" &&
	wait_until 5 "calls svc \"main reset\" | grep -q \"signal 15 SIGTERM\"" &&
	[ "$(st main.pid svc)" = 0 ] && [ $(( $(st main.flags svc) & 0x10 )) = 16 ] &&
	! wait_until 2 "[ \"\$(st main.pid svc)\" != 0 ]"'
test_ok 'u: up again at once (a requested stop is no crash)' '
	[ "$(ctl u svc)" = err=0 ] && up svc 2 && [ "$(st main.backoff svc)" = 0 ]'
p=$(st main.pid svc)
test_ok 'p pauses (SIGSTOP), c continues' '
	[ "$(ctl p svc)" = err=0 ] &&
	wait_until 5 "grep -q \"^State:.*T\" /proc/$p/status" &&
	[ $(( $(st main.flags svc) & 8 )) = 8 ] &&
	[ "$(ctl c svc)" = err=0 ] &&
	wait_until 5 "! grep -q \"^State:.*T\" /proc/$p/status" &&
	[ $(( $(st main.flags svc) & 8 )) = 0 ]'
test_ok 'o marks once; a signal then ends it for good' '
	[ "$(ctl o svc)" = err=0 ] && [ $(( $(st main.flags svc) & 4 )) = 4 ] &&
	[ "$(ctl t svc)" = err=0 ] && wait_gone 5 "$p" &&
	wait_until 5 "[ \$(calls svc \"main reset\" | wc -l) = 2 ]" &&
	! wait_until 2 "[ \"\$(st main.pid svc)\" != 0 ]"'
test_ok 'o on a stopped service starts it once' '
	[ "$(ctl o svc)" = err=0 ] && up svc 3 && [ "$(ctl u svc)" = err=0 ]'

g=$(st main.pid grp)
kid=$(pgrep -g "$g" -x sleep | grep -vx "$g" | head -1)
test_ok '-g signals the whole process group' '
	[ -n "$kid" ] && [ "$(perpq -b "$B" -g -c t grp | tail -1)" = err=0 ] &&
	wait_gone 5 "$g" && wait_gone 5 "$kid"'

l=$(st log.pid svc)
test_ok '-L d stops only the logger; -L u starts it again' '
	[ "$(perpq -b "$B" -L -c d svc | tail -1)" = err=0 ] && wait_gone 5 "$l" &&
	[ "$(st main.pid svc)" -gt 0 ] && wait_until 5 "[ \"\$(st log.pid svc)\" = 0 ]" &&
	[ "$(perpq -b "$B" -L -c u svc | tail -1)" = err=0 ] &&
	wait_until 5 "[ \"\$(st log.pid svc)\" -gt 0 ]"'

pipe=$(readlink "/proc/$(st main.pid echo)/fd/1")
: > "$CALLS"
test_ok 'D: main down first (with its reset), then the logger' '
	[ "$(ctl D echo)" = err=0 ] &&
	wait_until 10 "[ \"\$(st main.pid echo)\" = 0 ] && [ \"\$(st log.pid echo)\" = 0 ]" &&
	wait_until 5 "[ \$(grep -c \"^echo .* reset\" \"$CALLS\") = 2 ]" &&
	grep "^echo .* reset" "$CALLS" | head -1 | grep -q "^echo main reset"'
n=$(grep -c tick "$T/echo.log")
test_ok 'U after D: both run again on the same, working log pipe' '
	[ "$(ctl U echo)" = err=0 ] && up echo &&
	wait_until 5 "[ \"\$(st log.pid echo)\" -gt 0 ]" &&
	[ "$(readlink "/proc/$(st main.pid echo)/fd/1")" = "$pipe" ] &&
	[ "$(readlink "/proc/$(st log.pid echo)/fd/0")" = "$pipe" ] &&
	wait_until 5 "[ \$(grep -c tick \"$T/echo.log\") -gt $((n + 3)) ]" &&
	! grep -q "EBADF" "$PERPD_ERR"'
test_ok 'an unknown command is EPROTO' '
	[ "$(ctl z svc)" = err=71 ]'

pd_stop
done_testing
