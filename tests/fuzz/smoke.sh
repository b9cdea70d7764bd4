#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# smoke.sh - build the libFuzzer harnesses with clang and run each one
# briefly on its seed corpus (tests/corpus/<target>/).  Fails when any
# harness finds a crash, a leak (LeakSanitizer), undefined behaviour
# (UBSan, made fatal here) or a timeout.
#
#   tests/fuzz/smoke.sh [target...]     (default: all six targets)
#
# Environment:
#   FUZZ_BUILDDIR  build dir to configure and use (default: build-fuzz)
#   FUZZ_TIME      seconds per target (default: 20)
#   FUZZ_JOBS      targets run at the same time (default: 2)
#
# New inputs the fuzzers find go to a temporary directory that is deleted
# afterwards, so the seed corpus in the tree is never changed.  A failing
# input is copied to $FUZZ_BUILDDIR/fuzz-artifacts/ and its path printed;
# reproduce it with  $FUZZ_BUILDDIR/tests/fuzz/fuzz-<target> <file>
#
# Longer fuzzing (after one smoke run has configured the build dir):
#   mkdir -p /tmp/filter-work
#   UBSAN_OPTIONS=halt_on_error=1 build-fuzz/tests/fuzz/fuzz-filter \
#       -jobs=2 -workers=2 -max_total_time=3600 -max_len=8192 \
#       /tmp/filter-work tests/corpus/filter
# (or simply FUZZ_TIME=3600 tests/fuzz/smoke.sh filter).  Then fold the
# inputs that add coverage back into the seed corpus, keeping it small:
#   build-fuzz/tests/fuzz/fuzz-filter -merge=1 tests/corpus/filter /tmp/filter-work
# Useful flags: -dict=FILE (tokens such as "&&" or "CPUS{"), -only_ascii=1,
# -print_final_stats=1; see https://llvm.org/docs/LibFuzzer.html.

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${FUZZ_BUILDDIR:-build-fuzz}
time=${FUZZ_TIME:-20}
jobs=${FUZZ_JOBS:-2}
all="catalog filter setevent trigger dynevent mountopt"
targets=${*:-$all}

cd "$srcdir" || exit 1

for t in $targets; do
	if [ ! -d "tests/corpus/$t" ]; then
		echo "smoke.sh: unknown target '$t' (known: $all)" >&2
		exit 1
	fi
done

if ! command -v clang >/dev/null 2>&1; then
	echo "smoke.sh: clang not found; the fuzzers need clang (libFuzzer)" >&2
	exit 1
fi

# The libraries too are built with the sanitizers and with coverage
# instrumentation (fuzzer-no-link), or the fuzzers would be blind there.
if [ -f "$builddir/build.ninja" ]; then
	meson configure "$builddir" -Dfuzz=true >/dev/null || exit 1
else
	CC=clang meson setup "$builddir" -Dfuzz=true -Dtests=false \
		-Dbench=false -Dfuse=disabled -Db_sanitize=address,undefined \
		-Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link \
		>/dev/null || exit 1
fi
meson compile -C "$builddir" fuzzers >/dev/null || {
	echo "smoke.sh: build failed (meson compile -C $builddir fuzzers)" >&2
	exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tfm-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

# run_one TARGET: fuzz one target; writes $work/TARGET.rc and .log
run_one() {
	t=$1
	exe="$builddir/tests/fuzz/fuzz-$t"
	mkdir -p "$work/$t-new" "$work/$t-art"
	"$exe" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/$t-art/" \
		"$work/$t-new" "tests/corpus/$t" >"$work/$t.log" 2>&1
	echo $? >"$work/$t.rc"
}

running=0
for t in $targets; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

failed=0
for t in $targets; do
	rc=$(cat "$work/$t.rc" 2>/dev/null || echo 99)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	if [ "$rc" = 0 ]; then
		echo "ok   fuzz-$t: ${runs:-?} runs in ${time}s"
		continue
	fi
	failed=1
	echo "FAIL fuzz-$t (exit $rc):"
	grep -E 'ERROR:|runtime error:|SUMMARY:|==[0-9]+==' "$work/$t.log" |
		head -n 8 | sed 's/^/    /'
	mkdir -p "$builddir/fuzz-artifacts"
	for a in "$work/$t-art"/*; do
		[ -e "$a" ] || continue
		cp "$a" "$builddir/fuzz-artifacts/$t-$(basename "$a")"
		echo "    input: $builddir/fuzz-artifacts/$t-$(basename "$a")"
	done
	cp "$work/$t.log" "$builddir/fuzz-artifacts/$t.log"
	echo "    log:   $builddir/fuzz-artifacts/$t.log"
done
exit $failed
