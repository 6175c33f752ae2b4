# journald.sh: a private, real systemd-journald for tests (bash; source it
# after tests/integ/lib.sh). Recipe: ../shared/research/real-peers.md
# section 1: journald runs in its own mount namespace, with its sockets in
# DIR/run and its journal files in DIR/log; nothing touches the host's
# /run, /var/log/journal or /etc.
#
#   journald_start DIR      start it; wait until DIR/run/socket exists and an
#                           entry sent through it can be read back. Sets JD_PID.
#   journald_stop           SIGTERM, wait until it has exited.
#   journald_restart        stop, then start again on the same DIR.
#   journald_run CMD...     run CMD with /run/systemd/journal/* = DIR/run/*
#                           (for programs that use libsystemd's fixed path;
#                           CMD sees an otherwise empty private /run); the
#                           executable $PEERS/journald-run DIR CMD... does
#                           the same for spawn and time
#   journald_json [ARGS]    journalctl -D DIR/log -o json -a [ARGS]
#
# With JD_QLEN=N set, journald runs in a network namespace of its own whose
# net.unix.max_dgram_qlen is N (512 on systemd hosts, where the kernel's
# default is 10): the length of its datagram queue. Path sockets still
# reach it.

JD_PID=
JD_DIR=

journald_have() {
	[ -x /lib/systemd/systemd-journald ] && command -v journalctl >/dev/null &&
		command -v unshare >/dev/null
}

_journald_conf() {
	mkdir -p "$1/run" "$1/log" "$1/etc"
	cat > "$1/etc/journald.conf" <<'CONF'
[Journal]
Storage=volatile
ReadKMsg=no
ForwardToSyslog=no
ForwardToKMsg=no
ForwardToConsole=no
ForwardToWall=no
RateLimitIntervalSec=0
RuntimeMaxUse=2G
RuntimeMaxFileSize=512M
CONF
}

_journald_spawn() {
	local d=$1
	rm -f "$d/run/socket" "$d/run/stdout" "$d/run/dev-log"
	spawn JD_PID unshare ${JD_QLEN:+--net} --mount --propagation private sh -ec '
		D=$1
		[ -z "$2" ] || sysctl -q -w net.unix.max_dgram_qlen="$2"
		mount -t tmpfs -o mode=0755 tmpfs /run
		mkdir -p /run/systemd/journal /run/log/journal
		mount --bind "$D/run" /run/systemd/journal
		mount --bind "$D/log" /run/log/journal
		mount -t tmpfs -o mode=0755 tmpfs /etc/systemd
		cp "$D/etc/journald.conf" /etc/systemd/journald.conf
		exec /lib/systemd/systemd-journald' sh "$d" "${JD_QLEN:-}"
}

_journald_ready() {
	local n
	[ -S "$JD_DIR/run/socket" ] || return 1
	n=$(cat "$JD_DIR/.probe" 2>/dev/null || echo 0)
	n=$((n + 1))
	echo "$n" > "$JD_DIR/.probe"
	logger -u "$JD_DIR/run/dev-log" -t probe "JPROBE-$n" 2>/dev/null
	journalctl -D "$JD_DIR/log" --no-pager -a -o cat SYSLOG_IDENTIFIER=probe \
		2>/dev/null | grep -q JPROBE-
}

journald_start() {
	JD_DIR=$(realpath "$1")
	_journald_conf "$JD_DIR"
	_journald_spawn "$JD_DIR"
	wait_until 20 _journald_ready || {
		echo "# journald did not become ready" >&2
		return 1
	}
}

journald_stop() {
	[ -n "$JD_PID" ] || return 0
	kill -TERM "$JD_PID" 2>/dev/null
	wait_gone 20 "$JD_PID"
	JD_PID=
}

journald_restart() {
	journald_stop
	_journald_spawn "$JD_DIR"
	wait_until 20 _journald_ready
}

journald_run() {
	"$PEERS/journald-run" "$JD_DIR" "$@"
}

journald_json() {
	journalctl -D "$JD_DIR/log" --no-pager -a -o json "$@"
}
