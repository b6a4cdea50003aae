#!/bin/sh
# disk_roundtrip.sh VMSIM VMSIM_FS ROOTFS SH_ELF
# A shell script put into a --disk image with vmsim-fs runs through the guest's shell, which
# writes files; after vmsim exits, vmsim-fs reads them back and the image checks clean.
set -eu
vmsim=$1 fs=$2 rootfs=$3 sh_elf=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$rootfs" "$dir/disk.img"
cat >"$dir/script.sh" <<'SCRIPT'
# comments and blank lines are skipped

mkdir /home/t
echo one > /home/t/a
echo "two words" >> /home/t/a
cat /home/t/a | wc > /home/t/count
cd /home/t
ls > list
grep two < a > found
nosuchcommand
echo "last status $?" > status
SCRIPT
"$fs" put "$dir/disk.img" "$dir/script.sh" /home/script.sh
"$vmsim" --max-instructions 2000M --disk "$dir/disk.img" "$sh_elf" /home/script.sh
"$fs" get "$dir/disk.img" /home/t/a "$dir/a"
printf 'one\ntwo words\n' | cmp - "$dir/a"
[ "$("$fs" get "$dir/disk.img" /home/t/count)" = "      2       3      14" ]
[ "$("$fs" get "$dir/disk.img" /home/t/found)" = "two words" ]
"$fs" get "$dir/disk.img" /home/t/list | grep -qx count
[ "$("$fs" get "$dir/disk.img" /home/t/status)" = "last status 127" ]
"$fs" check "$dir/disk.img"
# The image was changed in place: the standard image it came from was not.
! "$fs" ls "$rootfs" /home | grep -q '^t/$'
echo "disk_roundtrip: ok"
