#!/bin/sh
# unlinked_open_file.sh VMSIM VMSIM_FS ROOTFS HELLO_ELF
# vmsim stopped (SIGTERM) while a guest process holds a deleted file open: the image still
# checks clean (a file with no links and no name is a reclaimable orphan), vmsim boots it,
# and the kernel frees the orphan at mount (one more free inode afterwards).
set -u
vmsim=$1 fs=$2 rootfs=$3 hello=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "unlinked_open_file: $*" >&2; exit 1; }
cp "$rootfs" "$dir/d.img"
mkfifo "$dir/in"
"$vmsim" --headless --disk "$dir/d.img" <"$dir/in" >"$dir/out" 2>&1 &
pid=$!
exec 3>"$dir/in"
printf 'tlbsweep 64 100000000 > /tmp/o &\nrm /tmp/o\necho removed\n' >&3
waited=0
# The shell's output "removed" follows its prompt; the terminal's echo of the typed line
# ("echo removed") must not count, or vmsim is stopped before rm has even run.
until grep -q '\$ removed$' "$dir/out"; do
    kill -0 $pid 2>/dev/null && [ $waited -lt 600 ] || { cat "$dir/out"; fail "the guest never removed the file"; }
    sleep 0.1
    waited=$((waited + 1))
done
kill -TERM $pid
wait $pid
exec 3>&-
"$fs" check "$dir/d.img" >"$dir/before" || { cat "$dir/before"; fail "check refused the image"; }
"$vmsim" --headless --disk "$dir/d.img" "$hello" x | grep -q "^hello from" || fail "vmsim did not boot it"
"$fs" check "$dir/d.img" >"$dir/after" || fail "check refused the image after the boot"
free_before=$(sed -n 's/.* \([0-9]*\) of [0-9]* inodes free.*/\1/p' "$dir/before")
free_after=$(sed -n 's/.* \([0-9]*\) of [0-9]* inodes free.*/\1/p' "$dir/after")
[ "$free_after" -eq $((free_before + 1)) ] || fail "free inodes $free_before -> $free_after, expected one more"
echo "unlinked_open_file: ok"
