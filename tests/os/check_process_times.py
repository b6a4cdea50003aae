#!/usr/bin/env python3
"""Turnaround and response times from the kernel's PROCESS reports (--stats-json's
process_times): `timeshare ranked` starts three spinners with priorities 5, 6 and 7. Under the
priority scheduler each starts only after the one before it has ended; under round robin all
three have started before the first ends. Usage: check_process_times.py VMSIM PROGRAM WORKDIR"""
import json
import os
import subprocess
import sys

vmsim, program, workdir = sys.argv[1:4]


def spinners(policy):
    path = os.path.join(workdir, f"process_times_{policy}.json")
    run = subprocess.run([vmsim, "--headless", "--max-instructions", "4000M", "--append",
                          f"sched={policy}", "--stats-json", path, program, "ranked"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"{policy}: vmsim exited {run.returncode}: {run.stderr.strip()}")
    rows = [r for r in json.load(open(path))["process_times"] if r["name"] == "spin"]
    if len(rows) != 3:
        sys.exit(f"{policy}: expected 3 spinners in process_times, got {rows}")
    for r in rows:
        for key in ("created_cycles", "first_run_cycles", "ended_cycles", "response_ms", "turnaround_ms"):
            if key not in r:
                sys.exit(f"{policy}: spinner {r['pid']} has no {key}: {r}")
        if not r["created_cycles"] <= r["first_run_cycles"] <= r["ended_cycles"]:
            sys.exit(f"{policy}: spinner {r['pid']} out of order: {r}")
        if r["turnaround_ms"] < r["response_ms"]:
            sys.exit(f"{policy}: turnaround below response: {r}")
    return sorted(rows, key=lambda r: r["first_run_cycles"])


by_priority = spinners("priority")
for before, after in zip(by_priority, by_priority[1:]):
    if after["first_run_cycles"] < before["ended_cycles"]:
        sys.exit(f"priority: pid {after['pid']} ran before pid {before['pid']} ended")
round_robin = spinners("rr")
first_end = min(r["ended_cycles"] for r in round_robin)
if round_robin[-1]["first_run_cycles"] > first_end:
    sys.exit("rr: the last spinner started only after another had ended")
print("process times: priority runs the spinners one after another, round robin together")
