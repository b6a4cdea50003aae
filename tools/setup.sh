#!/bin/sh
# The README's first command: install what is missing, build vmsim, and run the demo.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo
echo "== vmsim build/programs/demo.elf --stats =="
exec build/vmsim --stats build/programs/demo.elf
