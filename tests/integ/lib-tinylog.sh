# lib-tinylog.sh: helpers shared by the tinylog tests (t1xxx). Source it
# after lib.sh.

# A fresh pipe held open on both ends by this shell (fd 7), as perpd holds
# a service's: loggers come and go on it without losing what is inside.
# Loggers read it from "$T/fifo".
hold_pipe() {
	exec 7>&-
	rm -f "$T/fifo" && mkfifo "$T/fifo" && exec 7<>"$T/fifo"
}

# The permission bits of a file, in octal (644, 744).
mode_of() {
	stat -c %a "$1"
}

# The number of archives in a log directory.
narchives() {
	find "$1" -maxdepth 1 -name '_*' | wc -l
}

# The last sequence number linegen wrote (its -c count file).
gen_count() {
	sed 's/^0*//' "$1" 2>/dev/null | grep . || echo 0
}

# Whether process $1 sleeps in a write(2) to a full pipe (the kernel's
# wait channel: pipe_write, or anon_pipe_write since Linux 6.16).
in_pipe_write() {
	grep -q 'pipe_write$' "/proc/$1/wchan" 2>/dev/null
}

# Whether the file ends with "$2" (no newline handling: byte compare).
tail_is() {
	[ "$(tail -c ${#2} "$1")" = "$2" ]
}

# The repeats in a log directory of linegen lines (archives in name order,
# then current), as runs: a run starts at a line whose number is not above
# the highest seen before it and ends at the next line that is. Prints
# "RUNS LONGEST-IN-LINES LONGEST-IN-BYTES". A logger killed after writing
# a batch and before consuming it repeats that batch once: one run per
# kill, at most one batch long.
repeat_runs() { # dir
	local f
	for f in "$1"/_* "$1"/current; do
		[ -f "$f" ] && cat "$f"
	done | awk -F: '
	{ n = $2 + 0
	  if (n <= top) { if (!inrun) { runs++; len = 0; bytes = 0; inrun = 1 }
		len++; bytes += length($0) + 1
		if (len > maxlen) maxlen = len
		if (bytes > maxbytes) maxbytes = bytes }
	  else { top = n; inrun = 0 } }
	END { printf "%d %d %d\n", runs, maxlen, maxbytes }'
}
