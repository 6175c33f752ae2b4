#!/bin/bash
# perpls, perpstat, perpok and perpctl against fakeperpd, a control socket
# that answers what its table says: every panel state, byte for byte as
# perp 2.07 prints it, the perpstat blocks, perpok's exit codes, the bytes
# perpctl sends, protocol faults, 2.07's 66-byte replies, relative base
# directories, a perpd that is not running, and JSON that parses and
# agrees with the text.
. "$(dirname "$0")/lib.sh"
need_cmd jq

B=$T/base
mkdir -p "$B"
for d in cull cycle down fdown foo later once paused resetting waiting \
    wantup closeit garbage wrongtype enotsup; do
	mkdir "$B/$d" && chmod +t "$B/$d"
done
mkdir "$B/inact" && : > "$B/afile"

# name S act svflags mpid mage mflags lpid lage lflags [backoff pending ws starts]
# Ages end in .6 so that they round to the next second even when the tools
# run up to 0.9 s after fakeperpd answered; wantup's 0 rounds to 0 (the
# "!.." of a process younger than a second) within 0.5 s.
cat > "$T/table" <<'TABLE'
foo S 29.6 0x03 1204 5.6 0 1203 5.6 0x01
down S 29.6 0x03 0 15.6 0x12 1203 15.6 0x01
wantup S 29.6 0x03 1631 0 0 1203 15.6 0x01
once S 29.6 0x03 1631 4.6 0x04 1203 16.6 0x01
paused S 29.6 0x03 1631 4.6 0x08 1203 16.6 0x01
resetting S 39.6 0x01 1663 0.6 0x02 0 - 0
cull S 9.6 0x04 1678 9.6 0x10 0 - 0
cycle S 1.6 0x0c 1678 1.6 0x10 0 - 0
waiting S 59.6 0x01 0 1.6 0x42 0 - 0 8000 2500 15 7
fdown S 3.6 0x11 0 - 0x10 0 - 0
closeit close
garbage X 035300
wrongtype X 0251100000000000000000000000000000000000
enotsup E 95
TABLE

start_fake() {
	: > "$T/log"
	spawn FAKE fakeperpd "$@" -l "$T/log" "$B" "$T/table"
	wait_until 5 "[ -S '$B/.control/perpd.sock' ] && perpok -b '$B' foo"
}
stop_fake() {
	kill "$FAKE" && wait_gone 5 "$FAKE"
}

# run CMD...: stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
}

start_fake

LISTING='[E --- ---]  closeit    error: failure pkt_read() during status query [ECONNRESET]
[! !++ ---]  cull       (service deactivation in progress)
[R !++ ---]  cycle      (service reactivation in progress)
[+ ... +++]  down       uptime: -s/16s  pids: -/1203
[E --- ---]  enotsup    error: error reported in status reply [ENOTSUP]
[+ ... ---]  fdown      uptime: -s/-s  pids: -/-
[+ +++ +++]  foo        uptime: 6s/6s  pids: 1204/1203
[E --- ---]  garbage    error: unknown packet protocol in status reply [EPROTO]
[- --- ---]  inact      (service not activated)
[E --- ---]  later      error: error reported in status reply [ENOTDIR]
[+ +o+ +++]  once       uptime: 5s/17s  pids: 1631/1203
[+ ++p +++]  paused     uptime: 5s/17s  pids: 1631/1203
[+ ++r ---]  resetting  uptime: 1s/-s  pids: 1663/-
[+ !.. ---]  waiting    uptime: -s/-s  pids: -/-
[+ !.. +++]  wantup     uptime: -s/16s  pids: -/1203
[E --- ---]  wrongtype  error: unknown packet type in status reply [EPROTO]'

run perpls -b "$B"
test_is 'perpls: every panel state, faults included, as 2.07 prints them' \
    "$(cat "$T/out")" "$LISTING"
test_is 'perpls: exit 0 and nothing on stderr' "$rc:$(cat "$T/err")" "0:"

run perpls -b "$B" foo afile nosuch inact
test_is 'perpls: arguments in their order, errors in the panel' \
    "$(cat "$T/out")" \
'[+ +++ +++]  foo     uptime: 6s/6s  pids: 1204/1203
[E --- ---]  afile   error: not a directory [ENOTDIR]
[E --- ---]  nosuch  error: failure stat() on service directory [ENOENT]
[- --- ---]  inact   (service not activated)'

run perpls -b "$B" -r foo afile nosuch
test_is 'perpls -r: the reverse of the argument order' "$(cut -c14- "$T/out" |
    cut -d' ' -f1 | tr '\n' ' ')" 'nosuch afile foo '

run perpls -b "$B" -t
test_is 'perpls -t: sorted by the main service'"'"'s time, youngest first' \
    "$(cut -c14- "$T/out" | cut -d' ' -f1 | tr '\n' ' ')" \
    'closeit enotsup fdown garbage inact later wantup wrongtype resetting cycle waiting once paused foo cull down '
run perpls -b "$B" -tr
test_is 'perpls -tr: oldest first' "$(cut -c14- "$T/out" | cut -d' ' -f1 |
    head -n 3 | tr '\n' ' ')" 'down cull foo '

run perpls -b "$B" -G foo down wantup inact later paused resetting cull
test_is 'perpls -G: the built-in colours, padding inside' \
    "$(cat -v "$T/out")" \
'[+ +++ +++]  ^[[00m^[[01mfoo      ^[[00m  uptime: 6s/6s  pids: 1204/1203
[+ ... +++]  ^[[00m^[[01;34mdown     ^[[00m  uptime: -s/16s  pids: -/1203
[+ !.. +++]  ^[[00m^[[01;33mwantup   ^[[00m  uptime: -s/16s  pids: -/1203
[- --- ---]  ^[[00m^[[00minact    ^[[00m  (service not activated)
[E --- ---]  ^[[00m^[[01;31mlater    ^[[00m  error: error reported in status reply [ENOTDIR]
[+ ++p +++]  ^[[00m^[[01;33mpaused   ^[[00m  uptime: 5s/17s  pids: 1631/1203
[+ ++r ---]  ^[[00m^[[01;33mresetting^[[00m  uptime: 1s/-s  pids: 1663/-
[! !++ ---]  ^[[00m^[[01;31mcull     ^[[00m  (service deactivation in progress)'

PERPLS_COLORS='an=32' run perpls -b "$B" foo
test_is 'perpls: PERPLS_COLORS alone does not colour a pipe' \
    "$(cat -v "$T/out")" '[+ +++ +++]  foo  uptime: 6s/6s  pids: 1204/1203'
PERPLS_COLORS='an=32:df=7' run perpls -b "$B" -G foo inact
test_is 'perpls -G with PERPLS_COLORS: its table, df for the rest' \
    "$(cat -v "$T/out")" '[+ +++ +++]  ^[[00m^[[32mfoo  ^[[00m  uptime: 6s/6s  pids: 1204/1203
[- --- ---]  ^[[00m^[[7minact^[[00m  (service not activated)'
run perpls -b "$B" -G -g foo
test_is 'perpls -G -g: the last one wins' "$(cat -v "$T/out")" \
    '[+ +++ +++]  foo  uptime: 6s/6s  pids: 1204/1203'
PERPLS_COLORS='an=32' run perpls -G -K
test_is 'perpls -G -K: the colour table in use' "$rc:$(cat "$T/err")" \
    '0:perpls: color capabilities: an=32'

# perpstat
run perpstat -b "$B" foo down wantup once paused resetting cull cycle \
    waiting fdown inact
test_is 'perpstat: the blocks of 2.07, never-started and restart fixes' \
    "$(cat "$T/out")" \
'foo: activated 30 seconds
  main: up 6 seconds (pid 1204)
   log: up 6 seconds (pid 1203)
down: activated 30 seconds
  main: down 16 seconds
   log: up 16 seconds (pid 1203)
wantup: activated 30 seconds
  main: down, want up!
   log: up 16 seconds (pid 1203)
once: activated 30 seconds
  main: up 5 seconds (pid 1631), flagged once
   log: up 17 seconds (pid 1203)
paused: activated 30 seconds
  main: up 5 seconds (pid 1631), paused
   log: up 17 seconds (pid 1203)
resetting: activated 40 seconds
  main: resetting 1 seconds (pid 1663)
   log: (no log)
cull: activated 10 seconds, deactivation in progress
  main: up 10 seconds (pid 1678)
   log: (no log)
cycle: activated 2 seconds, deactivation in progress, flagged for reactivation
  main: up 2 seconds (pid 1678)
   log: (no log)
waiting: activated 60 seconds
  main: down 2 seconds, want up!, restart in 3 seconds (back-off 8 seconds)
   log: (no log)
fdown: activated 4 seconds
  main: down, never started
   log: (no log)
inact: not activated'
test_is 'perpstat: exit 0, quiet stderr' "$rc:$(cat "$T/err")" "0:"

# The JSON says what the blocks say: per service and sub-service, the
# state word, its seconds and the pid, read from either form. A process
# younger than a second is "starting" in JSON; its block says, as 2.07's
# did, "down, want up!", without seconds or pid.
from_text() {
	awk '/^[^ ]/ { sv = $1; sub(/:$/, "", sv); if ($2 == "not") print sv, "inactive" }
	/^ *(main|log):/ { who = $1; sub(/:$/, "", who)
		if ($2 == "(no") { print sv, who, "none"; next }
		st = $2; sub(/,$/, "", st); secs = ($3 ~ /^[0-9]+$/) ? $3 : "-"
		pid = "-"; if (match($0, /\(pid [0-9]+\)/)) pid = substr($0, RSTART + 5, RLENGTH - 6)
		print sv, who, st, secs, pid }' "$1"
}
from_json() {
	jq -r 'if .active | not then "\(.name) inactive" else
	  (. as $s | ["main", "log"][] as $w | $s[$w] as $p |
	   if $p == null then "\($s.name) \($w) none" else
	   if $p.state == "starting" then "\($s.name) \($w) down - -" else
	   ($p.state | if . == "waiting" or . == "never" then "down" else . end) as $st |
	   "\($s.name) \($w) \($st) \($p.uptime // $p.downtime // "-") \($p.pid // "-")"
	   end end) end' "$1"
}
run perpstat -b "$B" foo down wantup once paused resetting cull cycle \
    waiting fdown inact
cp "$T/out" "$T/text"
run perpstat -j -b "$B" foo down wantup once paused resetting cull cycle \
    waiting fdown inact
test_is 'perpstat -j agrees with the blocks: states, seconds, pids' \
    "$(from_json "$T/out")" "$(from_text "$T/text")"

run perpstat -b "$B" nosuch foo afile later garbage
test_is 'perpstat: errors on stderr, in 2.07'"'"'s words' "$(cat "$T/err")" \
'nosuch: error: service directory not found
afile: error: not a directory
error: later: error reported in reply: not a directory (ENOTDIR)
error: garbage: unknown packet protocol in reply'
test_is 'perpstat: the others still reported, exit 111 (2.07: 0)' \
    "$rc:$(head -n 1 "$T/out")" '111:foo: activated 30 seconds'

# perpok: exit codes of perp-2.07.md section 8, with the fixes.
ok_case() { # DESC WANT-RC WANT-STDERR ARGS...
	local desc=$1 want=$2 msg=$3
	shift 3
	run perpok "$@"
	test_is "perpok $desc" "$rc:$(cat "$T/err")" "$want:$msg"
}
ok_case 'up: 0' 0 '' -b "$B" foo
ok_case '-v up' 0 'perpok: foo: ok: service is activated/ok' -v -b "$B" foo
ok_case '-u 2 met' 0 'perpok: foo: ok: service uptime ok' -v -u 2 -b "$B" foo
ok_case '-u 100 not met: 1' 1 'perpok: foo: fail: service uptime not met' \
    -v -u100 -b "$B" foo
ok_case '-u on a down service: 1' 1 \
    'perpok: down: fail: service not running (pid is 0)' -vu 1 -b "$B" down
ok_case '-u on a resetting service: 1' 1 \
    'perpok: resetting: fail: service is resetting' -v -u 1 -b "$B" resetting
ok_case '-u on a service waiting to restart: 1' 1 \
    'perpok: waiting: fail: service not running (restart pending)' \
    -v -u 1 -b "$B" waiting
ok_case '-u on a service being stopped: 1' 1 \
    'perpok: cull: fail: service deactivation in progress' -v -b "$B" cull
ok_case 'not activated: 1' 1 \
    'perpok: inact: fail: service directory inact not activated' \
    -v -b "$B" inact
ok_case 'not yet scanned: 1 (2.07: 111)' 1 \
    'perpok: later: fail: service directory later not yet scanned by perpd' \
    -v -b "$B" later
ok_case 'not a directory: 100' 100 \
    'perpok usage error: argument not a directory: afile
usage: perpok [-hV] [-b basedir] [-u secs] [-v] sv' -b "$B" afile
ok_case 'no such directory: 100' 100 \
    'perpok fatal: failure stat() on service directory nosuch: file does not exist (ENOENT)' \
    -b "$B" nosuch
ok_case 'a garbled reply: 111' 111 \
    'perpok fatal: unknown protocol found in reply from perpd control socket' \
    -b "$B" garbage
ok_case 'an error reply: 111' 111 \
    'perpok fatal: error reported in reply from perpd control socket: operation not supported (ENOTSUP)' \
    -b "$B" enotsup

# perpctl: messages, exit codes, and what reaches perpd.
: > "$T/log"
run perpctl -b "$B" k foo paused
test_is 'perpctl: "sv: ok" per service, exit 0' "$rc:$(cat "$T/err")" \
    '0:foo: ok
paused: ok'
run perpctl -b "$B" -q -g -L term foo
test_is 'perpctl -q: silent' "$rc:$(cat "$T/err")" '0:'
run perpctl -b "$B" Up foo
run perpctl -b "$B" -g D foo
test_is 'perpctl: one letter and the -L/-g flags reach perpd' \
    "$(grep '^C' "$T/log")" 'C foo k 0
C paused k 0
C foo t 3
C foo U 0
C foo D 2'
run perpctl -b "$B" u later nosuch afile inact foo
test_is 'perpctl: per-service errors as 2.07, processing continues' \
    "$rc:$(cat "$T/err")" '111:error: later: error reported in reply: file does not exist (ENOENT)
error: nosuch: service directory not found
error: afile: not a directory
error: inact: service directory not activated
foo: ok'
run perpctl -b "$B" u enotsup closeit foo
test_is 'perpctl: error replies and a dropped connection' \
    "$rc:$(cat "$T/err")" '111:error: enotsup: error reported in reply: operation not supported (ENOTSUP)
error: closeit: error reading response: connection reset (ECONNRESET)
foo: ok'

: > "$T/log"
chmod -t "$B/inact"
run perpctl -b "$B" A inact nosuch
test_is 'perpctl A: sticky bit set, rescan triggered, exit 111 for nosuch' \
    "$rc:$(cat "$T/err"):$(stat -c %A "$B/inact")" \
    '111:inact: set for activation
error: nosuch: service directory not found
rescan triggered for activation set on 1 service:drwxr-xr-t'
test_ok 'perpctl A: perpd got SIGHUP' "wait_until 5 'grep -qx HUP \"$T/log\"'"
run perpctl -b "$B" -L X inact
test_is 'perpctl -L X: the sticky bit cleared, other bits kept' \
    "$rc:$(cat "$T/err"):$(stat -c %A "$B/inact")" \
    '0:inact: set for deactivation
rescan triggered for deactivation set on 1 service:drwxr-xr-x'

# Base directories: relative -b and PERP_BASE (2.07 failed), the cwd.
want_foo='[+ +++ +++]  foo  uptime: 6s/6s  pids: 1204/1203'
test_is 'a relative -b works' "$(cd "$T" && perpls -b base foo)" "$want_foo"
test_is 'a relative PERP_BASE works' \
    "$(cd "$T" && PERP_BASE=base perpls foo)" "$want_foo"
test_is 'an empty PERP_BASE means the current directory' \
    "$(cd "$B" && PERP_BASE= perpstat foo | head -n 1)" \
    'foo: activated 30 seconds'
test_is 'perpls -c overrides PERP_BASE' \
    "$(cd "$B" && PERP_BASE=/nonexistent perpls -c foo)" "$want_foo"
test_ok 'perpok and perpctl with a relative base' \
    "cd '$T' && perpok -b base foo && perpctl -b ./base u foo; rc=\$?; cd - >/dev/null; [ \$rc = 0 ]"
nb=$T/nonexistent
for c in "perpls unable to chdir() to" "perpctl unable to chdir() to" \
    "perpstat fail chdir() to" "perpok failure chdir() to"; do
	prog=${c%% *}
	case $prog in perpctl) args="u foo" ;; perpls) args= ;; *) args=foo ;; esac
	# shellcheck disable=SC2086
	run "$prog" -b "$nb" $args
	test_is "$prog: a missing base directory: 111, in 2.07's words" \
	    "$rc:$(cat "$T/err")" \
	    "111:$prog fatal: ${c#* } $nb: file does not exist (ENOENT)"
done

# JSON: it parses, and it says what the text says.
run perpls -b "$B" -j
test_ok 'perpls -j: one JSON object per line, all parse' \
    "[ \$(wc -l < '$T/out') -eq 16 ] && jq -e . '$T/out' >/dev/null"
test_is 'perpls -j: names and panels agree with the text' \
    "$(jq -r '.panel + "  " + .name' "$T/out")" \
    "$(perpls -b "$B" | sed 's/^\(.\{11\}  [^ ]*\).*/\1/')"
test_is 'perpls -j: pids and uptimes agree with the text' \
    "$(jq -r 'select(.state == "active") | .name + " " +
	([.main, .log] | map(if . != null and (.state == "up" or .state == "resetting")
	    then (.uptime|tostring) + "s " + (.pid|tostring) else "-s -" end) |
	    join(" "))' "$T/out")" \
    "$(perpls -b "$B" | grep uptime | sed 's/^.\{13\}\([^ ]*\) *uptime: \([^/]*\)\/\([^ ]*\)  pids: \([^/]*\)\/\(.*\)$/\1 \2 \4 \3 \5/')"
test_is 'perpls -j: the back-off of a waiting service' \
    "$(jq -c 'select(.name == "waiting") | .main | [.state, .pid, .want,
	.backoff_ms, .restart_in_ms, .starts, .last_exit.signame]' "$T/out")" \
    '["waiting",null,"up",8000,2500,7,"SIGTERM"]'
test_is 'perpls -j: errors say what failed' \
    "$(jq -c 'select(.error != null) | [.name, .error.what, .error.errno, .error.message]' "$T/out")" \
'["closeit","read","ECONNRESET","error reading response"]
["enotsup","reply","ENOTSUP","error reported in reply"]
["garbage","protocol","EPROTO","unknown packet protocol in reply"]
["later","reply","ENOTDIR","service directory not yet scanned by perpd"]
["wrongtype","type","EPROTO","unknown packet type in reply"]'
run perpstat -j -b "$B" foo nosuch inact
test_is 'perpstat -j: every service, errors included, one line each' \
    "$rc:$(jq -c '[.name, .state, .active, .main.pid]' "$T/out")" \
    '111:["foo","active",true,1204]
["nosuch","error",false,null]
["inact","inactive",false,null]'
odd=$(printf 'caf\xc3\xa9\x01\xff')
mkdir "$B/$odd"
run perpls -b "$B" -j "$odd"
test_is 'perpls -j: names escaped, bad UTF-8 replaced' \
    "$(jq -r .name "$T/out" | od -An -c | tr -s ' ')" \
    "$(printf 'caf\xc3\xa9\x01\xef\xbf\xbd\n' | od -An -c | tr -s ' ')"
rmdir "$B/$odd"

# A 2.07 perpd: 66-byte replies render the same; extension fields null.
stop_fake
start_fake -7
run perpls -b "$B"
test_is 'a 2.07 perpd (66-byte status): the same listing' \
    "$(sed '/waiting/d' "$T/out")" "$(echo "$LISTING" | sed '/waiting/d')"
test_is 'a 2.07 perpd: no back-off in JSON' \
    "$(perpstat -j -b "$B" foo | jq -c '[.stop_timeout_ms, .main.backoff_ms, .main.starts, .main.last_exit]')" \
    '[null,null,null,null]'

# perpd not running: a stale socket (ECONNREFUSED) ...
stop_fake
run perpls -b "$B" foo inact
test_is 'perpd down: perpls still lists, exit 111' "$rc:$(cat "$T/out")" \
'111:[E --- ---]  foo    error: perpd not running [ECONNREFUSED]
[- --- ---]  inact  (service not activated)'
test_is 'perpd down: perpls says why on stderr' "$(cat "$T/err")" \
    "perpls: warning: perpd not running on control socket $B/.control/perpd.sock: connection refused (ECONNREFUSED)"
ok_case 'perpd down: 1 (2.07: 111)' 1 \
    "perpok: foo: fail: perpd not running on control socket $B/.control/perpd.sock" \
    -v -b "$B" foo
ok_case 'perpd down, not activated: 1' 1 '' -b "$B" inact
run perpstat -b "$B" foo
test_is 'perpd down: perpstat fatal, 111' "$rc:$(cat "$T/err")" \
    "111:perpstat fatal: perpd not running on control socket $B/.control/perpd.sock: connection refused (ECONNREFUSED)"
run perpctl -b "$B" u foo
test_is 'perpd down: perpctl fatal, 111' "$rc:$(cat "$T/err")" \
    "111:perpctl fatal: perpd not running on control socket $B/.control/perpd.sock: connection refused (ECONNREFUSED)"
run perpctl -b "$B" A foo
test_is 'perpd down: perpctl A sets the bit, then fails on the lock' \
    "$rc:$(cat "$T/err")" "111:foo: set for activation
perpctl fatal: perpd not running on $B: no lock active on $B/.control/perpd.pid"
# ... and no socket at all (ENOENT).
rm -f "$B/.control/perpd.sock"
run perpls -b "$B" foo
test_is 'no socket: perpls lists, exit 111' "$rc:$(cat "$T/out")" \
    '111:[E --- ---]  foo  error: perpd not running [ENOENT]'
ok_case 'no socket: perpok 1' 1 '' -b "$B" foo

done_testing
