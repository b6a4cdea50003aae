#!/bin/sh
# Runs one check of tests/userland/debug/guest_checks.py: tools/vmsim-gdb boots the guest OS with
# gdbtarget behind vmsim's gdb stub and stops at its main; gdb-multiarch then runs the
# check in batch mode and continues to the end. The test passes when gdb printed
# "CHECK PASSED", the program ran to its end (its output, exit status 0) and, for the CSR
# checks, the values gdb read are those vmsim's trace recorded. Skipped (77) without
# gdb-multiarch.
set -u
check=$1
vmsim=$2
vmsim_gdb=$3
elf=$4
checks=$5
command -v gdb-multiarch >/dev/null 2>&1 || { echo "gdb-multiarch not installed"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

timeout 150 sh "$vmsim_gdb" --vmsim "$vmsim" --vmsim-arg --trace --vmsim-arg "$work/trace.jsonl" \
    -batch -x "$checks" -ex "python run_check('$check')" "$elf" >"$work/out" 2>&1
status=$?

fail() { echo "FAIL: $1"; echo "--- gdb and the guest"; cat "$work/out"; exit 1; }
grep -q "^CHECK PASSED: $check\$" "$work/out" || fail "the check did not pass"
grep -q "^gdbtarget: gdbtarget 4 7 2\$" "$work/out" || fail "the program did not run to its end"
[ "$status" -eq 0 ] || fail "vmsim-gdb exited with $status, not 0"

# What gdb read must be what the machine did, as the trace recorded it.
python3 - "$work/out" "$work/trace.jsonl" <<'PYTHON' || fail "gdb's CSR values differ from the trace"
import json, re, sys
out = open(sys.argv[1]).read()
events = [json.loads(line) for line in open(sys.argv[2])]
fault = re.search(r"^page fault: scause (\d+) stval (0x[0-9a-f]+) sepc (0x[0-9a-f]+)$", out, re.M)
if fault:
    cause, tval, pc = int(fault.group(1)), int(fault.group(2), 16), int(fault.group(3), 16)
    traps = [e for e in events if e["ev"] == "trap" and e["cause"] == cause and int(e["tval"], 16) == tval
             and int(e["pc"], 16) == pc]
    assert traps, "no trap in the trace with scause %d stval %#x sepc %#x" % (cause, tval, pc)
    print("trace has the page fault gdb saw: cause %d tval %#x pc %#x" % (cause, tval, pc))
for name, pid, satp in re.findall(r"^satp of (\S+) pid (\d+): (0x[0-9a-f]+)$", out, re.M):
    satp = int(satp, 16)
    asid = (satp >> 22) & 0x1FF
    written = [e for e in events if e["ev"] == "satp" and int(e["new"], 16) == satp]
    switched = [e for e in events if e["ev"] == "context_switch" and e["asid"] == asid and e["name"] == name
                and e["pid"] == int(pid)]
    assert written and switched, "satp %#x of %s is not in the trace" % (satp, name)
    print("trace has satp %#x for %s" % (satp, name))
PYTHON
echo "gdb check $check passed"
