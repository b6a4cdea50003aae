#!/bin/sh
# A latency that is not a number of cycles from 0 to 1000000 is a usage error: vmsim exits
# with 64 and says so in one line on standard error, naming the option.
vmsim=$1
failed=0
for args in "--walk-latency -1" "--tlb-miss-latency x" "--trap-latency 2000000" "--walk-latency 5k" \
            "--tlb-miss-latency ''"; do
    eval "set -- $args"
    err=$("$vmsim" --headless "$@" /nonexistent.elf 2>&1 >/dev/null)
    status=$?
    lines=$(printf '%s\n' "$err" | wc -l)
    if [ "$status" -ne 64 ] || [ "$lines" -ne 1 ] || ! printf '%s' "$err" | grep -q -- "^vmsim: $1 wants a number of cycles"; then
        echo "vmsim $args: status $status, stderr:"
        printf '%s\n' "$err"
        failed=1
    fi
done
# 0 is a cost like any other.
if ! "$vmsim" --headless --walk-latency 0 --tlb-miss-latency 0 --trap-latency 0 --version >/dev/null 2>&1; then
    echo "vmsim refused latencies of 0"
    failed=1
fi
exit $failed
