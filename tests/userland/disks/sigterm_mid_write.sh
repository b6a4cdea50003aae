#!/bin/sh
# sigterm_mid_write.sh VMSIM VMSIM_FS ROOTFS FILLFILE_ELF
# vmsim killed with SIGTERM while the guest writes a large file leaves an image that
# vmsim-fs check accepts, holding a whole number of the writer's 8 KiB transactions; the
# next boot mounts it and the file can be read. The writer rewrites its 4 MiB in place
# until it is killed (fillfile --forever), so the signal always lands mid-write: the test
# does not race the guest's end, however fast it writes.
set -u
. "$(dirname "$0")/../../support/wait_for_line.sh"
vmsim=$1 fs=$2 rootfs=$3 fillfile=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$rootfs" "$dir/disk.img"
"$vmsim" --disk "$dir/disk.img" "$fillfile" --forever /home/big 4 >"$dir/out" 2>&1 &
pid=$!
if ! wait_for_line "$dir/out" "written 1024 KiB" "$pid"; then
    kill -KILL $pid 2>/dev/null
    cat "$dir/out"
    echo "sigterm_mid_write: the guest never reached 1 MiB" >&2
    exit 1
fi
kill -TERM $pid
wait $pid
status=$?
cat "$dir/out"
if [ $status -ne 143 ]; then
    echo "sigterm_mid_write: vmsim exited with $status, expected 143 (killed by SIGTERM)" >&2
    exit 1
fi
"$fs" check "$dir/disk.img" || exit 1
size=$("$fs" get "$dir/disk.img" /home/big | wc -c)
echo "sigterm_mid_write: /home/big holds $size bytes"
if [ -z "$size" ] || [ $((size % 8192)) -ne 0 ] || [ "$size" -lt 1048576 ]; then
    echo "sigterm_mid_write: expected a whole number of 8 KiB writes, at least 1 MiB" >&2
    exit 1
fi
if [ "$size" -gt 4194304 ]; then
    echo "sigterm_mid_write: expected at most the 4 MiB the writer writes" >&2
    exit 1
fi
echo "sigterm_mid_write: ok"
