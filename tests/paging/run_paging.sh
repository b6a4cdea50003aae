#!/bin/sh
# Runs a paging test program through vmsim and judges the run: it must exit with status 0,
# print the expected lines, and (when asked) write a trace with the expected events.
# POSIX sh, grep and mktemp only.
#
#   run_paging.sh [check]... -- VMSIM [VMSIM-ARGUMENT]... PROGRAM.elf
#
# checks:
#   --stdout-has TEXT      standard output contains TEXT (fixed string; repeatable)
#   --trace-matches ERE    some line of the trace matches the extended regular expression
#                          (repeatable); the runner then adds --trace FILE and
#                          --trace-interval 1000 to the vmsim command line

set -u

work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-paging-test.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

checks=0
tracing=0
add_check() {
    checks=$((checks + 1))
    printf '%s\n' "$2" > "$work/check.$checks.$1"
}

while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case $1 in
    --stdout-has) add_check stdout-has "$2"; shift 2 ;;
    --trace-matches) add_check trace-matches "$2"; tracing=1; shift 2 ;;
    *) echo "run_paging.sh: unknown check '$1'" >&2; exit 2 ;;
    esac
done
if [ $# -lt 3 ]; then
    echo "run_paging.sh: usage: run_paging.sh [check]... -- VMSIM [ARGUMENT]... PROGRAM.elf" >&2
    exit 2
fi
shift
vmsim=$1
shift

if [ "$tracing" -eq 1 ]; then
    set -- --trace "$work/trace.jsonl" --trace-interval 1000 "$@"
fi
echo "command: $vmsim $*"
"$vmsim" "$@" > "$work/stdout" 2> "$work/stderr"
status=$?
echo "exit status: $status"
echo "--- stdout ---"
cat "$work/stdout"
echo "--- stderr ---"
cat "$work/stderr"
echo "--------------"

failures=0
fail() {
    echo "FAILED: $*"
    failures=$((failures + 1))
}

[ "$status" -eq 0 ] || fail "exit status $status, expected 0"

for file in "$work"/check.*; do
    [ -e "$file" ] || continue
    text=$(cat "$file")
    case $file in
    *.stdout-has)
        grep -F -q -e "$text" "$work/stdout" || fail "stdout does not contain: $text" ;;
    *.trace-matches)
        if [ ! -s "$work/trace.jsonl" ]; then
            fail "no trace written"
        elif line=$(grep -E -m 1 -e "$text" "$work/trace.jsonl"); then
            echo "trace line matching $text:"
            echo "  $line"
        else
            fail "no trace line matches: $text"
        fi ;;
    esac
done

if [ "$tracing" -eq 1 ] && [ -s "$work/trace.jsonl" ]; then
    echo "trace: $(wc -l < "$work/trace.jsonl") lines; events:"
    sed -n 's/^{"ev":"\([a-z_]*\)".*/\1/p' "$work/trace.jsonl" | sort | uniq -c
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
exit 0
