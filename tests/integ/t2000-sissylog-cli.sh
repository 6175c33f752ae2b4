#!/bin/bash
# sissylog's command line: usage and version, the man page and its
# SYNOPSIS, and every kind of bad input with a clear error and the exit
# code sissylog(8) documents (100 for what retrying cannot fix, 111 for
# what it may).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sissylog.sh"

usage="usage: sissylog [-hV] [-bn] [-d dest] [-F format] [-f format] [-i regex] [-l bytes] [-m bytes] [-p policy] [-T tls] [-x regex] [ident [facility]]"

test_is '-h: the usage line on stderr, exit 0' \
	"$(sissylog -h 2>&1 >/dev/null; echo "rc=$?")" "$usage
rc=0"
test_is '-V: the version on stderr, exit 0' \
	"$(sissylog -V 2>&1 >/dev/null; echo "rc=$?")" "sissylog: version: 3.0
rc=0"

if command -v mandoc >/dev/null; then
	test_is 'sissylog.8: mandoc -Tlint -Wwarning is silent' \
		"$(mandoc -Tlint -Wwarning "$TOP/man/sissylog.8" 2>&1)" ""
	syn=$(mandoc -Tascii "$TOP/man/sissylog.8" | sed "s/.\x08//g" |
	    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^[A-Z]/d;p}' | tr -s ' \n\t' ' ' |
	    sed 's/^ //; s/ $//')
	test_is 'sissylog.8: SYNOPSIS is the usage line' "usage: $syn" "$usage"
else
	test_skip 'sissylog.8' 'needs mandoc'
fi

# refused CODE TEXT ARGS...: sissylog ARGS exits CODE at once, before
# reading anything, saying TEXT.
refused() {
	local code=$1 text=$2 rc
	shift 2
	sissylog "$@" < /dev/null > "$T/out" 2> "$T/err"
	rc=$?
	cat "$T/err"
	[ "$rc" -eq "$code" ] && grep -qF -- "$text" "$T/err" && [ ! -s "$T/out" ]
}

test_ok 'an unknown option, a missing argument, too many arguments' '
	refused 100 "usage error: invalid option -z" -z &&
	refused 100 "missing argument for option -d" -d &&
	refused 100 "too many arguments" a daemon extra'
test_ok 'an unknown facility: usage error' '
	refused 100 "usage error: unknown facility: LOG_FOO" myid LOG_FOO &&
	refused 100 "unknown facility: local8" myid local8'
test_ok 'an invalid ident' '
	refused 100 "invalid ident: two words" -d unix:/nonexistent "two words" &&
	refused 100 "invalid ident: a:b" -d unix:/nonexistent "a:b"'
test_ok 'bad destinations, each with its reason' '
	refused 100 "bad destination /dev/log: unknown destination type" -d /dev/log &&
	refused 100 "bad destination udp:host: missing :port" -d udp:host &&
	refused 100 "the port must be a number from 1 to 65535" -d tcp:h:0 &&
	refused 100 "the port must be a number from 1 to 65535" -d tcp:h:65536 &&
	refused 100 "the port must be a number from 1 to 65535" -d tcp:h:http &&
	refused 100 "an IPv6 address needs [address]:port" -d udp:::1:514 &&
	refused 100 "missing socket path" -d unix:'
test_ok 'an unknown host: 100 (111 if the resolver itself fails)' '
	sissylog -d tcp:no-such-host.invalid:514 < /dev/null 2> "$T/err"
	rc=$?; cat "$T/err"
	{ [ $rc -eq 100 ] || [ $rc -eq 111 ]; } &&
	grep -q "unable to resolve no-such-host.invalid" "$T/err"'
test_ok 'bad formats, policies, fold lengths' '
	refused 100 "unknown format for option -F: rfc9999" -F rfc9999 &&
	refused 100 "unknown policy for option -p: maybe" -p maybe &&
	refused 100 "option -l needs a length from 16 to 64k" -l 15 &&
	refused 100 "option -l needs a length from 16 to 64k" -l 65537 &&
	refused 100 "fold length 65536 too long for udp:127.0.0.1:514: at most" \
		-l 64k -d udp:127.0.0.1:514'
test_ok '-T needs RELP, and readable files' '
	refused 100 "option -T needs a relp: destination" -T ca=x -d tcp:127.0.0.1:514 &&
	refused 100 "unknown item for option -T: colour" -T colour=x -d tcp:127.0.0.1:514'
if sl_have_relp; then
	test_ok '-T: an unreadable file, an unknown auth mode' '
		refused 100 "unable to read /nonexistent.pem" -T ca=/nonexistent.pem -d relp:127.0.0.1:2514 &&
		refused 100 "unknown TLS auth mode: magic" -T auth=magic -d relp:127.0.0.1:2514'
	test_ok 'relp: this build has librelp: the destination is taken' '
		refused 100 "invalid ident: a b" -d relp:127.0.0.1:2514 "a b" &&
		! grep -q "not compiled in" "$T/err"'
else
	test_ok 'relp: in a build without librelp says so, exit 100' '
		refused 100 "RELP support is not compiled in" -d relp:127.0.0.1:2514'
fi

# A destination that is not there is no error at start: sissylog waits,
# saying so, and SIGTERM ends it with 111 (lines undelivered).
test_ok 'an unreachable socket path: reported at once, 111 at SIGTERM' '
	rm -f "$T/fifo"; mkfifo "$T/fifo"; exec 7<>"$T/fifo"
	sissylog -d "unix:$T/nowhere" < "$T/fifo" 2> "$T/err" 7>&- &
	P=$!
	echo "a line" >&7 &&
	wait_until 5 "grep -q \"unable to connect to unix:$T/nowhere, trying again: file does not exist (ENOENT)\" \"$T/err\"" &&
	kill -TERM $P; wait $P; rc=$?; exec 7>&-
	cat "$T/err"; [ $rc -eq 111 ] &&
	grep -q "exiting with 2 messages not confirmed by unix:$T/nowhere" "$T/err"'

done_testing
