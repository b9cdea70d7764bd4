#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fuse-walk.sh MOCK-TRACEFS [RUNS [PINGPONG]] - the walk benchmark of the
# mock-tracefs mount.  Prints figures, asserts nothing.
#
# Compares, in one run, the mount with a tmpfs copy of the same tree that
# it builds itself (a tmpfs it mounts when root, else a directory in
# /dev/shm) and, when run as root on a kernel that has it, with the real
# tracefs:
#   (a) find walk, (b) stat of every node (find -printf '%m %U %G %s'),
#   (c) cat of every event format, (d) cat of every enable file;
# warm (median of RUNS, default 5) and cold (mock: unmount + mount before
# each run; tmpfs/tracefs: drop_caches when root), with client and daemon
# pinned to CPU 0 (taskset -c 0) and unpinned.  Then FUSE requests per
# operation (counted in the daemon's -d trace), daemon RSS, mkdir/rmdir of
# an instance, and RSS and ready time with a synthetic catalog of 65,535
# events (the catalog caps event ids at 65535, as the kernel does).
# PINGPONG (bench/pingpong) measures the machine's wake-up round trip
# between two processes, the least any FUSE request costs.
set -u

MOCK=$(readlink -f "${1:?usage: fuse-walk.sh MOCK-TRACEFS [RUNS]}")
RUNS=${2:-5}
PINGPONG=${3:-}
COLD_RUNS=3
CPUS=2
ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1

die() {
	echo "fuse-walk: $*" >&2
	exit 1
}

[ -r /dev/fuse ] && [ -w /dev/fuse ] ||
	die "no access to /dev/fuse (as root: chmod 0666 /dev/fuse)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"

W=$(mktemp -d /tmp/fuse-walk.XXXXXX)
MNT=$W/mnt
mkdir -p "$MNT"
DPID=
DLOG=$W/daemon.log
TMPFS=
TRACEFS=
cleanup() {
	stop_mock
	[ -n "$TRACEFS" ] && [ "$TRACEFS" = "$W/tracefs" ] && umount "$TRACEFS"
	if [ -n "$TMPFS" ]; then
		if [ "$TMPFS" = "$W/tmpfs" ]; then
			umount "$TMPFS"
		else
			rm -rf "$TMPFS"
		fi
	fi
	rm -rf --one-file-system "$W"
}
trap cleanup EXIT

now_us() {
	local t=${EPOCHREALTIME/./}
	echo "$t"
}

mounted() {
	awk -v m="$1" '$5 == m { f = 1 } END { exit !f }' /proc/self/mountinfo
}

# start_mock [PIN] [EXTRA OPTIONS...]: PIN = "pin" or "free"
start_mock() {
	local pin=$1 t0

	shift
	t0=$(now_us)
	if [ "$pin" = pin ]; then
		taskset -c 0 "$MOCK" -f --cpus "$CPUS" "$@" "$MNT" >/dev/null 2>>"$DLOG" &
	else
		"$MOCK" -f --cpus "$CPUS" "$@" "$MNT" >/dev/null 2>>"$DLOG" &
	fi
	DPID=$!
	until mounted "$MNT"; do
		kill -0 "$DPID" 2>/dev/null || die "mock-tracefs died: $(tail -2 "$DLOG")"
		sleep 0.005
	done
	stat "$MNT/events/header_page" >/dev/null
	READY_MS=$(( ($(now_us) - t0) / 1000 ))
}

stop_mock() {
	[ -n "$DPID" ] || return 0
	fusermount3 -u "$MNT" 2>/dev/null
	wait "$DPID" 2>/dev/null
	DPID=
}

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# cpu_ms PID: user + system time of the process so far
cpu_ms() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# op_X DIR: the four operations.  The file lists are made before timing;
# the real tracefs has its own (its kernel's events).
list_of() {
	case $1 in "$TRACEFS") echo "$W/tracefs.$2" ;; *) echo "$W/mock.$2" ;; esac
}
op_a() { find "$1" >/dev/null; }
op_b() { find "$1" -printf '%m %U %G %s\n' >/dev/null; }
op_c() { sed "s|^|$1/|" "$(list_of "$1" formats)" | tr '\n' '\0' | xargs -0 cat >/dev/null; }
op_d() { sed "s|^|$1/|" "$(list_of "$1" enables)" | tr '\n' '\0' | xargs -0 cat >/dev/null; }

# make_lists DIR TAG: the format and enable files below DIR/events
make_lists() {
	(cd "$1/events" && find . -mindepth 3 -maxdepth 3 -name format) |
		sed 's|^\./|events/|' | LC_ALL=C sort >"$W/$2.formats"
	(cd "$1/events" && find . -name enable) |
		sed 's|^\./|events/|' | LC_ALL=C sort >"$W/$2.enables"
}

# placement pin|free: this shell and what it starts run on CPU 0, or anywhere
placement() {
	if [ "$1" = pin ]; then
		taskset -pc 0 $$ >/dev/null
	else
		taskset -pc "0-$(($(nproc --all) - 1))" $$ >/dev/null
	fi
}

# time_op OP DIR: microseconds of one run
time_op() {
	local t0 t1

	t0=$(now_us)
	"op_$1" "$2"
	t1=$(now_us)
	echo $((t1 - t0))
}

drop_caches() {
	[ $ROOT = 1 ] && { sync; echo 2 > /proc/sys/vm/drop_caches; }
}

# warm OP DIR: median ms of RUNS runs after one warm-up
warm() {
	local i

	time_op "$1" "$2" >/dev/null
	for i in $(seq "$RUNS"); do time_op "$1" "$2"; done |
		median | awk '{ printf "%.1f", $1 / 1000 }'
}

# cold OP TARGET PIN: median ms of COLD_RUNS runs from cold caches, in
# COLD_MS (not a subshell: the mock is restarted for each run)
cold() {
	local i t=()

	for i in $(seq "$COLD_RUNS"); do
		if [ "$2" = mock ]; then
			stop_mock
			start_mock "$3"
			drop_caches
			t+=("$(time_op "$1" "$MNT")")
		else
			drop_caches
			t+=("$(time_op "$1" "$2")")
		fi
	done
	COLD_MS=$(printf '%s\n' "${t[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }')
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'
}

# verdict VALUE GOAL: "met" when VALUE <= GOAL
verdict() {
	awk -v v="$1" -v g="$2" 'BEGIN { if (v == "-") print "n/a"; else print (v + 0 <= g + 0) ? "met" : "NOT met" }'
}

# ---- build the comparison trees ----

start_mock free
make_lists "$MNT" mock

if [ $ROOT = 1 ] && mkdir -p "$W/tmpfs" && mount -t tmpfs -o size=512m tmpfs "$W/tmpfs" 2>/dev/null; then
	TMPFS=$W/tmpfs
else
	TMPFS=$(mktemp -d /dev/shm/fuse-walk.XXXXXX)
fi
(cd "$MNT" && find . -mindepth 1 -type d -printf '%P\0') | (cd "$TMPFS" && xargs -0 -r mkdir -p)
(cd "$MNT" && find . -type f -printf '%P\0') | (cd "$TMPFS" && xargs -0 -r touch)
while read -r f; do cat "$MNT/$f" >"$TMPFS/$f"; done < <(cat "$W/mock.formats" "$W/mock.enables")
echo "tmpfs copy: $(find "$TMPFS" | wc -l) nodes in $TMPFS; mount: $(find "$MNT" | wc -l) nodes"

if [ $ROOT = 1 ] && [ -d /sys/kernel/tracing ]; then
	mkdir -p "$W/tracefs"
	if mount -t tracefs nodev "$W/tracefs" 2>/dev/null; then
		TRACEFS=$W/tracefs
		make_lists "$TRACEFS" tracefs
		echo "kernel tracefs: $(find "$TRACEFS" | wc -l) nodes ($(uname -r))"
	fi
fi
[ -n "$TRACEFS" ] || echo "kernel tracefs: not measured (needs root and a kernel with tracefs)"
stop_mock

# ---- times ----

declare -A R
for pin in pin free; do
	placement "$pin"
	start_mock "$pin"
	for op in a b c d; do
		R[$pin,$op,mock]=$(warm "$op" "$MNT")
		R[$pin,$op,tmpfs]=$(warm "$op" "$TMPFS")
		R[$pin,$op,tracefs]=-
		[ -n "$TRACEFS" ] && R[$pin,$op,tracefs]=$(warm "$op" "$TRACEFS")
	done
	for op in a b c; do
		cold "$op" mock "$pin"; R[$pin,$op,mockc]=$COLD_MS
		cold "$op" "$TMPFS" "$pin"; R[$pin,$op,tmpfsc]=$COLD_MS
		R[$pin,$op,tracefsc]=-
		if [ -n "$TRACEFS" ]; then
			cold "$op" "$TRACEFS" "$pin"; R[$pin,$op,tracefsc]=$COLD_MS
		fi
	done
	stop_mock
done
placement free

echo
echo "== times, ms (median of $RUNS warm / $COLD_RUNS cold runs; $(nproc) CPUs) =="
printf '%-6s %-22s %9s %9s %9s %11s %11s\n' placement operation mock tmpfs tracefs mock/tmpfs mock/tracefs
for pin in pin free; do
	for op in a b c d; do
		case $op in
		a) name="(a) find walk" ;; b) name="(b) stat every node" ;;
		c) name="(c) cat every format" ;; d) name="(d) cat every enable" ;;
		esac
		printf '%-6s %-22s %9s %9s %9s %11s %11s\n' "$pin" "$name warm" \
			"${R[$pin,$op,mock]}" "${R[$pin,$op,tmpfs]}" "${R[$pin,$op,tracefs]}" \
			"$(ratio "${R[$pin,$op,mock]}" "${R[$pin,$op,tmpfs]}")" \
			"$(ratio "${R[$pin,$op,mock]}" "${R[$pin,$op,tracefs]}")"
		[ $op = d ] && continue
		printf '%-6s %-22s %9s %9s %9s %11s %11s\n' "$pin" "$name cold" \
			"${R[$pin,$op,mockc]}" "${R[$pin,$op,tmpfsc]}" "${R[$pin,$op,tracefsc]}" \
			"$(ratio "${R[$pin,$op,mockc]}" "${R[$pin,$op,tmpfsc]}")" \
			"$(ratio "${R[$pin,$op,mockc]}" "${R[$pin,$op,tracefsc]}")"
	done
done
[ $ROOT = 1 ] || echo "(cold tmpfs figures are warm: dropping caches needs root)"

# ---- FUSE requests per operation ----

# count_reqs CMD...: requests the daemon logged while CMD ran
count_reqs() {
	local before after

	sleep 0.2
	before=$(grep -c '^unique: [0-9]*, opcode:' "$W/debug.log")
	"$@" >/dev/null 2>&1
	sleep 0.2
	after=$(grep -c '^unique: [0-9]*, opcode:' "$W/debug.log")
	echo $((after - before))
}

DLOG=$W/debug.log
start_mock free -d
Q_COLD_A=$(count_reqs op_a "$MNT")
Q_A=$(count_reqs op_a "$MNT")
Q_B1=$(count_reqs op_b "$MNT")
Q_B=$(count_reqs op_b "$MNT")
Q_C=$(count_reqs op_c "$MNT")
Q_D=$(count_reqs op_d "$MNT")
# kinds N: the opcodes of the last N requests
kinds() {
	tail -n 400 "$W/debug.log" | grep '^unique: [0-9]*, opcode:' | tail -n "$1" |
		sed 's/.*opcode: \([A-Z_]*\).*/\1/' | paste -sd ' '
}
# a file listed (attributes fresh) but never read, then read again: after
# a read the kernel marks atime stale on read-write mounts
# (fuse_invalidate_atime()), so cat's fstat() of the next open asks
F=$MNT/events/sched/sched_switch/id
Q_CAT1=$(count_reqs cat "$F")
Q_CAT1_KINDS=$(kinds "$Q_CAT1")
Q_CAT=$(count_reqs cat "$F")
Q_CAT_KINDS=$(kinds "$Q_CAT")
NF=$(wc -l <"$W/mock.formats")
NE=$(wc -l <"$W/mock.enables")
NN=$(find "$MNT" | wc -l)
ND=$(find "$MNT" -type d | wc -l)
stop_mock
DLOG=$W/daemon.log

echo
echo "== FUSE requests (counted in the daemon's -d trace; tree: $NN nodes, $ND directories) =="
echo "(a) first walk after mount: $Q_COLD_A ($(ratio "$Q_COLD_A" "$ND") per directory)"
echo "(a) warm walk:              $Q_A ($(ratio "$Q_A" "$ND") per directory)"
echo "(b) first stat walk:        $Q_B1 (files are looked up on first stat: listings carry only directories' attributes)"
echo "(b) warm stat walk:         $Q_B"
echo "(c) cat of $NF formats:   $Q_C ($(ratio "$Q_C" "$NF") per cat)"
echo "(d) cat of $NE enables:   $Q_D ($(ratio "$Q_D" "$NE") per cat)"
echo "first cat of a file:        $Q_CAT1 ($Q_CAT1_KINDS)"
echo "the same cat again:         $Q_CAT ($Q_CAT_KINDS)"

# ---- memory, mkdir/rmdir ----

start_mock free
RSS0=$(rss_kb "$DPID")
op_b "$MNT"
op_c "$MNT"
CPU0=$(cpu_ms "$DPID")
for i in 1 2 3 4 5; do op_c "$MNT"; done
CPU1=$(cpu_ms "$DPID")
RSS1=$(rss_kb "$DPID")
# one mkdir(1) and one rmdir(1) for N instances, minus the same commands
# on a local directory: starting a command costs far more than the call
N=20
inst=()
loc=()
for i in $(seq $N); do inst+=("$MNT/instances/bench$i"); loc+=("$W/local$i"); done
t0=$(now_us); mkdir "${inst[@]}"; t1=$(now_us); rmdir "${inst[@]}"; t2=$(now_us)
mkdir "${loc[@]}"; t3=$(now_us); rmdir "${loc[@]}"; t4=$(now_us)
MK=$(awk -v f=$((t1 - t0)) -v l=$((t3 - t2)) -v n=$N 'BEGIN { printf "%.2f", (f - l) / n / 1000 }')
RM=$(awk -v f=$((t2 - t1)) -v l=$((t4 - t3)) -v n=$N 'BEGIN { printf "%.2f", (f - l) / n / 1000 }')
for i in $(seq 10); do mkdir "$MNT/instances/keep$i"; done
RSS2=$(rss_kb "$DPID")
stop_mock

# ---- synthetic catalog: 65,535 events ----

awk 'BEGIN {
	print "# tracefs events catalog v1"
	n = 0
	for (s = 0; n < 65535; s++) {
		printf "system synth%04d files=enable,filter\n", s
		for (e = 0; e < 25 && n < 65535; e++) {
			n++
			printf "event synth%04d ev%02d id=%d files=enable,filter,format,id,trigger lines=10\n", s, e, n
			printf "name: ev%02d\nID: %d\nformat:\n", e, n
			print "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;"
			print "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;"
			print "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;"
			print "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;"
			print ""
			print "\tfield:u64 value;\toffset:8;\tsize:8;\tsigned:0;"
			print "print fmt: \"value=%llu\", REC->value"
			print "end"
		}
	}
}' >"$W/synthetic.catalog"
SYN_N=$(grep -c '^event ' "$W/synthetic.catalog")
start_mock free --catalog "$W/synthetic.catalog"
SYN_READY=$READY_MS
SYN_RSS0=$(rss_kb "$DPID")
SYN_NODES=$(find "$MNT" | wc -l)
SYN_RSS1=$(rss_kb "$DPID")
stop_mock

echo
echo "== where the time goes =="
if [ -n "$PINGPONG" ]; then
	echo "wake-up round trip between two processes: $(taskset -c 0 "$PINGPONG") us on one CPU, $("$PINGPONG") us unpinned (every FUSE request costs at least one)"
fi
echo "daemon CPU time per cat (5 cats of every format, warm): $(awk -v c=$((CPU1 - CPU0)) -v n="$NF" 'BEGIN { printf "%.1f", c * 1000 / (5 * n) }') us"

echo
echo "== memory and instances =="
echo "daemon RSS, default tree: $((RSS0 / 1024)).$(( (RSS0 % 1024) * 10 / 1024 )) MB after mount, $((RSS1 / 1024)).$(( (RSS1 % 1024) * 10 / 1024 )) MB after a stat walk and a cat of every format, $((RSS2 / 1024)).$(( (RSS2 % 1024) * 10 / 1024 )) MB with 10 instances"
echo "mkdir instances/X: $MK ms, rmdir: $RM ms (one command for $N instances, less the same command on a local directory, per instance)"
echo "synthetic catalog: $SYN_N events (ids 1..65535: the loader, like the kernel, takes no larger id; 200k events cannot be expressed)"
echo "  mounted and ready in $SYN_READY ms, daemon RSS $((SYN_RSS0 / 1024)) MB, $((SYN_RSS1 / 1024)) MB after walking its $SYN_NODES nodes (the kernel then holds every one)"

# ---- goals ----

echo
echo "== goals of issue 4 (2-core machine) =="
ref=tracefs
[ -n "$TRACEFS" ] || ref=tmpfs
g() { printf '%-52s %-10s %s\n' "$1" "$2" "$(verdict "$2" "$3")"; }
g "warm walk <= 1.1x $ref (pinned)" "$(ratio "${R[pin,a,mock]}" "${R[pin,a,$ref]}")" 1.1
g "warm walk <= 1.1x $ref (unpinned)" "$(ratio "${R[free,a,mock]}" "${R[free,a,$ref]}")" 1.1
g "warm stat <= 1.15x $ref (pinned)" "$(ratio "${R[pin,b,mock]}" "${R[pin,b,$ref]}")" 1.15
g "warm stat <= 1.15x $ref (unpinned)" "$(ratio "${R[free,b,mock]}" "${R[free,b,$ref]}")" 1.15
g "cold walk <= 2.5x $ref cold (pinned)" "$(ratio "${R[pin,a,mockc]}" "${R[pin,a,${ref}c]}")" 2.5
g "FUSE requests per cat <= 4 (first cat)" "$Q_CAT1" 4
g "FUSE requests per cat <= 4 (repeated cat)" "$Q_CAT" 4
g "cat of all formats <= 3x $ref (pinned)" "$(ratio "${R[pin,c,mock]}" "${R[pin,c,$ref]}")" 3
g "mkdir of an instance <= 5 ms" "$MK" 5
g "rmdir of an instance <= 10 ms" "$RM" 10
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
g "daemon RSS <= 8 MB, default tree, mounted (MB)" "$(mb "$RSS0")" 8
g "daemon RSS <= 8 MB, default tree, walked (MB)" "$(mb "$RSS1")" 8
g "daemon RSS <= 64 MB, $SYN_N events, ready (MB)" "$(mb "$SYN_RSS0")" 64
g "daemon RSS <= 64 MB, $SYN_N events, walked (MB)" "$(mb "$SYN_RSS1")" 64
g "mounted and ready <= 1 s, $SYN_N events (s)" "$(awk -v m="$SYN_READY" 'BEGIN { printf "%.2f", m / 1000 }')" 1
