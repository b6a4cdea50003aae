#!/usr/bin/env python3
"""vmsim --timeline writes the Trace Event Format that ui.perfetto.dev opens: the JSON
parses, every event has the fields its phase needs, a process's "running" slices never
overlap, each system-call slice lies inside a running slice of its thread, interrupts and
page faults are instants, the TLB hit rate and free memory are counter tracks, and each
process's running time adds up to its CPU time in --stats-json (within one time slice).
A path that cannot be written gives one line and status 66 before the guest runs.

    check_timeline.py VMSIM KERNEL_TIMESHARE_ELF HELLO_ELF OUTPUT_DIR
"""
import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from check import fail, run_vmsim  # noqa: E402 (after the path)

CYCLES_PER_MICROSECOND = 100   # the hart runs at 100 MHz
TIME_SLICE_CYCLES = 5 * 100000  # round robin: 5 ticks of 1 ms
EPSILON = 0.011                 # timestamps are written with two decimals


def check_fields(event):
    for member, kind in (("ph", str), ("pid", int), ("tid", int), ("ts", (int, float))):
        if not isinstance(event.get(member), kind):
            fail("event without a proper %s: %s" % (member, event))
    ph = event["ph"]
    if ph not in "XiCM":
        fail("unexpected phase %s" % event)
    if not isinstance(event.get("name"), str) or not event["name"]:
        fail("event without a name: %s" % event)
    if ph == "X" and not (isinstance(event.get("dur"), (int, float)) and event["dur"] >= 0):
        fail("complete event without a duration: %s" % event)
    if ph == "i" and event.get("s") not in ("t", "p", "g"):
        fail("instant without a scope: %s" % event)
    if ph == "C" and not (isinstance(event.get("args"), dict) and event["args"]
                          and all(isinstance(v, (int, float)) for v in event["args"].values())):
        fail("counter without numeric args: %s" % event)
    if ph == "M" and not isinstance(event.get("args", {}).get("name", event.get("args", {}).get("sort_index")),
                                    (str, int)):
        fail("metadata without a value: %s" % event)


def main():
    vmsim, timeshare, hello, output_dir = sys.argv[1:5]
    timeline = os.path.join(output_dir, "timeshare.timeline.json")
    stats = os.path.join(output_dir, "timeshare.stats.json")
    run_vmsim([vmsim, "--headless", "--max-instructions", "10000M", "--timeline", timeline,
               "--stats-json", stats, timeshare], timeout=600)
    document = json.load(open(timeline))
    events = document.get("traceEvents")
    if not isinstance(events, list) or not events:
        fail("no traceEvents")
    for e in events:
        check_fields(e)

    running = {}
    for e in events:
        if e["ph"] == "X" and e.get("cat") == "sched" and e["pid"] != 0:
            running.setdefault(e["pid"], []).append(e)
    by_process = {}
    for row in json.load(open(stats))["by_process"]:
        by_process[row["pid"]] = by_process.get(row["pid"], 0) + row["instructions"]
    spinners = [pid for pid in running if pid in (3, 4, 5)]
    if sorted(spinners) != [3, 4, 5]:
        fail("expected running slices for the spinners 3, 4 and 5, got %s" % sorted(running))
    for pid, slices in running.items():
        slices.sort(key=lambda e: e["ts"])
        for a, b in zip(slices, slices[1:]):
            if a["ts"] + a["dur"] > b["ts"] + EPSILON:
                fail("pid %d: slices overlap: %s and %s" % (pid, a, b))
        cycles = sum(e["dur"] for e in slices) * CYCLES_PER_MICROSECOND
        cpu = by_process.get(pid)
        if cpu is None:
            fail("pid %d ran in the timeline but not in --stats-json" % pid)
        if abs(cycles - cpu) > TIME_SLICE_CYCLES:
            fail("pid %d: slices add up to %.0f cycles, --stats says %d instructions" % (pid, cycles, cpu))
    if len(running[3]) < 3:
        fail("spinner 3 should have been preempted and resumed several times: %d slices" % len(running[3]))

    calls = [e for e in events if e["ph"] == "X" and e.get("cat") == "syscall"]
    if not any(e["name"] == "fork" for e in calls) or not any(e["name"] == "write" for e in calls):
        fail("no fork or write slices among %d system calls" % len(calls))
    for c in calls:
        around = [s for s in running.get(c["pid"], []) if s["tid"] == c["tid"]]
        if not any(s["ts"] - EPSILON <= c["ts"] and c["ts"] + c["dur"] <= s["ts"] + s["dur"] + EPSILON
                   for s in around):
            fail("system call slice outside its thread's running slices: %s" % c)
    instants = {e.get("cat") for e in events if e["ph"] == "i"}
    if "interrupt" not in instants:
        fail("no interrupt instants")
    counters = {e["name"] for e in events if e["ph"] == "C"}
    for wanted in ("TLB hit rate (%)", "free memory (KiB)"):
        if wanted not in counters:
            fail("no %s counter" % wanted)
    names = {e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}
    if "spin (pid 3)" not in names:
        fail("no process track named spin (pid 3): %s" % sorted(names))

    bad = subprocess.run([vmsim, "--headless", "--timeline", os.path.join(output_dir, "no-such-dir", "t.json"),
                          hello], capture_output=True, text=True, timeout=300)
    lines = bad.stderr.strip().split("\n")
    if bad.returncode != 66 or len(lines) != 1 or "cannot write timeline file" not in lines[0]:
        fail("bad timeline path: status %d, stderr %r" % (bad.returncode, bad.stderr))
    if bad.stdout:
        fail("the guest ran although the timeline could not be written: %r" % bad.stdout)
    print("ok: %d events, running slices per pid %s" % (len(events), {p: len(s) for p, s in sorted(running.items())}))


main()
