#!/usr/bin/env bash
# What the guest OS adds: times each workload bare-metal (plain and paged) and as a guest OS
# user program (os/user/bench_W.elf), and prints OS/plain, OS/paged and paged/plain. See
# bench/README.md ("Under the guest OS").
set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'EOF'
Usage: bench/os_overhead.sh [-r R] [-c CPU] [BUILD_DIR]

Runs every program R times (default 7), taking the programs in turn, each run pinned to
CPU (default 0) with taskset, and keeps the best of vmsim's own 'host time' (--stats).
Start-up is subtracted: bench/startup.elf from the bare-metal runs, os/user/hello.elf
(the guest OS's boot) from the OS runs. Pick a CPU that is quiet: on a shared machine
one CPU can run a while at half speed.
EOF
}

repetitions=7 cpu=0
while [ $# -gt 0 ]; do
    case $1 in
    -r) repetitions=$2; shift 2 ;;
    -c) cpu=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "os_overhead.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
    esac
done
build=${1:-build}
vmsim=$build/vmsim
[ -x "$vmsim" ] || { echo "os_overhead.sh: no vmsim at $vmsim (build first)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "os_overhead.sh: needs taskset (util-linux)" >&2; exit 2; }

workloads="crc32 matmul qsort hashtab calls"
programs="bench/startup.elf os/user/hello.elf"
for w in $workloads; do
    programs="$programs bench/$w.elf bench/${w}_paged.elf os/user/bench_$w.elf"
done

declare -A best
for ((i = 0; i < repetitions; i++)); do
    for p in $programs; do
        out=$(taskset -c "$cpu" "$vmsim" --headless --stats "$build/$p" 2>&1) ||
            { echo "os_overhead.sh: $p failed:" >&2; echo "$out" >&2; exit 1; }
        t=$(echo "$out" | awk '/host time/ { print $3 }')
        if [ -z "${best[$p]:-}" ] || awk -v a="$t" -v b="${best[$p]}" 'BEGIN { exit !(a < b) }'; then
            best[$p]=$t
        fi
    done
done

echo "vmsim: $vmsim; best of $repetitions runs on CPU $cpu, seconds net of start-up"
printf '%-9s %8s %8s %8s %12s %9s %9s\n' workload plain paged os paged/plain os/plain os/paged
for w in $workloads; do
    awk -v w="$w" -v pl="${best[bench/$w.elf]}" -v pg="${best[bench/${w}_paged.elf]}" \
        -v os="${best[os/user/bench_$w.elf]}" -v sb="${best[bench/startup.elf]}" \
        -v so="${best[os/user/hello.elf]}" 'BEGIN {
            pl -= sb; pg -= sb; os -= so
            printf "%-9s %8.3f %8.3f %8.3f %12.2f %9.2f %9.2f\n", w, pl, pg, os, pg / pl, os / pl, os / pg }'
done
