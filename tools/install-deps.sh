#!/bin/sh
# Installs the Debian 12 packages vmsim needs to build, test and benchmark, if missing.
set -eu

# python3-matplotlib brings python3: vmsim-sweep (tools/sweep/) runs on Debian's python3.
packages="cmake gcc make pkg-config libelf-dev libcmocka-dev libsdl2-dev \
gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc gdb-multiarch xvfb xauth python3-matplotlib \
clang libclang-rt-14-dev"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "Installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "vmsim: need root (or sudo) to install:$missing" >&2
    exit 1
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
