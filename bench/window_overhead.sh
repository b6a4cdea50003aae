#!/usr/bin/env bash
# Measures what vmsim's window costs the guest: each workload runs R times headless and R
# times with the window under a virtual X server (xvfb-run), and the script compares the
# guest's speed (the MIPS that --stats reports over the machine loop, start-up excluded).
# The best of R runs counts, as in compare.sh, because other load on the host only ever
# makes a run slower. See bench/README.md.
set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'USAGE'
Usage: bench/window_overhead.sh [-r R] [-w LIST] [BUILD_DIR]

  -r, --repetitions R   runs per workload and mode; the best counts (default 5)
  -w, --workloads LIST  comma-separated workloads from BUILD_DIR/bench or
                        BUILD_DIR/programs (default crc32,qsort_paged,matmul_paged,
                        screen_demo: the last one draws 1000 frames on the screen)
BUILD_DIR defaults to ./build. Needs xvfb-run (Debian: xvfb, xauth).
USAGE
}

repetitions=5
workloads=crc32,qsort_paged,matmul_paged,screen_demo
build_dir=./build
measure_elf=""
while [ $# -gt 0 ]; do
    case "$1" in
    --measure) measure_elf=$2; shift 2 ;; # inside xvfb-run: the runs of one workload
    -r | --repetitions) repetitions=${2:?"$1 wants a number"}; shift 2 ;;
    -w | --workloads) workloads=${2:?"$1 wants a list"}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 1 ;;
    *) build_dir=$1; shift ;;
    esac
done
vmsim=$build_dir/vmsim
[ -x "$vmsim" ] || { echo "window_overhead.sh: no $vmsim: build first" >&2; exit 1; }
command -v xvfb-run > /dev/null || { echo "window_overhead.sh: xvfb-run is not installed" >&2; exit 1; }

# Prints the guest MIPS of one run: MODE (headless|window) and the ELF file.
run_once() {
    local mode=$1 elf=$2 flags=--headless
    [ "$mode" = window ] && flags=--window
    "$vmsim" "$flags" --stats "$elf" 2>&1 >/dev/null | sed -n 's/.*host time .* s, \([0-9.]*\) MIPS.*/\1/p'
}

# Both modes inside one X server, alternating, so that slow spells of the host hit both.
if [ -n "$measure_elf" ]; then
    for ((i = 0; i < repetitions; i++)); do
        echo "headless $(run_once headless "$measure_elf")"
        echo "window $(run_once window "$measure_elf")"
    done
    exit 0
fi

printf '%-14s %14s %14s %10s\n' workload "headless MIPS" "window MIPS" "slowdown"
IFS=, read -ra list <<< "$workloads"
for workload in "${list[@]}"; do
    elf=$build_dir/bench/$workload.elf
    [ -f "$elf" ] || elf=$build_dir/programs/$workload.elf
    [ -f "$elf" ] || { echo "window_overhead.sh: no $workload.elf in $build_dir/bench or programs" >&2; exit 1; }
    results=$(xvfb-run -a -s "-screen 0 1600x1000x24" "$0" -r "$repetitions" --measure "$elf" "$build_dir")
    best_headless=$(awk '$1 == "headless" && $2 > m { m = $2 } END { print m }' <<< "$results")
    best_window=$(awk '$1 == "window" && $2 > m { m = $2 } END { print m }' <<< "$results")
    awk -v w="$workload" -v h="$best_headless" -v x="$best_window" \
        'BEGIN { printf "%-14s %14.1f %14.1f %9.1f%%\n", w, h, x, (h - x) / h * 100 }'
done
