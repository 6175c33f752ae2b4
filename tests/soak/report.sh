# report.sh: the soak's report (bash; sourced by soak.sh last).
#
#   sc DESC CODE    test_ok DESC CODE, and keep its verdict and what the
#                   check printed for the report
#   soak_report     the report, to stdout: what ran, every count of the
#                   chaos, lines per service (sent, found, missing,
#                   repeated and the bound), archives, memory, the
#                   verdicts, and the chaos log itself
SC_LINES=()
SC_DETAIL=

sc() {
	local desc=$1 f=$_failed
	test_ok "$@"
	if [ "$_failed" = "$f" ]; then
		SC_LINES+=("ok      $desc")
	else
		SC_LINES+=("FAILED  $desc")
	fi
	{ echo "--- $desc"; sed 's/^/    /' "$T/.out"; } >> "$SC_DETAIL"
}

_rep_actions() {
	local k sub subs
	echo "Chaos actions: $(ch_total) in all, one at a time, each followed by a bounded wait"
	for k in "${CH_KINDS[@]}"; do
		subs=
		case $k in
		ctl)
			for sub in "${CTL_CMDS[@]}"; do
				subs+=" $sub:${ACTS[ctl:$sub]:-0}"
			done ;;
		tmpfs)
			subs=" fill:${ACTS[tmpfs:fill]:-0} free:$(grep -c ' tmpfs free (' "$CHAOS_LOG") (drawn, timed or at the end)" ;;
		esac
		printf '  %-17s %4d%s\n' "$k" "${ACTS[$k]:-0}" "$subs"
	done
	printf '  %-17s %4d\n' violations "$(ch_violations)"
}

_rep_lines() {
	local s tot_sent=0 tot_rec=0 tot_miss=0 tot_dup=0
	echo "Lines per service (sent: the last line whose write(2) returned;"
	echo "bound: the repeats the programs document for what the chaos did to it)"
	printf '  %-4s %-9s %5s %8s %8s %7s %6s %7s %4s %4s %5s %5s %5s\n' \
	    sv logger rate sent found missing dup bound corr torn disor mainev logev
	for s in "${SVS[@]}"; do
		printf '  %-4s %-9s %5s %8s %8s %7s %6s %7s %4s %4s %5s %5s %5s\n' \
		    "$s" "${SV_LOGGER[$s]}" "${SV_RATE[$s]}" "$(res "$s" sent)" \
		    "$(res "$s" records)" "$(res "$s" missing)" "$(res "$s" dup)" \
		    "$(res "$s" bound)" "$(res "$s" corrupt)" "$(res "$s" torn)" \
		    "$(res "$s" disorder)" "${EV_MAIN[$s]:-0}" "${EV_LOG[$s]:-0}"
		tot_sent=$((tot_sent + $(res "$s" sent)))
		tot_rec=$((tot_rec + $(res "$s" records)))
		tot_miss=$((tot_miss + $(res "$s" missing)))
		tot_dup=$((tot_dup + $(res "$s" dup)))
	done
	printf '  %-20s %8s %8s %7s %6s\n' total "$tot_sent" "$tot_rec" \
	    "$tot_miss" "$tot_dup"
	echo "  (mainev: mains killed or stopped; logev: loggers killed or stopped;"
	echo "   rsyslogd restarted $PEER_RS times, journald $PEER_JD times, for"
	echo "   each of their services)"
}

_rep_memory() {
	echo "Memory (VmRSS KiB; early: the first sample ${MEM_WARM} s after a process"
	echo "was first seen, late: its last; processes sampled over ${MEM_SPAN} s or"
	echo "more; tolerance: late <= early + ${MEM_TOL_KIB} KiB + ${MEM_TOL_PCT}%)"
	printf '  %-6s %-9s %8s %7s %7s %7s %7s %6s %s\n' \
	    name program pid early late growth max span verdict
	sort -k1,1 -k8,8nr "$SOAK_OUT/mem.verdict" 2>/dev/null |
	    awk '{ printf "  %-6s %-9s %8s %7s %7s %7s %7s %5ss %s\n",
	        $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
	echo "  ($(wc -l < "$SOAK_OUT/mem.tsv") samples, every ${MEM_EVERY} s, in mem.tsv)"
}

soak_report() {
	local sv
	echo "perp soak report"
	echo
	echo "seed      $SOAK_SEED  (SOAK_SEED=$SOAK_SEED SOAK_SECONDS=$SOAK_SECONDS make soak draws the same choices)"
	echo "duration  $SOAK_SECONDS s of chaos asked, $CHAOS_SECS s done; $((SECONDS - SOAK_T_START)) s in all"
	echo "started   $SOAK_STARTED"
	echo "machine   $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "services  ${#SVS[@]}: $(for sv in tinylog sissylog journalog; do
		n=0; for s in "${SVS[@]}"; do [ "${SV_LOGGER[$s]}" = "$sv" ] && n=$((n + 1)); done
		printf '%s %s, ' "$n" "$sv"; done | sed 's/, $//')"
	echo "          (sissylog over RELP to a private rsyslogd, journalog to a private"
	echo "          journald, all with -p block; the table is tests/soak/services;"
	echo "          the tmpfs of $SOAK_TMPFS_SIZE is on ${SOAK_MNT#"$B"/})"
	echo
	_rep_actions
	echo
	_rep_lines
	echo
	echo "Archives: ${GZ_TESTED:-0} gzip archives tested with gzip -t"
	echo
	_rep_memory
	echo
	echo "Checks:"
	printf '  %s\n' "${SC_LINES[@]}"
	echo
	echo "What each check found:"
	cat "$SC_DETAIL"
	echo
	echo "Chaos log:"
	sed 's/^/  /' "$CHAOS_LOG"
}
