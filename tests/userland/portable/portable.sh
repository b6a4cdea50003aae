#!/bin/sh
# portable.sh HOST_CC VMSIM_CC VMSIM VMSIM_FS ROOTFS SOURCE [INPUT|-] [ARGS...]: a plain
# POSIX program builds unchanged with the host's cc and with vmsim-cc, and both builds
# print the same output (standard output and error) and exit with the same status. With
# INPUT, each run gets a copy of that file as its first argument: the host's on the host,
# /tmp/input.txt in a copy of the guest's root image under vmsim.
set -eu
cc=$1 vmsim_cc=$2 vmsim=$3 fs=$4 rootfs=$5 source=$6 input=${7:--}
shift 6
[ $# -gt 0 ] && shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$cc" -O2 -Wall -Wextra -Werror -o "$dir/host" "$source" -lm -pthread
"$vmsim_cc" -O2 -Wall -Wextra -Werror -o "$dir/guest.elf" "$source" -lm -pthread

if [ "$input" = - ]; then
    host_input= guest_input= disk=
else
    cp "$input" "$dir/input.txt"
    cp "$rootfs" "$dir/disk.img"
    "$fs" put "$dir/disk.img" "$dir/input.txt" /tmp/input.txt
    host_input=$dir/input.txt guest_input=/tmp/input.txt disk="--disk $dir/disk.img"
fi

set +e
"$dir/host" ${host_input:+"$host_input"} "$@" >"$dir/host.out" 2>&1 </dev/null
host_status=$?
# shellcheck disable=SC2086 # $disk is two words or none
"$vmsim" --headless $disk "$dir/guest.elf" ${guest_input:+"$guest_input"} "$@" >"$dir/guest.out" 2>&1 </dev/null
guest_status=$?
set -e

echo "--- host (status $host_status)"
cat "$dir/host.out"
if [ $host_status -ne $guest_status ] || ! cmp -s "$dir/host.out" "$dir/guest.out"; then
    echo "--- vmsim (status $guest_status), differences from the host's run:"
    diff "$dir/host.out" "$dir/guest.out" || true
    echo "portable: $(basename "$source") behaves differently under vmsim" >&2
    exit 1
fi
[ -s "$dir/host.out" ] || { echo "portable: no output at all" >&2; exit 1; }
echo "portable: $(basename "$source"): the same output and status ($host_status) on the host and under vmsim"
