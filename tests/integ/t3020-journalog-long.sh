#!/bin/bash
# Long, binary and broken lines: a 100 KB line (longer than the input
# window) is one entry, whole; a line over the limit (-l) goes in linked,
# numbered pieces that rebuild it exactly, cut between UTF-8 sequences;
# bytes >= 0x80 that are not UTF-8, and NUL with -b, reach journald as
# they are (a binary field); memory stays bounded; an entry larger than
# any socket buffer still goes (libsystemd passes it as a memfd).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-journalog.sh"
jl_need
test_ok 'a private journald starts' jl_start

# rebuild IDENT: the MESSAGEs of IDENT, joined, as bytes
rebuild() {
	journald_json "SYSLOG_IDENTIFIER=$1" | jq -j .MESSAGE
}

test_ok 'a 100 KB line is one entry, whole, between two short ones' '
	{ echo before; head -c 75000 /dev/urandom | base64 -w0; echo; echo after; } > "$T/l1" &&
	[ "$(sed -n 2p "$T/l1" | wc -c)" -gt 100000 ] &&
	jl l1 < "$T/l1" &&
	[ "$(journald_json SYSLOG_IDENTIFIER=l1 | wc -l)" -eq 3 ] &&
	jl_msgs l1 | cmp - "$T/l1" &&
	[ "$(jl_field l1 PERP_PIECE | sort -u)" = null ]'

test_ok 'a 2.5 MB line goes in three 1M pieces, linked and numbered' '
	{ echo "error: $(head -c 1900000 /dev/urandom | base64 -w0)"; } > "$T/l2" &&
	jl l2 < "$T/l2" &&
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

test_ok 'a 20 MB line in bounded memory (-l 1M: 20 pieces)' '
	head -c 20000000 /dev/zero | tr "\0" z > "$T/l5" && echo >> "$T/l5" &&
	/usr/bin/env time -f %M -o "$T/rss" "$PEERS/journald-run" "$JD_DIR" "$PLAIN_BIN/journalog" l5 < "$T/l5" &&
	[ "$(journald_json SYSLOG_IDENTIFIER=l5 | wc -l)" -eq 20 ] &&
	{ rebuild l5; echo; } | cmp - "$T/l5" &&
	echo "max RSS $(cat "$T/rss") kB" && [ "$(cat "$T/rss")" -lt 12000 ]'

test_ok '-l 17M: an entry larger than any send buffer (libsystemd passes a memfd)' '
	head -c 17000000 /dev/zero | tr "\0" m > "$T/l6" && echo >> "$T/l6" &&
	jl -l 17M l6 < "$T/l6" &&
	[ "$(journald_json SYSLOG_IDENTIFIER=l6 | wc -l)" -eq 1 ] &&
	{ rebuild l6; echo; } | cmp - "$T/l6"'

done_testing
