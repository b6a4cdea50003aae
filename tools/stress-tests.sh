#!/bin/sh
# tools/stress-tests.sh N: runs the whole test suite N times while the machine is loaded
# (a busy loop per core, beside the tests), and reports every test that failed in any run
# and how often. A test that fails here only some of the time is a flaky test: it waits
# for a time instead of a state, or checks something that depends on the host's speed.
#
#   tools/stress-tests.sh [--release-only] [--hogs K] N
#
# It builds build/ (release) and build-sanitize/ (ASan + UBSan) as tools/check.sh does,
# then runs ctest in each, N times over. --release-only runs build/ alone (half the time);
# --hogs K starts K busy loops instead of one per core. Exit status 0 if no test ever
# failed, 1 if one did, 64 for a bad argument. The report is also written to
# build/stress-report.txt.
set -u
cd "$(dirname "$0")/.."

usage() {
    echo "usage: tools/stress-tests.sh [--release-only] [--hogs K] N" >&2
    exit 64
}

release_only=0
hogs=$(nproc)
while [ $# -gt 1 ]; do
    case $1 in
    --release-only) release_only=1; shift ;;
    --hogs)
        case ${2:-} in ''|*[!0-9]*) usage ;; esac
        hogs=$2; shift 2 ;;
    *) usage ;;
    esac
done
[ $# -eq 1 ] || usage
case $1 in ''|*[!0-9]*|0) usage ;; esac
runs=$1
jobs=$(nproc)

echo "== building =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 1
cmake --build build -j"$jobs" >/dev/null || exit 1
builds=build
if [ "$release_only" -eq 0 ]; then
    cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DVMSIM_SANITIZE=ON >/dev/null || exit 1
    cmake --build build-sanitize -j"$jobs" >/dev/null || exit 1
    builds="build build-sanitize"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-stress.XXXXXX") || exit 1
hog_pids=""
stop_hogs() {
    for pid in $hog_pids; do
        kill "$pid" 2>/dev/null
    done
    hog_pids=""
}
trap 'stop_hogs; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

i=0
while [ "$i" -lt "$hogs" ]; do
    sh -c 'while :; do :; done' &
    hog_pids="$hog_pids $!"
    i=$((i + 1))
done
echo "== $runs runs of: $builds; $hogs busy loops beside them =="

: > "$work/failed"
total_tests=0
run=1
start=$(date +%s)
while [ "$run" -le "$runs" ]; do
    for dir in $builds; do
        failed_log=$dir/Testing/Temporary/LastTestsFailed.log
        rm -f "$failed_log"
        ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ctest --test-dir "$dir" -j"$jobs" --output-on-failure > "$work/run.log" 2>&1
        count=$(sed -n 's/.*tests passed, [0-9]* tests failed out of \([0-9]*\).*/\1/p' "$work/run.log")
        total_tests=$((total_tests + ${count:-0}))
        if [ -s "$failed_log" ]; then
            # Lines are "NUMBER:NAME".
            sed "s|^[0-9]*:|$dir |" "$failed_log" >> "$work/failed"
            cp "$work/run.log" "$dir/stress-run-$run.log"
            echo "run $run, $dir: $(wc -l < "$failed_log") failed (log in $dir/stress-run-$run.log):"
            sed 's/^[0-9]*:/    /' "$failed_log"
        elif ! grep -q "tests passed" "$work/run.log"; then
            echo "run $run, $dir: ctest did not run" >&2
            cat "$work/run.log" >&2
            exit 1
        else
            echo "run $run, $dir: all ${count:-?} passed"
        fi
    done
    run=$((run + 1))
done
stop_hogs
elapsed=$(( $(date +%s) - start ))

{
    echo "stress-tests: $runs runs of $builds with $hogs busy loops on $(nproc) cores, ${elapsed} s"
    echo "stress-tests: $total_tests test runs in all"
    if [ -s "$work/failed" ]; then
        echo "stress-tests: tests that failed at least once (failures, build, test):"
        sort "$work/failed" | uniq -c | sort -rn
    else
        echo "stress-tests: no test ever failed"
    fi
} | tee build/stress-report.txt
[ ! -s "$work/failed" ]
