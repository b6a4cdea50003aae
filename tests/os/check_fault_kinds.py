#!/usr/bin/env python3
"""vmsim --trace has a page_fault_handled event of every kind the guest kernel handles:
demand-zero, program-file, copy-on-write, swap-in and protection, each naming its process
and (but for protection) the frame it mapped; and memory events show pages going out to
swap. usertests on an 8 MiB machine: swapped_pages_are_shared_by_fork touches twice RAM
(demand zero, swap-out, swap-in) in a forked test process (copy-on-write), and
stack_growth_and_guard_page runs into the stack's guard page (protection).

    check_fault_kinds.py VMSIM USERTESTS_ELF OUTPUT_DIR
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from check import fail, read_events, run_vmsim  # noqa: E402 (after the path)


def main():
    vmsim, program, output_dir = sys.argv[1:4]
    os.makedirs(output_dir, exist_ok=True)
    trace = os.path.join(output_dir, "fault_kinds.trace.jsonl")
    run_vmsim([vmsim, "--headless", "--memory", "8", "--trace", trace, "--trace-interval", "0",
               program, "swapped_pages_are_shared_by_fork", "stack_growth_and_guard_page"], timeout=600)
    faults = {}
    memory = []
    for e in read_events(trace):
        if e["ev"] == "page_fault_handled":
            faults.setdefault(e["kind"], []).append(e)
        elif e["ev"] == "memory":
            memory.append(e)
    for kind in ("demand-zero", "program-file", "copy-on-write", "swap-in", "protection"):
        if kind not in faults:
            fail("no page_fault_handled event of kind %s (kinds seen: %s)" % (kind, sorted(faults)))
        for e in faults[kind]:
            if e["pid"] < 1 or e["tid"] < 1:
                fail("a %s fault names no process: %s" % (kind, e))
            if kind != "protection" and int(e["frame"], 16) < 0x80000000:
                fail("a %s fault names no frame in RAM: %s" % (kind, e))
        print("%-14s %d" % (kind, len(faults[kind])))
    if not memory or max(e["swap_outs"] for e in memory) == 0:
        fail("no memory event shows a page written out to swap")
    if any(e["swap_slots"] == 0 for e in memory):
        fail("a memory event says there is no swap, but vmsim's private disk has a swap area")
    print("PASS")


main()
