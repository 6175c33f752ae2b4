#!/bin/bash
# What tinylog writes, and where: perp 2.07's files and modes, its bugs
# fixed (bytes >= 0x80, empty lines and long lines pass whole), resuming
# and -r, size rotation and -k retention.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

test_ok 'bytes: UTF-8, >= 0x80, empty lines pass; control bytes become ?; a last line keeps' '
	{ printf "hello world\n\ntab\there ctrl\001\033[0m del\177\n"
	  printf "utf8 caf\303\251 \342\234\223\ninvalid \377\376\300\n"
	  printf "nul\000byte cr\r\n"; head -c 1500 /dev/zero | tr "\0" L; echo
	  printf "no newline at end"; } | tinylog "$T/a" 2>/dev/null &&
	{ printf "hello world\n\ntab\there ctrl??[0m del\177\n"
	  printf "utf8 caf\303\251 \342\234\223\ninvalid \377\376\300\n"
	  printf "nul?byte cr?\n"; head -c 1500 /dev/zero | tr "\0" L; echo
	  printf "no newline at end\n"; } > "$T/want" &&
	cmp "$T/a/current" "$T/want"'

test_ok 'binary input (linegen -m binary, utf8) comes out whole' '
	linegen -n 3000 -m binary | tinylog "$T/bin" 2>/dev/null &&
	linecheck -n 3000 -d 0 "$T/bin" &&
	linegen -n 3000 -m utf8 -s 3001 | tinylog "$T/bin" 2>/dev/null &&
	linecheck -s 1 -n 6000 -d 0 "$T/bin"'

test_ok '-b keeps every byte' '
	printf "a\001b\033c\r\000d\n" | tinylog -b "$T/raw" 2>/dev/null &&
	printf "a\001b\033c\r\000d\n" | cmp - "$T/raw/current"'

test_ok 'current: 0744 after a clean end, files of 2.07 only' '
	[ "$(mode_of "$T/a/current")" = 744 ] &&
	[ "$(ls "$T/a" | tr "\n" " ")" = "current tinylog.pid " ] &&
	grep -Eqx "[0-9]+" "$T/a/tinylog.pid"'

hold_pipe
test_ok 'current: 0644 while open' '
	spawn P tinylog "$T/open" < "$T/fifo" 2>/dev/null && echo x >&7 &&
	wait_until 5 "[ -s \"$T/open/current\" ]" &&
	[ "$(mode_of "$T/open/current")" = 644 ] &&
	kill -TERM $P && wait_gone 5 $P && [ "$(mode_of "$T/open/current")" = 744 ]'

test_ok '-t: stamps in perp format, UTC' '
	printf "one\ntwo\n" | tinylog -t "$T/t" 2>/dev/null &&
	[ "$(grep -Ec "^[0-9]{8}T[0-9]{6}\.[0-9]{6}: (one|two)$" "$T/t/current")" = 2 ] &&
	now=$(date -u +%Y%m%dT%H) && grep -q "^$now" "$T/t/current"'

test_ok 'a clean current is resumed; -r archives it first (.s, even empty)' '
	printf "three\n" | tinylog -t "$T/t" 2>/dev/null &&
	[ "$(wc -l < "$T/t/current")" = 3 ] && [ "$(narchives "$T/t")" = 0 ] &&
	printf "four\n" | tinylog -r -t "$T/t" 2>/dev/null &&
	[ "$(narchives "$T/t")" = 1 ] && [ "$(wc -l < "$T/t"/_*.s)" = 3 ] &&
	grep -q ": four$" "$T/t/current" && [ "$(wc -l < "$T/t/current")" = 1 ] &&
	tinylog "$T/r" </dev/null 2>/dev/null && [ ! -s "$T/r/current" ] &&
	tinylog -r "$T/r" </dev/null 2>/dev/null &&
	[ "$(narchives "$T/r")" = 1 ] && [ ! -s "$T/r"/_*.s ]'

test_ok 'a clean current ending inside a line is ended before new lines' '
	mkdir "$T/mid" && printf "first\npartial" > "$T/mid/current" &&
	chmod 744 "$T/mid/current" && printf "next\n" | tinylog "$T/mid" 2>/dev/null &&
	printf "first\npartial\nnext\n" | cmp - "$T/mid/current"'

test_ok 'a line longer than -s goes whole into one file; nothing is cut' '
	{ echo before; head -c 300000 /dev/zero | tr "\0" x; echo; echo after; } > "$T/long.in" &&
	tinylog -s 2000 -k 10 "$T/long" < "$T/long.in" 2>/dev/null &&
	cat "$T/long"/_* "$T/long/current" | cmp - "$T/long.in" &&
	[ "$(grep -lc xxxx "$T/long"/* | wc -l)" = 1 ] &&
	big=$(grep -l xxxx "$T/long"/*) && [ "$(wc -l < "$big")" = 1 ]'

test_ok 'size rotation as 2.07: files stay below -s (50-byte lines: 1950 bytes)' '
	for i in $(seq 200); do printf "%049d\n" $i; done |
		tinylog -s 100 -k 2 "$T/sz" 2>/dev/null &&
	[ "$(narchives "$T/sz")" = 2 ] &&
	[ "$(stat -c %s "$T/sz"/_* | sort -u)" = 1950 ] &&
	[ "$(stat -c %s "$T/sz/current")" = 250 ] &&
	tail -n 1 "$T/sz/current" | grep -qx "0*200" &&
	head -n 1 "$T/sz"/_* | grep -qx "0*118"'

test_ok 'archives: _yyyymmddThhmmss.uuuuuu.s, in time order, 0644' '
	for f in "$T/sz"/_*; do
		basename "$f" | grep -Eqx "_[0-9]{8}T[0-9]{6}\.[0-9]{6}\.s" || return 1
		[ "$(mode_of "$f")" = 644 ] || return 1
	done &&
	first=$(ls "$T/sz" | grep ^_ | head -n 1) &&
	head -n 1 "$T/sz/$first" | grep -qx "0*118"'

test_ok '-k 1 with five old archives: exactly one archive and a current' '
	mkdir "$T/k1" && for i in 1 2 3 4 5; do
		echo old$i > "$T/k1/_2020010${i}T000000.000000.s"; done &&
	for i in $(seq 60); do printf "%049d\n" $i; done |
		tinylog -k 1 -s 2000 "$T/k1" 2>/dev/null &&
	[ "$(narchives "$T/k1")" = 1 ] && [ -f "$T/k1/current" ] &&
	! grep -q old "$T/k1"/_* && [ "$(cat "$T/k1"/* | grep -c ^0)" = 60 ]'

test_ok '-k 0 keeps no archive; other files are left alone' '
	mkdir "$T/k0" && echo mine > "$T/k0/_notes" && echo x > "$T/k0/other" &&
	for i in $(seq 100); do printf "%049d\n" $i; done |
		tinylog -k 0 -s 2000 "$T/k0" 2>/dev/null &&
	[ "$(ls "$T/k0" | tr "\n" " ")" = "_notes current other tinylog.pid " ] &&
	[ "$(stat -c %s "$T/k0/current")" = 1100 ]'

done_testing
