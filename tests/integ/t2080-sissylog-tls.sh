#!/bin/bash
# RELP over TLS (-T), through librelp, into rsyslogd's imrelp with TLS:
# certificates on both sides and the server's name checked; a name that
# does not match is refused and the warning says why.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd
need_cmd openssl
sl_have_relp || skip_all "sissylog: RELP support is not compiled in"
rsyslog_have_relp || skip_all "rsyslog-relp is not installed"

# cert NAME: a key and a certificate for NAME, signed by the test CA.
cert() {
	openssl req -newkey rsa:2048 -nodes -keyout "$T/$1.key" \
	    -out "$T/$1.csr" -subj "/CN=$1" 2>/dev/null &&
	printf 'subjectAltName=DNS:%s\n' "$1" > "$T/$1.ext" &&
	openssl x509 -req -in "$T/$1.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
	    -CAcreateserial -out "$T/$1.pem" -days 30 \
	    -extfile "$T/$1.ext" 2>/dev/null
}

test_ok 'a CA, a server and a client certificate' '
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ca.key" \
		-out "$T/ca.pem" -days 30 -subj "/CN=test-ca" 2>/dev/null &&
	cert localhost && cert client'

RS_EXTRA="input(type=\"imrelp\" address=\"127.0.0.1\" port=\"2515\" tls=\"on\"
      tls.caCert=\"$T/ca.pem\" tls.myCert=\"$T/localhost.pem\"
      tls.myPrivKey=\"$T/localhost.key\" tls.authMode=\"name\"
      tls.permittedPeer=[\"client\"])"
test_ok 'rsyslogd starts, with a RELP input over TLS' 'rsyslog_start "$T/rs"'

tls="ca=$T/ca.pem,cert=$T/client.pem,key=$T/client.key,auth=name"
sl_input "$T/in"

test_ok 'every message arrives over TLS, the server name checked' '
	sl_run pid sissylog -T "$tls,peer=localhost" -d relp:127.0.0.1:2515 \
		t-tls < <(cat "$T/in") &&
	sl_wait_end t-tls && sl_check 5424 t-tls 3 "$pid" "$T/in" &&
	grep -q "imrelp.* t-tls .* plain info line" "$RS_DIR/out.raw"'

test_ok 'a server whose name is not permitted is refused, and why is said' '
	exec 7>&-; rm -f "$T/fifo"; mkfifo "$T/fifo"; exec 7<>"$T/fifo"
	sissylog -T "$tls,peer=elsewhere" -d relp:127.0.0.1:2515 t-bad \
		< "$T/fifo" 2> "$T/bad.err" 7>&- &
	P=$!
	echo "must not arrive" >&7 &&
	wait_until 10 "grep -q \"no permited name found\" \"$T/bad.err\"" &&
	kill -TERM $P; wait $P; rc=$?; exec 7>&-
	[ $rc -eq 111 ] && ! grep -q "t-bad" "$RS_DIR/out.raw"'

done_testing
