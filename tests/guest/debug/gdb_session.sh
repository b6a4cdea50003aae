#!/bin/sh
# Debugs a guest program with a real gdb-multiarch over vmsim's --gdb stub: a breakpoint on
# main is hit, registers and memory read back, single steps move the pc, and the program
# then runs to its end with its own exit status. Skipped (77) without gdb-multiarch.
set -u
vmsim=$1
elf=$2
command -v gdb-multiarch >/dev/null 2>&1 || { echo "gdb-multiarch not installed"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${vmsim_pid:-}" ] && kill "$vmsim_pid" 2>/dev/null' EXIT

# Parallel test runs must not share a port: try a few derived from our pid.
port=$((20000 + $$ % 20000))
for attempt in 1 2 3 4 5; do
    "$vmsim" --gdb "$port" "$elf" >"$work/out" 2>"$work/err" &
    vmsim_pid=$!
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        grep -q "waiting for gdb" "$work/err" 2>/dev/null && break
        kill -0 "$vmsim_pid" 2>/dev/null || break
        sleep 0.1
    done
    grep -q "waiting for gdb" "$work/err" && break
    wait "$vmsim_pid" 2>/dev/null
    port=$((port + 1))
done
grep -q "waiting for gdb" "$work/err" || { echo "vmsim did not start its gdb stub:"; cat "$work/err"; exit 1; }

timeout 60 gdb-multiarch -q -batch -nx \
    -ex "set confirm off" \
    -ex "target remote :$port" \
    -ex "break main" \
    -ex "continue" \
    -ex "print/x \$pc == (unsigned int)&main" \
    -ex "stepi" \
    -ex "print/x \$pc == (unsigned int)&main + 4" \
    -ex "x/1xw &main" \
    -ex "delete" \
    -ex "continue" \
    "$elf" >"$work/gdb" 2>&1
wait "$vmsim_pid"
status=$?
vmsim_pid=""

fail() { echo "FAIL: $1"; echo "--- gdb"; cat "$work/gdb"; echo "--- vmsim stderr"; cat "$work/err"; exit 1; }
grep -q "Breakpoint 1, main" "$work/gdb" || fail "the breakpoint on main was not hit"
[ "$(grep -c '^\$[0-9]* = 0x1$' "$work/gdb")" -eq 2 ] || fail "pc was not at main, then main + 4 after stepi"
grep -q "<main>:" "$work/gdb" || fail "memory at main could not be read"
grep -q "exited normally" "$work/gdb" || fail "gdb did not see the program exit normally"
[ "$status" -eq 0 ] || fail "vmsim exited with $status, not 0"
grep -q "hello from vmsim" "$work/out" || fail "the guest's output is missing"
echo "gdb session: breakpoint, registers, memory, stepi and exit all work"
