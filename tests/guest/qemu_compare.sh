#!/bin/sh
# Runs each guest test program on vmsim and on qemu-system-riscv32 and prints both exit
# statuses, and the lines where their output differs. Not a ctest: QEMU's timer follows
# the host's clock, and QEMU 7.2 departs from the spec in the places README.md lists.
#
#   qemu_compare.sh BUILD_DIR
#
# QEMU runs without the C extension (a jump to a 2-byte boundary must trap) and with
# -icount shift=0, which makes its cycle and instret count instructions.

set -u
build=${1:?usage: qemu_compare.sh BUILD_DIR}
programs="traps privilege timer sstc_timer software_interrupt atomics csrs hello exit_code
htif_exit htif_pass"

work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-qemu-compare.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

for name in $programs; do
    elf=$build/tests/guest/test_$name.elf
    case $name in
    htif_*) machine="-M spike" ;; # QEMU's virt board has no HTIF
    *) machine="-M virt -cpu rv32,c=false" ;;
    esac
    # shellcheck disable=SC2086 # $machine is several words on purpose
    timeout 60 qemu-system-riscv32 $machine -icount shift=0 -bios none -nographic \
        -kernel "$elf" < /dev/null > "$work/qemu" 2>&1
    qemu_status=$?
    "$build/vmsim" "$elf" > "$work/vmsim" 2> /dev/null
    vmsim_status=$?
    if [ "$qemu_status" -eq "$vmsim_status" ]; then verdict=same; else verdict=DIFFERENT; fi
    printf '%-20s vmsim %3d   qemu %3d   %s\n' "$name" "$vmsim_status" "$qemu_status" "$verdict"
    diff "$work/vmsim" "$work/qemu" | sed -n 's/^\([<>]\)/    \1/p'
done
