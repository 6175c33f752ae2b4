#!/bin/bash
# perp-setup: the base directory, .boot scripts and .control link, a
# systemd unit where systemd is installed; files that exist are never
# overwritten (a different version goes to NAME.new). Run under DESTDIR
# only: nothing outside the test directory is touched.
. "$(dirname "$0")/lib.sh"

export DESTDIR=$T/root
R=$DESTDIR/etc/perp
test_ok 'perp-setup -h, -V; a bad option or relative base: 100' '
	perp-setup -h 2> "$T/v" && grep -qx "usage: perp-setup \[-hV\] \[basedir \[ctldir\]\]" "$T/v" &&
	perp-setup -V 2> "$T/v" && grep -qx "version: perp-setup [0-9.]*" "$T/v" &&
	{ perp-setup -x 2>/dev/null; [ $? = 100 ]; } &&
	{ perp-setup rel 2>/dev/null; [ $? = 100 ]; }'
test_ok 'a first run writes .boot/rc.perp and rc.log, links .control' '
	perp-setup /etc/perp /var/run/perp 2> "$T/v" &&
	[ "$(stat -c %a "$R/.boot/rc.perp")" = 755 ] &&
	[ "$(stat -c %a "$R/.boot/rc.log")" = 755 ] &&
	[ "$(readlink "$R/.control")" = /var/run/perp ] &&
	grep -q "^exec /.*/perpd \"\$PERP_BASE\"$" "$R/.boot/rc.perp" &&
	grep -q "tinylog -k 8 -s 100000 -t -z" "$R/.boot/rc.log" &&
	grep -q "^perp-setup([0-9]*): wrote $R/.boot/rc.perp$" "$T/v" &&
	sh -n "$R/.boot/rc.perp" && sh -n "$R/.boot/rc.log"'
if [ -d /lib/systemd/system ] || [ -d /usr/lib/systemd/system ] ||
    command -v systemctl > /dev/null; then
	test_ok 'systemd is installed: a unit for perpboot, not enabled' '
		u=$DESTDIR/etc/systemd/system/perpboot.service &&
		grep -q "^ExecStart=/.*/perpboot /etc/perp$" "$u" &&
		grep -q "^KillMode=process$" "$u" && grep -q "^WantedBy=multi-user.target$" "$u" &&
		[ ! -e "$DESTDIR/etc/systemd/system/multi-user.target.wants" ]'
else
	test_skip 'systemd unit' 'systemd is not installed'
fi
test_ok 'a second run changes nothing and leaves no .new' '
	perp-setup /etc/perp /var/run/perp 2> "$T/v" &&
	[ -z "$(find "$DESTDIR" -name "*.new")" ] && [ ! -s "$T/v" ]'
test_ok 'an edited file is kept; the new version goes beside it' '
	echo "# mine" >> "$R/.boot/rc.perp" && cp "$R/.boot/rc.perp" "$T/mine" &&
	perp-setup /etc/perp /var/run/perp 2> "$T/v" &&
	cmp -s "$R/.boot/rc.perp" "$T/mine" && [ -e "$R/.boot/rc.perp.new" ] &&
	grep -q "kept $R/.boot/rc.perp as it is; the new version is $R/.boot/rc.perp.new" "$T/v"'
test_ok 'an existing .control (even a dangling link) is left alone' '
	rm "$R/.control" && ln -s /nowhere "$R/.control" &&
	perp-setup /etc/perp /other 2>/dev/null && [ "$(readlink "$R/.control")" = /nowhere ]'
test_ok 'PERP_BASE and PERP_CTL are the defaults for the arguments' '
	PERP_BASE=/srv/perp PERP_CTL=/run/x perp-setup 2>/dev/null &&
	[ "$(readlink "$DESTDIR/srv/perp/.control")" = /run/x ]'

done_testing
