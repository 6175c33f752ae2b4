#!/bin/bash
# perpd survives: stray signals, a missing or non-executable rc.main, a
# flood of malformed packets, idle and excess clients, and 1,000
# services activated at once. The protocol's error replies are 2.07's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

sv_make steady
mkdir "$B/nomain"
sv_make noexec
chmod 0644 "$B/noexec/rc.main"
echo 'not a dir' > "$B/afile"
chmod +t "$B/steady" "$B/nomain" "$B/noexec" "$B/afile"
ln -s "$T/ctl" "$B/.control"
pd_start
up steady
p=$(st main.pid steady)

test_ok 'a dangling .control symlink: perpd creates its target' '
	[ -d "$T/ctl" ] && [ "$(stat -c %a "$T/ctl")" = 700 ] &&
	[ -S "$T/ctl/perpd.sock" ] && [ "$(cat "$T/ctl/perpd.pid")" = "$PD" ]'
test_ok 'SIGUSR1, SIGUSR2, SIGALRM, SIGQUIT do not kill perpd' '
	for s in USR1 USR2 ALRM QUIT; do kill -$s "$PD"; done &&
	wait_until 5 "grep -q \"ignoring signal SIGQUIT\" \"$PERPD_ERR\"" &&
	grep -q "perpd\[$PD\]: ignoring signal SIGUSR1" "$PERPD_ERR" &&
	grep -q "perpd\[$PD\]: ignoring signal SIGUSR2" "$PERPD_ERR" &&
	grep -q "perpd\[$PD\]: rescanning on SIGALRM" "$PERPD_ERR" &&
	alive "$PD" && [ "$(st main.pid steady)" = "$p" ]'
test_ok 'a missing rc.main: 2.07'"'"'s message, and perpd carries on' '
	wait_until 5 "grep -q \"(in child for service nomain):  failure execve(): file does not exist (ENOENT)\" \"$PERPD_ERR\"" &&
	grep -q "^error: perpd\[$PD\]: fatal: (in child for service nomain):  failure execve()" "$PERPD_ERR" &&
	alive "$PD"'
test_ok 'a non-executable rc.main: EACCES, and back-off instead of a storm' '
	wait_until 5 "grep -q \"(in child for service noexec):  failure execve(): access denied (EACCES)\" \"$PERPD_ERR\"" &&
	wait_until 5 "[ \"\$(st main.backoff noexec)\" -ge 2000 ]" &&
	[ "$(grep -c "service noexec):  failure execve" "$PERPD_ERR")" -le 8 ]'
test_ok 'a sticky file is not a service' '
	[ "$(st err afile)" = 20 ]'

q() { perpq -b "$B" -x "$1"; }
key=$(perl -e '@s = stat($ARGV[0]); print unpack("H*", pack("Q<Q<", $s[0], $s[1]))' "$B/steady")
test_ok 'protocol: Y is ENOTSUP; an unknown type or version is EPROTO' '
	[ "$(q 025900)" = 0245045f000000 ] && [ "$(q 025800)" = 02450447000000 ] &&
	[ "$(q 035110$key)" = 02450447000000 ]'
test_ok 'protocol: a wrong length for the type is EPROTO' '
	[ "$(q 025108${key:0:16})" = 02450447000000 ] &&
	[ "$(q 024310$key)" = 02450447000000 ]'
test_ok 'protocol: unknown dev/ino: Q ENOTDIR, C ENOENT' '
	[ "$(q 025110$(printf "%032d" 0))" = 02450414000000 ] &&
	[ "$(q 024312$(printf "%032d" 0)7500)" = 02450402000000 ]'
test_ok 'protocol: a valid Q gets the 103-byte status, a valid C 0' '
	r=$(q 025110$key) && [ "${r:0:6}" = 025367 ] && [ ${#r} = 212 ] &&
	[ "$(q 024312${key}6300)" = 02450400000000 ]'
test_ok 'protocol: more bytes than announced: closed, with a warning' '
	[ "$(q 025110${key}00)" = closed ] &&
	grep -q "warning: perpd\[$PD\]: error reading client: protocol error (EPROTO)" "$PERPD_ERR"'

nfd=$(ls /proc/$PD/fd | wc -l)
test_ok 'a flood of 3000 malformed packets: perpd answers on, leaks nothing' '
	perpq -b "$B" -F 3000 > /dev/null && alive "$PD" &&
	[ "$(st main.pid steady)" = "$p" ] &&
	wait_until 5 "[ \$(ls /proc/$PD/fd | wc -l) = $nfd ]"'

t0=${EPOCHREALTIME/./}
idlers=()
for i in $(seq 1 20); do perpq -b "$B" -i > "$T/idle.$i" & idlers+=($!); done
test_ok 'the 21st client is turned away while 20 are connected' '
	wait_until 5 "[ \$(ls /proc/$PD/fd | wc -l) -ge $((nfd + 20)) ]" &&
	! perpq -b "$B" steady > /dev/null 2>&1 &&
	grep -q "warning: perpd\[$PD\]: too many client connections" "$PERPD_ERR"'
test_ok 'an idle client is closed after 8 s, with nothing else going on' '
	wait "${idlers[@]}" && ms=$(cat "$T/idle.1") && echo "$ms ms" &&
	[ "$ms" -ge 7900 ] && [ "$ms" -le 9500 ] &&
	grep -q "warning: perpd\[$PD\]: closing stale client connection" "$PERPD_ERR" &&
	[ "$(st main.pid steady)" = "$p" ]'
pd_stop

B=$T/many
mkdir -p "$B"
printf '#!/bin/sh\n[ "$1" = start ] && exec sleep 1000\nexit 0\n' > "$T/rc.main"
chmod +x "$T/rc.main"
mkdir "$B"/m{1..1000}
perl -e 'link($ARGV[0], "$_/rc.main") or die "$_: $!" for @ARGV[1 .. $#ARGV]' \
	"$T/rc.main" "$B"/m*
pd_start
running() { perpq -b "$B" $(printf "m%s " $(seq 1 1000)) | grep -c "^main.pid=[1-9]"; }
test_ok '1,000 services made sticky at once all start' '
	chmod +t "$B"/m* && wait_until 60 "[ \$(running) = 1000 ]" &&
	grep -qx "perpd\[$PD\]: supervising 1000 active services" "$PERPD_ERR"'
test_ok 'and all stop when perpd is told to' '
	pd_stop && [ "$(pgrep -x sleep | while read s; do
	    tr "\0" "\n" < /proc/$s/environ 2>/dev/null | grep -x "PERP_BASE=$B"; done | wc -l)" = 0 ]'

done_testing
