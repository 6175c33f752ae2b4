#!/bin/bash
# tap-summary.sh DIR: count the TAP results kept by tap-wrap.sh and print
#     N passed, N failed[, N skipped]
# A test file that exits non-zero, or whose plan disagrees with what it
# printed, counts as one more failure even if every line said "ok".
# A failing test's stderr is shown, so that CI logs say why.
set -u
dir=$1
failed_files=()
total_pass=0 total_fail=0 total_skip=0
for tap in "$dir"/*.tap; do
	[ -e "$tap" ] || continue
	base=${tap%.tap}
	rc=$(cat "$base.rc" 2>/dev/null || echo 1)
	read -r pass fail skip planned planned_skip < <(awk '
		/^ok / { if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) s++; else p++ }
		/^not ok / { if ($0 !~ /# *TODO/) f++ }
		/^1\.\.[0-9]+/ { split($1, a, "\\.\\."); plan = a[2];
			if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) ps = 1 }
		END { printf "%d %d %d %s %d\n", p, f, s,
			(plan == "" ? "-" : plan), ps }' "$tap")
	if [ "$planned" = 0 ] && [ "$planned_skip" = 1 ]; then
		skip=$((skip + 1))
		printf 'skipped: %s:%s\n' "$(basename "$base")" \
			"$(sed -n 's/^1\.\.0 *# *[Ss][Kk][Ii][Pp] *//p' "$tap")"
	elif [ "$planned" = "-" ] || [ "$planned" -ne $((pass + fail + skip)) ] ||
	     { [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; }; then
		fail=$((fail + 1))
	fi
	# Each skipped test says why, whatever else the file did.
	sed -n 's/^ok [0-9]* *-* *\(.*[^ ]\) *# *[Ss][Kk][Ii][Pp] */\1: /p' "$tap" |
	    sed "s|^|skipped: $(basename "$base"): |"
	if [ "$fail" -gt 0 ]; then
		failed_files+=("$base")
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
done
for base in "${failed_files[@]+"${failed_files[@]}"}"; do
	echo "---- failed: $(basename "$base") (exit $(cat "$base.rc" 2>/dev/null))"
	grep '^not ok' "$base.tap" | head -n 20
	if [ -s "$base.err" ]; then
		echo "---- its stderr (last 30 lines):"
		tail -n 30 "$base.err"
	fi
done
line="$total_pass passed, $total_fail failed"
[ "$total_skip" -gt 0 ] && line="$line, $total_skip skipped"
echo "$line"
[ "$total_fail" -eq 0 ]
