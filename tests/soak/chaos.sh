# chaos.sh: the soak's seeded chaos driver (bash; sourced by soak.sh after
# setup.sh and chaos-act.sh).
#
#   chaos_run SECS SEED   act until SECS seconds have passed: one action at
#                         a time, each followed by a bounded wait for its
#                         effect (a new pid, adoption, a peer back), a scan
#                         for duplicates, then a pause of 0.2 to 2 s.
#                         Every action goes to $CHAOS_LOG with its time.
#
# The generator is a 32-bit LCG seeded with SEED, so one seed gives one
# sequence of choices. The first actions are a shuffle of every kind, so
# that even a short run does each once; then kinds are drawn by weight.
# perpctl commands are drawn from a shuffled deck, for the same reason.
# perpd is not killed in the second half of the run, so that the perpd at
# the end lived long enough for its memory to be compared.
#
# What the checks need is counted: ACTS[kind] (and ACTS[ctl:CMD]),
# EV_MAIN[sv] (mains killed or stopped: each may repeat the one line it
# wrote before its state file said so), EV_LOG[sv] (loggers killed or
# stopped: each may repeat one batch), PEER_RS and PEER_JD (restarts of
# rsyslogd and journald: one batch for each of their services), and
# what went wrong (a duplicate seen, a recovery not seen, a perpctl
# error): a "VIOLATION" line in the log each (ch_violations).
declare -A ACTS EV_MAIN EV_LOG CH_START
PEER_RS=0
PEER_JD=0
CH_KINDS=(kill-main kill-logger ctl kill-perpd restart-rsyslog
	restart-journald tmpfs kill-bootlog)
CH_WEIGHTS=(20 20 32 6 5 5 8 4)
CTL_CMDS=(d-u t k L-k L-d-u L-h L-a p-c L-p-c D-U X-A)
CH_T0=0
RNG=1
R=0

rng_seed() {
	RNG=$(( $1 & 0xffffffff ))
	[ "$RNG" -ne 0 ] || RNG=1
}

# rng N: R = a number in 0..N-1 (from the generator's high bits).
rng() {
	RNG=$(( (RNG * 1664525 + 1013904223) & 0xffffffff ))
	R=$(( (RNG >> 8) % $1 ))
}

ch_ms() {
	echo $(( ${EPOCHREALTIME/./} / 1000 - CH_T0 ))
}

# clog TEXT: one line of the chaos log, wall clock (UTC) and run time.
clog() {
	local e
	e=$(ch_ms)
	printf '%s +%4d.%ds %s\n' "$(date -u +%H:%M:%S.%3N)" $((e / 1000)) \
	    $((e % 1000 / 100)) "$*" >> "$CHAOS_LOG"
}

# ch_viol TEXT: something went wrong. Counted from the log (ch_violations),
# since the tmpfs timer, a subshell, reports too.
ch_viol() {
	clog "VIOLATION: $*"
}

ch_violations() {
	grep -c ' VIOLATION: ' "$CHAOS_LOG"
}

# A deck: the words of $2 shuffled into array $1 (Fisher-Yates).
ch_shuffle() {
	local -n deck=$1
	local i t
	read -r -a deck <<< "$2"
	for ((i = ${#deck[@]} - 1; i > 0; i--)); do
		rng $((i + 1))
		t=${deck[$i]}
		deck[$i]=${deck[$R]}
		deck[$R]=$t
	done
}

CH_FIRST=()
CH_CTLDECK=()

# The next kind: from the first shuffle while it lasts, then by weight.
ch_next_kind() {
	local i sum=0 w
	if [ "${#CH_FIRST[@]}" -gt 0 ]; then
		KIND=${CH_FIRST[0]}
		CH_FIRST=("${CH_FIRST[@]:1}")
		return
	fi
	for w in "${CH_WEIGHTS[@]}"; do sum=$((sum + w)); done
	rng "$sum"
	for ((i = 0; i < ${#CH_KINDS[@]}; i++)); do
		R=$((R - CH_WEIGHTS[i]))
		if [ "$R" -lt 0 ]; then
			KIND=${CH_KINDS[$i]}
			return
		fi
	done
}

ch_next_ctl() {
	[ "${#CH_CTLDECK[@]}" -gt 0 ] || ch_shuffle CH_CTLDECK "${CTL_CMDS[*]}"
	CTL=${CH_CTLDECK[0]}
	CH_CTLDECK=("${CH_CTLDECK[@]:1}")
}

# ch_pick_sv ROLE: SV = a service whose ROLE (main, log) the chaos has
# not restarted in the last 11 s (perpd's back-off doubles only for
# starts that end within 10 s); 1 if there is none.
ch_pick_sv() {
	local role=$1 j n=${#SVS[@]} s now
	now=$(ch_ms)
	rng "$n"
	for ((j = 0; j < n; j++)); do
		s=${SVS[$(( (R + j) % n ))]}
		if [ $((now - ${CH_START[$s.$role]:--100000})) -ge 11000 ]; then
			SV=$s
			return 0
		fi
	done
	return 1
}

# Exactly once, by pid: the live processes whose working directory is a
# service's, by program; no service may have two mains or two loggers.
# Sets SCAN_MAIN[sv], SCAN_LOG[sv] (counts) and SCAN_PERPD (perpd
# processes on $B); prints one line per duplicate.
declare -A SCAN_MAIN SCAN_LOG
SCAN_PERPD=0
ch_scan() {
	local p c cwd s
	SCAN_MAIN=()
	SCAN_LOG=()
	SCAN_PERPD=0
	for p in /proc/[0-9]*; do
		read -r c 2>/dev/null < "$p/comm" || continue
		case $c in
		linegen|tinylog|sissylog|journalog|perpd) ;;
		*) continue ;;
		esac
		_alive "${p#/proc/}" || continue
		cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
		if [ "$c" = perpd ]; then
			[ "$cwd" = "$B" ] && SCAN_PERPD=$((SCAN_PERPD + 1))
			continue
		fi
		s=${cwd#"$B"/}
		[ "$s" != "$cwd" ] && [ -n "${SV_LOGGER[$s]+x}" ] || continue
		if [ "$c" = linegen ]; then
			SCAN_MAIN[$s]=$(( ${SCAN_MAIN[$s]:-0} + 1 ))
		else
			SCAN_LOG[$s]=$(( ${SCAN_LOG[$s]:-0} + 1 ))
		fi
	done
	[ "$SCAN_PERPD" -le 1 ] || echo "$SCAN_PERPD perpd processes on $B"
	for s in "${SVS[@]}"; do
		[ "${SCAN_MAIN[$s]:-0}" -le 1 ] || echo "$s: ${SCAN_MAIN[$s]} mains"
		[ "${SCAN_LOG[$s]:-0}" -le 1 ] || echo "$s: ${SCAN_LOG[$s]} loggers"
	done
}

ch_check_dups() {
	local d
	d=$(ch_scan)
	[ -z "$d" ] || ch_viol "duplicate after $1: $d"
}

chaos_run() {
	local secs=$1 end pause
	rng_seed "$2"
	CH_T0=$(( ${EPOCHREALTIME/./} / 1000 ))
	end=$((secs * 1000))
	ch_shuffle CH_FIRST "${CH_KINDS[*]}"
	clog "chaos starts: seed $2, $secs s, services ${SVS[*]}"
	: > "$T/.soak-alive"
	while [ "$(ch_ms)" -lt "$end" ]; do
		# Nothing of the soak removes its own directory: if it is
		# gone, something outside did, and nothing after means much.
		if [ ! -e "$T/.soak-alive" ]; then
			ch_viol "the work directory $T was removed from outside the soak"
			break
		fi
		ch_next_kind
		# A kind that cannot act now (no eligible service, perpd
		# late in the run) passes its turn.
		if ! "act_${KIND//-/_}" "$secs"; then
			clog "($KIND passes)"
			continue
		fi
		ACTS[$KIND]=$(( ${ACTS[$KIND]:-0} + 1 ))
		ch_check_dups "$KIND"
		rng 1800
		pause=$((200 + R))
		sleep "$((pause / 1000)).$(printf %03d $((pause % 1000)))"
	done
	tmpfs_timer_stop
	[ -z "$SOAK_MNT" ] || act_tmpfs_free "at the end"
	clog "chaos ends: $(ch_total) actions"
}

ch_total() {
	local k n=0
	for k in "${CH_KINDS[@]}"; do n=$((n + ${ACTS[$k]:-0})); done
	echo "$n"
}
