"""What the Python checkers of every layer share: a failed check ends the run with one
FAIL line (and, given a log file, what vmsim printed), a vmsim run that must succeed, and
a trace read as its events. A checker puts this directory on sys.path before it imports
this module, so that cmake runs it as `python3 CHECKER ARGS` from any directory."""
import json
import subprocess
import sys


def fail(message, log=None):
    """Prints "FAIL: message", then the file log if one is named, and exits with status 1."""
    print("FAIL: " + message)
    if log is not None:
        print("--- vmsim's output ---")
        with open(log) as output:
            print(output.read())
    sys.exit(1)


def run_vmsim(command, timeout):
    """Runs command (vmsim and its arguments), which must exit with status 0, and returns
    the finished run (its output as text); fails with vmsim's output otherwise."""
    run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0:
        fail("vmsim exited with %d: %s%s" % (run.returncode, run.stdout, run.stderr))
    return run


def read_events(path):
    """The events of a JSON-lines file (--trace), one per line."""
    with open(path) as lines:
        return [json.loads(line) for line in lines]
