#!/bin/bash
# Long, binary and broken lines. A line longer than the input window is
# streamed into a sealed memfd and goes whole, as one entry, up to
# journald's own limit (the default -l): 100 KB, 20 MB and 100 MB lines,
# byte for byte, with journalog's memory the same whatever the length;
# binary bytes (NUL too, with -b) as they are. A line over the limit
# (-l) goes in linked, numbered pieces that rebuild it exactly, cut
# between UTF-8 sequences, whether joined in memory (-l up to the
# window) or streamed. journald restarted, or killed with the memfd
# unread in its queue, while a long line goes (-p block): it arrives
# whole, once. SIGTERM in the middle of a 100 MB line ends journalog
# within 2 s; SIGKILL there loses what it had read of the line, and the
# rest arrives as a line of its own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
test_ok 'a private journald starts' jl_start

# rebuild IDENT: the MESSAGEs of IDENT, joined, as bytes (text only)
rebuild() {
	journald_json "SYSLOG_IDENTIFIER=$1" | jq -j .MESSAGE
}

# stored IDENT N: IDENT has N entries in the journal. journalog exits once
# journald has read an entry; storing a large one takes journald a moment
# more.
stored() {
	wait_until 30 "[ \$(jl_count $1) -ge $2 ]" && [ "$(jl_count "$1")" -eq "$2" ]
}

# line FILE BYTES CHAR: a line of BYTES times CHAR, and its newline
line() {
	head -c "$2" /dev/zero | tr '\0' "$3" > "$1" && echo >> "$1"
}

# memfd_size PID: the size of the memfd journalog is writing a line into
memfd_size() {
	local f
	for f in /proc/$1/fd/*; do
		case $(readlink "$f") in
		/memfd:journalog*) stat -L -c %s "$f"; return 0 ;;
		esac
	done
	echo 0
}

# memfd_sealed PID: journalog holds a sealed memfd, a line's entry
# complete (F_GET_SEALS is 1034)
memfd_sealed() {
	perl -e '
		for my $f (glob "/proc/$ARGV[0]/fd/*") {
			next unless (readlink($f) // "") =~ m{^/memfd:journalog};
			open(my $h, "<", $f) or next;
			my $s = fcntl($h, 1034, 0);
			exit 0 if defined $s && $s != 0;
		}
		exit 1' "$1"
}

# slow_line MB: MB megabytes of one line, a megabyte every 50 ms
slow_line() {
	local i
	for i in $(seq "$1"); do
		head -c 1000000 /dev/zero | tr '\0' t
		sleep 0.05
	done
}

test_ok 'a 100 KB line is one entry, whole, between two short ones' '
	{ echo before; head -c 75000 /dev/urandom | base64 -w0; echo; echo after; } > "$T/l1" &&
	[ "$(sed -n 2p "$T/l1" | wc -c)" -gt 100000 ] &&
	jl l1 < "$T/l1" && stored l1 3 &&
	jl_msgs l1 | cmp - "$T/l1" &&
	[ "$(jl_field l1 PERP_PIECE | sort -u)" = null ]'

# fields IDENT: each entry's fields but MESSAGE and journald's own, sorted
fields() {
	journald_json "SYSLOG_IDENTIFIER=$1" |
	    jq -c -S "del(.MESSAGE) | with_entries(select(.key | startswith(\"_\") | not))"
}

test_ok 'a long line carries the fields a short one does (-F, -e with a newline, its priority)' '
	{ echo "warning: short"; printf "warning: "; head -c 200000 /dev/zero | tr "\0" w; echo; } > "$T/f1" &&
	jl -F local5 -e "NOTE=two
lines" -e DEPLOY=blue f1 < "$T/f1" && stored f1 2 &&
	fields f1 > "$T/f1.fields" && cat "$T/f1.fields" &&
	[ "$(sort -u "$T/f1.fields" | wc -l)" -eq 1 ] &&
	jq -e -s "length == 2 and all(.[]; .NOTE == \"two\\nlines\" and .DEPLOY == \"blue\" and .PRIORITY == \"4\" and .SYSLOG_FACILITY == \"21\")" "$T/f1.fields" &&
	jl_msgs f1 | cmp - "$T/f1"'

test_ok '-l 1M: a 2.5 MB line goes in three pieces, linked and numbered' '
	{ echo "error: $(head -c 1900000 /dev/urandom | base64 -w0)"; } > "$T/l2" &&
	jl -l 1M l2 < "$T/l2" && stored l2 3 &&
	journald_json SYSLOG_IDENTIFIER=l2 |
		jq -r "[.PERP_LINE_ID, .PERP_PIECE, .PERP_PIECE_LAST, .PRIORITY, (.MESSAGE | length)] | @tsv" > "$T/pieces" &&
	[ "$(cut -f1 "$T/pieces" | sort -u | grep -Ec "^[0-9a-f]{32}$")" -eq 1 ] &&
	[ "$(cut -f2,3,4,5 "$T/pieces" | tr "\t" " ")" = "1  3 1048576
2  3 1048576
3 1 3 $(( $(wc -c < "$T/l2") - 1 - 2 * 1048576 ))" ] &&
	{ rebuild l2; echo; } | cmp - "$T/l2"'

test_ok 'a split line is found whole by its PERP_LINE_ID' '
	id=$(cut -f1 "$T/pieces" | head -n 1) &&
	{ journald_json "PERP_LINE_ID=$id" | jq -j .MESSAGE; echo; } | cmp - "$T/l2"'

test_ok '-l 1k: pieces cut between UTF-8 sequences, the stamp in the first' '
	{ printf x; for i in $(seq 700); do printf "\303\251"; done; echo; } > "$T/l3" &&
	jl -l 1k -f unix l3 < "$T/l3" &&
	journald_json SYSLOG_IDENTIFIER=l3 | jq -r ".MESSAGE | utf8bytelength" > "$T/lens" &&
	[ "$(cat "$T/lens" | tr "\n" " ")" = "1023 396 " ] &&
	journald_json SYSLOG_IDENTIFIER=l3 | jq -e -s "all(.[]; .MESSAGE | type == \"string\")" &&
	{ rebuild l3; echo; } | cut -d" " -f2- | cmp - "$T/l3"'

test_ok '-l 100k, streamed: pieces cut between UTF-8 sequences, valid text' '
	{ printf x; head -c 150000 /dev/zero | sed "s/\x0/\xc3\xa9/g"; echo; } > "$T/l7" &&
	jl -l 100k l7 < "$T/l7" && stored l7 3 &&
	[ "$(journald_json SYSLOG_IDENTIFIER=l7 | jq -r ".MESSAGE | utf8bytelength" | tr "\n" " ")" = "102399 102400 95202 " ] &&
	journald_json SYSLOG_IDENTIFIER=l7 | jq -e -s "all(.[]; .MESSAGE | type == \"string\")" &&
	{ rebuild l7; echo; } | cmp - "$T/l7"'

test_ok 'two split lines get two ids; the lines around them stay whole' '
	{ echo a; head -c 3000 /dev/zero | tr "\0" x; echo; echo b;
	  head -c 2100 /dev/zero | tr "\0" y; echo; echo c; } > "$T/l4" &&
	jl -l 1k l4 < "$T/l4" &&
	[ "$(journald_json SYSLOG_IDENTIFIER=l4 | jq -r ".PERP_LINE_ID" | sort -u | grep -vc null)" -eq 2 ] &&
	[ "$(journald_json SYSLOG_IDENTIFIER=l4 | wc -l)" -eq 9 ] &&
	journald_json SYSLOG_IDENTIFIER=l4 | jq -r "select(.PERP_LINE_ID == null) | .MESSAGE" | tr -d "\n" | grep -qx abc'

test_ok 'bytes that are not UTF-8 reach journald as they are (a binary field)' '
	printf "ok \303\251\n\377\376 latin1 caf\351\n" | jl bin1 &&
	journald_json SYSLOG_IDENTIFIER=bin1 | jq -c .MESSAGE > "$T/got" &&
	printf "%s\n" "\"ok é\"" "[255,254,32,108,97,116,105,110,49,32,99,97,102,233]" > "$T/want" &&
	diff "$T/want" "$T/got"'

test_ok '-b: NUL and control bytes too' '
	printf "a\000b\001c\033\n" | jl -b bin2 &&
	[ "$(journald_json SYSLOG_IDENTIFIER=bin2 | jq -c .MESSAGE)" = "[97,0,98,1,99,27]" ]'

test_ok '-b: a 3 MB line of random bytes (NUL, control, not UTF-8) is one entry, byte for byte' '
	{ head -c 3200000 /dev/urandom | tr -d "\n"; echo; } > "$T/bin3" &&
	[ "$(tr -dc "\000" < "$T/bin3" | wc -c)" -gt 0 ] && jl -b bin3 < "$T/bin3" && stored bin3 1 &&
	jl_raw bin3 | cmp - "$T/bin3"'

# The same memory for 20 MB as for 100 MB: the input window (64 KiB), the
# batch's buffer (two windows), the entry table (4096 entries) and the
# ring of barriers, over what the libraries take (about 2.5 MB); the
# memfd is not mapped, so it is no part of journalog's RSS.
test_ok 'a 20 MB line is one entry, whole, in bounded memory' '
	line "$T/l5" 20000000 z &&
	/usr/bin/env time -f "%M %e" -o "$T/rss5" "$PEERS/journald-run" "$JD_DIR" "$PLAIN_BIN/journalog" l5 < "$T/l5" &&
	stored l5 1 && jl_raw l5 | cmp - "$T/l5" &&
	read -r rss5 secs < "$T/rss5" && echo "max RSS $rss5 kB, $secs s" &&
	[ "$rss5" -lt 8000 ]'

test_ok 'a 100 MB line is one entry, whole, in the same memory' '
	line "$T/l6" 100000000 m &&
	/usr/bin/env time -f "%M %e" -o "$T/rss6" "$PEERS/journald-run" "$JD_DIR" "$PLAIN_BIN/journalog" l6 < "$T/l6" &&
	stored l6 1 && jl_raw l6 | cmp - "$T/l6" &&
	read -r rss6 secs < "$T/rss6" && echo "max RSS $rss6 kB, $secs s" &&
	[ "$rss6" -lt 8000 ] && [ "$rss6" -le $((rss5 + 1024)) ] &&
	rm -f "$T/l5" "$T/l6"'

hold_pipe
test_ok '-p block: journald restarted while a 20 MB line streams in: one entry, whole' '
	line "$T/r1" 20000000 r &&
	jl_spawn J rs1 < "$T/fifo" 2>"$T/rs1.err" &&
	head -c 10000000 "$T/r1" >&7 &&
	wait_until 10 "[ \$(memfd_size $J) -gt 9000000 ]" &&
	journald_restart 7>&- &&
	tail -c +10000001 "$T/r1" >&7 && exec 7>&- &&
	wait_gone 20 $J && stored rs1 1 && jl_raw rs1 | cmp - "$T/r1"'

hold_pipe
test_ok '-p block: journald killed with the memfd unread in its queue: sent again, one entry' '
	kill -STOP $JD_PID &&
	jl_spawn J rs2 < "$T/fifo" 2>"$T/rs2.err" &&
	cat "$T/r1" >&7 &&
	wait_until 10 "memfd_sealed $J" && sleep 0.3 && kill -0 $J &&
	kill -KILL $JD_PID && wait_gone 10 $JD_PID && JD_PID= &&
	journald_restart 7>&- && exec 7>&- &&
	wait_gone 20 $J && stored rs2 1 && jl_raw rs2 | cmp - "$T/r1" &&
	grep -q "journald went away; 1 entries not known to be read go again" "$T/rs2.err"'

hold_pipe
test_ok 'SIGTERM in the middle of a 100 MB line fed slowly: gone within 2 s, exit 0' '
	{ slow_line 100 >&7 & } && G=$! &&
	jl_spawn J term < "$T/fifo" 2>"$T/term.err" &&
	wait_until 30 "[ \$(memfd_size $J) -gt 20000000 ]" &&
	kill -TERM $J && wait_gone 2 $J && wait $J && kill -0 $G &&
	kill $G; wait_gone 5 $G'

hold_pipe
test_ok 'SIGKILL in the middle of a line: what was read of it is lost, the rest is a line of its own' '
	jl_spawn J kl < "$T/fifo" 2>/dev/null &&
	head -c 5000000 /dev/zero | tr "\0" k >&7 &&
	wait_until 10 "[ \$(memfd_size $J) -gt 4900000 ]" &&
	kill -KILL $J && wait_gone 5 $J &&
	jl_spawn J kl < "$T/fifo" 2>/dev/null &&
	{ head -c 3000000 /dev/zero | tr "\0" k; echo; echo next; } >&7 && exec 7>&- &&
	wait_gone 20 $J && stored kl 2 &&
	jl_raw kl > "$T/kl.got" && [ "$(sed -n 2p "$T/kl.got")" = next ] &&
	len=$(head -n 1 "$T/kl.got" | wc -c) && echo "the rest: $len bytes" &&
	[ "$len" -gt 3000000 ] && [ "$len" -le $((3000001 + 200000)) ]'

done_testing
