#!/bin/bash
# soak.sh: the soak test. perpboot runs perpd with 20 services
# (tests/soak/services), each writing numbered lines at its own rate
# through tinylog (some with compression, some with time rotation),
# sissylog over RELP to a real rsyslogd, or journalog to a real journald.
# For SOAK_SECONDS a seeded chaos driver kills mains and loggers with
# SIGKILL, sends perpctl commands, kills perpd (perpboot restarts it and
# it adopts the services), restarts rsyslogd and journald, and fills and
# frees a tmpfs under one log directory. Then, as TAP, one test point per
# promise: every service ran exactly once, nothing lost, repeats within
# what the programs document, every archive intact, memory flat, and a
# report in $SOAK_OUT/report.txt (with chaos.log, mem.tsv beside it).
#
#   SOAK_SECONDS  how long the chaos lasts (default 600; `make soak`)
#   SOAK_SEED     the seed of the chaos (default: drawn, and reported)
#   SOAK_OUT      where the report goes (default build/soak)
#   SOAK_TMP      where its work directory goes (default /var/tmp)
#
# Needs root (a network namespace for rsyslogd's ports, journald's mount
# namespace, the tmpfs), rsyslogd with imrelp, systemd-journald, jq, and
# the suite built with librelp and libsystemd; otherwise it skips.
SOAK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$SOAK_DIR/../integ/lib.sh"
. "$PEERS/rsyslog.sh"
netns_private "$@"
# Work outside /tmp/perp-test.*, where the short tests of parallel runs
# live: twice on a shared machine the soak's directory was removed from
# outside while it ran (the chaos now notices). Nothing is spawned yet,
# so the tag can still change with it.
rmdir "$T"
T=$(mktemp -d "${SOAK_TMP:-/var/tmp}/perp-soak.XXXXXXXX") || exit 111
export PERP_TEST_TAG=$T
. "$SOAK_DIR/../integ/lib-perpd.sh"
. "$SOAK_DIR/../integ/lib-sissylog.sh"
. "$SOAK_DIR/../integ/lib-journalog.sh"
. "$SOAK_DIR/setup.sh"
. "$SOAK_DIR/chaos-act.sh"
. "$SOAK_DIR/chaos.sh"
. "$SOAK_DIR/memwatch.sh"
. "$SOAK_DIR/checks.sh"
. "$SOAK_DIR/report.sh"

SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_SEED=${SOAK_SEED:-}
[ -n "$SOAK_SEED" ] || SOAK_SEED=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
SOAK_OUT=${SOAK_OUT:-$TOP/build/soak}
SOAK_T_START=$SECONDS
SOAK_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

need_root
need_cmd rsyslogd
need_cmd jq
jl_need
rsyslog_have_relp || skip_all "rsyslogd has no imrelp (rsyslog-relp)"
sl_have_relp || skip_all "sissylog is built without librelp"

mkdir -p "$SOAK_OUT" || exit 111
rm -f "$SOAK_OUT"/report.txt "$SOAK_OUT"/chaos.log "$SOAK_OUT"/mem.*
CHAOS_LOG=$SOAK_OUT/chaos.log
SC_DETAIL=$T/checks.detail
: > "$CHAOS_LOG"
: > "$SC_DETAIL"
echo "# soak: seed $SOAK_SEED, $SOAK_SECONDS s, report in $SOAK_OUT/report.txt"

sc 'rsyslogd, journald, and perpboot with the 20 services start' '
	soak_read "$SOAK_DIR/services" && soak_peers && soak_make_base &&
	soak_boot && echo "${#SVS[@]} services up under perpboot $PB"'
if [ "$_failed" -gt 0 ]; then
	cat "$T/perpboot.err" "$RS_DIR/rsyslogd.out" 2>/dev/null | tail -n 20 | _tap_diag
	done_testing
fi

mem_start "$SOAK_OUT/mem.tsv"
chaos_t0=$SECONDS
chaos_run "$SOAK_SECONDS" "$SOAK_SEED"
CHAOS_SECS=$((SECONDS - chaos_t0))

# every_kind: the chaos did each kind of action at least once.
every_kind() {
	local k bad=0
	for k in "${CH_KINDS[@]}"; do
		[ "${ACTS[$k]:-0}" -gt 0 ] || { echo "never: $k"; bad=1; }
	done
	echo "$(ch_total) actions in $CHAOS_SECS s"
	return "$bad"
}
sc 'the chaos did every kind of action' every_kind
sc 'every service ran exactly once: one main and one logger each, by pid' \
	check_once
sleep "$MEM_EVERY"
mem_stop
if [ "$BIN" != "$TOP/build/bin" ]; then
	# Another build (a sanitizer's, through PERP_BIN): its memory is the
	# sanitizer's as much as the program's, so there is no such point;
	# the plain run of make check has it.
	SC_LINES+=("not measured: memory of perpd and the loggers, not the shipped build ($BIN)")
else
sc 'memory of perpd and the loggers did not grow' '
	mem_verdict "$SOAK_OUT/mem.tsv" > "$SOAK_OUT/mem.verdict"; rc=$?
	cat "$SOAK_OUT/mem.verdict"; [ "$rc" = 0 ]'
fi
sc 'perpboot stops everything in order and exits 0; nothing is left' \
	shutdown_all
sc 'no line missing, corrupt or torn in any service' \
	'lines_check && check_lines'
sc 'repeats within what each program documents' check_repeats
sc 'every gzip archive is intact (gzip -t)' check_archives
soak_report > "$SOAK_OUT/report.txt"
test_ok 'the report is written' "
	grep -q '^seed      $SOAK_SEED' '$SOAK_OUT/report.txt' &&
	grep -q '^Chaos log:' '$SOAK_OUT/report.txt'"
sed -n '/^Checks:/q; p' "$SOAK_OUT/report.txt" | _tap_diag
done_testing
