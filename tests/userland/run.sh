#!/bin/sh
# run.sh STATUS INPUT [PATTERN | !PATTERN ...] -- COMMAND...
# Runs COMMAND (vmsim with a guest OS program, or the shell) with INPUT (printf %b
# escapes; empty for none) on its standard input. Passes if it exits with STATUS and its
# output (standard output and error together) has a line matching each PATTERN (grep -E)
# and none matching a !PATTERN.
set -u
expected=$1 input=$2
shift 2
patterns_file=$(mktemp) || exit 1
output=$(mktemp) || exit 1
trap 'rm -f "$patterns_file" "$output"' EXIT
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    printf '%s\n' "$1" >>"$patterns_file"
    shift
done
shift
printf '%b' "$input" | "$@" >"$output" 2>&1
status=$?
cat "$output"
if [ "$status" -ne "$expected" ]; then
    echo "run.sh: exit status $status, expected $expected" >&2
    exit 1
fi
while IFS= read -r pattern; do
    case $pattern in
    !*)
        if grep -Eq -- "${pattern#!}" "$output"; then
            echo "run.sh: a line matches what must not appear: ${pattern#!}" >&2
            exit 1
        fi ;;
    *)
        if ! grep -Eq -- "$pattern" "$output"; then
            echo "run.sh: no line matches: $pattern" >&2
            exit 1
        fi ;;
    esac
done <"$patterns_file"
exit 0
