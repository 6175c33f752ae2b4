# lib-sissylog.sh: what the sissylog tests (t2xxx) share (bash; source it
# after lib.sh and peers/rsyslog.sh).
#
#   sl_have_relp           whether sissylog was built with librelp
#   sl_input FILE          write the standard test input: plain lines, every
#                          priority prefix, UTF-8, control bytes, lines of
#                          800, 801 and 2007 bytes, a UTF-8 line to cut,
#                          an empty line, a last line without '\n'
#   sl_check FMT IDENT FAC PID INPUT
#                          check every message rsyslogd parsed from IDENT
#                          against INPUT, field by field and the raw bytes
#                          (FMT: 5424, 3164 or local; FAC the facility
#                          number; PID sissylog's pid); prints what differs
#   sl_run PIDVAR CMD...   run a sissylog to its end, keeping its pid
#   sl_wait_end IDENT      wait until IDENT's end message arrived

sl_have_relp() {
	! sissylog -d relp:127.0.0.1:1 'not an ident' 2>&1 </dev/null |
	    grep -q 'not compiled in'
}

sl_input() {
	{
		printf 'plain info line\n'
		printf 'emerg: e\nalert: a\ncrit: c\nerr: e\nerror: e\n'
		printf 'warning: w\nnotice: n\ninfo: i\ndebug: d\n'
		for n in 0 1 2 3 4 5 6 7; do printf '<%d>level %d\n' $n $n; done
		printf 'ERROR: upper\nWarning: mixed\nperpd[1]: error: not at start\n'
		printf 'error:no space\n<8>not a level\n<3 no bracket\n\n'
		printf 'caf\303\251 \342\234\223 \360\237\230\200\n'
		printf 'ctl\001x\033[0m\ttab\177del\n'
		head -c 800 /dev/zero | tr '\0' A; echo
		head -c 801 /dev/zero | tr '\0' B; echo
		printf 'error: '; head -c 2000 /dev/zero | tr '\0' E; echo
		printf a; for i in $(seq 500); do printf '\303\251'; done; echo
		printf 'last line without newline'
	} > "$1"
}

# The messages a run of sissylog over the input should produce, as a JSON
# array of {m, sev}: start message, each non-empty line sanitized and cut
# into pieces of at most 800 bytes on UTF-8 boundaries ('+' in front of
# the continuations), end message.
_sl_expect='
def sanitize: gsub("[\u0000-\u0008\u000b-\u001f]"; "?");
def sev:
  ascii_downcase as $l
  | if test("^<[0-7]>") then (.[1:2] | tonumber)
    elif ($l | test("^emerg:")) then 0 elif ($l | test("^alert:")) then 1
    elif ($l | test("^crit:")) then 2 elif ($l | test("^err(or)?:")) then 3
    elif ($l | test("^warning:")) then 4 elif ($l | test("^notice:")) then 5
    elif ($l | test("^info:")) then 6 elif ($l | test("^debug:")) then 7
    else 6 end;
def width: if . < 128 then 1 elif . < 2048 then 2 elif . < 65536 then 3
  else 4 end;
def pieces:
  reduce explode[] as $c ({out: [], cur: [], n: 0};
    ($c | width) as $w
    | if .n + $w > 800 then {out: (.out + [.cur]), cur: [$c], n: $w}
      else .cur += [$c] | .n += $w end)
  | (.out + [.cur]) | map(implode)
  | .[0:1] + (.[1:] | map("+" + .));
[{m: "sissylog: logging from stdin ...", sev: 6}]
+ [split("\n")[] | select(length > 0) | sanitize | sev as $s
   | pieces[] | {m: ., sev: $s}]
+ [{m: "sissylog: terminating normally on eof reading stdin", sev: 6}]
'

# Compare what rsyslogd parsed ($got: its %jsonmesg% objects) with $exp.
_sl_compare='
def hdr:
  if $fmt == "5424" then
    "^<(?<p>[0-9]+)>1 (?<ts>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}[+-][0-9]{2}:[0-9]{2}) (?<h>[^ ]+) (?<a>[^ ]+) (?<pid>[0-9]+) - - (?<m>.*)$"
  elif $fmt == "3164" then
    "^<(?<p>[0-9]+)>(?<ts>[A-Z][a-z]{2} [ 123][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}) (?<h>[^ ]+) (?<a>[^ :\\[]+): (?<m>.*)$"
  else
    "^<(?<p>[0-9]+)>(?<ts>[A-Z][a-z]{2} [ 123][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}) (?<a>[^ :\\[]+): (?<m>.*)$"
  end;
def want($e):
  ($fac * 8 + $e.sev | tostring) as $pri
  | (if $fmt == "5424" then $e.m else " " + $e.m end) as $msg
  | ([.rawmsg | capture(hdr; "s")][0]) as $r
  | [ (if .pri != $pri then "pri \(.pri) != \($pri)" else empty end),
      (if .syslogfacility != ($fac | tostring) then "facility \(.syslogfacility)" else empty end),
      (if .syslogseverity != ($e.sev | tostring) then "severity \(.syslogseverity) != \($e.sev)" else empty end),
      (if .procid != (if $fmt == "5424" then $pid else "-" end) then "procid \(.procid)" else empty end),
      (if .msg != $msg then "msg \(.msg | tojson) != \($msg | tojson)" else empty end),
      (if $fmt != "local" and .hostname != $host then "hostname \(.hostname)" else empty end),
      (if $r == null then "raw \(.rawmsg | tojson)"
       else ((if $r.p != $pri then "raw pri \($r.p)" else empty end),
         (if $r.a != $ident then "raw app \($r.a)" else empty end),
         (if $r.m != $e.m then "raw msg \($r.m | tojson)" else empty end),
         (if $fmt != "local" and $r.h != $host then "raw host \($r.h)" else empty end),
         (if $fmt == "5424" and $r.pid != $pid then "raw pid \($r.pid)" else empty end))
       end) ]
  | map("message \($e.m[0:40] | tojson): " + .);
[.[] | select(.["app-name"] == $ident)] as $got
| if ($got | length) != ($exp | length) then
    ["\($got | length) messages, \($exp | length) expected"]
  else
    [range(0; $exp | length) as $i | $got[$i] | want($exp[$i])[]]
  end
| .[]
'

sl_check() {
	local fmt=$1 ident=$2 fac=$3 pid=$4 input=$5 host exp
	host=$(hostname)
	[ "$fmt" = 3164 ] && host=${host%%.*}
	exp=$(jq -R -s "$_sl_expect" < "$input") || return 1
	jq -r -s --arg fmt "$fmt" --arg ident "$ident" --argjson fac "$fac" \
	    --arg pid "$pid" --arg host "$host" --argjson exp "$exp" \
	    "$_sl_compare" "$RS_DIR/out.jsonl" > "$T/check.$ident" || return 1
	cat "$T/check.$ident"
	[ ! -s "$T/check.$ident" ]
}

sl_wait_end() {
	wait_until 20 "grep -F \" $1\" \"$RS_DIR/out.raw\" |
	    grep -q 'terminating normally on eof reading stdin'"
}

sl_run() {
	local var=$1 p
	shift
	"$@" <&0 &
	p=$!
	printf -v "$var" '%s' "$p"
	wait "$p"
}

# sl_restarts NAME N SISSYLOG-ARGS...: N numbered lines (linegen, id NAME,
# 20,000 a second: slow enough for rsyslogd to keep up on a busy
# machine, so that both restarts fall within the run) through a pipe
# held like perpd's into sissylog, while rsyslogd is restarted twice
# (after a third and after two thirds of the lines arrived); then end of
# input. linecheck's verdict goes to $T/res.NAME.
sl_restarts() {
	local name=$1 n=$2 g p
	shift 2
	exec 7>&-
	rm -f "$T/fifo.$name" && mkfifo "$T/fifo.$name" &&
	exec 7<>"$T/fifo.$name" || return 1
	# Only linegen may hold the pipe's write end besides this shell, or
	# end of input would never come.
	spawn p sissylog "$@" "$name" < "$T/fifo.$name" 2> "$T/err.$name" 7>&-
	spawn g linegen -i "$name" -n "$n" -r 20000 -l 60:140 >&7
	wait_until 60 "[ \$(rsyslog_count \"#$name:\") -ge $((n / 3)) ]" &&
	rsyslog_restart 7>&- &&
	wait_until 60 "[ \$(rsyslog_count \"#$name:\") -ge $((2 * n / 3)) ]" &&
	rsyslog_restart 7>&- &&
	wait_gone 60 "$g" || return 1
	exec 7>&-
	# sissylog's end message comes last: once rsyslogd wrote it (and
	# nothing more for a while), it wrote what it will of the lines.
	wait_gone 30 "$p" || return 1
	sl_wait_end "$name"
	sl_settle || return 1
	linecheck -i "$name" -n "$n" "$RS_DIR/out.raw" > "$T/res.$name"
	cat "$T/res.$name" "$T/err.$name" >&2
	return 0
}

# sl_settle: wait until rsyslogd has written what it holds: an answer
# (RELP) or a read only means a message is in its queue. Done when
# out.raw has not grown for a second (20 s at most).
sl_settle() {
	local size last=-1 since end
	since=${EPOCHREALTIME/./}
	end=$(( since + 20000000 ))
	while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do
		size=$(wc -c < "$RS_DIR/out.raw")
		if [ "$size" != "$last" ]; then
			last=$size
			since=${EPOCHREALTIME/./}
		elif [ $(( ${EPOCHREALTIME/./} - since )) -ge 1000000 ]; then
			return 0
		fi
		sleep 0.02
	done
	return 1
}

# sl_field NAME FIELD: a number from linecheck's verdict (missing, dup...).
sl_field() {
	sed -n "s/.* $2=\([0-9]*\).*/\1/p" "$T/res.$1"
}
