#!/bin/sh
# Disk images vmsim must refuse with one line on standard error and a distinct status:
# not a whole number of sectors, empty, missing, and a bad --disk-create size.
#   bad_disk.sh VMSIM ANY_ELF
set -u
vmsim=$1 elf=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-bad-disk.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/image_tools.sh"

head -c 1000 /dev/zero > "$work/odd.img"
run_vmsim "$vmsim" --disk "$work/odd.img" "$elf"
expect_status 67
expect_stderr_lines 1
expect_stderr_has "odd.img: size 1000 bytes is not a multiple of 512"

: > "$work/empty.img"
run_vmsim "$vmsim" --disk "$work/empty.img" "$elf"
expect_status 67
expect_stderr_lines 1
expect_stderr_has "empty.img: empty image"

run_vmsim "$vmsim" --disk "$work/missing.img" "$elf"
expect_status 66
expect_stderr_lines 1
expect_stderr_has "missing.img: cannot open: No such file or directory"

run_vmsim "$vmsim" --disk "$work/new.img" --disk-create 1000 "$elf"
expect_status 64
expect_stderr_lines 1
expect_stderr_has "--disk-create wants a size that is a multiple of 512 bytes"
[ ! -e "$work/new.img" ] || fail "a refused --disk-create made a file"

run_vmsim "$vmsim" --disk-create 1M "$elf"
expect_status 64
expect_stderr_lines 1
expect_stderr_has "need --disk FILE"
finish
