# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# fusetest.sh - sourced by the FUSE integration suites (run-fuse-tests.sh,
# run-mock-tracefs-tests.sh): TAP output, running commands as the mounting
# user, mounting and unmounting the daemon, the checks both suites make,
# the /dev/fuse checks (exit 77 with the reason when FUSE is not usable)
# and the run as root and then as an unprivileged user.
#
# The sourcing script sets, before it calls ft_run_all:
#   FT_DAEMON        array: the daemon and the options of every mount
#   FT_CHECK         the checker (fusecheck, mtcheck) that E runs
#   FT_MOUNT_TRIES   optional: 50 ms waits for the mount (default 200)
#   FT_ENV           optional array: a command prefix (such as env VAR=x)
#                    for what runs as another user through U and UX
#   STRESS_SECS      how long ft_concurrency runs
# and defines suite_checks (every check of one mount, as $WHO) and,
# optionally, suite_prepare (run before each mount).
#
# Set for the checks: RUN_AS (the user name, empty for ourselves), WHO
# (the name shown in the TAP lines), MNT, LOG (the daemon's stderr), DPID,
# TMPD (the scratch directory, removed at exit).

USER1=kfetest
USER2=kfetest2
ntest=0
nfail=0
FT_ENV=()

skip() {
	echo "1..0 # SKIP $*"
	exit 77
}

ok() {
	ntest=$((ntest + 1))
	echo "ok $ntest - [$WHO] $1"
}

not_ok() {
	ntest=$((ntest + 1))
	nfail=$((nfail + 1))
	echo "not ok $ntest - [$WHO] $1"
	shift
	for line in "$@"; do echo "#   $line"; done
}

# check DESC EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $2" "got:      $3"
	fi
}

# check_runs DESC CMD...: CMD succeeds; its output is shown either way.
check_runs() {
	local desc=$1 out

	shift
	if out=$("$@" 2>&1); then
		ok "$desc ($out)"
	else
		not_ok "$desc" "$out"
	fi
}

# U CMD...: run CMD as the mounting user of the current suite.
U() {
	if [ -n "$RUN_AS" ]; then
		setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" \
			--init-groups -- "${FT_ENV[@]}" "$@"
	else
		"$@"
	fi
}

# As U, replacing the calling (sub)shell, so that $! is the command's pid.
UX() {
	if [ -n "$RUN_AS" ]; then
		exec setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" \
			--init-groups -- "${FT_ENV[@]}" "$@"
	fi
	exec "$@"
}

# As U, but as the second user.
U2() {
	setpriv --reuid="$USER2" --regid="$(id -g "$USER2")" --init-groups -- "$@"
}

# E OP PATH [ARG]: "OK" or the errno name of OP, as the mounting user.
E() {
	U "$FT_CHECK" errno "$@"
}

mounted() {
	awk -v m="$1" '$5 == m { found = 1 } END { exit !found }' \
		/proc/self/mountinfo
}

# start_daemon [OPTION...]: mount on $MNT as the mounting user; DPID is set.
start_daemon() {
	local wrap=()

	if [ "${KERNFS_EMU_UNDER_VALGRIND:-}" = 1 ]; then
		wrap=(valgrind --error-exitcode=99 --leak-check=full
		      --errors-for-leak-kinds=definite,indirect --quiet)
		[ -n "${KFE_VALGRIND_SUPP:-}" ] &&
			wrap+=("--suppressions=$KFE_VALGRIND_SUPP")
	fi
	UX "${wrap[@]}" "${FT_DAEMON[@]}" "$@" "$MNT" 2>"$LOG" &
	DPID=$!
	for _ in $(seq "${FT_MOUNT_TRIES:-200}"); do
		mounted "$MNT" && return 0
		kill -0 "$DPID" 2>/dev/null || return 1
		sleep 0.05
	done
	kill "$DPID"
	return 1
}

stop_daemon() {
	U fusermount3 -u "$MNT"
	wait "$DPID"
}

# ---- checks both suites make ----

# ft_concurrency MKRM_DIR FILE...: walkers, readers of FILEs and mkdir/rmdir
# in MKRM_DIR at the same time, for STRESS_SECS; the daemon survives.
ft_concurrency() {
	local pids=() i bad=0 out=$TMPD/stress-$WHO mkrm_dir=$1

	shift
	for i in 1 2 3 4; do
		U "$FT_CHECK" walk "$MNT" "$STRESS_SECS" >"$out.w$i" 2>&1 &
		pids+=($!)
	done
	for i in 1 2; do
		U "$FT_CHECK" reader "$STRESS_SECS" "$@" >"$out.r$i" 2>&1 &
		pids+=($!)
	done
	U "$FT_CHECK" mkrm "$mkrm_dir" "$STRESS_SECS" >"$out.m" 2>&1 &
	pids+=($!)
	for i in "${pids[@]}"; do
		wait "$i" || bad=1
	done
	if [ $bad = 0 ] && kill -0 "$DPID" 2>/dev/null; then
		ok "4 walkers, 2 readers, mkdir/rmdir for ${STRESS_SECS}s: $(cat "$out.m"), $(cat "$out.w1")"
	else
		not_ok "4 walkers, 2 readers, mkdir/rmdir for ${STRESS_SECS}s" \
			"$(cat "$out".* | head -20)"
	fi
}

# ft_unmount: fusermount3 -u ends the daemon cleanly, its lookup counts
# balanced, with nothing from a sanitizer or valgrind in its log.
ft_unmount() {
	local status

	stop_daemon
	status=$?
	# sanitizers and valgrind report here even when the status is 0
	if [ $status = 0 ] && grep -q "lookup counts balanced" "$LOG" &&
	   ! grep -qE 'runtime error|Sanitizer|^==[0-9]+==' "$LOG"; then
		ok "clean unmount, every lookup count balanced"
	else
		not_ok "clean unmount, every lookup count balanced" \
			"daemon exit status $status" "$(tail -5 "$LOG")"
	fi
}

# ft_kill9 FILE: a second mount killed with -9 answers ENOTCONN for FILE,
# and fusermount3 -u removes the dead mount.
ft_kill9() {
	if ! start_daemon; then
		not_ok "second mount" "$(cat "$LOG")"
		return
	fi
	kill -9 "$DPID"
	wait "$DPID" 2>/dev/null
	check "after kill -9 the mount is dead" "ENOTCONN" "$(E stat "$1")"
	U fusermount3 -u "$MNT"
	if mounted "$MNT"; then
		not_ok "fusermount3 -u removes the dead mount" \
			"$(grep " $MNT " /proc/self/mountinfo)"
	else
		check "fusermount3 -u removes the dead mount" "" "$(U ls -A "$MNT")"
	fi
}

# ft_cli_mountpoints NAME: the daemon (NAME in its messages) refuses a
# missing, a non-empty and a file mountpoint.  Leaves $TMPD/cli-$WHO/empty.
ft_cli_mountpoints() {
	local d=$TMPD/cli-$WHO name=$1

	U mkdir -p "$d/full" "$d/empty"
	U touch "$d/full/x"
	check "CLI: missing mountpoint" \
		"$name: mountpoint $d/none does not exist" \
		"$(U "${FT_DAEMON[0]}" -f "$d/none" 2>&1)"
	check "CLI: non-empty mountpoint" \
		"$name: mountpoint $d/full is not empty (use -o nonempty to mount over it)" \
		"$(U "${FT_DAEMON[0]}" -f "$d/full" 2>&1)"
	check "CLI: a file as mountpoint" \
		"$name: mountpoint $d/full/x is not a directory" \
		"$(U "${FT_DAEMON[0]}" -f "$d/full/x" 2>&1)"
}

# ---- the runs ----

# run_suite USER|"": every check, mounted by USER (empty: ourselves)
run_suite() {
	RUN_AS=$1
	WHO=${1:-$(id -un)}
	MNT=$TMPD/mnt-$WHO
	LOG=$TMPD/daemon-$WHO.log
	mkdir -p "$MNT" "$TMPD/cli-$WHO"
	[ -n "$RUN_AS" ] && chown "$RUN_AS": "$MNT" "$TMPD/cli-$WHO"
	if declare -F suite_prepare >/dev/null; then
		suite_prepare
	fi
	if ! start_daemon; then
		not_ok "mount as $WHO" "$(cat "$LOG")"
		return
	fi
	ok "mount as $WHO"
	suite_checks
}

# ft_require_fuse: skip (exit 77, saying why) where FUSE cannot be used.
ft_require_fuse() {
	[ -e /dev/fuse ] ||
		skip "/dev/fuse does not exist (no fuse module, or a container without --device /dev/fuse)"
	command -v fusermount3 >/dev/null ||
		skip "fusermount3 not found (install the fuse3 package)"
	if [ "$(id -u)" != 0 ]; then
		[ -r /dev/fuse ] && [ -w /dev/fuse ] ||
			skip "no access to /dev/fuse: as root run 'chmod 0666 /dev/fuse', as udev does"
	fi
}

ft_cleanup() {
	for m in "$TMPD"/mnt-*; do
		mounted "$m" && { fusermount3 -u -z "$m" || umount -l "$m"; }
	done
	rm -rf --one-file-system "$TMPD"
}

# ft_run_all TEMPLATE: the suite as ourselves in a scratch directory made
# from mktemp TEMPLATE; run by root, then as an unprivileged user: kfetest
# (created, with kfetest2, when CI=true or KFE_FUSE_TEST_USERS=1) or else
# nobody, once /dev/fuse is 0666 (made so likewise).  Prints the TAP plan;
# returns 0 when every check passed.
ft_run_all() {
	local unpriv u

	TMPD=$(mktemp -d "$1")
	chmod 0755 "$TMPD"
	trap ft_cleanup EXIT
	run_suite ""
	if [ "$(id -u)" = 0 ]; then
		if [ "${CI:-}" = true ] || [ "${KFE_FUSE_TEST_USERS:-}" = 1 ]; then
			[ "$(stat -c %a /dev/fuse)" = 666 ] || chmod 0666 /dev/fuse
			for u in "$USER1" "$USER2"; do
				id "$u" >/dev/null 2>&1 || useradd -M -s /bin/sh "$u"
			done
		fi
		unpriv=$USER1
		id "$unpriv" >/dev/null 2>&1 || unpriv=nobody
		if [ "$(stat -c %a /dev/fuse)" != 666 ]; then
			echo "# not run as an unprivileged user: /dev/fuse is not 0666 (set CI=true or KFE_FUSE_TEST_USERS=1)"
		elif ! id "$unpriv" >/dev/null 2>&1; then
			echo "# not run as an unprivileged user: no user $USER1 or nobody"
		elif ! setpriv --reuid="$unpriv" test -x "${FT_DAEMON[0]}"; then
			echo "# not run as an unprivileged user: $unpriv cannot execute ${FT_DAEMON[0]}"
		else
			run_suite "$unpriv"
		fi
	fi
	echo "1..$ntest"
	[ $nfail = 0 ]
}
