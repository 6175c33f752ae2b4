#!/bin/sh
# perp-setup: prepare a base directory for perpd and start perpboot at
# boot (perp-setup(8)). Never overwrites a file that exists: a changed
# version is left beside it as NAME.new for review.
#
#   perp-setup [-hV] [basedir [ctldir]]
#   basedir  $PERP_BASE, else /etc/perp
#   ctldir   $PERP_CTL, else /var/run/perp (target of basedir/.control)
#   DESTDIR  prefix for every file written; implies NO_INIT
#   NO_INIT  if set, no init integration (unit file, inittab, rc.local)
set -eu

PROG=perp-setup
SBINDIR="@SBINDIR@"
VERSION="@VERSION@"
SYNOPSIS="[-hV] [basedir [ctldir]]"

say() {
	echo "$PROG($$): $*" >&2
}

case "${1:-}" in
-h) echo "usage: $PROG $SYNOPSIS" >&2; exit 0 ;;
-V) echo "version: $PROG $VERSION" >&2; exit 0 ;;
-*) echo "$PROG usage error: invalid option $1" >&2
    echo "usage: $PROG $SYNOPSIS" >&2; exit 100 ;;
esac
[ $# -le 2 ] || {
	echo "$PROG usage error: too many arguments" >&2
	echo "usage: $PROG $SYNOPSIS" >&2; exit 100; }

BASE=${1:-${PERP_BASE:-/etc/perp}}
CTL=${2:-${PERP_CTL:-/var/run/perp}}
DESTDIR=${DESTDIR:-}
NO_INIT=${NO_INIT:-}
[ -n "$DESTDIR" ] && NO_INIT=1
case "$BASE" in
/*) ;;
*) echo "$PROG usage error: base directory not absolute: $BASE" >&2
   exit 100 ;;
esac
ROOT=$DESTDIR$BASE

# install_file PATH MODE: stdin becomes PATH, unless PATH exists; then a
# different content is left in PATH.new.
install_file() {
	cat > "$1.new"
	chmod "$2" "$1.new"
	if [ ! -e "$1" ]; then
		mv -f "$1.new" "$1"
		say "wrote $1"
	elif cmp -s "$1" "$1.new"; then
		rm -f "$1.new"
	else
		say "kept $1 as it is; the new version is $1.new"
	fi
}

mkdir -p "$ROOT/.boot"
if [ ! -e "$ROOT/.control" ] && [ ! -L "$ROOT/.control" ]; then
	ln -s "$CTL" "$ROOT/.control"
	say "linked $ROOT/.control -> $CTL"
fi

install_file "$ROOT/.boot/rc.perp" 0755 <<EOF
#!/bin/sh
# rc.perp: run perpd on \$PERP_BASE under perpboot(8), which feeds its
# stdout and stderr to rc.log.
exec $SBINDIR/perpd "\$PERP_BASE"
EOF

install_file "$ROOT/.boot/rc.log" 0755 <<EOF
#!/bin/sh
# rc.log: perpd's own log, in /var/log/perpd, as user tinylog if there is
# one (perpboot(8), tinylog(8)).
LOGDIR=/var/log/perpd
mkdir -p "\$LOGDIR"
chmod 0755 "\$LOGDIR"
if id tinylog >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; then
	chown tinylog "\$LOGDIR"
	exec setpriv --reuid=tinylog --regid="\$(id -g tinylog)" \\
	    --init-groups $SBINDIR/tinylog -k 8 -s 100000 -t -z "\$LOGDIR"
fi
exec $SBINDIR/tinylog -k 8 -s 100000 -t -z "\$LOGDIR"
EOF

# systemd: write a unit where systemd is installed; enable it only when
# systemd is the running init and NO_INIT is not set.
UNITDIR=$DESTDIR/etc/systemd/system
if [ -d /lib/systemd/system ] || [ -d /usr/lib/systemd/system ] ||
    command -v systemctl >/dev/null 2>&1; then
	mkdir -p "$UNITDIR"
	install_file "$UNITDIR/perpboot.service" 0644 <<EOF
# perpboot.service: perpd and its log, on $BASE (perp-setup(8)).
[Unit]
Description=perp process supervision on $BASE
Documentation=man:perpboot(8) man:perpd(8)
After=local-fs.target

[Service]
Type=simple
ExecStart=$SBINDIR/perpboot $BASE
ExecReload=$SBINDIR/perphup -q $BASE
# perpboot stops perpd, which stops every service in order. If perpboot
# itself dies, the services keep running and the next perpd adopts them.
KillMode=process
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
EOF
fi

[ -n "$NO_INIT" ] && exit 0

if [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable perpboot.service
	say "enabled perpboot.service; start it with: systemctl start perpboot"
elif [ -f /etc/inittab ]; then
	if ! grep -q perpboot /etc/inittab; then
		echo "PB:12345:respawn:$SBINDIR/perpboot -x $BASE" >> /etc/inittab
		say "added perpboot to /etc/inittab; run: init q"
	fi
elif [ -f /etc/rc.local ]; then
	if ! grep -q perpboot /etc/rc.local; then
		cat >> /etc/rc.local <<EOF
if [ -x $SBINDIR/perpboot ]; then
	$SBINDIR/perpboot -d $BASE
fi
EOF
		say "added perpboot to /etc/rc.local"
	fi
else
	say "no systemd, /etc/inittab or /etc/rc.local: start perpboot yourself:"
	say "  $SBINDIR/perpboot -d $BASE"
	exit 1
fi
exit 0
