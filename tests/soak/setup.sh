# setup.sh: the soak's supervision tree (bash; sourced by soak.sh after
# tests/integ/lib.sh, lib-perpd.sh and the peers).
#
#   soak_read FILE     read the services table (tests/soak/services) into
#                      SVS (names, in order) and SV_LOGGER, SV_RATE, SV_LEN,
#                      SV_MOUNT, SV_OPTS (by name)
#   soak_make_base     $B/.boot (perpd logged by tinylog into .boot/log)
#                      and one directory per service: rc.main runs linegen
#                      numbering on from ./count (-C, one write per line),
#                      rc.log runs its logger with -p block; a tmpfs of
#                      SOAK_TMPFS_SIZE on the log directory marked tmpfs
#                      (its mount point in SOAK_MNT)
#   soak_peers         start the private rsyslogd ($T/rs) and journald
#                      ($T/jd)
#   soak_boot          start perpboot ($PB) and wait until every service's
#                      main and logger run
#   svc_pids SV        "MAINPID LOGPID" as perpd reports them
SVS=()
declare -A SV_LOGGER SV_RATE SV_LEN SV_MOUNT SV_OPTS
SOAK_TMPFS_SIZE=${SOAK_TMPFS_SIZE:-16m}
SOAK_MNT=
PB=

soak_read() {
	local name logger rate len mount opts
	while read -r name logger rate len mount opts; do
		case $name in ''|'#'*) continue ;; esac
		SVS+=("$name")
		SV_LOGGER[$name]=$logger
		SV_RATE[$name]=$rate
		SV_LEN[$name]=$len
		SV_MOUNT[$name]=$mount
		SV_OPTS[$name]=$opts
	done < "$1"
	[ "${#SVS[@]}" -gt 0 ]
}

# The logger command of service $1, for its rc.log.
_soak_logger_cmd() {
	local s=$1
	case ${SV_LOGGER[$s]} in
	tinylog)
		echo "$BIN/tinylog -p block -k 100000 ${SV_OPTS[$s]} ./log" ;;
	sissylog)
		echo "$BIN/sissylog -p block -d relp:127.0.0.1:$RS_RELP ${SV_OPTS[$s]} $s" ;;
	journalog)
		echo "$PEERS/journald-run $JD_DIR $BIN/journalog -p block ${SV_OPTS[$s]}" ;;
	*)
		echo "unknown logger ${SV_LOGGER[$s]} for $s" >&2
		return 1 ;;
	esac
}

_soak_make_sv() {
	local s=$1 d="$B/$1" cmd
	mkdir -p "$d/log" || return 1
	cat > "$d/rc.main" <<EOS
#!/bin/sh
# soak service $s: numbered lines, ${SV_RATE[$s]} a second; a restart
# numbers on from ./count, which holds the last line whose write returned.
[ "\$1" = start ] || exit 0
exec $HELPERS/linegen -i $s -r ${SV_RATE[$s]} -l ${SV_LEN[$s]} -n 0 -w 1 -C ./count
EOS
	cmd=$(_soak_logger_cmd "$s") || return 1
	cat > "$d/rc.log" <<EOS
#!/bin/sh
# soak logger of $s: ${SV_LOGGER[$s]}
[ "\$1" = start ] || exit 0
exec $cmd
EOS
	chmod +x "$d/rc.main" "$d/rc.log"
	if [ "${SV_MOUNT[$s]}" = tmpfs ]; then
		mount -t tmpfs -o "size=$SOAK_TMPFS_SIZE,mode=0755" tmpfs "$d/log" ||
		    return 1
		SOAK_MNT=$d/log
	fi
	chmod +t "$d"
}

soak_make_base() {
	local s
	mkdir -p "$B/.boot/log" || return 1
	cat > "$B/.boot/rc.perp" <<EOS
#!/bin/sh
exec $BIN/perpd "\$PERP_BASE"
EOS
	cat > "$B/.boot/rc.log" <<EOS
#!/bin/sh
exec $BIN/tinylog -k 100000 -s 1M ./log
EOS
	chmod +x "$B/.boot/rc.perp" "$B/.boot/rc.log"
	for s in "${SVS[@]}"; do
		_soak_make_sv "$s" || return 1
	done
}

soak_peers() {
	rsyslog_start "$T/rs" >> "$T/peers.out" 2>&1 &&
	journald_start "$T/jd" >> "$T/peers.out" 2>&1
}

svc_pids() {
	perpq -b "$B" "$1" 2>/dev/null |
	    sed -n 's/^main\.pid=//p; s/^log\.pid=//p' | tr '\n' ' ' |
	    sed 's/ $//'
}

# Whether every service's main and logger run (started, not in a reset).
_soak_all_up() {
	local s
	for s in "${SVS[@]}"; do
		_is_up "$s" && _is_log_up "$s" 0 || return 1
	done
}

soak_boot() {
	spawn PB perpboot "$B" < /dev/null > "$T/perpboot.out" 2> "$T/perpboot.err"
	wait_until 60 _soak_all_up
}

# The boot log, perpd's messages: every file of .boot/log, oldest first.
boot_log() {
	cat "$B"/.boot/log/_* "$B/.boot/log/current" 2>/dev/null
}
