#!/usr/bin/env python3
"""Slow motion driven by real key events in a real window (SDL under Xvfb): send_keys sends
X key events to vmsim's window, and after each key the test waits until the window's title,
where vmsim says the run's state, shows that the key did what its hint on screen says:

  F5 pauses; F8 picks system call, context switch, page fault, trap in turn and F7 runs to
  the next one of each (the title names it: "PAUSED after system call ..."); F6 runs one
  instruction (the count goes up by exactly one after a trap, whose handler starts with
  interrupts off); F3 and F4 change the speed; F5 resumes; F10 quits (status 123).

The guest (every_event.c) makes every kind of event forever, so each F7 has a next one
whenever the key arrives. The test waits for states, never for a time; send_keys gives up
on a title after 60 s only so that a broken vmsim fails instead of hanging.

    check_slow_motion.py VMSIM EVERY_EVENT_ELF SEND_KEYS WORK_DIR

Runs itself again under xvfb-run; exit 77 (skipped) without xvfb-run.
"""
import os
import re
import shutil
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from check import fail  # noqa: E402 (after the path)

UNDER_XVFB = "VMSIM_SLOW_MOTION_UNDER_XVFB"
EXIT_USER_QUIT = 123


def instruction_count(title):
    found = re.search(r"at instruction ([0-9,]+) \(pc", title)
    return int(found.group(1).replace(",", "")) if found else None


def main():
    if not os.environ.get(UNDER_XVFB):
        if not shutil.which("xvfb-run"):
            print("xvfb-run is not installed: skipping (Debian: apt-get install xvfb xauth)")
            sys.exit(77)
        environment = dict(os.environ, **{UNDER_XVFB: "1"})
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, os.path.abspath(__file__)]
        sys.exit(subprocess.run(command + sys.argv[1:], env=environment).returncode)

    vmsim, program, send_keys, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "slow-motion.out")
    with open(log, "w") as out:
        run = subprocess.Popen([vmsim, "--window", "--view", "os", program], stdin=subprocess.DEVNULL, stdout=out,
                               stderr=subprocess.STDOUT)

    def keys(*steps):
        """Sends the keys and waits for the titles in `steps`; returns the last title."""
        done = subprocess.run([send_keys, "0"] + list(steps), capture_output=True, text=True, timeout=300)
        sys.stdout.write(done.stdout)
        if done.returncode != 0:
            run.kill()
            run.wait()
            fail("send_keys %s: %s" % (" ".join(steps), done.stderr.strip()), log)
        titles = [line for line in done.stdout.splitlines() if line.startswith("title: ")]
        return titles[-1] if titles else ""

    try:
        keys("title=RUNNING; full speed; F7: next trap")
        keys("F5", "title=PAUSED at instruction")
        keys("F8", "title=F7: next system call", "F7", "title=PAUSED after system call ")
        keys("F8", "title=F7: next context switch", "F7", "title=PAUSED after context switch to pid ")
        keys("F8", "title=F7: next page fault", "F7", "title=PAUSED after page fault at 0x")
        after_trap = keys("F8", "title=F7: next trap", "F7", "title=PAUSED after trap: ")
        count = instruction_count(after_trap)
        if count is None:
            fail("no instruction count in the title '%s'" % after_trap, log)
        keys("F6", "title=PAUSED at instruction {:,} (pc".format(count + 1))
        keys("F3", "title=; 10,000,000 instructions per second;", "F3", "title=; 1,000,000 instructions per second;")
        keys("F4", "title=; 10,000,000 instructions per second;", "F4", "title=; full speed;")
        keys("F5", "title=RUNNING; full speed; F7: next trap")
        keys("F10")
        status = run.wait(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    if status != EXIT_USER_QUIT:
        fail("vmsim exited %d after F10, wanted %d" % (status, EXIT_USER_QUIT), log)
    print("ok: every slow-motion key did what its hint says")


if __name__ == "__main__":
    main()
