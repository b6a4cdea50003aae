#!/usr/bin/env python3
"""vmsim --trace names system calls and records their returns, from the one list in
src/os/abi/syscalls.h: hello.elf's line (three printf calls) goes out in one write, as
stdout is line buffered, and comes back with the byte count it asked for, every syscall_return follows a syscall of the same thread and number, exit and a
successful exec never return, and the process events follow pid 2 from fork to reaping.

    check_trace_syscalls.py VMSIM HELLO_ELF OUTPUT_DIR
"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from check import fail, read_events, run_vmsim  # noqa: E402 (after the path)


def main():
    vmsim, program, output_dir = sys.argv[1:4]
    trace = os.path.join(output_dir, "hello.syscalls.trace.jsonl")
    run_vmsim([vmsim, "--headless", "--trace", trace, program], timeout=300)
    events = read_events(trace)
    calls = [e for e in events if e["ev"] == "syscall"]
    returns = [e for e in events if e["ev"] == "syscall_return"]
    for e in calls:
        for member in ("pid", "tid", "number", "name", "args", "pc", "icount"):
            if member not in e:
                fail("syscall without %s: %s" % (member, e))
        if len(e["args"]) != 3:
            fail("syscall without three arguments: %s" % e)
    # Each return closes the open call of its thread with the same number.
    open_calls = {}
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if e["ev"] == "syscall":
            if key in open_calls:
                fail("syscall %s while %s is open in %s" % (e["name"], open_calls[key]["name"], key))
            open_calls[key] = e
        elif e["ev"] == "syscall_return":
            call = open_calls.pop(key, None)
            if call is None or call["number"] != e["number"] or call["name"] != e["name"]:
                fail("syscall_return without its syscall: %s" % e)
            if e["icount"] < call["icount"]:
                fail("syscall_return before its syscall: %s" % e)
        elif e["ev"] == "process" and e["state"] in ("ZOMBIE", "GONE"):
            call = open_calls.pop(key, None)
            if call is not None and call["name"] != "exit":
                fail("thread %s ended inside %s" % (key, call["name"]))
        if e["ev"] == "process" and e.get("name") == "hello" and key in open_calls:
            if open_calls[key]["name"] == "exec":
                del open_calls[key]  # a successful exec does not return
    writes = [(c, r) for c, r in zip([c for c in calls if c["pid"] == 2 and c["name"] == "write"],
                                     [r for r in returns if r["pid"] == 2 and r["name"] == "write"])]
    if len(writes) != 1:
        fail("expected hello's line in one write (stdout is line buffered), found %d" % len(writes))
    for call, ret in writes:
        if ret["result"] != call["args"][2]:
            fail("write of %d bytes returned %d" % (call["args"][2], ret["result"]))
    if sum(c["args"][2] for c, _ in writes) != len("hello from pid 2: hello\n"):
        fail("hello's writes do not add up to its line")
    getpid = [r for r in returns if r["pid"] == 2 and r["name"] == "getpid"]
    if not getpid or getpid[0]["result"] != 2:
        fail("getpid in pid 2 did not return 2: %s" % getpid)
    if any(r["name"] in ("exit", "exec") for r in returns):
        fail("exit or a successful exec returned")
    states = [e["state"] for e in events if e["ev"] == "process" and e["pid"] == 2]
    for wanted in ("RUNNABLE", "RUNNING", "ZOMBIE", "GONE"):
        if wanted not in states:
            fail("pid 2 never reported %s: %s" % (wanted, states))
    if states[0] != "RUNNABLE" or states[-1] != "GONE":
        fail("pid 2 should be RUNNABLE first (fork) and GONE last (reaped): %s" % states)
    names = [e["name"] for e in events if e["ev"] == "process" and e["pid"] == 2]
    if names[0] != "init" or names[-1] != "hello":
        fail("pid 2 should be named init at fork and hello after exec: %s" % names)
    zombie = [e for e in events if e["ev"] == "process" and e["pid"] == 2 and e["state"] == "ZOMBIE"]
    if len(zombie) != 1 or zombie[0]["exit_status"] != 0:
        fail("pid 2 should become a zombie once, with exit status 0: %s" % zombie)
    print("ok: %d syscalls, %d returns, pid 2 states %s" % (len(calls), len(returns), " ".join(states)))


main()
