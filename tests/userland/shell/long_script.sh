#!/bin/sh
# long_script.sh VMSIM [OPTIONS...]
# Pipes a shell script of more than 10 KiB into `vmsim` (the guest shell reads it through
# the console, 256 bytes of line buffer at a time) and checks that every command ran: each
# appends one line to a file, and the file is counted at the end. The last line, `halt 5`,
# has no newline, so the run also shows that such a line reaches the shell at the end of
# the input; vmsim's exit status 5 says it was run.
set -u
lines=300
script=$(mktemp) || exit 1
output=$(mktemp) || exit 1
trap 'rm -f "$script" "$output"' EXIT
i=1
while [ $i -le $lines ]; do
    printf 'echo %04d-0123456789abcdef >> /tmp/log\n' $i
    i=$((i + 1))
done >"$script"
printf 'wc /tmp/log\nhalt 5' >>"$script"
size=$(wc -c <"$script")
if [ "$size" -lt 10240 ]; then
    echo "long_script.sh: the script is only $size bytes" >&2
    exit 1
fi
"$@" <"$script" >"$output" 2>&1
status=$?
if [ $status -ne 5 ]; then
    tail -20 "$output"
    echo "long_script.sh: exit status $status, expected 5 (from the last line, halt 5)" >&2
    exit 1
fi
# wc's line: 300 lines, 300 words, 300 * 22 bytes. The piped script itself is not echoed.
if grep -q "^echo" "$output"; then
    grep "^echo" "$output" | head -3
    echo "long_script.sh: the console echoed the piped script" >&2
    exit 1
fi
if ! grep -Eq "^ +$lines +$lines +$((lines * 22)) /tmp/log$" "$output"; then
    grep -E "/tmp/log$" "$output" | tail -3
    echo "long_script.sh: not every command ran (wc of /tmp/log above)" >&2
    exit 1
fi
echo "long_script.sh: $lines commands of a $size-byte script ran, then halt 5"
