#!/bin/sh
# run_os_input.sh VMSIM KERNEL EXPECTED_STATUS INPUT WAIT_FOR LATER_INPUT [PATTERN...]
# Boots KERNEL on vmsim with INPUT (printf %b escapes, e.g. '\003' for Ctrl-C) on its
# standard input, through a pipe. If WAIT_FOR is not empty, it then waits (up to 60 s)
# until a line of the output matches it (grep -E) and only then sends LATER_INPUT, so a
# byte such as Ctrl-C arrives after the guest is ready for it, not whenever the pipe
# happens to be read. Passes if vmsim exits with EXPECTED_STATUS and the output (standard
# output and error together) holds every PATTERN (grep -E), each on some line, and no line
# matches a !PATTERN.
set -u
vmsim=$1 kernel=$2 expected=$3 input=$4 wait_for=$5 later_input=$6
shift 6

dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/input" || exit 1
"$vmsim" --max-instructions 2000M "$kernel" < "$dir/input" > "$dir/output" 2>&1 &
guest=$!
exec 3> "$dir/input"
printf '%b' "$input" >&3
if [ -n "$wait_for" ]; then
    waited=0
    until grep -Eq -- "$wait_for" "$dir/output"; do
        if ! kill -0 "$guest" 2>/dev/null || [ "$waited" -ge 600 ]; then
            cat "$dir/output"
            echo "run_os_input.sh: the guest never printed a line matching: $wait_for" >&2
            kill "$guest" 2>/dev/null
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    printf '%b' "$later_input" >&3
fi
exec 3>&-
wait "$guest"
status=$?
cat "$dir/output"
if [ "$status" -ne "$expected" ]; then
    echo "run_os_input.sh: vmsim exited with status $status, expected $expected" >&2
    exit 1
fi
for pattern in "$@"; do
    case $pattern in
    !*)
        if grep -Eq -- "${pattern#!}" "$dir/output"; then
            echo "run_os_input.sh: a line matches what must not appear: ${pattern#!}" >&2
            exit 1
        fi ;;
    *)
        if ! grep -Eq -- "$pattern" "$dir/output"; then
            echo "run_os_input.sh: no line matches: $pattern" >&2
            exit 1
        fi ;;
    esac
done
