#!/bin/bash
# perpls, perpstat and JSON against the real perpd, in every state the
# panel can show: up, down, want up, once, paused, resetting, stopping
# (wants down), reactivating, not activated, error. Lines are compared
# byte for byte with perp 2.07's formats, pids and seconds masked.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tools.sh"
need_cmd jq
[ -x "$BIN/perpd" ] || skip_all "perpd not built"

SLEEP='exec sleep 1000'
mksv foo "$SLEEP" : 'exec cat >/dev/null'
mksv bad 'exit 3'
mksv slow "$SLEEP" 'sleep 1000'
echo 60 > "$B/slow/timeout.stop"
mksv stubborn "trap '' TERM; $SLEEP"
echo 60 > "$B/stubborn/timeout.stop"
mksv fdown "$SLEEP" && : > "$B/fdown/flag.down"
mksv fonce "$SLEEP" && : > "$B/fonce/flag.once"
mksv inact "$SLEEP"
LONG=$(printf 'long%.0s' $(seq 25))
mksv "$LONG" "$SLEEP"
mksv .hidden "$SLEEP"
: > "$B/afile"
activate foo bad slow stubborn fdown fonce .hidden "$LONG"
start_perpd

wait_up() { # SV PANEL: wait until SV shows PANEL
	wait_until 10 "[ \"\$(panel $1)\" = '$2' ]"
}
ls_is() { # DESC SV WANT: perpls SV, masked
	test_is "perpls: $1" "$(perpls -b "$B" "$2" | mask)" "$3"
}
stat_is() { # DESC SV WANT: perpstat SV, masked
	test_is "perpstat: $1" "$(perpstat -b "$B" "$2" | mask)" "$3"
}

# up
test_ok 'foo comes up' "wait_up foo '[+ +++ +++]'"
ls_is 'up' foo '[+ +++ +++]  foo  uptime: Ns/Ns  pids: N/N'
stat_is 'up' foo 'foo: activated N seconds
  main: up N seconds (pid N)
   log: up N seconds (pid N)'
test_is 'json: up, the pids perpls shows' \
    "$(jget '[.state, .panel, .main.state, .main.pid, .log.pid] | map(tostring) | join(" ")' foo)" \
    "active [+ +++ +++] up $(perpls -b "$B" foo | sed 's/.*pids: \(.*\)\/\(.*\)/\1 \2/')"

# down
perpctl -q -b "$B" d foo
test_ok 'perpctl d: foo goes down' "wait_up foo '[+ ... +++]'"
ls_is 'down, wanted down' foo '[+ ... +++]  foo  uptime: -s/Ns  pids: -/N'
stat_is 'down' foo 'foo: activated N seconds
  main: down N seconds
   log: up N seconds (pid N)'
test_is 'json: down' "$(jget '[.main.state, .main.want, .main.pid, (.main.downtime|type)] | map(tostring) | join(" ")' foo)" \
    'down down null number'

# once, paused
perpctl -q -b "$B" o foo
test_ok 'perpctl o: up once' "wait_up foo '[+ +o+ +++]'"
ls_is 'once' foo '[+ +o+ +++]  foo  uptime: Ns/Ns  pids: N/N'
stat_is 'once' foo 'foo: activated N seconds
  main: up N seconds (pid N), flagged once
   log: up N seconds (pid N)'
perpctl -q -b "$B" u foo
perpctl -q -b "$B" p foo
test_ok 'perpctl p: paused' "wait_up foo '[+ ++p +++]'"
ls_is 'paused' foo '[+ ++p +++]  foo  uptime: Ns/Ns  pids: N/N'
test_is 'paused: the process is stopped' \
    "$(ps -o stat= -p "$(jget .main.pid foo)" | cut -c1)" T
stat_is 'paused' foo 'foo: activated N seconds
  main: up N seconds (pid N), paused
   log: up N seconds (pid N)'
test_is 'json: paused' "$(jget '.main.flags | join(",")' foo)" paused
perpctl -q -b "$B" c foo
test_ok 'perpctl c: running again' "wait_up foo '[+ +++ +++]'"

# the logger alone, then both
perpctl -q -b "$B" -L d foo
test_ok 'perpctl -L d: the logger goes down' "wait_up foo '[+ +++ ...]'"
ls_is 'logger down' foo '[+ +++ ...]  foo  uptime: Ns/-s  pids: N/-'
perpctl -q -b "$B" D foo
test_ok 'perpctl D: both down' "wait_up foo '[+ ... ...]'"
ls_is 'both down' foo '[+ ... ...]  foo  uptime: -s/-s  pids: -/-'
perpctl -q -b "$B" U foo
test_ok 'perpctl U: both up' "wait_up foo '[+ +++ +++]'"

# resetting
perpctl -q -b "$B" t slow
test_ok 'perpctl t: slow runs its long reset' "wait_up slow '[+ ++r ---]'"
ls_is 'resetting' slow '[+ ++r ---]  slow  uptime: Ns/-s  pids: N/-'
stat_is 'resetting' slow 'slow: activated N seconds
  main: resetting N seconds (pid N)
   log: (no log)'
test_is 'json: resetting' "$(jget '[.main.state, (.main.flags|join(","))] | join(" ")' slow)" \
    'resetting reset'

# up but wanting down: stopping a service that ignores SIGTERM
test_ok 'stubborn comes up' "wait_up stubborn '[+ +++ ---]'"
perpctl -q -b "$B" d stubborn
test_ok 'perpctl d: stubborn keeps running, wanting down' \
    "wait_up stubborn '[+ !++ ---]'"
ls_is 'wants down' stubborn '[+ !++ ---]  stubborn  uptime: Ns/-s  pids: N/-'
stat_is 'wants down' stubborn 'stubborn: activated N seconds
  main: up N seconds (pid N)
   log: (no log)'
test_is 'json: wants down' "$(jget '[.main.state, .main.want] | join(" ")' stubborn)" 'up down'

# want up: a service that keeps failing, held back by perpd's back-off
test_ok 'bad: the back-off shows as a pending restart' \
    "wait_until 30 'perpstat -b \"$B\" bad | grep -q \"restart in\"'"
ls_is 'want up, waiting' bad '[+ !.. ---]  bad  uptime: -s/-s  pids: -/-'
test_ok 'perpstat: the restart and its back-off' \
    "perpstat -b '$B' bad | grep -Eq '^  main: down [0-9]+ seconds, want up!, restart in [0-9]+ seconds \(back-off [0-9.]+ seconds\)\$'"
test_ok 'json: waiting, with the back-off and the last exit' \
    "perpstat -j -b '$B' bad | jq -e '.main.state == \"waiting\" and .main.backoff_ms > 0 and .main.last_exit.exit == 3 and .main.starts >= 2'"

# flag.down and flag.once
ls_is 'flag.down' fdown '[+ ... ---]  fdown  uptime: -s/-s  pids: -/-'
stat_is 'flag.down: never started (2.07 printed 4.6e18 seconds)' fdown \
    'fdown: activated N seconds
  main: down, never started
   log: (no log)'
test_ok 'fonce comes up once' "wait_up fonce '[+ +o+ ---]'"
test_is 'json: flag.down and flag.once seen' \
    "$(perpls -j -b "$B" fdown fonce | jq -r '.flags | join(",")')" \
    'active,down
active,once'

# not activated, errors
ls_is 'not activated' inact '[- --- ---]  inact  (service not activated)'
stat_is 'not activated' inact 'inact: not activated'
ls_is 'sticky, unknown to perpd' .hidden \
    '[E --- ---]  .hidden  error: error reported in status reply [ENOTDIR]'
ls_is 'no such directory' nosuch \
    '[E --- ---]  nosuch  error: failure stat() on service directory [ENOENT]'
ls_is 'not a directory' afile '[E --- ---]  afile  error: not a directory [ENOTDIR]'

# reactivating: deactivated while stuck, sticky again before it is gone
test_ok 'perpctl X then A on stubborn: reactivation pending' \
    "perpctl -q -b '$B' X stubborn; perpctl -q -b '$B' A stubborn;
     wait_up stubborn '[R !++ ---]'"
ls_is 'reactivating' stubborn \
    '[R !++ ---]  stubborn  (service reactivation in progress)'
stat_is 'reactivating' stubborn \
    'stubborn: activated N seconds, deactivation in progress, flagged for reactivation
  main: up N seconds (pid N)
   log: (no log)'
test_is 'json: reactivating' "$(jget .state stubborn)" reactivating
test_is 'perpctl on a service being deactivated: EBUSY, 111' \
    "$(perpctl -b "$B" t stubborn 2>&1; echo "rc=$?")" \
    'error: stubborn: error reported in reply: device busy (EBUSY)
rc=111'
test_ok 'killed, stubborn starts anew' \
    "kill -KILL \$(jget .main.pid stubborn) && wait_up stubborn '[+ +++ ---]'"

# The whole listing, and JSON that agrees with it.
test_ok 'a service with a 100-character name comes up' \
    "wait_up '$LONG' '[+ +++ ---]'"
perpls -b "$B" > "$T/ls"
perpls -j -b "$B" > "$T/json"
test_is 'perpls: the whole listing, sorted and padded to any length' \
    "$(mask < "$T/ls" | cut -c1-22,112-117)" \
'[+ !.. ---]  bad          up
[+ ... ---]  fdown        up
[+ +o+ ---]  fonce        up
[+ +++ +++]  foo          up
[- --- ---]  inact        (s
[+ +++ ---]  longlonglng  up
[+ ++r ---]  slow         up
[+ +++ ---]  stubborn     up'
test_is 'perpls: the long name whole (2.07 blanked every name past 80)' \
    "$(grep -c "^\[+ +++ ---\]  $LONG  uptime" "$T/ls")" 1
test_ok 'perpls -j: every line parses' "jq -e . '$T/json' >/dev/null"
test_is 'perpls -j: the same services, the same panels' \
    "$(jq -r '.panel + "  " + .name' "$T/json")" \
    "$(sed 's/^\(.\{11\}  [^ ]*\).*/\1/' "$T/ls")"

done_testing
