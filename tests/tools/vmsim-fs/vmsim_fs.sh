#!/bin/sh
# vmsim-fs on real files: create from a host tree, list, get back byte for byte, put,
# mkdir, check; then corrupt images (truncated, random bytes, a bad block pointer, a
# committed log that points at the superblock) must each be refused with one line and
# exit status 67, and command-line mistakes with 64, 66 or 68.
#   vmsim_fs.sh VMSIM_FS
set -u
fs=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-fs-test.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect STATUS COMMAND...: runs it, output in out/err, compares the exit status.
expect() {
    want=$1
    shift
    "$@" > out 2> err
    got=$?
    [ "$got" -eq "$want" ] || { fail "$* exited $got, expected $want"; cat out err >&2; }
}

mkdir -p tree/etc tree/docs/deep
echo "hello" > tree/etc/motd
head -c 400000 /dev/urandom > tree/docs/deep/random.bin
printf 'abc' > small.txt
expect 0 "$fs" create img --size 4 --from tree small.txt:/bin/small
expect 0 "$fs" check img
grep -q "consistent" out || fail "check did not say consistent"
expect 0 "$fs" ls img /etc
grep -qx "motd" out || fail "ls /etc does not list motd"
expect 0 "$fs" ls img -l -R
grep -q "random.bin" out || fail "ls -R misses random.bin"
expect 0 "$fs" get img /docs/deep/random.bin back.bin
cmp -s back.bin tree/docs/deep/random.bin || fail "get returned different bytes"
expect 0 "$fs" get img /bin/small -
[ "$(cat out)" = "abc" ] || fail "get to standard output"
expect 0 "$fs" put img tree/etc/motd /new/dir/motd
expect 0 "$fs" mkdir img /a/b/c -p
expect 0 "$fs" mknod img /dev/console 1
expect 0 "$fs" check img

# Mistakes: usage 64, missing host file 66, missing guest path 68, full image 70.
expect 64 "$fs"
expect 64 "$fs" frobnicate img
expect 64 "$fs" create img --size zero
expect 66 "$fs" ls no-such-image
expect 68 "$fs" get img /no/such/file
expect 68 "$fs" mkdir img /a
head -c 5000000 /dev/zero > five-mib
expect 70 "$fs" put img five-mib /too-big
expect 0 "$fs" check img
expect 0 "$fs" --help
grep -q "Exit status" out || fail "--help does not list exit statuses"

# corrupt NAME PATTERN: check and ls must both refuse the image with status 67, check
# with at least one line that matches PATTERN.
corrupt() {
    expect 67 "$fs" check "$1"
    grep -Eq -- "$2" out || { fail "check $1: no line matches '$2'"; cat out >&2; }
    expect 67 "$fs" ls "$1" -R
    [ "$(wc -l < err)" -le 1 ] || fail "ls $1: more than one line of error"
}
head -c 3000 img > truncated.img
corrupt truncated.img "truncated image|too small"
head -c 65536 /dev/urandom > random.img
corrupt random.img "not a vmsim file system"
# Point the root directory's first block pointer (inode 1, addrs[0] at byte 12 of the
# inode) at block 3, inside the log.
cp img badpointer.img
inode_start=$(od -An -tu4 -j $((1024 + 24)) -N4 img | tr -d ' ')
printf '\003\000\000\000' | dd of=badpointer.img bs=1 seek=$((inode_start * 1024 + 64 + 12)) conv=notrunc 2>/dev/null
expect 67 "$fs" check badpointer.img
grep -q "outside the data blocks" out || fail "bad pointer not reported"
expect 67 "$fs" put badpointer.img small.txt /more
grep -q "not changing an image that fails the check" err || fail "put changed an inconsistent image"
# A committed log whose entry targets the superblock (log header at block 2).
cp img badlog.img
printf '\001\000\000\000\001\000\000\000' | dd of=badlog.img bs=1 seek=2048 conv=notrunc 2>/dev/null
corrupt badlog.img "log entry 0 targets block 1"

[ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }
echo "vmsim-fs: all checks passed"
