#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run-mock-tracefs-tests.sh MOCK MTCHECK DATADIR - mount mock-tracefs and
# check, with shell tools and plain syscalls, that a user of the mount sees
# what Linux 6.18's tracefs shows (DATADIR: data/linux-6.18, the capture).
#
# Run by an ordinary user, the suite runs as that user.  Run by root, it
# runs as root and then as an unprivileged user: kfetest (created when
# CI=true or KFE_FUSE_TEST_USERS=1) or else "nobody", after making
# /dev/fuse usable by everybody the way udev does (chmod 0666); a second
# user (kfetest2, created likewise) checks that other users are kept out.
#
# Exit status: 0 all passed, 1 a check failed, 77 FUSE is not usable here.
# Environment: MT_STRESS_SECS (default 20, 10 under valgrind) for the
# concurrency run; KERNFS_EMU_UNDER_VALGRIND=1 (meson's valgrind setup)
# runs the daemon under valgrind with KFE_VALGRIND_SUPP as suppressions.
# What both FUSE suites share is in ../common/fusetest.sh.
set -u

MOCK=$(readlink -f "$1")
MTC=$(readlink -f "$2")
DATA=$(readlink -f "$3")
if [ "${KERNFS_EMU_UNDER_VALGRIND:-}" = 1 ]; then
	STRESS_SECS=${MT_STRESS_SECS:-10}
else
	STRESS_SECS=${MT_STRESS_SECS:-20}
fi
FT_DAEMON=("$MOCK" -f --check-counts --cpus 2)
FT_CHECK=$MTC
FT_MOUNT_TRIES=600
# shellcheck source=SCRIPTDIR/../common/fusetest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common/fusetest.sh"

# What a shell prints for a failed redirection or write: the strerror part.
shell_err() {
	U bash -c "$1" _ "${@:2}" 2>&1 | sed 's/.*: //'
}

# The capture's layout as find -printf '%P\t%y\t%m\n' prints it, sorted.
layout_of() {
	awk -F'\t' -v OFS='\t' '{ p = $1; if (p == ".") p = ""
		m = $3; sub(/^0+/, "", m); if (m == "") m = "0"
		print p, $2, m }' "$1" | LC_ALL=C sort
}

# Write every event's format from the catalog as DIR/SYS/EV/format.
expand_formats() {
	awk -v dir="$1" '
	/^event / {
		n = 0
		for (i = 1; i <= NF; i++)
			if ($i ~ /^lines=/) n = substr($i, 7) + 0
		f = dir "/" $2 "/" $3 "/format"
		system("mkdir -p \"" dir "/" $2 "/" $3 "\"")
		for (k = 0; k < n; k++) { getline l; print l > f }
		close(f)
		getline l
	}' "$DATA/events.catalog"
}

# ---- (a) layout and contents ----

t_layout() {
	local m=$MNT got exp ids n

	got=$(U find "$m" -printf '%P\t%y\t%m\n' | LC_ALL=C sort)
	exp=$(layout_of "$DATA/layout.tsv")
	n=$(printf '%s\n' "$got" | wc -l)
	if [ "$got" = "$exp" ]; then
		ok "find -printf '%P %y %m' equals layout.tsv ($n nodes)"
	else
		not_ok "find -printf '%P %y %m' equals layout.tsv" \
			"$(diff <(printf '%s\n' "$exp") <(printf '%s\n' "$got") | head -10)"
	fi
	ids="$(U id -u) $(U id -g)"
	check "every node belongs to the mounting user" "$ids" \
		"$(U find "$m" -printf '%U %G\n' | sort -u | paste -sd ' ')"
	check "every size is 0" "0" \
		"$(U find "$m" -printf '%s\n' | sort -u | paste -sd ' ')"
}

t_formats() {
	local m=$MNT exp=$TMPD/expect/events list f bad=0

	[ -d "$exp" ] || expand_formats "$exp"
	list=$(cd "$exp" && find . -name format | LC_ALL=C sort)
	check "the mount has a format for exactly the catalog's events" \
		"$list" "$(U sh -c 'cd "$1" && find . -name format' _ "$m/events" | LC_ALL=C sort)"
	check "cat of every format is byte-identical to the catalog" \
		"$(cd "$exp" && printf '%s\n' "$list" | xargs cat | md5sum)" \
		"$(printf '%s\n' "$list" | U sh -c 'cd "$1" && xargs cat' _ "$m/events" | md5sum)"
	for f in header_page header_event; do
		U cat "$m/events/$f" | cmp -s - "$DATA/$f" || bad=1
	done
	for f in enable filter format id trigger; do
		U cat "$m/events/sched/sched_switch/$f" |
			cmp -s - "$DATA/sample-event-sched_switch/$f" || bad=1
	done
	check "header_page, header_event, sched_switch/* byte-identical" 0 $bad
}

t_top_files() {
	local m=$MNT f bad=()

	# buffer_size_kb: fresh is "7 (expanded: 1408)", captured after use
	for f in $(awk -F'\t' '$3 == "captured" { print $1 }' \
			"$DATA/top-level.tsv"); do
		case $f in buffer_size_kb|buffer_total_size_kb) continue ;; esac
		U cat "$m/$f" | cmp -s - "$DATA/top-level/$f" || bad+=("$f")
	done
	check "captured top-level files are byte-identical" "" "${bad[*]}"
	check "trace of an empty buffer equals the capture" "" \
		"$(U cat "$m/trace" | cmp - "$DATA/top-level/trace.head12" 2>&1)"
	check "fresh buffer_size_kb" "7 (expanded: 1408)" \
		"$(U cat "$m/buffer_size_kb")"
}

t_byte_reads() {
	local m=$MNT s=$MNT/events/sched/sched_switch f bad=()

	for f in "$s/enable" "$s/format" "$s/id" "$s/trigger" "$m/README" \
		 "$m/available_events" "$m/tracing_on"; do
		[ "$(U dd if="$f" bs=1 status=none | md5sum)" = \
		  "$(U cat "$f" | md5sum)" ] || bad+=("${f#"$m"/}")
	done
	check "1-byte reads (dd bs=1) give the same bytes as cat" "" "${bad[*]}"
	check "filter files: EOF for reads at pos != 0, as the kernel" \
		"n|	" "$(U dd if="$s/filter" bs=1 status=none)|$(U dd if="$m/events/header_page" bs=1 status=none)"
}

t_instance_layout() {
	local i=$MNT/instances/probe_demo

	U mkdir "$i"
	if [ "$(U find "$i" -printf '%P\t%y\t%m\n' | LC_ALL=C sort)" = \
	     "$(layout_of "$DATA/instance-probe_demo.layout.tsv")" ]; then
		ok "mkdir instances/probe_demo: layout equals the capture"
	else
		not_ok "mkdir instances/probe_demo: layout equals the capture" \
			"$(diff <(layout_of "$DATA/instance-probe_demo.layout.tsv") <(U find "$i" -printf '%P\t%y\t%m\n' | LC_ALL=C sort) | head -5)"
	fi
	U rmdir "$i"
}

# ---- (b) shell-level behaviour ----

t_shell() {
	local m=$MNT e=$MNT/events/sched/sched_switch/enable

	U sh -c 'echo 1 > "$1"' _ "$e"
	check "echo 1 > enable, then enable and sched/enable read back" "1 X" \
		"$(U cat "$e" "$MNT/events/sched/enable" | paste -sd ' ')"
	check "echo 2 > enable: the shell sees EINVAL" "Invalid argument" \
		"$(shell_err 'echo 2 > "$1"' "$e")"
	check "enable kept its value after the bad write" "1" "$(U cat "$e")"
	U sh -c 'echo 0 > "$1"' _ "$e"
	check "echo abc > tracing_on: EINVAL" "Invalid argument" \
		"$(shell_err 'echo abc > "$1"' "$m/tracing_on")"
	check "echo 0 > buffer_size_kb: EINVAL" "Invalid argument" \
		"$(shell_err 'echo 0 > "$1"' "$m/buffer_size_kb")"
	U sh -c 'echo 0 > "$1"' _ "$m/tracing_on"
	check "trace_marker while tracing_on is 0: EBADF" "Bad file descriptor" \
		"$(shell_err 'echo x > "$1"' "$m/trace_marker")"
	U sh -c 'echo 1 > "$1"' _ "$m/tracing_on"
	check "cat of write-only trace_marker: EACCES for its owner (0220)" \
		"$( [ "$(U id -u)" = 0 ] && echo EINVAL || echo EACCES)" \
		"$(E read "$m/trace_marker")"
	check "creating a file: EACCES; mkdir outside instances: EPERM" \
		"EACCES EPERM" "$(E creat "$m/newfile") $(E mkdir "$m/events/x")"
	U sh -c 'echo hello from the shell > "$1"' _ "$m/trace_marker"
	check "trace_marker -> trace" "tracing_mark_write: hello from the shell" \
		"$(U grep -o 'tracing_mark_write: .*' "$m/trace")"
	U sh -c ': > "$1"' _ "$m/trace"
	check "O_TRUNC open of trace clears it" "0" \
		"$(U grep -vc '^#' "$m/trace")"
}

t_instances() {
	local i=$MNT/instances s

	check "mkdir instances/a, then mkdir again: EEXIST" "OK EEXIST" \
		"$(E mkdir "$i/a") $(E mkdir "$i/a")"
	check "ls instances" "a" "$(U ls "$i")"
	check "rmdir with instances/a/trace open: EBUSY, then OK right after close" \
		"EBUSY OK" "$(U "$MTC" busy "$i/a/trace" "$i/a")"
	U mkdir "$i/b"
	check "an open format after rmdir of its instance: ENODEV" \
		"OK OK ENODEV" \
		"$(U "$MTC" enodev "$i/b/events/sched/sched_switch/format" "$i/b")"
	check "rmdir of a fixed directory: EPERM; of a missing one: ENOENT" \
		"EPERM ENOENT" "$(E rmdir "$MNT/events") $(E rmdir "$i/none")"
}

t_pipe_poll() {
	check_runs "poll() on trace_pipe woken by a trace_marker write" \
		U "$MTC" pipe-poll "$MNT/trace_pipe" "$MNT/trace_marker" \
		"poll-wakeup"
}

t_other_users() {
	if [ "$(id -u)" != 0 ] || [ -z "$RUN_AS" ]; then
		return
	fi
	if id "$USER2" >/dev/null 2>&1; then
		check "a second user is kept out without allow_other" "EACCES" \
			"$(U2 "$MTC" errno stat "$MNT/trace")"
		check "a second user cannot remount it" "1" \
			"$(U2 env XDG_RUNTIME_DIR="$XDG" "$MOCK" remount "$MNT" -o mode=0777 >/dev/null 2>&1; echo $?)"
	else
		ok "a second user is kept out # SKIP no user $USER2"
	fi
}

# ---- (c) coherence with long timeouts ----

t_coherence() {
	local m=$MNT i=$MNT/instances me mg

	me=$(U id -u)
	mg=$(U id -g)
	U mkdir "$i/c1"
	U stat "$i/c1/trace" "$i/c1/events/sched" >/dev/null	# cached now
	U rmdir "$i/c1"
	check "after rmdir: stat of the instance and its files, ls" \
		"ENOENT ENOENT ENOENT|" \
		"$(E stat "$i/c1") $(E stat "$i/c1/trace") $(E stat "$i/c1/events/sched")|$(U ls "$i")"
	if U sh -c 'echo "p:mtprobe /bin/sh:0x0" >> "$1"' _ "$m/uprobe_events" 2>/dev/null; then
		U stat "$m/events/uprobes/mtprobe/enable" >/dev/null
		U sh -c 'echo "-:mtprobe" >> "$1"' _ "$m/uprobe_events"
		check "after removing a uprobe event: its directory is gone" \
			"ENOENT ENOENT" \
			"$(E stat "$m/events/uprobes/mtprobe/enable") $(E stat "$m/events/uprobes")"
	else
		not_ok "defining a uprobe event through uprobe_events"
	fi
	t_listings
	U mkdir "$i/c2"
	U stat "$m" "$m/trace" "$i/c2/trace" "$m/events/sched" \
		"$m/events/sched/sched_switch/enable" >/dev/null
	check "remount with a bad option: one line, exit 1" \
		"mock-tracefs: remount $m: Bad value for 'mode'|1" \
		"$(U "$MOCK" remount "$m" -o mode=999 2>&1)|$(U "$MOCK" remount "$m" -o mode=999 >/dev/null 2>&1; echo $?)"
	check "a refused remount changed nothing" "700 $me $mg" \
		"$(U stat -c '%a %u %g' "$m")"
	check "remount -o gid=4242: files and instances show it at once" \
		"$me 4242|$me 4242|$me 4242" \
		"$(U "$MOCK" remount "$m" -o gid=4242 && U stat -c '%u %g' "$m" "$m/trace" "$i/c2/trace" | paste -sd '|')"
	check "remount -o gid=4242: event file and dir looked up before show it" \
		"$me 4242|$me 4242" \
		"$(U stat -c '%u %g' "$m/events/sched/sched_switch/enable" "$m/events/sched" | paste -sd '|')"
	U "$MOCK" remount "$m" -o "gid=$mg"
	check "remount -o mode=0750: the root shows it at once" "750" \
		"$(U "$MOCK" remount "$m" -o mode=0750 && U stat -c '%a' "$m")"
	U "$MOCK" remount "$m" -o mode=0700
	if [ "$(U id -u)" = 0 ]; then
		check "chown 777:778 instances: instance files follow at once" \
			"777 778|777 778" \
			"$(chown 777:778 "$i" && stat -c '%u %g' "$i/c2" "$i/c2/trace" | paste -sd '|')"
		chown 0:0 "$i"
	else
		ok "chown of instances # SKIP an ordinary user cannot chown"
	fi
	U rmdir "$i/c2"
}

# Listings the kernel keeps (no OPENDIR): every change is seen by ls.
t_listings() {
	local m=$MNT i=$MNT/instances e=$MNT/events

	lsw() { U ls "$@" | paste -sd ' '; }
	U mkdir "$i/l1"
	# list everything involved once, so the kernel caches it
	U ls "$i" "$e" "$e/sched" "$i/l1/events" >/dev/null
	U sh -c 'echo "p:uprobes/lp1 /bin/sh:0x0" >> "$1"' _ "$m/uprobe_events"
	check "a new event group appears in cached listings, instances too" \
		"1 1|enable filter lp1|enable filter lp1" \
		"$(lsw "$e" | grep -cw uprobes) $(lsw "$i/l1/events" | grep -cw uprobes)|$(lsw "$e/uprobes")|$(lsw "$i/l1/events/uprobes")"
	U sh -c 'echo "p:uprobes/lp2 /bin/sh:0x0" >> "$1"' _ "$m/uprobe_events"
	check "a new event appears in its group's cached listing" \
		"enable filter lp1 lp2|enable filter lp1 lp2" \
		"$(lsw "$e/uprobes")|$(lsw "$i/l1/events/uprobes")"
	U sh -c 'echo "-:uprobes/lp1" >> "$1"' _ "$m/uprobe_events"
	check "a removed event leaves its group's cached listing" \
		"enable filter lp2|enable filter lp2" \
		"$(lsw "$e/uprobes")|$(lsw "$i/l1/events/uprobes")"
	U sh -c 'echo "-:uprobes/lp2" >> "$1"' _ "$m/uprobe_events"
	check "a removed group leaves the cached events/ listings" "0 0" \
		"$(lsw "$e" | grep -cw uprobes) $(lsw "$i/l1/events" | grep -cw uprobes)"
	U rmdir "$i/l1"
	check "a removed instance leaves the cached instances/ listing" "" \
		"$(lsw "$i")"
}

# ---- (d) concurrency, (e) crash ----

t_concurrency() {
	local m=$MNT

	ft_concurrency "$m/instances" "$m/trace" "$m/tracing_on" \
		"$m/events/sched/sched_switch/format" "$m/set_event" \
		"$m/available_events"
}

t_unmount() {
	local sock

	sock=$(U stat -c 'dev-%Hd:%Ld.sock' "$MNT")
	check "the control socket exists while mounted" 1 \
		"$(U find "$XDG/mock-tracefs" "/tmp/mock-tracefs-$(U id -u)" -name "$sock" 2>/dev/null | wc -l)"
	ft_unmount
	check "the control socket is gone after unmount" 0 \
		"$(U find "$XDG/mock-tracefs" "/tmp/mock-tracefs-$(U id -u)" -name "$sock" 2>/dev/null | wc -l)"
}

t_auto_unmount() {
	if [ -n "$RUN_AS" ] && ! grep -q '^user_allow_other' /etc/fuse.conf 2>/dev/null; then
		ok "-o auto_unmount,allow_other # SKIP needs user_allow_other in /etc/fuse.conf"
		return
	fi
	if ! start_daemon -o auto_unmount,allow_other; then
		not_ok "mount with -o auto_unmount,allow_other" "$(cat "$LOG")"
		return
	fi
	kill -9 "$DPID"
	wait "$DPID" 2>/dev/null
	for _ in $(seq 40); do mounted "$MNT" || break; sleep 0.05; done
	if mounted "$MNT"; then
		not_ok "-o auto_unmount,allow_other: kill -9 leaves no mount"
		U fusermount3 -u "$MNT"
	else
		ok "-o auto_unmount,allow_other: kill -9 leaves no mount"
	fi
}

# -o plus_files: listings carry files' attributes; the same tree, and every
# lookup count handed out that way comes back
t_plus_files() {
	local got exp

	if ! start_daemon --check-counts -o plus_files; then
		not_ok "mount with -o plus_files" "$(cat "$LOG")"
		return
	fi
	got=$(U find "$MNT" -printf '%P\t%y\t%m\n' | LC_ALL=C sort)
	exp=$(layout_of "$DATA/layout.tsv")
	check "-o plus_files: find -printf '%P %y %m' equals layout.tsv" \
		"same" "$([ "$got" = "$exp" ] && echo same || echo differs)"
	stop_daemon
	check "-o plus_files: every lookup count came back at unmount" "1" \
		"$(grep -c 'lookup counts balanced' "$LOG")"
}

# ---- command line ----

t_cli() {
	local d=$TMPD/cli-$WHO

	ft_cli_mountpoints mock-tracefs
	check "CLI: --cpus 0" \
		"mock-tracefs: --cpus=0: the number of CPUs must be 1 to 64|2" \
		"$(U "$MOCK" --cpus 0 "$d/empty" 2>&1)|$(U "$MOCK" --cpus 0 "$d/empty" 2>/dev/null; echo $?)"
	check "CLI: --design=bogus" \
		"mock-tracefs: --design=bogus: must be 'template' or 'nodes'" \
		"$(U "$MOCK" --design=bogus "$d/empty" 2>&1)"
	check "CLI: bad tracefs option" \
		"mock-tracefs: bad tracefs mount option: Bad value for 'uid'" \
		"$(U "$MOCK" -o uid=abc "$d/empty" 2>&1)"
	printf '# tracefs events catalog v1\nsystm x files=-\n' >"$d/bad.catalog"
	check "CLI: catalog errors name file and line" \
		"mock-tracefs: --catalog: $d/bad.catalog:2: unknown keyword 'systm'" \
		"$(U "$MOCK" --catalog "$d/bad.catalog" "$d/empty" 2>&1)"
	check "CLI: missing catalog file" \
		"mock-tracefs: --catalog: $d/none.catalog: No such file or directory" \
		"$(U "$MOCK" --catalog "$d/none.catalog" "$d/empty" 2>&1)"
	check "CLI: remount of a directory that is not a mount" \
		"mock-tracefs: remount: $d/empty is not a FUSE mount (no mock-tracefs is mounted there)" \
		"$(U "$MOCK" remount "$d/empty" -o mode=0700 2>&1)"
	check "CLI: --help and --version exit 0" "0 0" \
		"$(U "$MOCK" --help >/dev/null; echo -n "$? "; U "$MOCK" --version >/dev/null; echo $?)"
}

# before each mount: a private XDG_RUNTIME_DIR for the control socket
suite_prepare() {
	XDG=$TMPD/xdg-$WHO
	export XDG_RUNTIME_DIR=$XDG
	FT_ENV=(env XDG_RUNTIME_DIR="$XDG")
	mkdir -p "$XDG"
	chmod 0700 "$XDG"
	[ -n "$RUN_AS" ] && chown "$RUN_AS": "$XDG"
}

# every check of one mount, as $WHO
suite_checks() {
	t_layout
	t_formats
	t_top_files
	t_byte_reads
	t_instance_layout
	t_shell
	t_instances
	t_pipe_poll
	t_other_users
	t_coherence
	t_concurrency
	t_unmount
	ft_kill9 "$MNT/trace"
	t_auto_unmount
	t_plus_files
	t_cli
}

# ---- can FUSE be used here at all? ----

[ -x "$MOCK" ] && [ -x "$MTC" ] && [ -f "$DATA/layout.tsv" ] ||
	{ echo "usage: $0 MOCK-TRACEFS MTCHECK DATADIR" >&2; exit 2; }
ft_require_fuse
ft_run_all /tmp/mock-tracefs-test.XXXXXX
