#!/bin/sh
# qemu_boot.sh KERNEL ROOTFS: the guest OS on a second machine. Boots KERNEL on QEMU's virt
# board (-bios none) with a copy of ROOTFS as a virtio-blk device, waits for the shell's
# prompt, types `usertests`, waits for its summary line, then `halt`. Passes when the
# summary says every test passed and QEMU powers off with status 0. Exits 77 (ctest's
# skip) when qemu-system-riscv32 is not installed.
#
# QEMU 7.2's virtio-mmio transports are legacy (version 1) by default, so this runs the
# kernel's legacy path; vmsim's device runs its version 2 path. QEMU_EXTRA (words) adds
# options, e.g. QEMU_EXTRA="-global virtio-mmio.force-legacy=false" for version 2 on QEMU.
set -u
kernel=$1 rootfs=$2
if ! command -v qemu-system-riscv32 >/dev/null 2>&1; then
    echo "qemu_boot.sh: SKIPPED: qemu-system-riscv32 is not installed (Debian: qemu-system-misc)"
    exit 77
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-qemu-boot.XXXXXX") || exit 1
qemu=""
cleanup() {
    [ -n "$qemu" ] && kill "$qemu" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cp "$rootfs" "$dir/root.img" || exit 1
mkfifo "$dir/input" || exit 1
# timeout: should this script die without its clean-up (SIGKILL), QEMU goes too, later.
# shellcheck disable=SC2086 # QEMU_EXTRA is several words on purpose
timeout 2400 qemu-system-riscv32 -M virt -bios none -kernel "$kernel" -display none -serial stdio -monitor none \
    ${QEMU_EXTRA:-} \
    -drive file="$dir/root.img",if=none,format=raw,id=disk -device virtio-blk-device,drive=disk \
    < "$dir/input" > "$dir/output" 2>&1 &
qemu=$!
exec 3> "$dir/input"

# Waits until a line of QEMU's output matches the pattern (grep -E). The loop ends when the
# line appears or QEMU exits; the cap (30 minutes) only stops a hung QEMU.
wait_for() {
    polls=0
    until grep -Eq -- "$1" "$dir/output"; do
        if ! kill -0 "$qemu" 2>/dev/null || [ "$polls" -ge 18000 ]; then
            cat "$dir/output"
            echo "qemu_boot.sh: QEMU never printed a line matching: $1" >&2
            exit 1
        fi
        sleep 0.1
        polls=$((polls + 1))
    done
}

wait_for '^fs: [0-9]+ KiB'   # the kernel found the disk in one of the virtio slots
wait_for '/\$ $'             # the shell's prompt (no newline after it)
printf 'usertests\n' >&3
wait_for '^usertests: (ALL [0-9]+ TESTS PASSED|[0-9]+ of [0-9]+ tests FAILED|no test matched)'
printf 'halt\n' >&3
exec 3>&-
wait "$qemu"
status=$?
qemu=""
cat "$dir/output"
if ! grep -Eq '^usertests: ALL [0-9]+ TESTS PASSED$' "$dir/output"; then
    echo "qemu_boot.sh: usertests did not pass on QEMU" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "qemu_boot.sh: QEMU exited with status $status after halt, expected 0" >&2
    exit 1
fi
echo "qemu_boot.sh: the guest OS booted on QEMU's virt board and passed usertests"
