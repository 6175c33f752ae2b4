#!/bin/bash
# journald-limit.sh: find by experiment how large an entry the installed
# systemd-journald takes as a sealed memfd (what journalog's default -l
# rests on; journalog(8), Long lines). Run by hand, as root, from the top
# of the tree after `make helpers`; not part of make check: it needs
# about 4 GB of memory and 2 GB of disk for a minute.
#
# Each probe sends one entry with build/helpers/jdsend to a private
# journald (tests/peers/journald.sh) whose journal files may grow to 4G,
# then reads back the length of its MESSAGE, or "refused". Expected for
# systemd 252 (src/shared/journal-importer.h: DATA_SIZE_MAX 768 MiB,
# ENTRY_SIZE_MAX 770 MiB):
#   MESSAGE 768 MiB                 stored whole
#   MESSAGE 768 MiB + 1             refused (a field over DATA_SIZE_MAX)
#   MESSAGE 767 MiB, PAD 3 MiB - 1k stored (the memfd just under 770 MiB)
#   MESSAGE 767 MiB, PAD 3 MiB      refused (the memfd over ENTRY_SIZE_MAX)
# and journalog, its default -l being that limit:
#   a line of 768 MiB               one entry
#   a line of 768 MiB + 1           two pieces: 768 MiB, and 1 byte
. "$(dirname "$0")/../integ/lib.sh"
. "$PEERS/journald.sh"
need_root
journald_have || skip_all "no journald"

# msglen IDENT: the length of IDENT's MESSAGE, or "refused"
msglen() {
	journalctl -D "$JD_DIR/log" --no-pager -a -o export "SYSLOG_IDENTIFIER=$1" |
	perl -e '
		binmode STDIN; local $/; my $d = <STDIN>; my $i;
		# export: MESSAGE=text, or the binary form when not printable
		if (($i = index($d, "\nMESSAGE=")) >= 0) {
			print index($d, "\n", $i + 9) - ($i + 9), "\n";
		} elsif (($i = index($d, "\nMESSAGE\n")) >= 0) {
			print unpack("Q<", substr($d, $i + 9, 8)), "\n";
		} else {
			print "refused\n";
		}'
}

# lines IDENT BYTES: journalog sends a line of BYTES; the length of each
# entry's MESSAGE
lines() {
	head -c "$2" /dev/zero | tr '\0' l > "$T/line" && echo >> "$T/line" &&
	"$PEERS/journald-run" "$JD_DIR" "$TOP/build/bin/journalog" "$1" < "$T/line" &&
	rm -f "$T/line" &&
	"$HELPERS/jdsend" "$JD_DIR/run/socket" "mark-$1" 1 &&
	wait_until 120 "journalctl -D '$JD_DIR/log' -q -o cat SYSLOG_IDENTIFIER=mark-$1 | grep -q x" &&
	echo "journalog $1: $(journalctl -D "$JD_DIR/log" --no-pager -a -o json \
	    --output-fields=PERP_PIECE "SYSLOG_IDENTIFIER=$1" | wc -l) entries"
}

# probe IDENT BYTES [PAD]: an entry with a MESSAGE of BYTES, and a field
# PAD of PAD bytes
probe() {
	local ident=$1 bytes=$2 pad=${3:-0}
	"$HELPERS/jdsend" -p "$pad" "$JD_DIR/run/socket" "$ident" "$bytes" ||
		return 1
	# journald reads its socket in order and stores an entry before it
	# reads the next: once a marker sent after it is there, so is the
	# entry, if journald took it.
	"$HELPERS/jdsend" "$JD_DIR/run/socket" "mark-$ident" 1 &&
	wait_until 120 "journalctl -D '$JD_DIR/log' -q -o cat SYSLOG_IDENTIFIER=mark-$ident | grep -q x" ||
		return 1
	echo "$ident: $(msglen "$ident")"
}

JD_DIR=$(realpath "$T/jd")
_journald_conf "$JD_DIR"
sed -i 's/^RuntimeMaxUse=.*/RuntimeMaxUse=16G/; s/^RuntimeMaxFileSize=.*/RuntimeMaxFileSize=4G/' \
	"$JD_DIR/etc/journald.conf"
_journald_spawn "$JD_DIR"
wait_until 20 _journald_ready || { echo "journald did not start" >&2; exit 1; }
echo "systemd: $(journalctl --version | head -n 1)"
probe at-data-max 768M
probe over-data-max 805306369
probe under-entry-max 767M 3144704
probe over-entry-max 767M 3M
lines at-limit 805306368
lines over-limit 805306369
journalctl -D "$JD_DIR/log" --no-pager -a -o export SYSLOG_IDENTIFIER=over-limit |
	perl -e 'binmode STDIN; local $/; my $d = <STDIN>; my $i = 0;
		while (($i = index($d, "\nMESSAGE=", $i)) >= 0) {
			my $e = index($d, "\n", $i + 9);
			print "  piece: ", $e - $i - 9, " bytes\n"; $i = $e;
		}'
journald_stop
