#!/bin/sh
# tools/fuzz.sh SECONDS [TARGET...]: builds the libFuzzer targets of tests/fuzz with clang
# in build-fuzz/ (ASan + UBSan) and runs each for SECONDS seconds (default: all of them),
# starting from its seed corpus in tests/fuzz/corpus/ plus what earlier runs found
# (build-fuzz/corpus/). A crash, leak or sanitizer report fails the run; the input that
# caused it is left in build-fuzz/crashes/TARGET/ and the log in build-fuzz/logs/.
# Exits 0 when every target ran clean, 1 when one found a problem, 77 when clang or
# libFuzzer is missing. docs/reliability.md ("Fuzzing") says how to run them for hours.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:?usage: tools/fuzz.sh SECONDS [TARGET...]}
shift
targets=${*:-"fuzz_elf_loader fuzz_kernel_elf fuzz_fsimage fuzz_virtio_blk fuzz_gdb_packet"}

if ! command -v clang >/dev/null 2>&1; then
    echo "tools/fuzz.sh: skipped: clang is not installed (Debian: clang libclang-rt-14-dev)"
    exit 77
fi
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    > "$probe/probe.c"
if ! clang -fsanitize=fuzzer "$probe/probe.c" -o "$probe/probe" 2>/dev/null; then
    rm -rf "$probe"
    echo "tools/fuzz.sh: skipped: clang cannot link libFuzzer (Debian: libclang-rt-14-dev)"
    exit 77
fi
rm -rf "$probe"

build=build-fuzz
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVMSIM_FUZZ=ON \
    -DVMSIM_BUILD_TESTS=OFF >/dev/null
mkdir -p "$build/logs"
# shellcheck disable=SC2086 # one word per target
if ! cmake --build "$build" -j"$(nproc)" --target $targets > "$build/logs/build.log" 2>&1; then
    cat "$build/logs/build.log"
    echo "tools/fuzz.sh: building the fuzz targets failed" >&2
    exit 1
fi

# Which seed directory each target starts from.
seeds_of() {
    case $1 in
    fuzz_elf_loader | fuzz_kernel_elf) echo elf ;;
    fuzz_fsimage) echo fsimage ;;
    fuzz_virtio_blk) echo virtio_blk ;;
    fuzz_gdb_packet) echo gdb_packet ;;
    *) echo "tools/fuzz.sh: no such target: $1" >&2; exit 2 ;;
    esac
}

failed=""
for target in $targets; do
    seeds=tests/fuzz/corpus/$(seeds_of "$target")
    corpus=$build/corpus/$target
    crashes=$build/crashes/$target
    log=$build/logs/$target.log
    mkdir -p "$corpus" "$crashes" "$build/logs"
    # -max_len: room for the biggest seed (the file-system image) and a little more.
    if "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=131072 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$seeds" > "$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "$target: ${runs:-?} inputs in ${seconds} s, no problem found"
    else
        echo "$target: FAILED; the input is in $crashes/, the log in $log:"
        grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -5
        failed="$failed $target"
    fi
done
if [ -n "$failed" ]; then
    echo "tools/fuzz.sh: problems found by:$failed"
    exit 1
fi
