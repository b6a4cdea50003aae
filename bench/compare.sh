#!/usr/bin/env bash
# Compares vmsim's speed with QEMU's (qemu-system-riscv32 -M virt, TCG) on the bench/
# workloads, or, with --callgrind, counts the host instructions vmsim spends per guest
# instruction, a figure that does not move with the load on a shared machine.
# See bench/README.md for how to read the output.
set -euo pipefail
export LC_ALL=C # a '.' decimal point in $EPOCHREALTIME, awk and printf

usage() {
    cat <<'EOF'
Usage: bench/compare.sh [options] [BUILD_DIR]
       bench/compare.sh --callgrind [options] [BUILD_DIR]

Runs each benchmark workload (BUILD_DIR/bench/*.elf, BUILD_DIR defaults to ./build) on
vmsim and on qemu-system-riscv32 -M virt, takes the best wall-clock time of R runs,
subtracts each emulator's start-up cost (the 'startup' workload, which exits at once),
and prints instructions, seconds and MIPS for both, and vmsim's speed relative to QEMU's.
Both emulators must exit 0 and print the same checksum, or the script fails.

Options:
  -r, --repetitions R        runs per workload and emulator; the best counts (default 3)
  -w, --workloads LIST       comma-separated workloads (default: all of them)
  -t, --timeout S            give up on a run after S seconds (default 600)
      --callgrind            instead, run vmsim under valgrind --tool=callgrind and report
                             host instructions per guest instruction (default workload
                             qsort); leaves BUILD_DIR/bench/callgrind.out.WORKLOAD
  -n, --guest-instructions N with --callgrind: stop the guest after N instructions
                             (suffixes k, M, G; default 50M; 0 runs the workload to
                             its end and checks its checksum)
  -h, --help                 show this help

Environment: QEMU names the QEMU binary (default qemu-system-riscv32).
EOF
}

die() {
    echo "compare.sh: $*" >&2
    exit 1
}

repetitions=3
workloads=""
run_timeout=600
callgrind=false
guest_limit=50000000
build_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
    -r | --repetitions) repetitions=${2:?"$1 wants a number"}; shift 2 ;;
    -w | --workloads) workloads=${2:?"$1 wants a list"}; shift 2 ;;
    -t | --timeout) run_timeout=${2:?"$1 wants seconds"}; shift 2 ;;
    --callgrind) callgrind=true; shift ;;
    -n | --guest-instructions) guest_limit=${2:?"$1 wants a count"}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option '$1'" ;;
    *) build_dir=$1; shift ;;
    esac
done
[[ $repetitions =~ ^[1-9][0-9]*$ ]] || die "--repetitions wants a positive count, not '$repetitions'"
[[ $run_timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout wants whole seconds, not '$run_timeout'"
[[ $guest_limit =~ ^([0-9]+)([kMG]?)$ ]] ||
    die "--guest-instructions wants a count (suffixes k, M, G), not '$guest_limit'"
case ${BASH_REMATCH[2]} in
k) guest_limit=$((BASH_REMATCH[1] * 1000)) ;;
M) guest_limit=$((BASH_REMATCH[1] * 1000000)) ;;
G) guest_limit=$((BASH_REMATCH[1] * 1000000000)) ;;
esac

if [ -z "$build_dir" ]; then
    # ./build, or the source tree's build/ when run from elsewhere (e.g. from bench/).
    build_dir=./build
    [ -x "$build_dir/vmsim" ] || build_dir=$(dirname "$0")/../build
fi
vmsim=$build_dir/vmsim
elf_dir=$build_dir/bench
qemu=${QEMU:-qemu-system-riscv32}
[ -x "$vmsim" ] || die "no $vmsim: build first (cmake -S . -B build && cmake --build build)"
[ -f "$elf_dir/workloads.txt" ] || die "no $elf_dir/workloads.txt: build first (cmake --build $build_dir)"
if [ -z "$workloads" ]; then
    if $callgrind; then
        workloads=qsort
    else
        workloads=$(tr '\n' ' ' <"$elf_dir/workloads.txt")
    fi
fi
workloads=${workloads//,/ }
for w in $workloads startup; do
    [ -f "$elf_dir/$w.elf" ] || die "no $elf_dir/$w.elf (known workloads: $(paste -sd, "$elf_dir/workloads.txt"))"
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
out=$scratch/stdout
err=$scratch/stderr

# Runs a command with no input, output into $out and $err; sets run_status and
# run_seconds (wall clock, fork and exec included).
run_timed() {
    local start end
    run_status=0
    start=${EPOCHREALTIME:-$(date +%s.%N)}
    timeout "$run_timeout" "$@" </dev/null >"$out" 2>"$err" || run_status=$?
    end=${EPOCHREALTIME:-$(date +%s.%N)}
    run_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
}

show_run_and_die() {
    echo "---- standard output:" >&2
    tr -d '\r' <"$out" | tail -n 20 >&2
    echo "---- standard error:" >&2
    tail -n 20 "$err" >&2
    die "$@"
}

# Checks that the last run passed and, unless it was cut short on purpose (a third
# argument), printed its checksum; sets run_checksum.
check_run() {
    local emulator=$1 workload=$2 cut_short=${3:-} line
    if [ "$run_status" -eq 124 ]; then
        show_run_and_die "$emulator on $workload: exit status 124, timed out after $run_timeout s" \
            "(see --timeout) or, for vmsim, hit an instruction limit"
    fi
    [ "$run_status" -eq 0 ] ||
        show_run_and_die "$emulator failed on $workload with exit status $run_status"
    run_checksum=""
    if [ "$workload" = startup ] || [ -n "$cut_short" ]; then return; fi
    # A _paged variant is the same program and prints the plain workload's name.
    line=$(tr -d '\r' <"$out" | grep -m1 "^bench ${workload%_paged}: checksum " || true)
    [[ $line =~ checksum\ (0x[0-9a-f]{8})\ ok$ ]] ||
        show_run_and_die "$emulator printed no good checksum line for $workload"
    run_checksum=${BASH_REMATCH[1]}
}

# The guest instruction count from vmsim --stats: the first "instructions N" it prints.
vmsim_instructions() {
    sed -n 's/.*instructions \([0-9][0-9]*\).*/\1/p' "$err" | head -n 1
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a) ? b : a }'; }

if $callgrind; then
    command -v valgrind >/dev/null || die "valgrind is not installed (Debian package valgrind)"
    limit_option=()
    [ "$guest_limit" -gt 0 ] && limit_option=(--max-instructions "$guest_limit")
    for w in $workloads; do
        profile=$elf_dir/callgrind.out.$w
        # Counts only inside machine_run: no ELF loading, RAM allocation or valgrind start-up.
        run_timed valgrind --tool=callgrind --toggle-collect=machine_run \
            --callgrind-out-file="$profile" "$vmsim" --headless --stats "${limit_option[@]}" "$elf_dir/$w.elf"
        # 124: vmsim stopped at --max-instructions, as asked, before printing a checksum.
        if [ "$guest_limit" -gt 0 ] && [ "$run_status" -eq 124 ]; then
            run_status=0
            check_run vmsim "$w" cut-short
        else
            check_run vmsim "$w"
        fi
        guest=$(vmsim_instructions)
        host=$(awk '/^(totals|summary):/ { print $2; exit }' "$profile")
        if [ -z "$guest" ] || [ -z "$host" ]; then show_run_and_die "cannot read the counts for $w"; fi
        awk -v w="$w" -v h="$host" -v g="$guest" 'BEGIN {
            printf "%s: %.2f host instructions per guest instruction (%.0f host in machine_run / %.0f guest)\n", w, h / g, h, g }'
        echo "  profile: $profile"
        echo "  by function: callgrind_annotate $profile"
        echo "  by line:     callgrind_annotate --auto=yes --show-percs=yes $profile"
        echo "               (needs a build with debug information: cmake -DCMAKE_C_FLAGS=-g)"
    done
    exit 0
fi

command -v "$qemu" >/dev/null || die "$qemu is not installed (Debian package qemu-system-misc)"
qemu_command=("$qemu" -M virt -bios none -nographic -kernel)

# The best of R runs of one workload on both emulators, alternating so that a burst of
# load on the host hurts both alike. Sets best_vmsim, best_qemu, instructions, checksum.
measure() {
    local w=$1 elf=$elf_dir/$1.elf n
    best_vmsim="" best_qemu="" instructions="" checksum=""
    for ((i = 0; i < repetitions; i++)); do
        run_timed "$vmsim" --headless --stats "$elf"
        check_run vmsim "$w"
        n=$(vmsim_instructions)
        [ -z "$instructions" ] || [ "$n" = "$instructions" ] ||
            die "vmsim ran $w for $instructions, then $n instructions: runs must be deterministic"
        instructions=$n
        checksum=$run_checksum
        best_vmsim=$(min "${best_vmsim:-$run_seconds}" "$run_seconds")

        run_timed "${qemu_command[@]}" "$elf"
        check_run qemu "$w"
        [ "$run_checksum" = "$checksum" ] ||
            die "$w: vmsim printed checksum $checksum but qemu printed $run_checksum"
        best_qemu=$(min "${best_qemu:-$run_seconds}" "$run_seconds")
    done
}

echo "host:  $(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $(nproc) CPUs"
echo "qemu:  $("$qemu" --version | head -n 1)"
echo "vmsim: $vmsim; best of $repetitions runs, wall clock minus start-up"

measure startup
startup_vmsim=$best_vmsim
startup_qemu=$best_qemu
printf 'start-up (subtracted): vmsim %.3f s, qemu %.3f s\n\n' "$startup_vmsim" "$startup_qemu"

declare -A vmsim_seconds
printf '%-14s %13s %9s %10s %9s %10s %11s\n' \
    workload instructions "vmsim s" "vmsim MIPS" "qemu s" "qemu MIPS" "vmsim/qemu"
ratios=()
names=()
for w in $workloads; do
    measure "$w"
    # A run shorter than the start-up cost would give nonsense; 1 ms is the floor.
    row=$(awk -v n="$instructions" -v v="$best_vmsim" -v sv="$startup_vmsim" \
        -v q="$best_qemu" -v sq="$startup_qemu" 'BEGIN {
            v -= sv; if (v < 0.001) v = 0.001
            q -= sq; if (q < 0.001) q = 0.001
            printf "%13d %9.3f %10.1f %9.3f %10.1f %11.2f", n, v, n / v / 1e6, q, n / q / 1e6, q / v }')
    printf '%-14s %s\n' "$w" "$row"
    ratios+=("${row##* }")
    names+=("$w")
    vmsim_seconds[$w]=$(awk -v v="$best_vmsim" -v sv="$startup_vmsim" 'BEGIN { v -= sv; if (v < 0.001) v = 0.001; print v }')
done
# The geometric mean of the ratios: of all rows, and, when both kinds ran, of the plain
# (bare-metal, M mode) and the paged (Sv32, the simulated TLB) rows apart, because vmsim
# translates the plain ones and interprets the paged ones.
awk -v list="${ratios[*]}" -v names="${names[*]}" 'BEGIN {
    n = split(list, r, " "); split(names, w, " ")
    for (i = 1; i <= n; i++) {
        kind = w[i] ~ /_paged$/ ? "paged" : "plain"
        s[kind] += log(r[i]); c[kind]++; all += log(r[i])
    }
    printf "%-14s %67.2f\n", "geomean", exp(all / n)
    if (c["plain"] && c["paged"]) {
        printf "%-14s %67.2f\n", "  plain", exp(s["plain"] / c["plain"])
        printf "%-14s %67.2f\n", "  paged", exp(s["paged"] / c["paged"])
    } }'

# What paging costs vmsim: the same workload with Sv32 translation and the simulated TLB
# (the _paged row) against without (the plain row).
header_done=""
for w in $workloads; do
    case "$w" in *_paged) continue ;; esac
    [ -n "${vmsim_seconds[${w}_paged]:-}" ] && [ -n "${vmsim_seconds[$w]:-}" ] || continue
    if [ -z "$header_done" ]; then
        printf '\n%-14s %15s\n' workload "paged/plain time"
        header_done=1
    fi
    awk -v w="$w" -v p="${vmsim_seconds[${w}_paged]}" -v b="${vmsim_seconds[$w]}" \
        'BEGIN { printf "%-14s %15.2f\n", w, p / b }'
done
