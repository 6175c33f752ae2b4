#!/bin/bash
# perpboot: perpd and its logger from BASE/.boot, joined by a pipe that
# perpboot holds, so the logger and perpd restart without losing lines;
# signals passed on to rc.perp; an ordered exit on SIGTERM; -d and -x.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

test_ok 'perpboot -h and -V; a bad option is a usage error' '
	perpboot -h 2> "$T/v" && grep -qx "usage: perpboot \[-hV\] \[-d\] \[-x\] \[dir\]" "$T/v" &&
	perpboot -V 2> "$T/v" && grep -qx "version: perpboot [0-9.]*" "$T/v" &&
	{ perpboot -q 2> "$T/v"; [ $? = 100 ]; } &&
	grep -qx "perpboot usage error: invalid option -q" "$T/v"'
test_ok 'a missing .boot is fatal (111)' '
	perpboot "$T" 2> "$T/v"; [ $? = 111 ] &&
	grep -q "^perpboot fatal: failure chdir() to $T/.boot: file does not exist (ENOENT)$" "$T/v"'

mkdir -p "$B/.boot"
cat > "$B/.boot/rc.log" <<EOS
#!/bin/sh
echo "boot rc.log args=[\$*] base=\$PERP_BASE umask=\$(umask) in=\$(readlink /proc/\$\$/fd/0) fd7=\$(readlink /proc/\$\$/fd/7)" >> $T/boot.calls
exec teelog $T/boot.log
EOS
cat > "$B/.boot/rc.perp" <<EOS
#!/bin/sh
echo "boot rc.perp args=[\$*] base=\$PERP_BASE umask=\$(umask) out=\$(readlink /proc/\$\$/fd/1) err=\$(readlink /proc/\$\$/fd/2)" >> $T/boot.calls
exec perpd "\$PERP_BASE"
EOS
chmod +x "$B/.boot/rc.log" "$B/.boot/rc.perp"
sv_make svc
chmod +t "$B/svc"
umask 027
exec 7< /dev/null
spawn PB perpboot "$B" 2> "$T/perpboot.err"
exec 7<&-
umask 022
perpd_pid() { cat "$B/.control/perpd.pid" 2>/dev/null; }

test_ok 'rc.log and rc.perp run with no arguments, PERP_BASE and our umask' '
	wait_until 10 "grep -q \"starting on $B\" \"$T/boot.log\"" && up svc &&
	grep -q "^boot rc.log args=\[\] base=$B umask=0027 in=pipe:.* fd7=$" "$T/boot.calls" &&
	grep -q "^boot rc.perp args=\[\] base=$B umask=0027 out=pipe:.* err=pipe:" "$T/boot.calls"'
test_ok 'perpd'"'"'s stderr reaches the logger' '
	grep -q "perpd\[[0-9]*\]: activated new service: svc" "$T/boot.log"'

pd=$(perpd_pid)
svcpid=$(st main.pid svc)
l=$(pgrep -x teelog -P "$PB")
test_ok 'the logger killed: a new one, and the pipe kept what perpd wrote' '
	[ -n "$l" ] && kill -KILL "$l" && kill -USR1 "$pd" &&
	wait_until 5 "grep -q \"ignoring signal SIGUSR1\" \"$T/boot.log\"" &&
	[ "$(pgrep -x teelog -P "$PB")" != "$l" ]'
test_ok 'signals to perpboot reach perpd' '
	kill -USR2 "$PB" &&
	wait_until 5 "grep -q \"perpd\[$pd\]: ignoring signal SIGUSR2\" \"$T/boot.log\""'
test_ok 'perpd killed: perpboot starts it again, and it adopts svc' '
	kill -KILL "$pd" && wait_until 10 "[ -n \"\$(perpd_pid)\" ] && [ \"\$(perpd_pid)\" != $pd ]" &&
	wait_until 10 "grep -q \"adopted service svc: main pid $svcpid\" \"$T/boot.log\"" &&
	[ "$(st main.pid svc)" = "$svcpid" ]'
test_ok 'SIGTERM: perpd stops all, the logger drains, perpboot exits 0' '
	pd=$(perpd_pid) && kill -TERM "$PB" && wait "$PB"; rc=$?; [ "$rc" = 0 ] &&
	! alive "$pd" && ! alive "$svcpid" && [ -z "$(pgrep -x teelog -P "$PB")" ] &&
	tail -n 1 "$T/boot.log" | grep -q "perpd\[$pd\]: termination complete"'

B2=$T/crash
mkdir -p "$B2/.boot"
printf '#!/bin/sh\ndate +%%s.%%N >> %s/crash.starts\necho "rc.perp to stderr" >&2\nexit 1\n' "$T" > "$B2/.boot/rc.perp"
chmod +x "$B2/.boot/rc.perp"
spawn PB2 perpboot "$B2" 2> "$T/perpboot2.err"
test_ok 'a crashing rc.perp restarts at most once a second, with a warning' '
	wait_until 10 "[ \$(wc -l < \"$T/crash.starts\") -ge 3 ]" &&
	grep -q "^perpboot: warning: pausing for restart of ./rc.perp ...$" "$T/perpboot2.err" &&
	awk "NR > 1 && \$1 - p < 0.9 { exit 1 } { p = \$1 }" "$T/crash.starts"'
test_ok 'without rc.log, rc.perp writes to perpboot'"'"'s stderr' '
	grep -q "^rc.perp to stderr$" "$T/perpboot2.err" &&
	kill -TERM "$PB2" && wait "$PB2"'

B3=$T/detach
mkdir -p "$B3/.boot"
cp "$B/.boot/rc.perp" "$B3/.boot/rc.perp"
test_ok '-d: perpboot detaches at once and runs on' '
	perpboot -d "$B3" 2> "$T/perpboot3.err" &&
	wait_until 10 "[ -S \"$B3/.control/perpd.sock\" ]" &&
	pb=$(ps -o ppid= -p "$(cat "$B3/.control/perpd.pid")" | tr -d " ") &&
	[ "$(cat /proc/$pb/comm)" = perpboot ] &&
	[ "$(cut -d" " -f6 /proc/$pb/stat)" = "$pb" ] &&
	kill -TERM "$pb" && wait_gone 10 "$pb"'

B4=$T/noexec
mkdir -p "$B4/.boot"
cp "$B/.boot/rc.perp" "$B/.boot/rc.log" "$B4/.boot/"
spawn PB4 perpboot -x "$B4"
test_ok '-x: perpboot becomes rc.perp (perpd), the logger its child' '
	wait_until 10 "[ -S \"$B4/.control/perpd.sock\" ]" &&
	[ "$(cat "$B4/.control/perpd.pid")" = "$PB4" ] &&
	[ "$(cat /proc/$PB4/comm)" = perpd ] &&
	[ -n "$(pgrep -x teelog -P "$PB4")" ] &&
	kill -TERM "$PB4" && wait "$PB4"'

done_testing
