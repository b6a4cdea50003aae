#!/bin/sh
# unlinked_open_file.sh VMSIM VMSIM_FS ROOTFS HELLO_ELF
# vmsim stopped (SIGTERM) while a guest process holds a deleted file open: the image still
# checks clean (a file with no links and no name is a reclaimable orphan), vmsim boots it,
# and the kernel frees the orphan at mount (one more free inode afterwards).
set -u
. "$(dirname "$0")/../../support/wait_for_line.sh"
vmsim=$1 fs=$2 rootfs=$3 hello=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "unlinked_open_file: $*" >&2; exit 1; }
cp "$rootfs" "$dir/d.img"
mkfifo "$dir/in"
"$vmsim" --headless --disk "$dir/d.img" <"$dir/in" >"$dir/out" 2>&1 &
pid=$!
exec 3>"$dir/in"
# The console echoes every line typed, so each wait below looks for text that only the
# command's output holds, never the typed line. ctest's timeout bounds a guest that hangs.
alive() { kill -0 $pid 2>/dev/null || { cat "$dir/out"; fail "vmsim ended early: $1"; }; }
# The shell opens "> /tmp/o" in the child before exec, so the file is open once ps names
# the process tlbsweep (the typed line ends with "&", a ps row with the name).
printf 'tlbsweep 64 100000000 > /tmp/o &\n' >&3
until grep -Eq "[0-9] tlbsweep$" "$dir/out"; do
    alive "tlbsweep never started"
    printf 'ps\n' >&3
    sleep 0.2
done
printf 'rm /tmp/o\necho "rm said $?"\n' >&3
if ! wait_for_line "$dir/out" "rm said [0-9][0-9]*$" "$pid"; then
    alive "the guest never removed the file"
    kill -KILL $pid
    cat "$dir/out"
    fail "the guest never answered rm"
fi
grep -q "rm said 0$" "$dir/out" || { cat "$dir/out"; fail "rm /tmp/o failed"; }
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
