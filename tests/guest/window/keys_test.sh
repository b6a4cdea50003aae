#!/bin/sh
# Types into vmsim's window under a virtual X server and checks that the guest
# (keyboard_echo.c) got every key from the keyboard device and every character from the
# UART, and ended by itself when Enter went up.
#
#   keys_test.sh VMSIM KEYBOARD_ECHO.elf SEND_KEYS WORK_DIR
#
# Exits 77 (ctest's "skipped") when xvfb-run is not installed.
set -u
vmsim=$1 program=$2 send_keys=$3 work=$4

if ! command -v xvfb-run > /dev/null 2>&1; then
    echo "xvfb-run is not installed: skipping (Debian: apt-get install xvfb xauth)"
    exit 77
fi
mkdir -p "$work" || exit 2
out=$work/keys.out
# Inside the X server: vmsim in the background, the keys, and F10 if the guest has not
# ended 10 s later (so that a lost key fails the test instead of hanging it).
xvfb-run -a -s "-screen 0 1600x1000x24" sh -c '
    "$1" --window "$2" > "$3" 2>&1 < /dev/null &
    pid=$!
    "$4" 200 h i Return || echo "send_keys failed" >> "$3"
    waited=0
    while kill -0 $pid 2> /dev/null && [ $waited -lt 50 ]; do
        sleep 0.2
        waited=$((waited + 1))
    done
    kill -0 $pid 2> /dev/null && "$4" 0 F10
    wait $pid
' keys "$vmsim" "$program" "$out" "$send_keys"
status=$?
echo "vmsim exit status: $status"
echo "--- output ---"
cat "$out"
echo "--------------"
failures=0
for expected in "keyboard: 0x0000000b down" "keyboard: 0x0000000b up" "uart: 0x00000068" \
    "keyboard: 0x0000000c down" "uart: 0x00000069" "keyboard: 0x00000028 down" "uart: 0x0000000d" \
    "keyboard: 0x00000028 up" "keyboard_echo: Enter released, done"; do
    grep -qF "$expected" "$out" || { echo "FAILED: no '$expected'"; failures=$((failures + 1)); }
done
[ "$status" -eq 0 ] || { echo "FAILED: exit status $status, expected 0"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || exit 1
echo "every key reached the guest"
