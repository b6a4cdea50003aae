#!/bin/sh
# corrupt_images.sh VMSIM VMSIM_FS ROOTFS PROGRAM
# Images that are not file systems, or are damaged, get one line and a distinct status
# from vmsim-fs and from vmsim --disk, and are not changed.
set -u
vmsim=$1 fs=$2 rootfs=$3 program=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "corrupt_images: $*" >&2; exit 1; }
expect() { # expect STATUS PATTERN COMMAND...
    want=$1 pattern=$2
    shift 2
    "$@" >"$dir/out" 2>&1
    got=$?
    cat "$dir/out"
    [ $got -eq "$want" ] || fail "$* exited $got, expected $want"
    grep -Eq -- "$pattern" "$dir/out" || fail "$*: no line matches $pattern"
}
# Zeros: no superblock.
head -c 1048576 /dev/zero >"$dir/zeros.img"
expect 67 "not a vmsim file system" "$fs" check "$dir/zeros.img"
expect 67 "not a vmsim file system" "$vmsim" --disk "$dir/zeros.img" "$program"
# Too small to hold anything.
printf 'tiny' >"$dir/tiny.img"
expect 67 "too small" "$fs" ls "$dir/tiny.img"
# Random bytes over the inode table: check finds problems (status 2), vmsim refuses.
cp "$rootfs" "$dir/bad.img"
dd if=/dev/urandom of="$dir/bad.img" bs=1024 seek=66 count=4 conv=notrunc 2>/dev/null
cp "$dir/bad.img" "$dir/bad-before.img"
expect 67 "inode" "$fs" check "$dir/bad.img"
expect 67 "bad.img: .*inode" "$vmsim" --disk "$dir/bad.img" "$program"
cmp -s "$dir/bad.img" "$dir/bad-before.img" || fail "a refused image was changed"
# A cleared bitmap block: blocks in use marked free.
cp "$rootfs" "$dir/bitmap.img"
bitmap=$(od -An -tu4 -j $((1024 + 28)) -N4 "$dir/bitmap.img" | tr -d ' ')
dd if=/dev/zero of="$dir/bitmap.img" bs=1024 seek="$bitmap" count=1 conv=notrunc 2>/dev/null
expect 67 "bitmap|free" "$fs" check "$dir/bitmap.img"
# A file system that checks clean but holds a damaged /bin/init still boots, with the
# kernel's own init, and says so.
cp "$rootfs" "$dir/init.img"
printf 'not an ELF file' >"$dir/junk"
"$fs" put "$dir/init.img" "$dir/junk" /bin/init || fail "vmsim-fs put"
expect 0 "using the init built into the kernel" "$vmsim" --disk "$dir/init.img" "$program"
grep -q "^hello from" "$dir/out" || fail "the program did not run after the fallback"
# A missing image is "cannot open" (66).
expect 66 "cannot open" "$fs" ls "$dir/none.img"
echo "corrupt_images: ok"
