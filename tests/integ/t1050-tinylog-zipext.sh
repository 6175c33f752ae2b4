#!/bin/bash
# TINYLOG_ZIP: perp 2.07's external compressor, run as 2.07 did (no
# arguments, archive on stdin, "zipped" on stdout, ".Z" suffix, its
# warnings), but as a child that logging never waits for; a crash during
# compression loses nothing and leaves no partial ".Z".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tinylog.sh"
need_cmd gzip

# A compressor that takes its time, the first time, before its work.
cat > "$T/slowzip" <<'SH'
#!/bin/sh
[ -e "$SLOWZIP_MARK" ] || { : > "$SLOWZIP_MARK"; sleep 3; }
exec gzip -1
SH
# One that writes half an output and then hangs.
cat > "$T/hangzip" <<'SH'
#!/bin/sh
head -c 100 | gzip
exec sleep 60
SH
chmod +x "$T/slowzip" "$T/hangzip"

test_ok 'archives become .Z (gzip data, 0644) and read back whole' '
	linegen -n 300 -l 60:100 | TINYLOG_ZIP=$(command -v gzip) tinylog -z -s 2000 -k 100 "$T/z" 2>/dev/null &&
	[ "$(ls "$T/z" | grep -c "^_.*\.s\.Z$")" -ge 5 ] &&
	[ -z "$(ls "$T/z" | grep -e "^_.*\.s$" -e ^zipped$)" ] &&
	for f in "$T/z"/_*.Z; do gzip -t "$f" && [ "$(mode_of "$f")" = 644 ] || return 1; done &&
	linecheck -n 300 -d 0 "$T/z"'

hold_pipe
test_ok 'logging goes on while the compressor runs (it never blocks intake)' '
	SLOWZIP_MARK=$T/slowed TINYLOG_ZIP=$T/slowzip spawn P tinylog -z -s 2000 -k 100 "$T/slow" < "$T/fifo" 2>/dev/null &&
	linegen -n 40 -l 60:100 >&7 && wait_until 5 "linecheck -n 40 \"$T/slow\"" &&
	start=${EPOCHREALTIME/./} &&
	linegen -n 200 -l 60:100 -s 41 >&7 && wait_until 5 "linecheck -n 240 \"$T/slow\"" &&
	took=$(( ${EPOCHREALTIME/./} - start )) && echo "took $took us" >&2 &&
	[ "$took" -lt 2500000 ] && [ -z "$(ls "$T/slow" | grep "\.Z$")" ] &&
	[ "$(narchives "$T/slow")" -ge 10 ] &&
	wait_until 30 "[ -z \"\$(ls \"$T/slow\" | grep -e \"\\.s\$\" -e ^zipped\$)\" ]" &&
	linecheck -n 240 -d 0 "$T/slow" && kill -TERM $P && wait_gone 5 $P'

test_ok 'a failing compressor: 2.07 warnings, archives kept uncompressed' '
	linegen -n 60 -l 60:100 | TINYLOG_ZIP=/bin/false tinylog -z -s 2000 "$T/f" 2>"$T/err" &&
	grep -Eq "^warning: tinylog\[[0-9]+\]: gzip process exited non-zero error code: 1$" "$T/err" &&
	grep -Eq "^warning: tinylog\[[0-9]+\]: failure gzip on log archive _[0-9T.]{22}\.s$" "$T/err" &&
	[ -z "$(ls "$T/f" | grep -e "\.Z$" -e ^zipped$)" ] && linecheck -n 60 -d 0 "$T/f"'

test_ok 'a compressor that cannot be run: the child says so, exit code 111' '
	linegen -n 60 -l 60:100 | TINYLOG_ZIP=$T/none tinylog -z -s 2000 "$T/n" 2>"$T/err" &&
	grep -Eq "^error: tinylog\[[0-9]+\]: fatal: fail execve\(\) for gzip process: file does not exist \(ENOENT\)$" "$T/err" &&
	grep -q "gzip process exited non-zero error code: 111" "$T/err" &&
	grep -q "failure gzip on log archive" "$T/err" && linecheck -n 60 -d 0 "$T/n"'

hold_pipe
test_ok 'SIGKILL during compression: nothing lost, no partial .Z, compressed on restart' '
	TINYLOG_ZIP=$T/hangzip spawn P tinylog -z -s 2000 -k 100 "$T/k" < "$T/fifo" 2>/dev/null &&
	linegen -n 40 -l 60:100 >&7 && wait_until 5 "[ -s \"$T/k/zipped\" ]" &&
	child=$(ps -o pid= --ppid $P | tr -d " ") && [ -n "$child" ] &&
	kill -KILL $P && wait_gone 5 $P && wait_gone 5 $child &&
	[ -z "$(ls "$T/k" | grep "\.Z$")" ] && linecheck -n 40 -d 0 "$T/k" &&
	TINYLOG_ZIP=$(command -v gzip) spawn P tinylog -z -s 2000 -k 100 "$T/k" < "$T/fifo" 2>/dev/null 7>&- &&
	exec 7>&- && wait $P &&
	[ -z "$(ls "$T/k" | grep -e "^_.*\.[su]$" -e ^zipped$)" ] &&
	[ "$(ls "$T/k" | grep -c "\.Z$")" -ge 2 ] && linecheck -n 40 -d 0 "$T/k"'

done_testing
