#!/usr/bin/env bash
# loggers.sh: tinylog against its peers (s6-log, svlogd, multilog) and the
# floor (dd), on one input, through a pipe, in one run on one machine; and
# tinylog's own modes against its plain -t run: filters, stamp formats,
# in-process compression (against gzip -1 alone), durable mode, and its
# memory on a full disk.
#
#   bench/loggers.sh                 2,000,000 lines, 5 rounds
#   LINES=100000 RUNS=1 bench/loggers.sh     a quick check of the harness
#
# Every case reads the same input (about 100 bytes a line, log-like text)
# from a pipe fed by build/helpers/pipefeed, which writes 64 KiB at a time
# and records the longest single write(2), the producer's worst stall.
# Rotation is the same for all loggers: about 1,000,000 bytes a file, 10
# files kept, so each run rotates about 200 times. Cases run in rounds,
# interleaved, and the table shows medians: wall time (until the logger
# exits), CPU time (user + system, all threads, from build/helpers/runstat
# in microseconds), peak RSS, and the ratios
# of wall and CPU time to s6-log's and of wall time to dd's.
#
# Knobs: LINES, RUNS, ONLY=regex (case names to run; dd and s6-log are
# always kept, they are the yardsticks), BENCH_DIR (scratch, default a new
# dir under /var/tmp, removed unless KEEP=1), NO_INSTALL=1 (do not
# apt-get missing peers; their cases are skipped), TINYLOG=path.
set -euo pipefail
export LC_ALL=C

LINES=${LINES:-2000000}
RUNS=${RUNS:-5}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TL=${TINYLOG:-$TOP/build/bin/tinylog}
FEED=$TOP/build/helpers/pipefeed
STAT=$TOP/build/helpers/runstat
[ -x "$TL" ] && [ -x "$FEED" ] && [ -x "$STAT" ] ||
	{ echo "build first: make all helpers" >&2; exit 100; }

# ---- peers ---------------------------------------------------------------
missing=()
command -v s6-log >/dev/null || missing+=(s6)
command -v svlogd >/dev/null || missing+=(runit)
command -v multilog >/dev/null || missing+=(daemontools)
command -v gzip >/dev/null || missing+=(gzip)
if [ ${#missing[@]} -gt 0 ] && [ -z "${NO_INSTALL:-}" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing: ${missing[*]}; as root: apt-get install ${missing[*]}" >&2
		exit 100
	fi
	echo "installing ${missing[*]} ..." >&2
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >&2
fi

if [ -n "${BENCH_DIR:-}" ]; then W=$BENCH_DIR; mkdir -p "$W"
else W=$(mktemp -d /var/tmp/tinylog-bench.XXXXXX); fi
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$W"; }
trap cleanup EXIT
IN=$W/input
RES=$W/results

# ---- input ---------------------------------------------------------------
# Log-like lines of 40 to 160 bytes (about 100 on average), from a fixed
# linear congruential sequence, so that every run and machine gets the
# same bytes.
echo "generating $LINES lines ..." >&2
awk -v n="$LINES" 'BEGIN {
	x = 424242
	split("api auth db cache mail web queue cron", svc, " ")
	split("info info info info info notice warning error debug debug", lv, " ")
	split("GET GET GET POST PUT DELETE", me, " ")
	split("/v1/items /v1/users /v1/orders /health /metrics /v2/search /login /static/app.js", pa, " ")
	split("request handled session opened cache miss for key upstream responded retry scheduled after timeout worker queue depth flush completed connection reset by peer slow query detected", wd, " ")
	nw = length(wd)
	for (i = 1; i <= n; i++) {
		x = (x * 1103515245 + 12345) % 2147483648; r = int(x / 256)
		want = 40 + r % 121
		s = svc[1 + r % 8] "[" (2000 + r % 313) "]: " lv[1 + int(r / 8) % 10] \
		    " id=" i " " me[1 + int(r / 80) % 6] " " pa[1 + int(r / 480) % 8] \
		    " status=" (r % 17 == 0 ? 500 : 200) " ms=" (r % 997)
		while (length(s) < want) {
			x = (x * 1103515245 + 12345) % 2147483648
			s = s " " wd[1 + int(x / 256) % nw]
		}
		print substr(s, 1, want)
	}
}' > "$IN"
BYTES=$(wc -c < "$IN")
LAST=$(tail -n 1 "$IN")
cat "$IN" > /dev/null

# ---- cases ---------------------------------------------------------------
# name | setup | output | command (bash words; $D is a fresh directory)
#   setup: - or svlogd (write svlogd's config into $D)
#   output: dir (the logger writes $D) or file (stdout goes to $D/out)
# The filter case has five rules of the kind services get: noise out,
# errors in.
cases() {
	cat <<'CASES'
dd bs=64k (floor)|-|file|dd bs=64k status=none
tinylog -t|-|dir|"$TL" -t -s 1000000 -k 10 "$D"
s6-log t|-|dir|s6-log t s1000000 n10 "$D"
svlogd -tt|svlogd|dir|svlogd -tt "$D"
multilog t|-|dir|multilog t s1000000 n10 "$D"
tinylog -t, 5 filter rules|-|dir|"$TL" -t -s 1000000 -k 10 -x healthcheck -x '^debug' -i 'error|fatal' -x 'GET /metrics' -i 'status=5[0-9][0-9]' "$D"
tinylog -f tai64n|-|dir|"$TL" -f tai64n -s 1000000 -k 10 "$D"
tinylog -f rfc3339|-|dir|"$TL" -f rfc3339 -s 1000000 -k 10 "$D"
tinylog -f local|-|dir|"$TL" -f local -s 1000000 -k 10 "$D"
tinylog -f unix|-|dir|"$TL" -f unix -s 1000000 -k 10 "$D"
gzip -1 (alone)|-|file|gzip -1 -c
tinylog -t -Z1, all kept|-|dir|"$TL" -t -Z 1 -s 1000000 -k 1000 "$D"
tinylog -t -Z1 -k10|-|dir|"$TL" -t -Z 1 -s 1000000 -k 10 "$D"
tinylog -t -Z9, all kept|-|dir|"$TL" -t -Z 9 -s 1000000 -k 1000 "$D"
tinylog -t -y (durable)|-|dir|"$TL" -t -y -s 1000000 -k 10 "$D"
CASES
}
CASES=$W/cases
cases | awk -F'|' -v re="${ONLY:-.}" '$1 ~ re || $1 ~ /^(dd|s6-log)/' > "$CASES"

run_case() { # name setup output command round
	local name=$1 setup=$2 output=$3 cmd=$4 round=$5 argv out t0 t1 ok
	D=$W/d
	rm -rf "$D" && mkdir -p "$D"
	eval "argv=($cmd)"
	if ! command -v "${argv[0]}" >/dev/null; then
		[ "$round" = 1 ] && echo "skipped (not installed): $name" >&2
		return 0
	fi
	[ "$setup" = svlogd ] && printf 's1000000\nn10\n' > "$D/config"
	out=/dev/null
	[ "$output" = file ] && out=$D/out
	sync
	t0=$EPOCHREALTIME
	if ! "$FEED" -o "$W/feed" < "$IN" |
	    "$STAT" -o "$W/time" "${argv[@]}" > "$out" 2> "$W/stderr"; then
		echo "FAILED: $name" >&2
		cat "$W/stderr" >&2
		return 0
	fi
	t1=$EPOCHREALTIME
	ok=no
	if [ "$output" = file ] && [ "${argv[0]}" = gzip ]; then
		zcat "$D/out" | cmp -s "$IN" - && ok=yes
	elif [ "$output" = file ]; then
		cmp -s "$IN" "$D/out" && ok=yes
	else
		case "$(tail -n 1 "$D/current")" in *"$LAST") ok=yes ;; esac
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" \
	    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" \
	    "$(awk '{ printf "%.4f %.4f %d", $1 / 1e6, $2 / 1e6, $3 }' "$W/time")" \
	    "$(sed -n 's/.*maxstall_us=\([0-9]*\).*/\1/p' "$W/feed")" \
	    "$ok" >> "$RES"
}

: > "$RES"
echo "running $RUNS rounds of $(wc -l < "$CASES") cases ..." >&2
for round in $(seq "$RUNS"); do
	while IFS='|' read -r name setup output cmd; do
		run_case "$name" "$setup" "$output" "$cmd" "$round"
	done < "$CASES"
	echo "  round $round done" >&2
done

# ---- report --------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0;
	else if (NR % 2) print v[(NR + 1) / 2];
	else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# column of the results for a case: 2 wall, 3 user, 4 sys, 5 rss, 6 stall
col() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n {
	split($3, t, " "); v[2] = $2; v[3] = t[1]; v[4] = t[2]; v[5] = t[3];
	v[6] = $4; v[7] = t[1] + t[2]; print v[c] }' "$RES" | median; }
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }

s6_wall=$(col 's6-log t' 2)
s6_cpu=$(col 's6-log t' 7)
dd_wall=$(col 'dd bs=64k (floor)' 2)
echo
echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), kernel $(uname -r), $(df -T "$W" | awk 'NR == 2 { print $2 }') at $W"
echo "peers: s6 $(ver s6), runit $(ver runit), daemontools $(ver daemontools)"
echo "input: $LINES lines, $BYTES bytes, through a pipe (pipefeed, 64 KiB writes); $RUNS rounds, medians"
echo
echo "| case | wall s | CPU s | user s | sys s | peak RSS KiB | wall/s6 | CPU/s6 | wall/dd | max stall ms | ok |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
while IFS='|' read -r name _; do
	grep -q "^$name	" "$RES" || continue
	awk -v n="$name" -v w="$(col "$name" 2)" -v c="$(col "$name" 7)" \
	    -v u="$(col "$name" 3)" -v s="$(col "$name" 4)" \
	    -v r="$(col "$name" 5)" -v st="$(col "$name" 6)" \
	    -v sw="$s6_wall" -v sc="$s6_cpu" -v dw="$dd_wall" \
	    -v ok="$(awk -F'\t' -v n="$name" '$1 == n { print $5 }' "$RES" | sort -u | tr '\n' ' ')" \
	    'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.3f | %d | %.2f | %.2f | %.1f | %.1f | %s|\n",
		n, w, c, u, s, r, (sw > 0 ? w / sw : 0), (sc > 0 ? c / sc : 0),
		(dw > 0 ? w / dw : 0), st / 1000, ok }'
done < "$CASES"
echo
echo "ok: the last input line ends current (dd, gzip: an identical copy)."
echo "CPU and RSS from wait4(2) (runstat); wall from the shell's clock."

# ---- hard cases: memory on a full disk --------------------------------------
# Once, as root (a small tmpfs): tinylog -p drop reading everything while
# nothing can be written, and tinylog blocked (the default) until SIGTERM.
full_disk() {
	local m=$W/full mode rss
	mkdir -p "$m"
	mount -t tmpfs -o size=4m tmpfs "$m" || return 0
	for mode in drop block; do
		rm -rf "$m"/*
		mkdir "$m/log"
		head -c $(( $(df -k --output=avail "$m" | tail -n 1) * 1024 - 65536 )) \
			/dev/zero > "$m/filler" 2>/dev/null || true
		"$FEED" < "$IN" 2>/dev/null | "$STAT" -o "$W/time" \
		    timeout -s TERM 5 "$TL" -t -p "$mode" "$m/log" 2>/dev/null || true
		rss=$(cut -d" " -f3 "$W/time")
		echo "| tinylog -t -p $mode, disk full | $rss |"
	done
	umount "$m"
}
if [ "$(id -u)" -eq 0 ] && [ -z "${ONLY:-}" ]; then
	echo
	echo "| hard case (once) | peak RSS KiB |"
	echo "|---|---:|"
	full_disk
fi

# ---- targets ---------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "MISSED") }'; }
target() { # text value limit
	[ "$2" = 0.00 ] && return 0
	printf -- '- %s: %s (target <= %s): %s\n' "$1" "$2" "$3" "$(verdict "$2" "$3")"
}
tl_cpu=$(col 'tinylog -t' 7)
echo
echo "targets (this run):"
if grep -q "^tinylog -t	" "$RES"; then
	target "tinylog CPU / s6-log CPU" "$(ratio "$tl_cpu" "$s6_cpu")" 0.25
	target "tinylog wall / s6-log wall" "$(ratio "$(col 'tinylog -t' 2)" "$s6_wall")" 0.50
	target "tinylog peak RSS, MiB" "$(ratio "$(col 'tinylog -t' 5)" 1024)" 4
fi
if grep -q "^tinylog -t, 5 filter rules	" "$RES"; then
	target "5 filter rules: CPU / plain -t CPU" \
	    "$(ratio "$(col 'tinylog -t, 5 filter rules' 7)" "$tl_cpu")" 1.25
fi
for f in tai64n rfc3339 local unix; do
	grep -q "^tinylog -f $f	" "$RES" || continue
	target "-f $f: CPU / -t CPU" "$(ratio "$(col "tinylog -f $f" 7)" "$tl_cpu")" 1.10
done
if grep -q "^tinylog -t -Z1, all kept	" "$RES"; then
	target "-Z 1 (all compressed): wall / gzip -1 wall" \
	    "$(ratio "$(col 'tinylog -t -Z1, all kept' 2)" "$(col 'gzip -1 (alone)' 2)")" 1.15
	target "-Z 1: longest producer stall, ms" \
	    "$(ratio "$(col 'tinylog -t -Z1, all kept' 6)" 1000)" 100
fi
max_rss=$(awk -F'\t' '$1 ~ /^tinylog/ { split($3, t, " "); if (t[3] > m) m = t[3] } END { print m + 0 }' "$RES")
target "largest peak RSS of any tinylog mode, MiB" "$(ratio "$max_rss" 1024)" 8
