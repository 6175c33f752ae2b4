# lib-journalog.sh: helpers shared by the journalog tests (t3xxx). Source
# it after lib.sh; it sources tests/peers/journald.sh.
#
#   jl_need               skip the whole file unless journalog was built
#                         with libsystemd and a private journald can run
#   jl_start              start the private journald in $T/jd
#   jl ARGS...            run journalog ARGS with libsystemd's socket path
#                         leading to the private journald (stdin: ours)
#   jl_spawn VAR ARGS...  the same in the background; its pid in VAR (fd 7
#                         closed)
#   jl_msgs IDENT         the MESSAGE of every entry of IDENT, one a line
#   jl_raw IDENT          the same, byte for byte whatever the bytes (read
#                         from journalctl -o export: jq shows a MESSAGE
#                         that is not UTF-8 as an array of numbers)
#   jl_count IDENT        how many entries IDENT has (without reading them)
#   jl_field IDENT FIELD  FIELD of every entry of IDENT, one a line
#   jl_last IDENT         the number of the last linegen line of IDENT in
#                         the journal (0 if none): cheap, for progress
#   hold_pipe             a fresh FIFO $T/fifo held open on fd 7 by this
#                         shell, as perpd holds a service's log pipe
. "$PEERS/journald.sh"

# Whether this journalog has journald support (exit 100 and a clear
# message without libsystemd).
jl_built_without() {
	journalog < /dev/null 2>&1 | grep -q 'journald support is not compiled in'
}

jl_need() {
	[ -x "$BIN/journalog" ] || skip_all "journalog is not built"
	if jl_built_without; then
		skip_all "journald support is not compiled in (built without libsystemd)"
	fi
	need_root
	journald_have || skip_all "systemd-journald, journalctl or unshare is missing"
	need_cmd jq
	need_cmd perl
}

# fd 7 (a held pipe) must not leak into journald: it would keep the pipe
# open for writing.
jl_start() {
	journald_start "$T/jd" 7>&-
}

jl() {
	"$PEERS/journald-run" "$JD_DIR" journalog "$@"
}

jl_spawn() {
	local var=$1
	shift
	# Not fd 7: a logger holding its own pipe open would never see its
	# end.
	spawn "$var" "$PEERS/journald-run" "$JD_DIR" journalog "$@" 7>&-
}

jl_msgs() {
	journald_json "SYSLOG_IDENTIFIER=$1" | jq -r .MESSAGE
}

jl_raw() {
	journalctl -D "$JD_DIR/log" --no-pager -a -o export "SYSLOG_IDENTIFIER=$1" |
	perl -e '
		# fields: NAME=value\n, or NAME\n le64 value \n when binary
		binmode STDIN; binmode STDOUT; local $/; my $d = <STDIN>;
		my ($i, $n) = (0, length $d);
		while ($i < $n) {
			my $e = index($d, "\n", $i);
			last if $e < 0;
			my $l = substr($d, $i, $e - $i);
			my ($k, $v);
			if ($l =~ /^([^=]*)=/) {
				($k, $v) = ($1, substr($l, length($1) + 1));
				$i = $e + 1;
			} elsif ($l ne "") {
				my $len = unpack("Q<", substr($d, $e + 1, 8));
				($k, $v) = ($l, substr($d, $e + 9, $len));
				$i = $e + 9 + $len + 1;
			} else {
				$i = $e + 1;
				next;
			}
			print $v, "\n" if $k eq "MESSAGE";
		}'
}

jl_count() {
	journald_json --output-fields=SYSLOG_IDENTIFIER "SYSLOG_IDENTIFIER=$1" |
	    wc -l
}

jl_field() {
	journald_json "SYSLOG_IDENTIFIER=$1" | jq -r ".$2"
}

jl_last() {
	local n
	n=$(journalctl -D "$JD_DIR/log" --no-pager -a -o cat -n 1 \
	    "SYSLOG_IDENTIFIER=$1" 2>/dev/null |
	    sed -n 's/^.*#[^:]*:\([0-9]*\):.*$/\1/p')
	echo "${n:-0}"
}

hold_pipe() {
	exec 7>&-
	rm -f "$T/fifo" && mkfifo "$T/fifo" && exec 7<>"$T/fifo"
}
