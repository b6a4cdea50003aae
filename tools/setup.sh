#!/bin/sh
# The README's first command: install what is missing, build vmsim, and run the tour: the
# guest OS boots, processes time-share the CPU and the screen (in a window when there is a
# display), a pipeline runs, a program takes page faults and sweeps the TLB, and vmsim
# ends with its statistics for each process.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== build/vmsim --stats build/os/user/tour.elf =="
exec build/vmsim --stats build/os/user/tour.elf
