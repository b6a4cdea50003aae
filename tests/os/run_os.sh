#!/bin/sh
# run_os.sh VMSIM KERNEL EXPECTED_STATUS [PATTERN...] [-- VMSIM_OPTIONS...]
# Boots KERNEL on vmsim; passes if vmsim exits with EXPECTED_STATUS and the output
# (standard output and error together) holds every PATTERN (grep -E), each on some line.
set -u
vmsim=$1 kernel=$2 expected=$3
shift 3
patterns=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    patterns="$patterns
$1"
    shift
done
[ $# -gt 0 ] && shift
output=$("$vmsim" --max-instructions 10000M "$@" "$kernel" 2>&1 < /dev/null)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne "$expected" ]; then
    echo "run_os.sh: vmsim exited with status $status, expected $expected" >&2
    exit 1
fi
echo "$patterns" | while IFS= read -r pattern; do
    [ -z "$pattern" ] && continue
    if ! printf '%s\n' "$output" | grep -Eq -- "$pattern"; then
        echo "run_os.sh: no line matches: $pattern" >&2
        exit 1
    fi
done
