#!/bin/bash
# sissylog without -d: perp 2.07's behaviour to the local syslog socket
# /dev/log (here a private one, in a mount namespace): the bytes glibc's
# syslog(3) sends, 2.07's start and end messages, ident and facility,
# priorities and folding, NUL-terminated messages on a stream socket, and
# a missing socket reported, then delivered to once it appears.
. "$(dirname "$0")/lib.sh"
. "$PEERS/rsyslog.sh"
. "$(dirname "$0")/lib-sissylog.sh"
netns_private "$@"
need_cmd rsyslogd
need_cmd jq
need_cmd unshare

# with_dev DIR CMD...: run CMD with DIR as /dev (DIR/log is the syslog
# socket; /dev/null is kept). A script, so that spawn can run it.
cat > "$T/with_dev" <<'EOF'
#!/bin/bash
dir=$1
shift
touch "$dir/null"
exec unshare --mount -- bash -c 'dir=$1; shift
	mount --bind /dev/null "$dir/null" && mount --bind "$dir" /dev &&
	exec "$@"' bash "$dir" "$@"
EOF
chmod +x "$T/with_dev"
with_dev() {
	"$T/with_dev" "$@"
}

test_ok 'rsyslogd starts' 'rsyslog_start "$T/rs"'
mkdir -p "$T/dev"
ln -s "$RS_DIR/log.sock" "$T/dev/log"
sl_input "$T/in"

test_ok 'default ident and facility, every message as 2.07 sends it' '
	sl_run pid with_dev "$T/dev" sissylog < <(cat "$T/in") &&
	sl_wait_end sissylog &&
	sl_check local sissylog 3 "$pid" "$T/in"'

test_ok 'ident and facility given: LOG_LOCAL0 and friends, any case' '
	sl_run pid with_dev "$T/dev" sissylog myid LOG_LOCAL0 < <(cat "$T/in") &&
	sl_wait_end myid && sl_check local myid 16 "$pid" "$T/in" &&
	sl_run pid with_dev "$T/dev" sissylog myid2 local5 < <(cat "$T/in") &&
	sl_wait_end myid2 && sl_check local myid2 21 "$pid" "$T/in" &&
	sl_run pid with_dev "$T/dev" sissylog myid3 Log_Mail < <(cat "$T/in") &&
	sl_wait_end myid3 && sl_check local myid3 2 "$pid" "$T/in"'

# The same lines through glibc: the same bytes but for the time.
test_ok 'the bytes are those of syslog(3)' '
	printf "plain\nerror: e\nwarning: w\n<2>crit\ncaf\303\251 \342\234\223\n" > "$T/short" &&
	with_dev "$T/dev" syslog3 glibc LOG_LOCAL4 < "$T/short" &&
	with_dev "$T/dev" sissylog glibc LOG_LOCAL4 < "$T/short" &&
	wait_until 10 "[ \$(grep -c \" glibc: \" \"$RS_DIR/out.raw\") -ge 12 ]" &&
	grep " glibc: " "$RS_DIR/out.raw" | grep -v " glibc: sissylog: " |
		sed -E "s/^(imuxsock <[0-9]+>).{15} /\1TIME /" > "$T/both" &&
	[ "$(wc -l < "$T/both")" -eq 10 ] &&
	head -5 "$T/both" > "$T/lib" && tail -5 "$T/both" > "$T/ours" &&
	cat "$T/lib" && cmp "$T/lib" "$T/ours" &&
	grep -q "^imuxsock <163>TIME glibc: error: e$" "$T/lib"'

test_ok 'a stream /dev/log gets NUL-terminated messages, as from glibc' '
	mkdir -p "$T/sdev" &&
	spawn C netcap -k ustream -a "$T/sdev/log" -o "$T/stream.out" -r "$T/sready" &&
	wait_until 5 "[ -e \"$T/sready\" ]" &&
	printf "one\nerror: two\n" | with_dev "$T/sdev" sissylog sid &&
	wait_until 5 "grep -aq terminating \"$T/stream.out\"" &&
	tr "\0" "\n" < "$T/stream.out" | sed -E "s/^(<[0-9]+>).{15} /\1TIME /" > "$T/frames" &&
	printf "%s\n" "<30>TIME sid: sissylog: logging from stdin ..." \
		"<30>TIME sid: one" "<27>TIME sid: error: two" \
		"<30>TIME sid: sissylog: terminating normally on eof reading stdin" \
		> "$T/want" && cmp "$T/frames" "$T/want" &&
	[ "$(tr -cd "\0" < "$T/stream.out" | wc -c)" -eq 4 ]'

test_ok 'a missing /dev/log is reported, and used once it appears' '
	mkdir -p "$T/mdev" &&
	spawn P "$T/with_dev" "$T/mdev" sissylog late < <(printf "early line\n") 2> "$T/late.err" &&
	wait_until 5 "grep -q \"unable to connect to /dev/log, trying again: file does not exist (ENOENT)\" \"$T/late.err\"" &&
	ln -s "$RS_DIR/log.sock" "$T/mdev/log" &&
	wait_until 15 "grep -q \" late: early line\" \"$RS_DIR/out.raw\"" &&
	grep -q "connected to /dev/log again" "$T/late.err" &&
	wait_gone 10 $P'

done_testing
