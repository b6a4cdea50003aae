#!/bin/sh
# Runs one vmsim command line twice, with the block translator and with --no-jit, and
# fails unless both runs end with the same exit status, the same standard output, the
# same --stats counts (instructions, traps, cycles, mtime, TLB lines), the same
# --stats-json file and the same --trace file. Host time differs by nature and is left out.
#
#   compare_modes.sh VMSIM [ARGUMENT]... PROGRAM
set -u
vmsim=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-jit-compare.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

run() {
    mode=$1
    shift
    "$vmsim" --headless --stats --stats-json "$work/$mode.json.raw" --trace "$work/$mode.trace" \
        "$@" < /dev/null > "$work/$mode.out" 2> "$work/$mode.err"
    echo $? > "$work/$mode.status"
    grep -v 'host time' "$work/$mode.err" > "$work/$mode.stats"
    sed 's/"host_seconds":[0-9.e+-]*,//' "$work/$mode.json.raw" > "$work/$mode.json" 2> /dev/null
}

run jit "$@"
run interp --no-jit "$@"

failed=0
for what in status out stats json trace; do
    if ! cmp -s "$work/jit.$what" "$work/interp.$what"; then
        echo "translator and interpreter differ in $what:"
        diff "$work/interp.$what" "$work/jit.$what" | head -20
        failed=1
    fi
done
if ! grep -q 'instructions [0-9]' "$work/interp.stats"; then
    echo "no instruction count in --stats output:"
    cat "$work/interp.err"
    failed=1
fi
exit $failed
