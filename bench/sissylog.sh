#!/bin/bash
# bench/sissylog.sh [N]: lines per second from sissylog into a real,
# private rsyslogd (tests/peers/rsyslog.sh, in its own network namespace),
# over the unix datagram socket, the unix stream socket, UDP, TCP and RELP,
# beside logger(1) with the same transport and format where it has one
# (it has no RELP). N numbered lines (default 200000, 60 to 140 bytes,
# from linegen) are read from a file by each sender; prints one Markdown
# table row per run:
#
#   lines/s     N divided by the time from the sender's start until
#               rsyslogd has written the last line it will get (end to end;
#               rsyslogd is often the slower side)
#   sender s    when the sender itself had exited: sissylog exits once
#               everything is sent (RELP: acknowledged, unix: read)
#   CPU s       the sender's user + system time
#   delivered   lines rsyslogd wrote (UDP may lose some)
#
# Formats: the local form on unix sockets (what syslog(3) sends; logger
# -u sends the same with a pid), RFC 5424 without structured data on the
# network (logger --rfc5424=notq), octet counting on stream sockets.
# Run as root (network namespace), after `make all helpers`, on a quiet
# machine.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/integ/lib.sh"
. "$top/tests/peers/rsyslog.sh"
netns_private "$@"
n=${1:-200000}

[ -x "$BIN/sissylog" ] && [ -x "$HELPERS/linegen" ] ||
	{ echo "bench/sissylog.sh: build first: make all helpers" >&2; exit 111; }
command -v rsyslogd > /dev/null && command -v logger > /dev/null ||
	{ echo "bench/sissylog.sh: needs rsyslogd and logger" >&2; exit 111; }
rsyslog_start "$T/rs" || exit 111
linegen -n "$n" -l 60:140 > "$T/lines"

now_us() { echo "${EPOCHREALTIME/./}"; }
arrived() { wc -l < "$RS_DIR/out.raw"; }

# run TRANSPORT SENDER WANT CMD...: time CMD (stdin: the lines) until
# rsyslogd has written WANT lines, or nothing new came for 3 s.
run() {
	local transport=$1 sender=$2 want=$3 start done got last stall cpu pid
	local sender_s
	shift 3
	: > "$RS_DIR/out.raw"
	: > "$RS_DIR/out.jsonl"
	start=$(now_us)
	( "$@" < "$T/lines" 2> /dev/null; now_us > "$T/end"; times > "$T/times" ) &
	pid=$!
	last=0
	stall=$(now_us)
	while :; do
		got=$(arrived)
		[ "$got" -ge "$want" ] && break
		if [ "$got" -ne "$last" ]; then
			last=$got
			stall=$(now_us)
		elif [ $(( $(now_us) - stall )) -gt 3000000 ]; then
			break
		fi
		sleep 0.01
	done
	done=$(( $(now_us) - (got >= want ? 0 : 3000000) ))
	wait "$pid"
	sender_s=$(awk -v s="$start" -v e="$(cat "$T/end")" 'BEGIN { printf "%.2f", (e - s) / 1e6 }')
	cpu=$(awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$T/times")
	printf '| %s | %s | %d | %s | %.2f | %d |\n' "$transport" "$sender" \
	    $(( got * 1000000 / (done - start) )) "$sender_s" "$cpu" "$got"
}

echo "$n lines, $(wc -c < "$T/lines") bytes, $(nproc) CPUs, rsyslogd $(rsyslogd -v | awk 'NR == 1 { print $2 }')"
echo
echo "| transport | sender | lines/s | sender s | CPU s | delivered |"
echo "|---|---|---|---|---|---|"
# sissylog adds its start and end messages.
run "unix datagram" sissylog $((n + 2)) sissylog -d "unix:$RS_DIR/log.sock" b
run "unix datagram" logger "$n" logger -u "$RS_DIR/log.sock" -t b
run "unix stream" sissylog $((n + 2)) sissylog -d "unix:$RS_DIR/stream.sock" b
run "unix stream" logger "$n" logger -u "$RS_DIR/stream.sock" -T --octet-count -t b
run "UDP" sissylog $((n + 2)) sissylog -d udp:127.0.0.1:$RS_UDP b
run "UDP" logger "$n" logger -n 127.0.0.1 -P $RS_UDP -d --rfc5424=notq -t b
run "TCP" sissylog $((n + 2)) sissylog -d tcp:127.0.0.1:$RS_TCP b
run "TCP" logger "$n" logger -n 127.0.0.1 -P $RS_TCP -T --octet-count --rfc5424=notq -t b
if rsyslog_have_relp && ! sissylog -d relp:127.0.0.1:1 'x y' 2>&1 < /dev/null | grep -q 'not compiled in'; then
	run "RELP" sissylog $((n + 2)) sissylog -d relp:127.0.0.1:$RS_RELP b
fi
rsyslog_stop
