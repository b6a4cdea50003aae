#!/bin/sh
# What a breakpoint costs a guest OS session: runs a guest OS workload (pagefaults PAGES:
# user code, system calls and demand paging through the kernel) three ways and prints the
# seconds from the first instruction to the end (without vmsim's and gdb's start-up:
# vmsim --stats "host time" alone, gdb's `continue` under gdb), best of RUNS:
#   plain        vmsim without gdb
#   gdb          under gdb-multiarch, no breakpoint
#   breakpoint   under gdb-multiarch, with a breakpoint on the kernel's panic(), which a
#                healthy run never reaches (so every stop check is overhead)
# usage: bench/gdb_breakpoint_speed.sh VMSIM [PAGES] [RUNS]
set -eu
vmsim=$1
pages=${2:-4096}
runs=${3:-3}
dir=$(dirname "$vmsim")
program=$dir/os/user/pagefaults.elf
kernel=$dir/os/kernel.elf
command -v gdb-multiarch >/dev/null 2>&1 || { echo "gdb-multiarch not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

host_time() { # the seconds vmsim --stats reports, from $work/err
    sed -n 's/^  host time \([0-9.]*\) s.*/\1/p' "$work/err"
}

plain() {
    "$vmsim" --stats "$program" "$pages" </dev/null >/dev/null 2>"$work/err"
    host_time
}

under_gdb() { # $1: gdb commands before continue
    port=$((30000 + $$ % 20000))
    "$vmsim" --stats --gdb "$port" "$program" "$pages" </dev/null >/dev/null 2>"$work/err" &
    pid=$!
    while ! grep -q "waiting for gdb" "$work/err"; do
        kill -0 "$pid" || exit 1
        sleep 0.01
    done
    gdb-multiarch -q -batch -nx -ex "file $kernel" -ex "target remote :$port" -ex "$1" \
        -ex "python import time; start = time.time()" -ex continue \
        -ex "python print('continued for %.3f s' % (time.time() - start))" >"$work/gdb" 2>&1
    wait "$pid"
    sed -n 's/^continued for \([0-9.]*\) s$/\1/p' "$work/gdb"
}

best() { # $1: a function to time
    best=""
    for _ in $(seq "$runs"); do
        t=$("$@")
        if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
    done
    echo "$best"
}

p=$(best plain)
g=$(best under_gdb "echo")
b=$(best under_gdb "break panic")
printf 'pagefaults %s, best of %s runs (seconds)\n' "$pages" "$runs"
printf '  plain       %6.2f\n  gdb         %6.2f\n  breakpoint  %6.2f  (%.2f of plain speed)\n' \
    "$p" "$g" "$b" "$(awk "BEGIN { print $p / $b }")"
