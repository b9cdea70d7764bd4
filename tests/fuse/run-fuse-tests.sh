#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run-fuse-tests.sh DEMO FUSECHECK - mount kernfs-demo and check, with
# ordinary syscalls and shell tools, what a user of the mount sees.
#
# Run by an ordinary user, the suite runs as that user.  Run by root, it
# runs as root and then again as an unprivileged user: kfetest (created
# when CI=true or KFE_FUSE_TEST_USERS=1) or else "nobody"; /dev/fuse is
# then made usable by everybody the way udev does (chmod 0666), and a
# second user (kfetest2, created likewise) checks that other users are
# kept out of a mount without allow_other.
#
# Exit status: 0 all passed, 1 a check failed, 77 FUSE is not usable here.
# Environment: KFE_FUSE_STRESS_SECS (default 10) for the concurrency run;
# KERNFS_EMU_UNDER_VALGRIND=1 (meson's valgrind setup) runs the daemon
# under valgrind with KFE_VALGRIND_SUPP as suppressions.
# What both FUSE suites share is in ../common/fusetest.sh.
set -u

DEMO=$(readlink -f "$1")
FC=$(readlink -f "$2")
STRESS_SECS=${KFE_FUSE_STRESS_SECS:-10}
FT_DAEMON=("$DEMO" -f --check-counts)
FT_CHECK=$FC
# shellcheck source=SCRIPTDIR/../common/fusetest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common/fusetest.sh"

# ---- the checks ----

t_layout() {
	local m=$MNT uid

	uid=$(U id -u)
	check "file modes, types and links" \
		"-rw-r--r-- 1 regular empty file|-r--r--r-- 1 regular empty file|--w------- 1 regular empty file|lrwxrwxrwx 1 symbolic link" \
		"$(U stat -c '%A %h %F' $m/value $m/readonly $m/writeonly $m/link | paste -sd '|')"
	check "directory modes and nlink (template dirs report 1)" \
		"drwxr-xr-x 5|drwxr-xr-x 2|drwxr-xr-x 2|drwxr-xr-x 1" \
		"$(U stat -c '%A %h' $m $m/events $m/groups $m/tmpl | paste -sd '|')"
	check "everything belongs to the mounting user" "$uid $uid $uid" \
		"$(U stat -c %u $m $m/value $m/groups | paste -sd ' ')"
	check "ls lists the top level" \
		"ctl events groups link lock name pipe pipe_in readonly tmpl value writeonly" \
		"$(U ls $m | paste -sd ' ')"
	check "find -type d uses d_type and finds the directories" \
		"$m $m/events $m/groups $m/tmpl $m/tmpl/sub0 $m/tmpl/sub1 $m/tmpl/sub2" \
		"$(U find $m -type d | sort | paste -sd ' ')"
	check_runs "readdir fills d_type for every entry" U "$FC" walk "$m" 0
	check "statfs: block size 4096, names up to 255" "4096 255" \
		"$(U stat -f -c '%s %l' $m)"
	check "readlink" "value" "$(U readlink $m/link)"
}

t_read_write() {
	local m=$MNT

	check "cat of value files" "0|hello from kernfs-demo|demo|0" \
		"$(U cat $m/value $m/readonly $m/name $m/link | paste -sd '|')"
	check "1-byte reads give the same bytes" \
		"$(U cat $m/readonly | od -c)" \
		"$(U dd if=$m/readonly bs=1 status=none | od -c)"
	U sh -c 'echo 42 > "$1"' _ $m/value
	check "echo > value, then cat" "42" "$(U cat $m/value)"
	check "the shell sees the provider's EINVAL for a bad value" \
		"Invalid argument" \
		"$(U bash -c 'echo abc > "$1"' _ $m/value 2>&1 | sed 's/.*: //')"
	check "write of a bad value: EINVAL, value kept" "EINVAL 42" \
		"$(E write $m/value abc) $(U cat $m/value)"
	if [ "$(U id -u)" = 0 ]; then
		check "root: read of a file without read op: EINVAL" "EINVAL" \
			"$(E read $m/writeonly)"
		check "root: write to a file without write op: EINVAL" \
			"EINVAL" "$(E write $m/readonly x)"
	else
		check "read of a 0200 file: EACCES" "EACCES" \
			"$(E read $m/writeonly)"
		check "open of a 0444 file for writing: EACCES" "EACCES" \
			"$(E open-write $m/readonly)"
	fi
	check "lock twice: the provider's EBUSY passes through" "OK EBUSY OK" \
		"$(E write $m/lock 1) $(E write $m/lock 1) $(E write $m/lock 0)"
	check "template files: alpha, beta written and read, sub2/index" \
		"alpha|7|2" \
		"$(U sh -c 'echo 7 > "$1/beta"; cat "$1/alpha" "$1/beta" "$1/sub2/index"' _ $m/tmpl | paste -sd '|')"
	check "template dir lists entries in template order, hides ghost" \
		"alpha beta sub0 sub1 sub2|ENOENT" \
		"$(U ls -U $m/tmpl | paste -sd ' ')|$(E stat $m/tmpl/ghost)"
	check "user xattrs round-trip" "OK hello" \
		"$(E setxattr $m/value hello) $(E getxattr $m/value)"
}

t_vfs_errors() {
	local m=$MNT

	check "O_CREAT of a new name: EACCES" "EACCES" "$(E creat $m/newfile)"
	check "O_CREAT|O_EXCL of an existing file: EEXIST" "EEXIST" \
		"$(E creat-excl $m/value)"
	check "mknod, symlink, link: EPERM" "EPERM EPERM EPERM" \
		"$(E mknod $m/node) $(E symlink $m/sl) $(E link $m/value $m/hard)"
	check "unlink of a file: EPERM; of a directory: EISDIR" "EPERM EISDIR" \
		"$(E unlink $m/value) $(E unlink $m/events)"
	check "rename: EPERM" "EPERM" "$(E rename $m/value $m/value2)"
	check "mkdir/rmdir outside groups/: EPERM" "EPERM EPERM" \
		"$(E mkdir $m/x) $(E rmdir $m/events)"
	check "open of a directory for writing: EISDIR" "EISDIR" \
		"$(E open-write $m/events)"
	check "O_DIRECTORY on a file: ENOTDIR" "ENOTDIR" "$(E open-dir $m/value)"
}

t_mkdir_rmdir() {
	local m=$MNT g=$MNT/groups

	check "mkdir through the syscall op" "OK" "$(E mkdir $g/g1)"
	check "mkdir builds a populated subtree" \
		"$g/g1 $g/g1/enable $g/g1/members $g/g1/sub $g/g1/sub/id" \
		"$(U find $g/g1 | sort | paste -sd ' ')"
	check "nlink follows subdirectories" "3 3" \
		"$(U stat -c %h $g $g/g1 | paste -sd ' ')"
	check "mkdir of an existing name: EEXIST" "EEXIST" "$(E mkdir $g/g1)"
	check "mkdir refused by the provider: its EINVAL" "EINVAL" \
		"$(E mkdir $g/bad1)"
	U sh -c 'echo 1 > "$1"' _ $g/g1/enable
	check "rmdir of a busy group: the provider's EBUSY" "EBUSY" \
		"$(E rmdir $g/g1)"
	U sh -c 'echo 0 > "$1"' _ $g/g1/enable
	check "rmdir of an idle group, then it is gone" "OK ENOENT 2" \
		"$(E rmdir $g/g1) $(E stat $g/g1) $(U stat -c %h $g)"
	U mkdir $g/g2
	check "an fd held open across removal answers ENODEV" "ENODEV" \
		"$(U "$FC" enodev $g/g2/members $m/ctl 'remove g2')"
}

t_coherence() {
	local m=$MNT g=$MNT/groups

	U mkdir $g/g3
	U stat $g/g3/sub/id >/dev/null	# cached for an hour from now on
	U ls $g $g/g3 >/dev/null	# listings cached until they change
	check "removal by the daemon is seen at once despite long timeouts" \
		"OK ENOENT ENOENT" \
		"$(E write $m/ctl 'remove g3') $(E stat $g/g3/sub/id) $(E stat $g/g3)"
	check "removal by the daemon: gone from ls" "" "$(U ls $g)"
	E stat $g/g4 >/dev/null		# a failed lookup first
	check "creation by the daemon is seen at once" "OK OK g4" \
		"$(E write $m/ctl 'add g4') $(E stat $g/g4/sub/id) $(U ls $g)"
	check "daemon commands report the provider's errors" "EEXIST ENOENT" \
		"$(E write $m/ctl 'add g4') $(E write $m/ctl 'remove nope')"
	U rmdir $g/g4
}

t_poll() {
	check_runs "poll() woken by a write to another file" \
		U "$FC" poll-notify $MNT/events/counter $MNT/events/trigger
	check_runs "pipe: EAGAIN, ESPIPE, POLLIN, blocking read" \
		U "$FC" pipe $MNT/pipe $MNT/pipe_in
	check "the counter counted the trigger" "1" "$(U cat $MNT/events/counter)"
	local t0=$SECONDS rc
	U timeout -s KILL 1 cat $MNT/pipe
	rc=$?
	check "a reader blocked in pipe can be killed (exit 137, < 4 s)" \
		"137 yes" "$rc $([ $((SECONDS - t0)) -lt 4 ] && echo yes)"
}

t_other_users() {
	if [ "$(id -u)" != 0 ] || [ -z "$RUN_AS" ]; then
		return
	fi
	check "root is kept out of a user's mount without allow_other" \
		"EACCES" "$("$FC" errno stat $MNT/value)"
	if id "$USER2" >/dev/null 2>&1; then
		check "a second user is kept out without allow_other" "EACCES" \
			"$(U2 "$FC" errno stat $MNT/value)"
	else
		ok "a second user is kept out # SKIP no user $USER2"
	fi
}

t_concurrency() {
	ft_concurrency $MNT/groups $MNT/value $MNT/events/counter \
		$MNT/tmpl/alpha $MNT/tmpl/sub1/index
}

t_cli() {
	check "CLI: no mountpoint" "kernfs-demo: no mountpoint given" \
		"$(U "$DEMO" -f 2>&1)"
	ft_cli_mountpoints kernfs-demo
}

# every check of one mount, as $WHO
suite_checks() {
	t_layout
	t_read_write
	t_vfs_errors
	t_mkdir_rmdir
	t_coherence
	t_poll
	t_other_users
	t_concurrency
	ft_unmount
	ft_kill9 $MNT/value
	t_cli
}

# ---- can FUSE be used here at all? ----

[ -x "$DEMO" ] && [ -x "$FC" ] || { echo "usage: $0 DEMO FUSECHECK" >&2; exit 2; }
ft_require_fuse
ft_run_all /tmp/kfe-fuse-test.XXXXXX
