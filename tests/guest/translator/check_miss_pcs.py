#!/usr/bin/env python3
"""--trace-misses names the instruction that missed, with the translator as without it.

Runs one vmsim command line with --trace --trace-misses twice, with the block translator
and with --no-jit, and fails unless both traces are byte-identical (and the exit statuses
equal), there are tlb_miss events, and each one's pc is the instruction that made the
access: a fetch miss is at its own pc, and a load or store miss's pc holds a load, a store
or an atomic (read from the ELF file whose code runs there). A translated block reports
its misses from inside the block, so a pc of the block's start (or of its next
instruction) would show here.

    check_miss_pcs.py VMSIM OUTPUT_DIR ELF... -- ARGUMENT...

The ELF files are where instructions are looked up: the program that runs bare-metal,
or the guest OS's kernel and the user programs (a user pc is looked up in NAME.elf for
the process name the event carries; processes whose program is not given are skipped). The arguments after -- are vmsim's (the program last but its own).
"""
import json
import os
import struct
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from check import fail  # noqa: E402 (after the path)

OPCODE_LOAD, OPCODE_STORE, OPCODE_AMO = 0x03, 0x23, 0x2F
ACCESS_OPCODES = {"load": (OPCODE_LOAD, OPCODE_AMO), "store": (OPCODE_STORE, OPCODE_AMO)}


class Elf:
    """The loadable segments of a 32-bit little-endian RISC-V ELF file."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        if self.data[:4] != b"\x7fELF" or self.data[4] != 1 or self.data[5] != 1:
            fail("%s is not a 32-bit little-endian ELF file" % path)
        phoff, = struct.unpack_from("<I", self.data, 28)
        phentsize, phnum = struct.unpack_from("<HH", self.data, 42)
        self.segments = []
        for i in range(phnum):
            kind, offset, vaddr, _, filesz, _, _, _ = struct.unpack_from("<8I", self.data, phoff + i * phentsize)
            if kind == 1:  # PT_LOAD
                self.segments.append((vaddr, offset, filesz))

    def word(self, address):
        for vaddr, offset, filesz in self.segments:
            if vaddr <= address and address + 4 <= vaddr + filesz:
                return struct.unpack_from("<I", self.data, offset + address - vaddr)[0]
        return None


def run(vmsim, trace, arguments):
    result = subprocess.run([vmsim, "--headless", "--trace", trace, "--trace-misses"] + arguments,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, timeout=600)
    return result.returncode, result.stderr


def main():
    separator = sys.argv.index("--")
    vmsim, output_dir = sys.argv[1:3]
    elves = [Elf(path) for path in sys.argv[3:separator]]
    arguments = sys.argv[separator + 1:]
    os.makedirs(output_dir, exist_ok=True)
    traces = {mode: os.path.join(output_dir, mode + ".trace.jsonl") for mode in ("jit", "interp")}
    jit_status, jit_err = run(vmsim, traces["jit"], arguments)
    interp_status, interp_err = run(vmsim, traces["interp"], ["--no-jit"] + arguments)
    if jit_status != interp_status:
        fail("exit status %d with the translator, %d without: %s %s" % (jit_status, interp_status, jit_err,
                                                                          interp_err))
    with open(traces["jit"], "rb") as a, open(traces["interp"], "rb") as b:
        jit_lines, interp_lines = a.read().split(b"\n"), b.read().split(b"\n")
    for i, (x, y) in enumerate(zip(jit_lines, interp_lines)):
        if x != y:
            fail("the traces differ at line %d:\n  --no-jit:   %s\n  translator: %s" % (i + 1, y.decode(),
                                                                                     x.decode()))
    if len(jit_lines) != len(interp_lines):
        fail("the traces differ in length: %d lines with the translator, %d without" % (len(jit_lines),
                                                                                          len(interp_lines)))

    by_name = {os.path.basename(e.path)[:-len(".elf")]: e for e in elves}
    misses = checked = 0
    for line in interp_lines:
        if not line:
            continue
        event = json.loads(line)
        if event["ev"] != "tlb_miss":
            continue
        misses += 1
        pc, vaddr, access = int(event["pc"], 16), int(event["vaddr"], 16), event["access"]
        if access == "fetch":
            if vaddr != pc:
                fail("a fetch miss at %s for %s" % (event["pc"], event["vaddr"]))
            continue
        # User code is the named process's program; kernel (or bare-metal) code is at
        # 0x80000000 and up, whoever runs.
        proc = event.get("proc")
        if pc >= 0x80000000:
            candidates = elves
        elif proc and proc["name"] in by_name:
            candidates = [by_name[proc["name"]]]
        else:
            continue  # a program not given (init, say): not checked
        words = [w for w in (e.word(pc) for e in candidates) if w is not None]
        if not words:
            fail("a %s miss at pc %s, which is in none of %s" % (access, event["pc"],
                                                                 [c.path for c in candidates]))
        if not any(w & 0x7F in ACCESS_OPCODES[access] for w in words):
            fail("a %s miss at pc %s, where the instruction is 0x%08x: not a %s" % (access, event["pc"],
                                                                                  words[0], access))
        checked += 1
    if misses == 0:
        fail("no tlb_miss events")
    if checked == 0:
        fail("no load or store miss could be checked against an ELF file")
    print("%d tlb_miss events identical with and without the translator; %d load/store pcs checked"
          % (misses, checked))


if __name__ == "__main__":
    main()
