#!/bin/sh
# Swapping speed under the guest OS: thrash (programs/user/thrash.c) sweeps working sets
# up to twice RAM on a MIB MiB machine, once per replacement policy; for each, the pages
# written to and read back from swap, per second of host time and per millisecond of
# guest time (the timing model's cycles, docs/timing.md). Not a test: numbers, printed.
#
#   bench/swap_throughput.sh [BUILD_DIR [MIB]]     (defaults: ./build, 8)
set -eu
. "$(dirname "$0")/guest_os_bench.sh"
guest_os_bench_setup swap_throughput.sh thrash "$@"
out=$scratch
printf '%-8s %10s %10s %10s %12s %14s\n' policy "out" "in" "guest ms" "host s" "pages/host s"
for policy in clock fifo lru random; do
    start=$(date +%s.%N)
    "$vmsim" --headless --memory "$mib" --append "evict=$policy" "$program" 3 > "$out"
    end=$(date +%s.%N)
    line=$(grep "pages written to swap" "$out")
    outs=$(echo "$line" | sed -n 's/^thrash: \([0-9]*\) pages written.*/\1/p')
    ins=$(echo "$line" | sed -n 's/.* and \([0-9]*\) read back.*/\1/p')
    ms=$(echo "$line" | sed -n 's/.* in \([0-9]*\) ms of guest time.*/\1/p')
    awk -v p="$policy" -v o="$outs" -v i="$ins" -v ms="$ms" -v s="$start" -v e="$end" \
        'BEGIN { printf "%-8s %10d %10d %10d %12.2f %14.0f\n", p, o, i, ms, e - s, (o + i) / (e - s) }'
done
