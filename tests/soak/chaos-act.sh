# chaos-act.sh: the actions of the soak's chaos driver (bash; sourced by
# soak.sh before chaos.sh). Each act_KIND acts once and waits, bounded,
# for what must follow; it returns 1 only when it cannot act now (the
# driver then draws again). A wait that runs out is a violation.
#
#   kill-main, kill-logger   SIGKILL a service's main or logger; wait for
#                            perpd to start a new one
#   ctl                      one perpctl command (the next of a shuffled
#                            deck), and its counterpart where it has one
#   kill-perpd               SIGKILL perpd; wait for perpboot to start a
#                            new one and for it to adopt every service
#                            under the same pids
#   restart-rsyslog, restart-journald
#                            stop the peer (SIGTERM) and start it again
#   tmpfs                    fill the tmpfs under one log directory, or
#                            free it (a timer frees it after 5 to 15 s)
#   kill-bootlog             SIGKILL perpd's own logger (perpboot's)

# _is_new SV ROLE OLD: ROLE (main, log) of SV runs a start, not under OLD.
_is_new() {
	local p f
	p=$(st "$2.pid" "$1")
	f=$(st "$2.flags" "$1")
	[ -n "$p" ] && [ "$p" -gt 0 ] && [ "$p" != "$3" ] && [ $((f & 2)) -eq 0 ]
}

# ch_wait_new SV ROLE OLD: wait (90 s: a back-off is at most 60 s) for a
# new ROLE; NEWPID, WAITED (text) and CH_START follow.
ch_wait_new() {
	local t0
	t0=$(ch_ms)
	NEWPID=
	if ! wait_until 90 "_is_new $1 $2 $3"; then
		ch_viol "$1: no new $2 within 90 s (old $3)"
		return 1
	fi
	NEWPID=$(st "$2.pid" "$1")
	CH_START[$1.$2]=$(ch_ms)
	WAITED="$(( $(ch_ms) - t0 )) ms"
}

# ch_wait_down SV ROLE: ROLE's pid becomes 0 (a stop: 30 s).
ch_wait_down() {
	wait_until 30 "[ \"\$(st $2.pid $1)\" = 0 ]" ||
	    ch_viol "$1: $2 not down within 30 s"
}

ctl() {
	local out
	if ! out=$(perpctl -b "$B" -q "$@" 2>&1); then
		ch_viol "perpctl $*: $out"
		return 1
	fi
}

ch_kill() {
	local sv=$1 role=$2 old
	old=$(st "$role.pid" "$sv")
	if [ "${old:-0}" -le 0 ]; then
		ch_viol "kill-$role $sv: no pid"
		return 0
	fi
	kill -KILL "$old"
	wait_gone 10 "$old" || ch_viol "$sv: $role $old outlived SIGKILL"
	ch_wait_new "$sv" "$role" "$old" &&
	    clog "kill-$role $sv: pid $old killed; new $role $NEWPID after $WAITED"
}

act_kill_main() {
	ch_pick_sv main || return 1
	EV_MAIN[$SV]=$(( ${EV_MAIN[$SV]:-0} + 1 ))
	ch_kill "$SV" main
}

act_kill_logger() {
	ch_pick_sv log || return 1
	EV_LOG[$SV]=$(( ${EV_LOG[$SV]:-0} + 1 ))
	ch_kill "$SV" log
}

ev() {
	local -n arr=$1
	arr[$2]=$(( ${arr[$2]:-0} + 1 ))
}

# The perpctl commands. A stop counts as a kill (the stop timeout may
# end in SIGKILL); deactivation (X) too, for the main and the logger.
_ctl_run() {
	local sv=$1 m l
	read -r m l <<< "$(svc_pids "$sv")"
	case $CTL in
	d-u) ev EV_MAIN "$sv"; ctl d "$sv"; ch_wait_down "$sv" main
	     ctl u "$sv"; ch_wait_new "$sv" main "$m" ;;
	t)   ctl t "$sv"; ch_wait_new "$sv" main "$m" ;;
	k)   ev EV_MAIN "$sv"; ctl k "$sv"; ch_wait_new "$sv" main "$m" ;;
	L-k) ev EV_LOG "$sv"; ctl -L k "$sv"; ch_wait_new "$sv" log "$l" ;;
	L-d-u) ev EV_LOG "$sv"; ctl -L d "$sv"; ch_wait_down "$sv" log
	     ctl -L u "$sv"; ch_wait_new "$sv" log "$l" ;;
	L-h) ctl -L h "$sv" ;;
	L-a) ctl -L a "$sv" ;;
	p-c) ctl p "$sv"; sleep 1; ctl c "$sv" ;;
	L-p-c) ctl -L p "$sv"; sleep 1.5; ctl -L c "$sv" ;;
	D-U) ev EV_MAIN "$sv"; ev EV_LOG "$sv"; ctl D "$sv"
	     ch_wait_down "$sv" main; ch_wait_down "$sv" log; ctl U "$sv"
	     ch_wait_new "$sv" log "$l"; ch_wait_new "$sv" main "$m" ;;
	X-A) ev EV_MAIN "$sv"; ev EV_LOG "$sv"; ctl X "$sv"
	     wait_until 40 "! perpq -b \"$B\" $sv > /dev/null" ||
	         ch_viol "$sv: not deactivated within 40 s"
	     ctl A "$sv"; ch_wait_new "$sv" log "$l"
	     ch_wait_new "$sv" main "$m" ;;
	esac
}

act_ctl() {
	local role=main t0
	ch_next_ctl
	case $CTL in L-*) role=log ;; D-U|X-A) role=both ;; esac
	if [ "$role" = both ]; then
		ch_pick_sv main || return 1
		[ $(( $(ch_ms) - ${CH_START[$SV.log]:--100000} )) -ge 11000 ] ||
		    return 1
	else
		ch_pick_sv "$role" || return 1
	fi
	ACTS[ctl:$CTL]=$(( ${ACTS[ctl:$CTL]:-0} + 1 ))
	t0=$(ch_ms)
	_ctl_run "$SV"
	clog "ctl $CTL $SV: $(svc_pids "$SV") after $(( $(ch_ms) - t0 )) ms"
}

perpd_pid() {
	tr -d ' \n' 2>/dev/null < "$B/.control/perpd.pid"
}

_adopted() {
	local p
	p=$(perpd_pid)
	[ -n "$p" ] && [ "$p" != "$1" ] && alive "$p" &&
	[ "$(boot_log | grep -c "perpd\[$p\]: adopted service")" -ge "${#SVS[@]}" ]
}

_snapshot() {
	local s
	for s in "${SVS[@]}"; do echo "$s $(svc_pids "$s")"; done
}

act_kill_perpd() {
	local old before after t0
	[ "$(ch_ms)" -lt $(( $1 * 500 )) ] || return 1
	old=$(perpd_pid)
	before=$(_snapshot)
	t0=$(ch_ms)
	kill -KILL "$old"
	if ! wait_until 60 "_adopted $old"; then
		ch_viol "perpd $old killed: no new perpd adopted every service within 60 s"
		return 0
	fi
	after=$(_snapshot)
	[ "$before" = "$after" ] ||
	    ch_viol "adoption changed pids: $(diff <(echo "$before") <(echo "$after") | grep '^>' | tr '\n' ' ')"
	clog "kill-perpd: pid $old killed; perpd $(perpd_pid) adopted ${#SVS[@]} services after $(( $(ch_ms) - t0 )) ms"
}

act_restart_rsyslog() {
	local t0
	t0=$(ch_ms)
	PEER_RS=$((PEER_RS + 1))
	rsyslog_restart >> "$T/peers.out" 2>&1 || ch_viol "rsyslogd did not come back"
	clog "restart-rsyslog: rsyslogd $RS_PID ready after $(( $(ch_ms) - t0 )) ms"
}

act_restart_journald() {
	local t0
	t0=$(ch_ms)
	PEER_JD=$((PEER_JD + 1))
	journald_restart >> "$T/peers.out" 2>&1 || ch_viol "journald did not come back"
	clog "restart-journald: journald $JD_PID ready after $(( $(ch_ms) - t0 )) ms"
}

# The tmpfs is full while $SOAK_MNT/fill exists. A fill also starts a
# timer in the background ($CH_FREER) that frees it 5 to 15 s later
# whatever the driver is doing meanwhile: an action on the service held
# back by the full disk (a SIGTERM its main cannot act on while blocked
# in write(2), a deactivation whose logger cannot drain) then completes
# once the disk is free, as it would for an operator.
act_tmpfs() {
	local hold
	[ -n "$SOAK_MNT" ] || return 1
	if [ -e "$SOAK_MNT/fill" ]; then
		tmpfs_timer_stop
		act_tmpfs_free "drawn"
		return 0
	fi
	tmpfs_timer_stop
	CH_PAUSED0=$(_tl_says pausing)
	dd if=/dev/zero of="$SOAK_MNT/fill" bs=64k 2>/dev/null
	ACTS[tmpfs:fill]=$(( ${ACTS[tmpfs:fill]:-0} + 1 ))
	rng 10001
	hold=$((5000 + R))
	clog "tmpfs fill: $(du -k "$SOAK_MNT/fill" | cut -f1) KiB written, $(df -k --output=avail "$SOAK_MNT" | tail -n 1 | tr -d ' ') KiB left; freed in $hold ms at the latest"
	( sleep "$((hold / 1000)).$(printf %03d $((hold % 1000)))"
	  act_tmpfs_free "after $hold ms" ) &
	CH_FREER=$!
}

tmpfs_timer_stop() {
	[ -n "$CH_FREER" ] || return 0
	kill -TERM "$CH_FREER" 2>/dev/null
	wait "$CH_FREER" 2>/dev/null
	CH_FREER=
}

# _tl_says WORD: how many "tinylog[PID]: WORD" messages perpd's log has
# (pausing: a full disk held the logger back, resuming: it writes again).
_tl_says() {
	boot_log | grep -c "tinylog\[[0-9]*\]: $1:"
}

# act_tmpfs_free WHY: free the tmpfs (if full) and see tinylog resume.
# Runs in the driver or in the timer; the rename lets only one free it.
act_tmpfs_free() {
	local r0 t0 how="tinylog had not paused"
	r0=$(_tl_says resuming)
	t0=$(ch_ms)
	mv "$SOAK_MNT/fill" "$SOAK_MNT/fill.gone" 2>/dev/null || return 0
	rm -f "$SOAK_MNT/fill.gone"
	if [ "$(_tl_says pausing)" -gt "$CH_PAUSED0" ]; then
		if wait_until 15 "[ \$(_tl_says resuming) -gt $r0 ]"; then
			how="tinylog had paused, resumed after $(( $(ch_ms) - t0 )) ms"
		else
			ch_viol "tinylog under $SOAK_MNT not resuming within 15 s"
			how="tinylog had paused, did not resume"
		fi
	fi
	clog "tmpfs free ($1): $(df -k --output=avail "$SOAK_MNT" | tail -n 1 | tr -d ' ') KiB free; $how"
}

CH_FREER=
CH_PAUSED0=0

_bootlog_pid() {
	pgrep -P "$PB" -x tinylog
}

act_kill_bootlog() {
	local old t0
	old=$(_bootlog_pid)
	[ -n "$old" ] || { ch_viol "no boot logger"; return 0; }
	t0=$(ch_ms)
	kill -KILL "$old"
	if wait_until 30 "p=\$(_bootlog_pid) && [ -n \"\$p\" ] && [ \"\$p\" != $old ]"; then
		clog "kill-bootlog: pid $old killed; new $(_bootlog_pid) after $(( $(ch_ms) - t0 )) ms"
	else
		ch_viol "no new boot logger within 30 s"
	fi
}
