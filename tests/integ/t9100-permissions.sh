#!/bin/bash
# t9100: who may use perpd's control socket, and the modes of every file
# perpd and tinylog make (perpd.8 and tinylog.8, FILES).
#
# Two real unprivileged users, made here and removed at exit: an outsider
# and a member of a group made here too. perpd runs as root on a private
# base, first without -g (socket 0700: only root), then with -g GROUP
# (socket 0770, group GROUP; .control stays as the admin made it). What
# perpd.8 promises, tried with the real tools run as those users
# (setpriv): whoever can connect may query and control; A, X and perphup
# need the rights to chmod and to signal perpd (root here); everyone
# else gets EACCES, exit 111, and changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"
. "$(dirname "$0")/lib-tinylog.sh"

need_root
need_cmd useradd
need_cmd setpriv
OUTSIDER=ptout$$
MEMBER=ptmem$$
GROUP=ptgrp$$
users_gone() {
	userdel "$OUTSIDER" 2>/dev/null
	userdel "$MEMBER" 2>/dev/null
	groupdel "$OUTSIDER" 2>/dev/null
	groupdel "$MEMBER" 2>/dev/null
	groupdel "$GROUP" 2>/dev/null
}
# Processes first (lib.sh's cleanup, by pid), then the users and groups.
trap '_cleanup; users_gone' EXIT
groupadd "$GROUP" && useradd -M -U -s /bin/sh "$OUTSIDER" &&
    useradd -M -U -G "$GROUP" -s /bin/sh "$MEMBER" ||
    { echo "Bail out! cannot create the test users"; exit 1; }
GID=$(getent group "$GROUP" | cut -d: -f3)
chmod 711 "$T" # the users may reach the base, nothing more
umask 022

# as USER CMD...: CMD as USER, with USER's groups (the tools are in $BIN).
as() {
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$u" --init-groups "$@"
}
# denied USER: every tool run by USER is refused with EACCES, exit 111,
# and svc is still up with the same pid.
denied() {
	local u=$1 pid
	pid=$(st main.pid svc)
	{ as "$u" perpls -b "$B" svc; [ $? = 111 ]; } > "$T/out" 2> "$T/err" &&
	grep -q "failure connecting to perpd on control socket $B/.control/perpd.sock: access denied (EACCES)" "$T/err" &&
	grep -q "^\[E --- ---\]  svc  error: failure connecting to perpd control socket \[EACCES\]" "$T/out" &&
	{ as "$u" perpctl -b "$B" d svc; [ $? = 111 ]; } 2> "$T/err" &&
	grep -q "perpctl fatal: failure connecting to perpd control socket $B/.control/perpd.sock: access denied (EACCES)" "$T/err" &&
	{ as "$u" perpstat -b "$B" svc; [ $? = 111 ]; } 2>/dev/null &&
	{ as "$u" perpok -b "$B" svc; [ $? = 111 ]; } 2>/dev/null &&
	sleep 0.2 && [ "$(st main.pid svc)" = "$pid" ] && [ "$pid" -gt 0 ]
}
# no_admin USER: A, X and perphup need more than the socket: perphup
# cannot signal perpd (EPERM), or not even read perpd.pid when the umask
# made it 0640 (EACCES); perpctl X cannot chmod the service directory.
no_admin() {
	{ as "$1" perphup "$B"; [ $? = 111 ]; } 2> "$T/err" &&
	grep -Eq "perphup fatal: (failure kill\(\) on perpd pid $PD: permission denied \(EPERM\)|failure checking lock on $B/.control/perpd.pid: access denied \(EACCES\))$" "$T/err" &&
	{ as "$1" perpctl -b "$B" X svc; [ $? = 111 ]; } > "$T/out" 2>&1 &&
	grep -q "error: svc: failure chmod(): permission denied (EPERM)" "$T/out" &&
	[ -k "$B/svc" ]
}

test_ok 'the test users: the member is in the group, the outsider is not' '
	id -nG "$MEMBER" | grep -qw "$GROUP" && ! id -nG "$OUTSIDER" | grep -qw "$GROUP" &&
	as "$OUTSIDER" perpls -V 2>/dev/null'

sv_make svc
chmod +t "$B/svc"
pd_start
up svc
C=$B/.control
test_ok 'without -g: .control 0700, perpd.sock 0700, perpd.pid 0644, perpd.table 0600, all root' '
	[ "$(stat -c "%A %U %G" "$C")" = "drwx------ root root" ] &&
	[ "$(stat -c "%A %U %G" "$C/perpd.sock")" = "srwx------ root root" ] &&
	[ "$(stat -c "%A %U %G" "$C/perpd.pid")" = "-rw-r--r-- root root" ] &&
	[ "$(stat -c "%A %U %G" "$C/perpd.table")" = "-rw------- root root" ]'
test_ok 'without -g: the outsider and the member are refused (EACCES, 111)' '
	denied "$OUTSIDER" && denied "$MEMBER"'
test_ok 'without -g, .control opened to all: the socket still refuses them' '
	chmod 755 "$C" && denied "$OUTSIDER" && denied "$MEMBER"'
test_ok 'A, X and perphup: refused (EPERM) whatever the socket' '
	no_admin "$OUTSIDER" && no_admin "$MEMBER"'
test_ok 'root can' '
	perpls -b "$B" svc | grep -q "^\[+ +++ ---\]  svc " && perpok -b "$B" svc'
chmod 700 "$C"
pd_stop

# perpd.pid stays from the first run (an existing file keeps its mode):
# remove it to see the one perpd makes under umask 027.
rm "$C/perpd.pid"
umask 027
pd_start -g "$GROUP"
umask 022
up svc
test_ok '-g GROUP: socket 0770 root:GROUP; .control left 0700; perpd.pid through the umask (027: 0640)' '
	[ "$(stat -c "%A %U %G" "$C/perpd.sock")" = "srwxrwx--- root $GROUP" ] &&
	[ "$(stat -c "%A %U %G" "$C")" = "drwx------ root root" ] &&
	[ "$(stat -c %a "$C/perpd.pid")" = 640 ] &&
	[ "$(stat -c %a "$C/perpd.table")" = 600 ]'
test_ok '-g, .control still 0700: the member too is refused, as perpd.8 says' '
	denied "$MEMBER" && denied "$OUTSIDER"'
chgrp "$GROUP" "$C"
chmod 750 "$C"
test_ok '-g, .control opened to the group: the member queries (perpls, -j, perpstat, perpok)' '
	as "$MEMBER" perpls -b "$B" svc | grep -q "^\[+ +++ ---\]  svc  uptime" &&
	[ "$(as "$MEMBER" perpls -j -b "$B" svc | jq -r .main.state)" = up ] &&
	as "$MEMBER" perpstat -b "$B" svc | grep -q "^  main: up " &&
	as "$MEMBER" perpok -b "$B" svc'
test_ok '-g: the member controls (perpctl d, then u): root sees it' '
	old=$(st main.pid svc) &&
	as "$MEMBER" perpctl -b "$B" d svc 2>&1 | grep -qx "svc: ok" &&
	wait_until 10 "[ \"\$(st main.pid svc)\" = 0 ]" &&
	as "$MEMBER" perpctl -b "$B" u svc 2>&1 | grep -qx "svc: ok" && up svc &&
	[ "$(st main.pid svc)" != "$old" ]'
test_ok '-g: A, X and perphup still need root' '
	no_admin "$MEMBER"'
test_ok '-g: the outsider is refused, .control 0750 or even 0755' '
	denied "$OUTSIDER" && chmod 755 "$C" && denied "$OUTSIDER" &&
	as "$MEMBER" perpok -b "$B" svc'
chmod 700 "$C"
chgrp root "$C"
pd_stop

pd_start -g "$GID"
test_ok '-g GID (a number): the socket'"'"'s group' '
	[ "$(stat -c "%a %g" "$C/perpd.sock")" = "770 $GID" ]'
pd_stop

# ---- tinylog's files (tinylog.8, FILES) --------------------------------
# modes DIR GLOB: the modes of the files matching, one per line.
modes() { for f in "$1"/$2; do stat -c %a "$f"; done | sort -u; }
printf '#!/bin/sh\nsleep 2\nexec gzip\n' > "$T/slowzip"
chmod +x "$T/slowzip"
hold_pipe
test_ok 'tinylog: dir 0700, tinylog.pid 0644, current 0644 open, .s 0644, current 0744 closed' '
	spawn P tinylog -s 2000 -k 50 "$T/log" < "$T/fifo" 2>/dev/null &&
	linegen -n 10 >&7 && wait_until 5 "[ -s $T/log/current ]" &&
	[ "$(mode_of "$T/log")" = 700 ] && [ "$(mode_of "$T/log/tinylog.pid")" = 644 ] &&
	[ "$(mode_of "$T/log/current")" = 644 ] && linegen -n 100 -s 11 >&7 &&
	wait_until 5 "ls $T/log | grep -q \"\\.s\$\"" &&
	[ "$(modes "$T/log" "_*.s")" = 644 ] &&
	kill -TERM "$P" && wait_gone 5 "$P" && [ "$(mode_of "$T/log/current")" = 744 ]'
test_ok 'tinylog: a clean current archived with -r keeps 0744' '
	tinylog -r "$T/log" </dev/null 2>/dev/null &&
	[ "$(stat -c %a "$(ls -d "$T/log"/_*.s | tail -n 1)")" = 744 ]'
test_ok 'tinylog: a crash leaves current 0644; it becomes a .u, 0644' '
	spawn P tinylog "$T/crash" < "$T/fifo" 2>/dev/null && echo x >&7 &&
	wait_until 5 "[ -s $T/crash/current ]" && kill -KILL "$P" && wait_gone 5 "$P" &&
	tinylog "$T/crash" </dev/null 2>/dev/null &&
	[ "$(modes "$T/crash" "_*.u")" = 644 ]'
exec 7>&-
test_ok 'tinylog -z: .gz 0644; TINYLOG_ZIP: zipped 0644 while it runs, .Z 0644' '
	linegen -n 200 | tinylog -s 2000 -k 50 -z "$T/gz" 2>/dev/null &&
	[ "$(modes "$T/gz" "_*.gz")" = 644 ] &&
	printf "x\n" > "$T/gx.in" && mkdir "$T/gx" &&
	printf "one\n" > "$T/gx/_20200101T000000.000000.s" &&
	{ TINYLOG_ZIP=$T/slowzip spawn P tinylog -z "$T/gx" < "$T/gx.in" 2>/dev/null; } &&
	wait_until 5 "[ -e $T/gx/zipped ]" && [ "$(mode_of "$T/gx/zipped")" = 644 ] &&
	wait_gone 10 "$P" && [ "$(mode_of "$T/gx/_20200101T000000.000000.s.Z")" = 644 ]'
test_ok 'tinylog, umask 077: dir 0700, tinylog.pid 0600; current and archives as ever' '
	(umask 077 && linegen -n 200 | tinylog -s 2000 -k 50 -z "$T/u77" 2>/dev/null) &&
	[ "$(mode_of "$T/u77")" = 700 ] && [ "$(mode_of "$T/u77/tinylog.pid")" = 600 ] &&
	[ "$(mode_of "$T/u77/current")" = 744 ] && [ "$(modes "$T/u77" "_*.gz")" = 644 ]'

done_testing
