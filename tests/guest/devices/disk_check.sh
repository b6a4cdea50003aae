#!/bin/sh
# Runs disk_check.elf on a 64-sector image made here, then checks the image from the host:
# sectors 10-13 hold the guest's lines, every other sector is as it was made.
#   disk_check.sh VMSIM DISK_CHECK_ELF
set -u
vmsim=$1 elf=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-disk-check.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/image_tools.sh"

make_text_image "$work/disk.img" 64
cp "$work/disk.img" "$work/expected.img"
# What the guest writes: 4 sectors of "guest wrote sector SSSS, pass 1\n" at sector 10.
s=10
while [ "$s" -lt 14 ]; do
    line=$(printf 'guest wrote sector %04d, pass 1' "$s")
    i=0
    while [ "$i" -lt 16 ]; do printf '%s\n' "$line"; i=$((i + 1)); done
    s=$((s + 1))
done > "$work/written"
dd if="$work/written" of="$work/expected.img" bs=512 seek=10 conv=notrunc 2>/dev/null

run_vmsim "$vmsim" --max-instructions 50M --disk "$work/disk.img" "$elf"
expect_status 0
expect_stdout_has "capacity: 64 sectors"
expect_stdout_has "id: vmsim-virtio-blk"
expect_stdout_has "virtio disk: all checks passed"
expect_stderr_lines 0
if cmp "$work/disk.img" "$work/expected.img"; then
    echo "image: sectors 10-13 hold the guest's writes, the rest is unchanged"
else
    fail "the image file is not what the guest wrote into the image made here"
fi
finish
