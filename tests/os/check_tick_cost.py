#!/usr/bin/env python3
"""What the kernel's timer tick costs a process that computes, in guest instructions
(exact, so this never depends on the host's speed): bench_matmul under the OS, less the
same workload bare-metal under paging, less the OS's boot (hello.elf), per tick of guest
time. Today about 350. Loops over all 128 thread slots (the policy looking for the thread
already running at each yield, wakeup with nobody asleep on the timer) made it about 1 250,
and about 750 with only the policy's (both tried).
Usage: check_tick_cost.py VMSIM BUILD_DIR WORKDIR"""
import json
import os
import re
import subprocess
import sys

vmsim, build, workdir = sys.argv[1:4]
LIMIT = 600  # guest instructions per tick
TIME_PER_TICK = 10000  # mtime units in a 1 ms tick (src/os/timer.c)


def run(name, program, workload=True):
    path = os.path.join(workdir, f"tick_cost_{name}.json")
    done = subprocess.run([vmsim, "--headless", "--max-instructions", "2000M", "--stats-json", path,
                           os.path.join(build, program)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{program}: vmsim exited {done.returncode}: {done.stderr.strip()}")
    if workload and not re.search(r"checksum 0x[0-9a-f]+ ok$", done.stdout, re.M):
        sys.exit(f"{program}: no checksum line ending in 'ok': {done.stdout.strip()}")
    return json.load(open(path))


under_os = run("os", "os/user/bench_matmul.elf")
bare = run("bare", "bench/matmul_paged.elf")
boot = run("boot", "os/user/hello.elf", workload=False)
ticks = under_os["mtime"] // TIME_PER_TICK
extra = under_os["instructions"] - bare["instructions"] - boot["instructions"]
per_tick = extra / ticks
print(f"{extra} instructions over {ticks} ticks: {per_tick:.0f} a tick (limit {LIMIT})")
if ticks < 1000:
    sys.exit(f"expected thousands of ticks, got {ticks}")
if not 0 < per_tick <= LIMIT:
    sys.exit(f"the tick costs {per_tick:.0f} guest instructions, more than {LIMIT}")
