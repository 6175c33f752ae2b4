#!/bin/bash
# The exact bytes on the wire, framing included, caught by a plain
# listener (tests/helpers/netcap): RFC 6587 octet counting on TCP and on
# a unix stream socket, LF framing with -n, one datagram per message on
# UDP and a unix datagram socket. Times are the only bytes not compared.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"

host=$(hostname)

# listen NAME KIND ADDRESS: a netcap catching into $T/NAME.
listen() {
	spawn C netcap -k "$2" -a "$3" -o "$T/$1" -r "$T/$1.ready" &&
	wait_until 5 "[ -e \"$T/$1.ready\" ]"
}

# send NAME SISSYLOG-ARGS...: two lines, as ident w; pid in PID.
send() {
	local name=$1
	shift
	: > "$T/$name"
	printf 'one\nerror: two\n' > "$T/in"
	sl_run PID sissylog "$@" w < "$T/in" &&
	wait_until 5 "grep -aq terminating \"$T/$name\""
}

# octets FILE: cut RFC 6587 frames "LEN SP MSG" into lines; fails on a
# length that does not match.
octets() {
	local len msg
	while IFS= read -r -d ' ' len; do
		IFS= read -r -N "$len" msg || return 1
		[ "${#msg}" -eq "$len" ] || return 1
		printf '%s\n' "$msg"
	done < "$1"
}

# want5424 / wantlocal: the messages with the times replaced by TS.
want5424() {
	printf '%s\n' \
	    "<30>1 TS $host w $PID - - sissylog: logging from stdin ..." \
	    "<30>1 TS $host w $PID - - one" \
	    "<27>1 TS $host w $PID - - error: two" \
	    "<30>1 TS $host w $PID - - sissylog: terminating normally on eof reading stdin"
}
wantlocal() {
	printf '%s\n' "<30>TS w: sissylog: logging from stdin ..." \
	    "<30>TS w: one" "<27>TS w: error: two" \
	    "<30>TS w: sissylog: terminating normally on eof reading stdin"
}
times5424() { sed -E 's/^(<[0-9]+>1) [0-9T:.+-]{32} /\1 TS /'; }
times3164() { sed -E 's/^(<[0-9]+>)[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} /\1TS /'; }

test_ok 'TCP: octet counted frames, RFC 5424' '
	listen tcp tcp 5601 && send tcp -d tcp:127.0.0.1:5601 &&
	octets "$T/tcp" | times5424 > "$T/got" && want5424 | cmp - "$T/got"'

test_ok 'TCP with -n: LF after each message' '
	listen tcpn tcp 5602 && send tcpn -n -d tcp:127.0.0.1:5602 &&
	[ "$(tail -c 1 "$T/tcpn" | od -An -c | tr -d " ")" = "\n" ] &&
	times5424 < "$T/tcpn" > "$T/got" && want5424 | cmp - "$T/got"'

test_ok 'unix stream socket: octet counted frames, the local form' '
	listen ustream ustream "$T/stream.sock" &&
	send ustream -d "unix:$T/stream.sock" &&
	octets "$T/ustream" | times3164 > "$T/got" && wantlocal | cmp - "$T/got"'

test_ok 'UDP: one datagram per message' '
	listen udp udp 5603 && send udp -d udp:127.0.0.1:5603 &&
	times5424 < "$T/udp" > "$T/got" && want5424 | cmp - "$T/got"'

test_ok 'unix datagram socket: one datagram per message, as syslog(3)' '
	listen udgram udgram "$T/dgram.sock" &&
	send udgram -d "unix:$T/dgram.sock" &&
	times3164 < "$T/udgram" > "$T/got" && wantlocal | cmp - "$T/got"'

test_ok 'RFC 3164 on the network: the short host name, no pid' '
	listen tcp3 tcp 5604 && send tcp3 -F rfc3164 -d tcp:127.0.0.1:5604 &&
	octets "$T/tcp3" | times3164 > "$T/got" &&
	wantlocal | sed "s/^\(<[0-9]*>TS\) w:/\1 ${host%%.*} w:/" | cmp - "$T/got"'

done_testing
