#!/bin/sh
# Runs vmsim on the test-pattern program and checks the screenshot it saves at the end.
#
#   window_test.sh xvfb|headless VMSIM PROGRAM.elf CHECK_PATTERN WORK_DIR
#
# xvfb: under a virtual X server (xvfb-run), with --window, so that the run fails if the
# window cannot open; exits 77 (ctest's "skipped") when xvfb-run is not installed.
# headless: with --headless; the picture is drawn without any display.
set -u
mode=$1 vmsim=$2 program=$3 check=$4 work=$5

mkdir -p "$work" || exit 2
shot=$work/window-$mode.bmp
rm -f "$shot"
case $mode in
xvfb)
    if ! command -v xvfb-run > /dev/null 2>&1; then
        echo "xvfb-run is not installed: skipping (Debian: apt-get install xvfb xauth)"
        exit 77
    fi
    # The screen is larger than the window, 24-bit as a desktop would be.
    xvfb-run -a -s "-screen 0 1600x1000x24" "$vmsim" --window --screenshot "$shot" "$program"
    status=$?
    ;;
headless)
    DISPLAY= WAYLAND_DISPLAY= "$vmsim" --headless --screenshot "$shot" "$program"
    status=$?
    ;;
*)
    echo "window_test.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac
echo "vmsim exit status: $status"
[ "$status" -eq 0 ] || exit 1
[ -s "$shot" ] || { echo "no screenshot written to $shot"; exit 1; }
"$check" "$shot"
