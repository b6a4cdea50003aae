#!/bin/sh
# The cost of fork with copy-on-write, in guest cycles and host time: cowfork (a guest OS
# program) touches MIB MiB of heap and forks. With copy-on-write the fork itself copies no
# page; the eager copy that fork did before copy-on-write is what the child pays when it
# writes every page, which cowfork does next. Not a test: numbers, printed.
#
#   bench/fork_cow.sh [BUILD_DIR [MIB]]     (defaults: ./build, 8)
set -eu
. "$(dirname "$0")/guest_os_bench.sh"
guest_os_bench_setup fork_cow.sh cowfork "$@"
json=$scratch
start=$(date +%s.%N)
"$vmsim" --headless --stats-json "$json" "$program" "$mib"
end=$(date +%s.%N)
cycles=$(sed -n 's/.*"cycles":\([0-9]*\),"mtime".*/\1/p' "$json" | head -1)
echo "fork_cow: whole run $cycles guest cycles, $(awk "BEGIN { printf \"%.2f\", $end - $start }") s of host time"
echo "fork_cow: the fork's cost is the 'fork took' line; the old eager copy's is the 'wrote all' line"
