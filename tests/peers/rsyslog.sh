# rsyslog.sh: a private, real rsyslogd for tests (bash; source it after
# tests/integ/lib.sh). Recipe: ../shared/research/real-peers.md section 2.
#
#   rsyslog_start DIR   start rsyslogd (its own output: DIR/rsyslogd.out)
#                       with inputs on
#                         DIR/log.sock     unix datagram (parsed like /dev/log)
#                         DIR/stream.sock  unix stream (imptcp, octet counted or LF)
#                         127.0.0.1:$RS_UDP  UDP          127.0.0.1:$RS_TCP  TCP
#                         127.0.0.1:$RS_RELP RELP (when rsyslog-relp is installed)
#                       and outputs DIR/out.jsonl (%jsonmesg%, one JSON object per
#                       message) and DIR/out.raw ("<inputname> <rawmsg>").
#                       Waits until every input answers a probe. Sets RS_PID.
#   rsyslog_stop        SIGTERM, wait until it has exited.
#   rsyslog_restart     stop, then start again on the same DIR and ports.
#   rsyslog_count PAT   number of messages in out.raw matching grep -F PAT.
#
# RS_EXTRA, when set, is appended to the configuration (more inputs, for
# example on ::1).
#
# Ports are fixed (UDP/TCP 5514, RELP 2514) because each test that needs the
# network runs in its own network namespace (netns_private below), so tests
# never collide with each other or with the host.

RS_UDP=5514
RS_TCP=5514
RS_RELP=2514
RS_PID=
RS_DIR=

# Re-execute the calling test inside a private network namespace with lo
# up. Call it first, at top level, as:  netns_private "$@"
netns_private() {
	if [ "${PERP_TEST_NETNS:-}" = "$$" ] || [ "${PERP_TEST_NETNS:-}" = done ]; then
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || skip_all "needs root for a private network namespace"
	command -v unshare >/dev/null && command -v ip >/dev/null ||
		skip_all "needs unshare and ip (util-linux, iproute2)"
	rm -rf "$T"
	trap - EXIT
	PERP_TEST_NETNS=done exec unshare --net -- bash -c 'ip link set lo up && exec "$@"' \
		bash "$0" "$@"
}

rsyslog_have_relp() {
	[ -e /usr/lib/x86_64-linux-gnu/rsyslog/imrelp.so ] ||
		compgen -G '/usr/lib/*/rsyslog/imrelp.so' >/dev/null
}

_rsyslog_conf() {
	local d=$1 relp=""
	if rsyslog_have_relp; then
		relp="module(load=\"imrelp\")
input(type=\"imrelp\" address=\"127.0.0.1\" port=\"$RS_RELP\" maxDataSize=\"256k\")"
	fi
	cat > "$d/rsyslog.conf" <<CONF
global(workDirectory="$d/work" maxMessageSize="256k" net.enableDNS="off"
       parser.escapeControlCharactersOnReceive="off")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$d/log.sock" CreatePath="on" RateLimit.Interval="0")
module(load="imptcp")
input(type="imptcp" path="$d/stream.sock" unlink="on" SupportOctetCountedFraming="on")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="$RS_UDP" RateLimit.Interval="0")
module(load="imtcp" MaxSessions="1000")
input(type="imtcp" address="127.0.0.1" port="$RS_TCP")
$relp
${RS_EXTRA:-}
template(name="j" type="string" string="%jsonmesg%\n")
template(name="raw" type="string" string="%inputname% %rawmsg%\n")
if \$inputname != "rsyslogd" then {
  action(type="omfile" file="$d/out.jsonl" template="j")
  action(type="omfile" file="$d/out.raw" template="raw")
}
CONF
}

_rsyslog_ready() {
	local d=$1 n
	[ -S "$d/log.sock" ] && [ -S "$d/stream.sock" ] || return 1
	n=$(cat "$d/.probe" 2>/dev/null || echo 0)
	n=$((n + 1))
	echo "$n" > "$d/.probe"
	logger -u "$d/log.sock" -t probe "PROBE-unix-$n" 2>/dev/null
	logger -n 127.0.0.1 -P "$RS_UDP" -d -t probe "PROBE-udp-$n" 2>/dev/null
	logger -n 127.0.0.1 -P "$RS_TCP" -T -t probe "PROBE-tcp-$n" 2>/dev/null
	if rsyslog_have_relp; then
		(exec 3<>"/dev/tcp/127.0.0.1/$RS_RELP") 2>/dev/null || return 1
	fi
	grep -q "PROBE-unix-" "$d/out.raw" 2>/dev/null &&
	grep -q "PROBE-udp-" "$d/out.raw" 2>/dev/null &&
	grep -q "PROBE-tcp-" "$d/out.raw" 2>/dev/null
}

rsyslog_start() {
	RS_DIR=$1
	mkdir -p "$RS_DIR/work"
	_rsyslog_conf "$RS_DIR"
	spawn RS_PID rsyslogd -n -f "$RS_DIR/rsyslog.conf" -i "$RS_DIR/rsyslogd.pid" \
	    >> "$RS_DIR/rsyslogd.out" 2>&1
	if ! wait_until 20 _rsyslog_ready "$RS_DIR"; then
		echo "# rsyslogd did not become ready" >&2
		return 1
	fi
	# Forget the probes, so that tests see only their own messages.
	: > "$RS_DIR/out.raw"
	: > "$RS_DIR/out.jsonl"
	kill -HUP "$RS_PID"
}

rsyslog_stop() {
	[ -n "$RS_PID" ] || return 0
	kill -TERM "$RS_PID" 2>/dev/null
	wait_gone 20 "$RS_PID"
	RS_PID=
}

rsyslog_restart() {
	rsyslog_stop
	mkdir -p "$RS_DIR/work"
	spawn RS_PID rsyslogd -n -f "$RS_DIR/rsyslog.conf" -i "$RS_DIR/rsyslogd.pid" \
	    >> "$RS_DIR/rsyslogd.out" 2>&1
	wait_until 20 _rsyslog_ready "$RS_DIR"
}

rsyslog_count() {
	grep -cF -- "$1" "$RS_DIR/out.raw" 2>/dev/null || true
}
