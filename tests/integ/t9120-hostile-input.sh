#!/bin/bash
# t9120: hostile input. The loggers take stdin of random bytes and give
# exactly the documented transformation (bytes below 0x20 but TAB become
# '?', every byte >= 0x80 passes, a last line gets its newline); a 256 MB
# line without a newline arrives whole in bounded memory (peak RSS under
# RSS_MAX, figures in the TAP comments); and every program, the control
# tools, perpd and perpboot too, does its job with stdout or stderr
# closed and exits with its documented status (the exact status is
# checked: never a death by signal). Data is made on the fly (head -c
# /dev/urandom through pipes); only the loggers' own output is stored,
# and the 256 MB one is removed at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"

RSS_MAX=16384 # KiB: the bound each logger must stay under
MB256=268435456
# The reference transformation: what the sanitizing rule makes of bytes.
sanitize() { tr '\000-\010\013-\037' '?'; }
rss() { cut -d' ' -f3 "$1"; }
# rss_ok NAME FILE: the peak RSS in FILE (runstat) is under the bound.
rss_ok() {
	local k
	k=$(rss "$2")
	echo "# $1: peak RSS $k KiB for a 256 MB line" >&3
	[ -n "$k" ] && [ "$k" -lt "$RSS_MAX" ]
}
exec 3>&1

# ---- tinylog ------------------------------------------------------------
test_ok 'tinylog: 50 MB of random bytes: current is the input sanitized, exactly' '
	{ head -c 50M /dev/urandom; echo; } |
	    tee >(sanitize | cksum > "$T/r.want") |
	    tinylog -s 200M "$T/r" 2>/dev/null &&
	wait_until 10 "[ -s $T/r.want ]" && [ "$(narchives "$T/r")" = 0 ] &&
	[ "$(cksum < "$T/r/current")" = "$(cat "$T/r.want")" ]'
rm -rf "$T/r"
test_ok 'tinylog: a 256 MB line without a newline: whole, one line, bounded memory' '
	head -c 256M /dev/urandom | tr "\n" x |
	    tee >(sanitize | cksum > "$T/big.want") |
	    runstat -o "$T/big.rss" tinylog -s 1M "$T/big" 2>/dev/null &&
	wait_until 10 "[ -s $T/big.want ]" &&
	[ "$(wc -c < "$T/big/current")" = $((MB256 + 1)) ] &&
	[ "$(wc -l < "$T/big/current")" = 1 ] &&
	[ "$(head -c $MB256 "$T/big/current" | cksum)" = "$(cat "$T/big.want")" ] &&
	rss_ok tinylog "$T/big.rss"'
rm -rf "$T/big"
test_ok 'tinylog: stdout, stderr or both closed: it logs, exit 0, nothing else in current' '
	printf "a\nb\n" | tinylog "$T/c1" >&- 2>&- && printf "a\nb\n" | cmp - "$T/c1/current" &&
	printf "a\nb\n" | tinylog "$T/c2" 2>&- && printf "a\nb\n" | cmp - "$T/c2/current" &&
	printf "a\nb\n" | tinylog "$T/c3" >&- 2>/dev/null && printf "a\nb\n" | cmp - "$T/c3/current"'
test_ok 'tinylog: a fatal error with stderr closed: exit 111' '
	: > "$T/file" && { echo x | tinylog "$T/file" >&- 2>&-; [ $? = 111 ]; }'

# ---- sissylog -------------------------------------------------------------
# listen NAME: a netcap on the unix datagram socket $T/NAME.sock.
listen() {
	spawn NC netcap -k udgram -a "$T/$1.sock" -o "$T/$1.cap" -r "$T/$1.ready" &&
	wait_until 5 "[ -e $T/$1.ready ]"
}
HDR='<[0-9]*>[A-Z][a-z][a-z] [ 1-3][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] hostile: '
# bodies FILE: the messages of the lines, without sissylog's own two.
bodies() {
	sed -e "/^${HDR}sissylog: logging from stdin \.\.\.\$/d" \
	    -e "/^${HDR}sissylog: terminating normally on eof reading stdin\$/d" \
	    -e "s/^$HDR//" "$1"
}
ended() { grep -aq "^${HDR}sissylog: terminating normally" "$1"; }
listen sr
test_ok 'sissylog: 20 MB of random bytes (-l 64k): one message per line, each the line sanitized' '
	{ head -c 20M /dev/urandom; echo; } |
	    tee >(sanitize | sed "/^\$/d" | cksum > "$T/sr.want") |
	    sissylog -l 64k -d "unix:$T/sr.sock" hostile 2>/dev/null &&
	wait_until 20 "ended $T/sr.cap" && wait_until 10 "[ -s $T/sr.want ]" &&
	[ "$(bodies "$T/sr.cap" | cksum)" = "$(cat "$T/sr.want")" ]'
test_ok 'sissylog: stdout and stderr closed: the messages arrive, exit 0' '
	printf "closed one\nclosed two\n" |
	    sissylog -d "unix:$T/sr.sock" hostile >&- 2>&- &&
	wait_until 10 "grep -aq \"^${HDR}closed two\$\" $T/sr.cap"'
kill -TERM "$NC"
rm -f "$T/sr.cap"
# The 256 MB line's messages are checked as they come, not stored: netcap
# writes into a FIFO that one awk reads, checking every piece and passing
# the line's bytes on to cksum, until sissylog's end message.
cat > "$T/pieces.awk" <<'EOS'
BEGIN { hdr = "^<[0-9]+>[A-Z][a-z][a-z] [ 1-3][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] hostile: " }
{
	if (!match($0, hdr)) { bad++; next }
	m = substr($0, RLENGTH + 1)
	if (m == "sissylog: logging from stdin ...") next
	if (m ~ /^sissylog: terminating normally/) { end = 1; exit }
	if (++n > 1) { if (substr(m, 1, 1) != "+") bad++; m = substr(m, 2) }
	if (length(m) > max) max = length(m)
	printf "%s", m
}
END { print n, max, bad + 0, end + 0 > STATS }
EOS
# mawk fills its whole input buffer before it splits records: from a FIFO
# that is never closed it would wait for ever; -W interactive reads lines.
AWKI=()
awk -W version 2>/dev/null | grep -q mawk && AWKI=(-W interactive)
mkfifo "$T/sb.fifo"
awk "${AWKI[@]}" -v STATS="$T/sb.stats" -f "$T/pieces.awk" < "$T/sb.fifo" | cksum > "$T/sb.got" &
AWK=$!
spawn NC netcap -k udgram -a "$T/sb.sock" -o "$T/sb.fifo" -r "$T/sb.ready"
wait_until 5 "[ -e $T/sb.ready ]"
test_ok 'sissylog: a 256 MB line: pieces of at most 800, "+" after the first, together the line' '
	head -c 256M /dev/urandom | tr "\n" x |
	    tee >(sanitize | cksum > "$T/sb.want") |
	    runstat -o "$T/sb.rss" sissylog -d "unix:$T/sb.sock" hostile 2>/dev/null &&
	wait "$AWK" && wait_until 10 "[ -s $T/sb.want ]" && cat "$T/sb.stats" &&
	[ "$(cat "$T/sb.got")" = "$(cat "$T/sb.want")" ] &&
	read -r n max bad end < "$T/sb.stats" && [ "$end" = 1 ] && [ "$bad" = 0 ] &&
	[ "$max" -le 800 ] && [ "$n" -ge $((MB256 / 800)) ] &&
	rss_ok sissylog "$T/sb.rss"'
kill -TERM "$NC"

# ---- journalog ------------------------------------------------------------
. "$(dirname "$0")/lib-journalog.sh"
# summary: "entries bytes high" of what journald holds for ident $1 (a
# MESSAGE is a string, or an array of bytes when it is not UTF-8).
summary() {
	journald_json "SYSLOG_IDENTIFIER=$1" --output-fields=MESSAGE | jq -r '
	    .MESSAGE | if type == "array" then [length, (map(select(. >= 128)) | length)]
	    else [utf8bytelength, utf8bytelength - ([explode[] | select(. < 128)] | length)]
	    end | @tsv' | awk '{ n++; b += $1; h += $2 } END { print n + 0, b + 0, h + 0 }'
}
# entries IDENT: how many entries journald holds for it (cheap).
entries() {
	journald_json "SYSLOG_IDENTIFIER=$1" --output-fields=PRIORITY | wc -l
}
if jl_built_without; then
	test_skip 'journalog: hostile input' 'built without libsystemd'
elif [ "$(id -u)" -ne 0 ] || ! journald_have; then
	test_skip 'journalog: hostile input' 'needs root, systemd-journald and unshare'
else
jl_start
test_ok 'journalog: 2 MB of random bytes: an entry per line; bytes and bytes >= 0x80 all there' '
	{ head -c 2M /dev/urandom; echo; } | tee >(sanitize > "$T/jr.in") | jl hostilej 2>/dev/null &&
	wait_until 10 "[ \$(wc -l < $T/jr.in) -gt 1000 ]" &&
	want="$(wc -l < "$T/jr.in") $(tr -d "\n" < "$T/jr.in" | wc -c) $(tr -cd "\200-\377" < "$T/jr.in" | wc -c)" &&
	wait_until 20 "[ \$(entries hostilej) -ge $(wc -l < "$T/jr.in") ]" &&
	[ "$(summary hostilej)" = "$want" ] ||
	{ echo "want $want, got $(summary hostilej)"; false; }'
test_ok 'journalog: a 16 MB last line without a newline: one entry, all of it' '
	head -c 16M /dev/zero | tr "\0" j | jl hostilel 2>/dev/null &&
	wait_until 20 "[ \$(entries hostilel) -ge 1 ]" && [ "$(entries hostilel)" = 1 ] &&
	[ "$(jl_raw hostilel | tr -d "j\n" | wc -c)" = 0 ] &&
	[ "$(jl_raw hostilel | tr -d "\n" | wc -c)" = 16777216 ]'
test_ok 'journalog -l 1M: the same line in 16 pieces of 1 MiB, all of it' '
	head -c 16M /dev/zero | tr "\0" k | jl -l 1M hostilep 2>/dev/null &&
	wait_until 20 "[ \$(entries hostilep) -ge 16 ]" && [ "$(entries hostilep)" = 16 ] &&
	[ "$(journald_json SYSLOG_IDENTIFIER=hostilep | jq -j .MESSAGE | tr -d k | wc -c)" = 0 ] &&
	[ "$(journald_json SYSLOG_IDENTIFIER=hostilep | jq -j .MESSAGE | wc -c)" = 16777216 ] &&
	[ "$(jl_field hostilep PERP_PIECE | sort -n | tr "\n" " ")" = "$(seq 16 | tr "\n" " ")" ] &&
	[ "$(jl_field hostilep PERP_LINE_ID | sort -u | wc -l)" = 1 ]'
test_ok 'journalog: stdout and stderr closed: the entries arrive, exit 0' '
	printf "closed one\nclosed two\n" | jl hostilec >&- 2>&- &&
	wait_until 10 "[ \"\$(jl_msgs hostilec | tr \"\\n\" /)\" = \"closed one/closed two/\" ]"'
journald_stop
mkdir -p "$T/nojd/run"
test_ok 'journalog: a 256 MB line, no journald, -p drop: exit 0, bounded memory' '
	head -c 256M /dev/urandom | tr "\n" x |
	    "$PEERS/journald-run" "$T/nojd" runstat -o "$T/jb.rss" journalog \
	    -p drop hostileb 2>"$T/jb.err" &&
	grep -q "dropping input" "$T/jb.err" && rss_ok journalog "$T/jb.rss"'
fi

# ---- the control tools and perpd --------------------------------------------
. "$(dirname "$0")/lib-perpd.sh"
sv_make svc
chmod +t "$B/svc"
pd_start
up svc
test_ok 'perpls, perpstat: stdout closed: exit 111 (cannot write), not a signal' '
	{ perpls -b "$B" >&- 2>/dev/null; [ $? = 111 ]; } &&
	{ perpls -j -b "$B" >&- 2>&-; [ $? = 111 ]; } &&
	{ perpstat -b "$B" svc >&- 2>&-; [ $? = 111 ]; }'
test_ok 'perpls, perpstat, perpok: stderr closed: they answer, exit 0' '
	perpls -b "$B" 2>&- | grep -q "^\[+ ... ---\]  svc " &&
	perpstat -b "$B" svc 2>&- | grep -q "^svc: activated" &&
	perpok -v -b "$B" svc >&- 2>&-'
test_ok 'perpctl and perphup with stdout and stderr closed: done, exit 0' '
	perpctl -b "$B" d svc >&- 2>&- && wait_until 10 "[ \"\$(st main.pid svc)\" = 0 ]" &&
	perpctl -b "$B" u svc >&- 2>&- && up svc &&
	perphup "$B" >&- 2>&- && perpok -b "$B" svc'
test_ok 'the tools do not read stdin: random bytes there change nothing' '
	head -c 1M /dev/urandom | perpls -b "$B" | grep -q "^\[+ ... ---\]  svc " &&
	head -c 1M /dev/urandom | perpctl -b "$B" -q t svc && up svc &&
	head -c 1M /dev/urandom | perpok -b "$B" svc'
pd_stop
test_ok 'perpd with random stdin, stdout and stderr closed: supervises, SIGTERM, exit 0' '
	head -c 1M /dev/urandom > "$T/junk" &&
	spawn PD perpd "$B" < "$T/junk" >&- 2>&- && up svc &&
	perpls -b "$B" svc | grep -q "^\[+ ... ---\]  svc " &&
	kill -TERM "$PD" && wait "$PD"'
mkdir -p "$B/.boot"
printf '#!/bin/sh\nexec teelog %s\n' "$T/boot.log" > "$B/.boot/rc.log"
printf '#!/bin/sh\nexec perpd "$PERP_BASE"\n' > "$B/.boot/rc.perp"
chmod +x "$B/.boot/rc.log" "$B/.boot/rc.perp"
test_ok 'perpboot with stdout and stderr closed: perpd runs and logs; SIGTERM, exit 0' '
	spawn PB perpboot "$B" < "$T/junk" >&- 2>&- && up svc &&
	grep -q "activated new service: svc" "$T/boot.log" &&
	kill -TERM "$PB" && wait "$PB" && grep -q "termination complete" "$T/boot.log"'

done_testing
