# memwatch.sh: the soak's memory sampler and its verdict (bash; sourced
# by soak.sh after setup.sh).
#
#   mem_start FILE      sample every MEM_EVERY seconds (default 2), in the
#                       background ($MEM_PID): one line per process
#                         MS PID COMM NAME RSS_KIB PSS_KIB
#                       for perpd, perpboot and every logger of $B (NAME:
#                       the service, .boot for perpd's own logger, - for
#                       perpd and perpboot), from /proc/PID/status (VmRSS)
#                       and /proc/PID/smaps_rollup (Pss)
#   mem_stop            stop the sampler (by its pid)
#   mem_verdict FILE    one line per process sampled long enough:
#                         NAME COMM PID EARLY LATE GROWTH MAX SPAN_S OK|GREW
#                       EARLY is the first sample at least MEM_WARM s
#                       (default 10) after the process was first seen, LATE
#                       its last; only processes with at least MEM_SPAN s
#                       (default: a quarter of SOAK_SECONDS, at least 15)
#                       between them count. Exit 1 when one grew more than
#                       the tolerance, or when perpd or a kind of logger
#                       has no process sampled long enough.
#
# Tolerance: LATE <= EARLY + MEM_TOL_KIB (default 1024) + EARLY *
# MEM_TOL_PCT / 100 (default 10). RSS, not PSS, is compared: PSS moves
# when other processes sharing the same pages come and go (every logger
# restart does), RSS only with the process itself. The allowance covers
# pages touched late for the first time (a rotation, a reconnect, a
# compression buffer, a larger batch); a leak of a few hundred bytes per
# line or per event exceeds it within the run.
MEM_EVERY=${MEM_EVERY:-2}
MEM_WARM=${MEM_WARM:-10}
MEM_SPAN=${MEM_SPAN:-}
MEM_TOL_KIB=${MEM_TOL_KIB:-1024}
MEM_TOL_PCT=${MEM_TOL_PCT:-10}
MEM_PID=

# One sample of every watched process, to stdout.
_mem_sample() {
	local ms=$1 p c cwd name rss pss k v rest
	for p in /proc/[0-9]*; do
		read -r c 2>/dev/null < "$p/comm" || continue
		case $c in
		perpd|perpboot|tinylog|sissylog|journalog) ;;
		*) continue ;;
		esac
		cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
		case $cwd in
		"$B"|"$B/.boot") name=- ;;
		"$B"/*) name=${cwd#"$B"/} ;;
		*) continue ;;
		esac
		[ "$c" = tinylog ] && [ "$cwd" = "$B/.boot" ] && name=.boot
		rss=
		pss=
		while read -r k v rest; do
			[ "$k" = VmRSS: ] && rss=$v
		done 2>/dev/null < "$p/status"
		while read -r k v rest; do
			[ "$k" = Pss: ] && pss=$v
		done 2>/dev/null < "$p/smaps_rollup"
		[ -n "$rss" ] && [ "$rss" -gt 0 ] || continue
		echo "$ms ${p#/proc/} $c $name $rss ${pss:-0}"
	done
}

mem_start() {
	local file=$1 t0
	t0=$(( ${EPOCHREALTIME/./} / 1000 ))
	(
		while :; do
			_mem_sample $(( ${EPOCHREALTIME/./} / 1000 - t0 ))
			sleep "$MEM_EVERY"
		done
	) >> "$file" 2>/dev/null &
	MEM_PID=$!
}

mem_stop() {
	[ -n "$MEM_PID" ] || return 0
	kill -TERM "$MEM_PID" 2>/dev/null
	wait "$MEM_PID" 2>/dev/null
	MEM_PID=
}

mem_verdict() {
	[ -n "$MEM_SPAN" ] ||
	    MEM_SPAN=$(( SOAK_SECONDS / 4 > 15 ? SOAK_SECONDS / 4 : 15 ))
	awk -v warm=$((MEM_WARM * 1000)) -v span=$((MEM_SPAN * 1000)) \
	    -v tol="$MEM_TOL_KIB" -v pct="$MEM_TOL_PCT" '
	{
		p = $2
		if (!(p in first)) { first[p] = $1; comm[p] = $3; name[p] = $4 }
		if (!(p in et) && $1 >= first[p] + warm) { et[p] = $1; er[p] = $5 }
		lt[p] = $1; lr[p] = $5
		if ($5 > mx[p]) mx[p] = $5
	}
	END {
		bad = 0
		for (p in et) {
			if (lt[p] - et[p] < span)
				continue
			g = lr[p] - er[p]
			ok = lr[p] <= er[p] + tol + er[p] * pct / 100
			if (!ok) bad = 1
			seen[comm[p]] = 1
			printf "%s %s %s %d %d %d %d %d %s\n", name[p], comm[p], p,
			    er[p], lr[p], g, mx[p], (lt[p] - et[p]) / 1000,
			    ok ? "OK" : "GREW"
		}
		if (!seen["perpd"]) { print "- perpd - no perpd sampled long enough"; bad = 1 }
		n = split("tinylog sissylog journalog", kinds, " ")
		for (i = 1; i <= n; i++)
			if (!seen[kinds[i]]) {
				print "- " kinds[i] " - none sampled long enough"
				bad = 1
			}
		exit bad
	}' "$1"
}
