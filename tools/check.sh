#!/bin/sh
# The README's second command and what CI runs: build and run the whole test suite, then
# again under AddressSanitizer and UndefinedBehaviorSanitizer, then each libFuzzer target
# for a short fixed time (tools/fuzz.sh; skipped with a message without clang).
# Set RISCV_TESTS_DIR to a directory of riscv-tests rv32*-p-* binaries to include them.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
jobs="$(nproc)"
extra=""
if [ -n "${RISCV_TESTS_DIR:-}" ]; then
    extra="-DRISCV_TESTS_DIR=$RISCV_TESTS_DIR"
fi

echo "== release build and tests =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release $extra >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

echo "== ASan + UBSan build and tests =="
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DVMSIM_SANITIZE=ON $extra >/dev/null
cmake --build build-sanitize -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize -j"$jobs" --output-on-failure

echo "== fuzz targets, ${VMSIM_CHECK_FUZZ_SECONDS:-15} s each =="
fuzz_status=0
tools/fuzz.sh "${VMSIM_CHECK_FUZZ_SECONDS:-15}" || fuzz_status=$?
if [ "$fuzz_status" -eq 77 ]; then
    echo "(the fuzz targets were skipped: see the line above)"
elif [ "$fuzz_status" -ne 0 ]; then
    exit "$fuzz_status"
fi
