#!/bin/bash
# t9115: perpd and the tools treat service directory names as data.
# Names with spaces, quotes, $(...), backquotes, ';', '|', '&', glob
# characters, a newline, an escape sequence, a leading '-', 255 bytes,
# bytes >= 0x80, and a symbolic link to a service directory outside the
# base: no shell ever runs them (the commands they spell would create
# pwned* files in the service directory, the base or $T), each runscript
# gets its name exactly as argv[2], nothing is created outside the base
# or in it, status and control work, and no name can forge a line of the
# text outputs (control bytes print as ?).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-perpd.sh"

long=$(printf 'L%.0s' $(seq 255))
names=(
	'a b' "q'uote\"d" '$(touch pwned1)' '`touch pwned2`' 'x;touch pwned3'
	'p|touch pwned4' 'b&touch pwned5' '$(touch ..?pwned6)'
	$'new\nline' $'esc\033[31mred' '-dash' '--' '*' '?[a]' "$long"
	$'caf\303\251 \377' $'x\n[+ +++ +++]  forged  uptime: 1s'
)
# rc.main: its argv[2], NUL-terminated, into $T/got; then a long sleep.
for n in "${names[@]}"; do
	mkdir "$B/$n"
	printf '#!/bin/sh\n[ "$1" = start ] && printf "%%s\\0" "$2" >> "%s/got"\n[ "$1" = start ] && exec sleep 1000\nexit 0\n' \
	    "$T" > "$B/$n/rc.main"
	chmod +x "$B/$n/rc.main"
	chmod +t "$B/$n"
done
mkdir -p "$T/outside/svc"
cp "$B/a b/rc.main" "$T/outside/svc/rc.main"
chmod +t "$T/outside/svc"
ln -s "$T/outside/svc" "$B/link"
names+=(link)
count=${#names[@]}
# What exists in $T, the base and the link's target, but for .control,
# the test's own files ($W, .out, got, calls, perpd's output).
W=$T/w
snapshot() {
	(cd "$T" && find . -path ./base/.control -prune -o -path ./w -prune \
	    -o -name got -prune -o -name .out -prune -o -name 'perpd.*' -prune \
	    -o -name calls -prune -o -print | sort)
}
before=$(snapshot)
mkdir "$W"
printf '%s\0' "${names[@]}" | sort -z > "$W/want"

pd_start
test_ok "all $count services start" '
	wait_until 20 "[ \$(tr -cd \"\\\\0\" < \"$T/got\" 2>/dev/null | wc -c) = $count ]"'
test_ok 'each runscript got its name exactly as argv[2]' '
	sort -z "$T/got" | cmp - "$W/want"'
test_ok 'no shell ran a name: no pwned file anywhere' '
	[ -z "$(find "$T" -name "pwned*")" ]'
test_ok 'nothing was created outside the base, nor in it besides .control' '
	[ "$(snapshot)" = "$before" ]'
test_ok 'perpd'"'"'s log shows control bytes as ?' '
	grep -qx "perpd\[$PD\]: activated new service: new?line" "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: activated new service: esc?\[31mred" "$PERPD_ERR" &&
	! grep -q "^\[+ +++ +++\]  forged" "$PERPD_ERR" &&
	grep -qx "perpd\[$PD\]: activated new service: x?\[+ +++ +++\]  forged  uptime: 1s" "$PERPD_ERR"'
test_ok 'perpls: one line per service, none forged, no escape byte' '
	perpls -b "$B" > "$W/ls" && [ "$(wc -l < "$W/ls")" = "$count" ] &&
	[ "$(grep -c "^\[+ ... ---\]  " "$W/ls")" = "$count" ] &&
	! grep -q "^\[+ +++ +++\]  forged" "$W/ls" && ! grep -q $'"'"'\033'"'"' "$W/ls" &&
	grep -q "^\[+ ... ---\]  new?line " "$W/ls" &&
	grep -q "^\[+ ... ---\]  x?\[+ +++ +++\]  forged  uptime: 1s " "$W/ls" &&
	grep -q "^\[+ ... ---\]  -dash " "$W/ls"'
# JSON strings are UTF-8: the byte 0xff of one name comes as U+FFFD
# (perpls.8); every other name is exact.
test_ok 'perpls -j: every name exact, by JSON escapes (0xff: U+FFFD)' '
	perpls -j -b "$B" | jq -j ".name + \"\u0000\"" | sort -z |
	    sed -z "s/\xef\xbf\xbd\$/\xff/" | cmp - "$W/want"'

# each_name CMD...: CMD NAME for every name; stops at the first failure.
each_name() {
	local n
	for n in "${names[@]}"; do
		"$@" "$n" || { echo "failed on: $n"; return 1; }
	done
}
st_of() { perpq -b "$B" -- "$2" 2>/dev/null | sed -n "s/^$1=//p"; }
stat_one() {
	perpstat -b "$B" -- "$1" > "$W/st" && grep -q "activated" "$W/st" &&
	[ "$(wc -l < "$W/st")" = 3 ] && perpok -b "$B" -- "$1"
}
down_now() {
	_dn=$1
	wait_until 10 '[ "$(st_of main.pid "$_dn")" = 0 ]'
}
test_ok 'perpstat and perpok: each name, as data (-- before a leading -)' '
	each_name stat_one'
test_ok 'perpctl d then u on every name; the new main gets the name again' '
	each_name perpctl -q -b "$B" d -- && each_name down_now &&
	: > "$T/got" && each_name perpctl -q -b "$B" u -- &&
	wait_until 20 "[ \$(tr -cd \"\\\\0\" < \"$T/got\" | wc -c) = $count ]" &&
	sort -z "$T/got" | cmp - "$W/want"'
test_ok 'perpctl X on a newline name: its message on one line' '
	perpctl -b "$B" X $'"'"'new\nline'"'"' > "$W/x" 2>&1 &&
	grep -qx "new?line: set for deactivation" "$W/x" &&
	wait_until 20 "perpls -b \"\$B\" \$'"'"'new\\nline'"'"' | grep -q \"^\[- --- ---\]  new?line \""'
test_ok 'SIGTERM: everything stops, still nothing outside' '
	pd_stop && [ "$(snapshot)" = "$before" ] &&
	[ -z "$(find "$T" -maxdepth 1 -name "pwned*")" ]'

done_testing
