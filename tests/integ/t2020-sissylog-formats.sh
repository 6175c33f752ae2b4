#!/bin/bash
# sissylog into a real rsyslogd over every transport and in every format:
# what rsyslogd parsed (pri, facility, severity, app-name, procid, msg,
# hostname) and the raw message, for plain lines, every priority prefix,
# UTF-8, control bytes, long lines folded in order on UTF-8 boundaries,
# an empty line (skipped), a last line without newline; IPv4 and IPv6.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd
need_cmd jq

# imuxsock parses a datagram as RFC 5424 only without its special parser
# for the local form: a second unix socket for that.
RS_EXTRA="input(type=\"imudp\" address=\"::1\" port=\"5514\" RateLimit.Interval=\"0\")
input(type=\"imtcp\" address=\"::1\" port=\"5514\")
input(type=\"imuxsock\" Socket=\"$T/rs/log5424.sock\" CreatePath=\"on\"
      RateLimit.Interval=\"0\" UseSpecialParser=\"off\" ParseHostname=\"on\"
      UseSysTimeStamp=\"off\" IgnoreTimestamp=\"off\")"

if rsyslog_have_relp; then
	RS_EXTRA="$RS_EXTRA
input(type=\"imrelp\" address=\"::1\" port=\"2514\" maxDataSize=\"256k\")"
fi
test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'
sl_input "$T/in"

# one IDENT FAC FMT -- sissylog options: run it over the input (through a
# pipe), wait for its end message, check what arrived.
one() {
	local ident=$1 fac=$2 fmt=$3 pid
	shift 4
	sl_run pid sissylog "$@" "$ident" "$fac" < <(cat "$T/in") &&
	sl_wait_end "$ident" &&
	sl_check "$fmt" "$ident" "$(fac_num "$fac")" "$pid" "$T/in"
}

fac_num() {
	case $1 in
	daemon|LOG_DAEMON) echo 3 ;;
	Local3|local3) echo 19 ;;
	LOG_LOCAL7) echo 23 ;;
	user) echo 1 ;;
	esac
}

test_ok 'unix datagram socket, the syslog(3) form (no host), LOCAL3' \
	'one t-ud local3 local -- -d "unix:$RS_DIR/log.sock"'
test_ok 'unix datagram socket, RFC 5424, LOG_LOCAL7' \
	'one t-ud5 LOG_LOCAL7 5424 -- -F rfc5424 -d "unix:$RS_DIR/log5424.sock"'
test_ok 'unix stream socket, octet counted, RFC 5424' \
	'one t-us5 daemon 5424 -- -F rfc5424 -d "unix:$RS_DIR/stream.sock"'
test_ok 'unix stream socket, LF framed, RFC 5424' \
	'one t-usn daemon 5424 -- -n -F rfc5424 -d "unix:$RS_DIR/stream.sock"'
test_ok 'UDP, RFC 5424 (the default on the network)' \
	'one t-udp5 user 5424 -- -d udp:127.0.0.1:$RS_UDP'
test_ok 'UDP, RFC 3164' \
	'one t-udp3 Local3 3164 -- -F rfc3164 -d udp:127.0.0.1:$RS_UDP'
test_ok 'TCP, octet counted, RFC 5424' \
	'one t-tcp5 daemon 5424 -- -d tcp:127.0.0.1:$RS_TCP'
test_ok 'TCP, LF framed, RFC 3164' \
	'one t-tcp3 local3 3164 -- -n -F rfc3164 -d tcp:127.0.0.1:$RS_TCP'
test_ok 'IPv6: UDP and TCP to [::1]' \
	'one t-udp6 daemon 5424 -- -d "udp:[::1]:$RS_UDP" &&
	 one t-tcp6 daemon 5424 -- -d "tcp:[::1]:$RS_TCP"'
if sl_have_relp && rsyslog_have_relp; then
	test_ok 'RELP, RFC 5424' \
		'one t-relp5 daemon 5424 -- -d relp:127.0.0.1:$RS_RELP'
	test_ok 'RELP, RFC 3164' \
		'one t-relp3 local3 3164 -- -F rfc3164 -d relp:127.0.0.1:$RS_RELP'
	test_ok 'IPv6: RELP to [::1]' \
		'one t-relp6 daemon 5424 -- -d "relp:[::1]:$RS_RELP"'
elif ! sl_have_relp; then
	test_skip 'RELP formats' 'sissylog: RELP support is not compiled in'
else
	test_skip 'RELP formats' 'rsyslog-relp is not installed'
fi

# Bytes >= 0x80 that are not UTF-8 pass untouched (compared raw: JSON
# cannot carry them); -b keeps control bytes too.
test_ok 'bytes >= 0x80 pass untouched; -b keeps control bytes' '
	printf "bin \377\376\200 end\nraw \001\033 x\n" > "$T/bin" &&
	sissylog -d "unix:$RS_DIR/log.sock" t-bin < "$T/bin" &&
	sissylog -b -d "unix:$RS_DIR/log.sock" t-raw < "$T/bin" &&
	sl_wait_end t-bin && sl_wait_end t-raw &&
	grep -aF "t-bin: bin " "$RS_DIR/out.raw" | grep -aqF "$(printf "bin \377\376\200 end")" &&
	grep -aF "t-bin: raw " "$RS_DIR/out.raw" | grep -aqF "raw ?? x" &&
	grep -aF "t-raw: raw " "$RS_DIR/out.raw" | grep -aqF "$(printf "raw \001\033 x")"'

test_ok 'the fold length is settable (-l), stamps (-f) go in front of the first piece' '
	{ printf "notice: "; head -c 300 /dev/zero | tr "\0" x; echo; } |
		sissylog -l 100 -f rfc3339 -d "unix:$RS_DIR/log.sock" t-fold &&
	sl_wait_end t-fold &&
	grep -F " t-fold: " "$RS_DIR/out.raw" | grep -v "sissylog: " > "$T/fold" &&
	[ "$(wc -l < "$T/fold")" -eq 4 ] &&
	head -1 "$T/fold" | grep -Eq "^imuxsock <29>.{15} t-fold: [0-9T:.-]{26}Z notice: x{92}$" &&
	sed -n 2,3p "$T/fold" | grep -Eq "^imuxsock <29>.{15} t-fold: \+x{100}$" &&
	sed -n 4p "$T/fold" | grep -Eq "^imuxsock <29>.{15} t-fold: \+x{8}$"'

# A line longer than the input window (64 KiB) reaches the sink in parts:
# it still arrives whole, in order, in '+' pieces of at most the fold
# length, over a datagram socket (800) and over TCP (-l 64k).
# rejoined IDENT FOLD: IDENT's pieces, each at most FOLD bytes of the line
# (and a '+' in front of all but the first), put back together make
# $T/huge.
rejoined() {
	grep -aE " $1(:| [0-9]+ - -) " "$RS_DIR/out.raw" | grep -v "sissylog: " |
		sed -E "s/^.* $1( [0-9]+ - -|:) //" > "$T/pieces.$1" &&
	[ "$(wc -l < "$T/pieces.$1")" -gt 1 ] &&
	[ "$(awk -v max="$2" "length > max + 1" "$T/pieces.$1" | wc -l)" -eq 0 ] &&
	! tail -n +2 "$T/pieces.$1" | grep -q "^[^+]" &&
	{ head -1 "$T/pieces.$1"; tail -n +2 "$T/pieces.$1" | cut -c2-; } |
		tr -d "\n" > "$T/joined.$1" && echo >> "$T/joined.$1" &&
	cmp "$T/joined.$1" "$T/huge"
}
test_ok 'a line of 400,000 bytes arrives whole, in order, in + pieces' '
	head -c 300000 /dev/urandom | base64 -w0 > "$T/huge" && echo >> "$T/huge" &&
	sissylog -d "unix:$RS_DIR/log.sock" t-huge < "$T/huge" &&
	sissylog -l 64k -d tcp:127.0.0.1:$RS_TCP t-huget < "$T/huge" &&
	sl_wait_end t-huge && sl_wait_end t-huget &&
	rejoined t-huge 800 && [ "$(wc -l < "$T/pieces.t-huge")" -ge 500 ] &&
	rejoined t-huget 65536 && [ "$(wc -l < "$T/pieces.t-huget")" -ge 7 ]'

done_testing
