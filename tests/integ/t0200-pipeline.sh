#!/bin/bash
# The logging pipeline shared by tinylog, sissylog and journalog, run with
# the simplest sink (tests/helpers/pipecat): bytes pass as specified,
# stamps and filters apply, memory stays bounded, a logger killed with
# SIGKILL loses nothing, and the block and drop policies behave.
. "$(dirname "$0")/lib.sh"

# A fresh pipe held open on both ends by this shell (fd 7), as perpd holds
# a service's: loggers come and go on it without losing what is inside.
# Loggers read it from "$T/fifo".
hold_pipe() {
	exec 7>&-
	rm -f "$T/fifo" && mkfifo "$T/fifo" && exec 7<>"$T/fifo"
}

test_ok 'bytes pass: empty lines, UTF-8, bytes >= 0x80, a final line without newline' '
	printf "one\n\ncaf\303\251 \342\234\223\n\377\376raw\nlast" | pipecat "$T/a" &&
	printf "one\n\ncaf\303\251 \342\234\223\n\377\376raw\nlast\n" > "$T/want" &&
	cmp "$T/a" "$T/want"'

test_ok 'control bytes become ?, TAB stays; -b keeps every byte' '
	printf "t\tab c\001t\033[0m\r\x7f\n" | pipecat "$T/b" &&
	printf "t\tab c?t?[0m?\x7f\n" > "$T/want" && cmp "$T/b" "$T/want" &&
	printf "t\tab c\001t\033[0m\r\x7f\0z\n" | pipecat -b "$T/c" &&
	printf "t\tab c\001t\033[0m\r\x7f\0z\n" > "$T/want" && cmp "$T/c" "$T/want"'

test_ok 'stamp formats' '
	for f in perp tai64n rfc3339 local unix; do
		echo x | TZ=IST-5:30 pipecat -f $f "$T/s.$f" || return 1
	done &&
	grep -Eqx "[0-9]{8}T[0-9]{6}\.[0-9]{6}: x" "$T/s.perp" &&
	grep -Eqx "@4000[0-9a-f]{20} x" "$T/s.tai64n" &&
	grep -Eqx "[0-9-]{10}T[0-9:]{8}\.[0-9]{6}Z x" "$T/s.rfc3339" &&
	grep -Eqx "[0-9-]{10}T[0-9:]{8}\.[0-9]{6}\+05:30 x" "$T/s.local" &&
	grep -Eqx "[0-9]{10}\.[0-9]{6} x" "$T/s.unix"'

test_ok 'every line read together gets the same stamp, taken when read' '
	printf "a\nb\nc\n" | pipecat -f unix "$T/st" &&
	[ "$(cut -d" " -f1 "$T/st" | sort -u | wc -l)" -eq 1 ]'

test_ok 'filters: the last matching rule decides, in command-line order' '
	printf "error: a\ninfo: b\nerror: noisy c\ndebug: d\n" |
		pipecat -x . -i error -x noisy "$T/f" &&
	printf "error: a\n" > "$T/want" && cmp "$T/f" "$T/want"'

test_ok 'an invalid regular expression is a usage error (exit 100)' '
	echo x | pipecat -i "a(b" "$T/bad" 2>"$T/err"; [ $? -eq 100 ] &&
	grep -q "invalid regular expression for option -i" "$T/err"'

test_ok 'a 10 MB line without newline passes whole, in bounded memory' '
	{ head -c 10485760 /dev/zero | tr "\0" y; echo; echo after; } > "$T/long.in" &&
	/usr/bin/env time -f %M -o "$T/rss" pipecat "$T/long" < "$T/long.in" 2>/dev/null ||
		pipecat "$T/long" < "$T/long.in" &&
	cmp "$T/long" "$T/long.in" &&
	{ [ ! -s "$T/rss" ] || [ "$(cat "$T/rss")" -lt 8192 ]; }'

hold_pipe
test_ok 'a partial line stays in the pipe until complete: SIGKILL loses none of it' '
	spawn P pipecat "$T/p" < "$T/fifo" &&
	printf "first\nabc" >&7 &&
	wait_until 5 "grep -qx first \"$T/p\"" &&
	kill -KILL $P && wait_gone 5 $P &&
	printf "def\n" >&7 &&
	spawn P pipecat "$T/p" < "$T/fifo" &&
	wait_until 5 "grep -qx abcdef \"$T/p\"" &&
	kill -TERM $P && wait_gone 5 $P &&
	printf "first\nabcdef\n" > "$T/want" && cmp "$T/p" "$T/want"'

hold_pipe
test_ok 'SIGKILL 20 times under full-speed input: no line missing, repeats bounded' '
	: > "$T/k"; spawn G linegen -n 400000 -l 20:200 -c "$T/gcount" >&7
	for i in $(seq 20); do
		spawn P pipecat "$T/k" < "$T/fifo"
		wait_until 5 "[ \$(stat -c %s \"$T/k\") -gt $((i * 1000000)) ]" || break
		kill -KILL $P; wait_gone 5 $P
	done
	spawn P pipecat "$T/k" < "$T/fifo" &&
	wait_gone 120 $G &&
	wait_until 30 "linecheck -n 400000 \"$T/k\" >/dev/null" ;
	linecheck -n 400000 "$T/k" > "$T/kres"; cat "$T/kres" >&2;
	grep -q " missing=0 " "$T/kres" && grep -q " corrupt=0 " "$T/kres" &&
	dups=$(sed "s/.* dup=\([0-9]*\) .*/\1/" "$T/kres") &&
	[ "$dups" -le $((20 * 700)) ] && kill -TERM $P && wait_gone 5 $P'

hold_pipe
test_ok 'block: a failing sink stops reading; SIGTERM ends it within 2 s, nothing lost' '
	touch "$T/fail"; : > "$T/bl"
	spawn P pipecat -F "$T/fail" "$T/bl" < "$T/fifo" &&
	linegen -n 300 -s 1000001 >&7 &&
	kill -TERM $P && start=${EPOCHREALTIME/./} && wait_gone 2 $P &&
	[ $(( ${EPOCHREALTIME/./} - start )) -lt 2000000 ] &&
	[ ! -s "$T/bl" ] && rm "$T/fail" &&
	spawn P pipecat "$T/bl" < "$T/fifo" &&
	wait_until 10 "linecheck -s 1000001 -n 300 \"$T/bl\"" &&
	kill -TERM $P && wait_gone 5 $P'

hold_pipe
test_ok 'block: when the sink recovers, reading resumes and nothing is lost' '
	touch "$T/fail"; : > "$T/bl2"
	spawn P pipecat -F "$T/fail" "$T/bl2" < "$T/fifo" &&
	spawn G linegen -n 20000 -s 2000001 -c "$T/g2" >&7 &&
	wait_until 5 "[ \$(cat \"$T/g2\") -gt 2000000 ]" && sleep 0.3 &&
	[ "$(cat "$T/g2")" -lt 2020000 ] && [ ! -s "$T/bl2" ] &&
	rm "$T/fail" && wait_gone 30 $G &&
	wait_until 10 "linecheck -s 2000001 -n 20000 \"$T/bl2\"" &&
	kill -TERM $P && wait_gone 5 $P'

hold_pipe
test_ok 'drop: lines are counted while the sink fails, then one gap record says so' '
	touch "$T/fail"; : > "$T/dr"
	spawn P pipecat -p drop -F "$T/fail" "$T/dr" < "$T/fifo" 2>"$T/dr.err" &&
	linegen -n 5000 -s 3000001 >&7 &&
	wait_until 10 "grep -q \"dropping input\" \"$T/dr.err\"" &&
	rm "$T/fail" &&
	wait_until 10 "grep -q \"gap: \" \"$T/dr\"" &&
	linegen -n 100 -s 3005001 >&7 &&
	wait_until 10 "linecheck -s 3005001 -n 100 \"$T/dr\"" &&
	linecheck -g -s 3000001 -n 5100 "$T/dr" > "$T/dres"; cat "$T/dres" >&2;
	grep -q " gaps=1 " "$T/dres" && ! grep -q " missing=0 " "$T/dres" &&
	linecheck -g -s 3000001 -n 5100 "$T/dr" &&
	grep -Eq "^warning: pipecat\[[0-9]+\]: gap: [0-9]+ lines \([0-9]+ bytes\) lost from [0-9T:.-]+Z to [0-9T:.-]+Z: out of disk space \(ENOSPC\)$" "$T/dr" &&
	kill -TERM $P && wait_gone 5 $P'

exec 7>&-
test_ok 'end of input: exit 0 with everything written' '
	linegen -n 10000 | pipecat "$T/e" && linecheck -n 10000 "$T/e"'

done_testing
