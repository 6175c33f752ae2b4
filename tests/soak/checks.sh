# checks.sh: the soak's end checks (bash; sourced by soak.sh after
# setup.sh and chaos.sh). Each check_* exits 0 when the promise held and
# prints what it found; lines_check leaves one verdict per service in
# $SOAK_RES/NAME for the report.
#
#   check_once          every service has exactly one main (linegen) and
#                       one logger, with the pids perpd reports, one perpd
#                       runs, and the chaos saw no duplicate and no failed
#                       recovery
#   shutdown_all        SIGTERM perpboot: perpd stops every service in
#                       order, each logger drains its pipe to end of file;
#                       perpboot exits 0 and no process of $B is left
#   lines_check         linecheck over each service's log, the lines 1 to
#                       the number in its ./count: the last whose write(2)
#                       returned, so a line a killed main had not written
#                       yet is not expected, and every line it had written
#                       is
#   check_lines         none missing, corrupt or torn anywhere
#   check_repeats       repeats within dup_bound (below)
#   check_archives      gzip -t on every .gz archive of every log directory
#
# dup_bound SV: what the programs document. A main killed (or stopped:
# the stop may end in SIGKILL) may write again the one line whose write
# returned just before it died (linegen -C -w 1). A logger killed or
# stopped, and for sissylog each restart of rsyslogd, for journalog each
# of journald, may deliver one batch again: one read of the pipe, at most
# 64 KiB, or 256 KiB for a tinylog whose service kept its pipe full
# (tinylog(8), sissylog(8), journalog(8)), thus at most
# batch / (17 + shortest payload) + 1 lines (a line is "#ID:SEQ:" and the
# payload and ":CRC\n", 17 bytes and more besides the payload).
SOAK_RES=

dup_bound() {
	local s=$1 min batch ev
	min=${SV_LEN[$s]%%:*}
	batch=65536
	[ "${SV_LOGGER[$s]}" = tinylog ] && batch=262144
	batch=$((batch / (17 + min) + 1))
	ev=${EV_LOG[$s]:-0}
	case ${SV_LOGGER[$s]} in
	sissylog) ev=$((ev + PEER_RS)) ;;
	journalog) ev=$((ev + PEER_JD)) ;;
	esac
	echo $(( ${EV_MAIN[$s]:-0} + ev * batch ))
}

check_once() {
	local s m l bad=0 p
	ch_scan > "$T/scan.dups"
	if [ -s "$T/scan.dups" ]; then cat "$T/scan.dups"; bad=1; fi
	[ "$SCAN_PERPD" = 1 ] || { echo "$SCAN_PERPD perpd processes"; bad=1; }
	for s in "${SVS[@]}"; do
		read -r m l <<< "$(svc_pids "$s")"
		if [ "${SCAN_MAIN[$s]:-0}" != 1 ] || [ "${SCAN_LOG[$s]:-0}" != 1 ]; then
			echo "$s: ${SCAN_MAIN[$s]:-0} mains, ${SCAN_LOG[$s]:-0} loggers"
			bad=1
		fi
		for p in "$m" "$l"; do
			[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$B/$s" ] || {
				echo "$s: pid $p (from perpd) is not a process of $s"; bad=1; }
		done
	done
	[ "$(ch_violations)" = 0 ] || {
		echo "$(ch_violations) violations during the chaos:"
		grep VIOLATION "$CHAOS_LOG"; bad=1; }
	[ "$bad" = 0 ] &&
	    echo "${#SVS[@]} mains, ${#SVS[@]} loggers, 1 perpd; no duplicate after any of $(ch_total) actions"
	return "$bad"
}

# The processes left whose working directory is in $B.
_left() {
	local p cwd
	for p in /proc/[0-9]*; do
		cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
		case $cwd in "$B"|"$B"/*) _alive "${p#/proc/}" && echo "${p#/proc/} $cwd" ;; esac
	done
}

shutdown_all() {
	local rc
	kill -TERM "$PB"
	wait_gone 120 "$PB" || { echo "perpboot still running after 120 s"; return 1; }
	wait "$PB"
	rc=$?
	[ "$rc" = 0 ] || { echo "perpboot exited $rc"; return 1; }
	wait_until 10 '[ -z "$(_left)" ]' || { echo "left:"; _left; return 1; }
}

lines_check() {
	local s n src
	SOAK_RES=$T/res
	mkdir -p "$SOAK_RES"
	# rsyslogd writes what it acknowledged a little later: wait until its
	# output has not grown for a second.
	sl_settle
	for s in "${SVS[@]}"; do
		n=$(sed 's/^0*//' "$B/$s/count")
		n=${n:-0}
		case ${SV_LOGGER[$s]} in
		tinylog) src=$B/$s/log ;;
		sissylog) src=$RS_DIR/out.raw ;;
		journalog)
			src=$T/jd.$s
			journald_json "SYSLOG_IDENTIFIER=$s" | jq -r .MESSAGE > "$src" ;;
		esac
		{ echo "sent=$n bound=$(dup_bound "$s")"
		  linecheck -i "$s" -n "$n" "$src" 2>&1; echo "rc=$?"; } > "$SOAK_RES/$s"
	done
}

# res SV KEY: a number from SV's verdict (sent, bound, records, missing,
# dup, corrupt, torn, disorder, rc).
res() {
	sed -n "s/^\(.* \)\{0,1\}$2=\([0-9]*\).*/\2/p" "$SOAK_RES/$1" | head -n 1
}

check_lines() {
	local s bad=0
	for s in "${SVS[@]}"; do
		if [ "$(res "$s" sent)" -lt 1 ] || [ "$(res "$s" missing)" != 0 ] ||
		    [ "$(res "$s" corrupt)" != 0 ] || [ "$(res "$s" torn)" != 0 ] ||
		    [ "$(res "$s" rc)" = 111 ]; then
			echo "$s:"; cat "$SOAK_RES/$s"; bad=1
		fi
	done
	[ "$bad" = 0 ] && echo "every line of ${#SVS[@]} services there, whole"
	return "$bad"
}

check_repeats() {
	local s bad=0
	for s in "${SVS[@]}"; do
		if [ "$(res "$s" dup)" -gt "$(res "$s" bound)" ]; then
			echo "$s: $(res "$s" dup) repeated, bound $(res "$s" bound)"
			bad=1
		fi
	done
	return "$bad"
}

check_archives() {
	local f n=0 bad=0
	while IFS= read -r f; do
		n=$((n + 1))
		gzip -t "$f" 2>&1 || { echo "corrupt: $f"; bad=1; }
	done < <(find "$B" -name '_*.gz' -type f)
	echo "$n gzip archives tested"
	GZ_TESTED=$n
	[ "$n" -gt 0 ] && [ "$bad" = 0 ]
}
