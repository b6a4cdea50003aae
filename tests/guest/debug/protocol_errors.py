#!/usr/bin/env python3
"""Bad input to vmsim's gdb stub: a packet with a wrong checksum is refused with '-', an
overlong one and malformed arguments get error replies, unknown commands the empty reply;
the stub keeps serving after each and listens on 127.0.0.1 only. Then 'k' ends the run
with vmsim's "killed by the debugger" status.

usage: protocol_errors.py VMSIM BARE_METAL_ELF"""
import os
import socket
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from check import fail  # noqa: E402 (after the path)

EXIT_KILLED_BY_DEBUGGER = 125


def frame(payload):
    return b"$" + payload + b"#%02x" % (sum(payload) % 256)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buffer = b""

    def byte(self):
        while not self.buffer:
            data = self.sock.recv(65536)
            if not data:
                fail("the stub closed the connection")
            self.buffer += data
        b, self.buffer = self.buffer[:1], self.buffer[1:]
        return b

    def reply(self):
        """The next packet's payload, skipping acknowledgements."""
        while self.byte() != b"$":
            pass
        payload = b""
        while (b := self.byte()) != b"#":
            payload += b
        check = self.byte() + self.byte()
        if int(check, 16) != sum(payload) % 256:
            fail("the stub sent a bad checksum")
        return payload

    def send(self, raw):
        self.sock.sendall(raw)

    def ask(self, payload):
        self.send(frame(payload))
        if self.byte() != b"+":
            fail("a good packet was not acknowledged: %r" % payload)
        return self.reply()


def listening_addresses(port):
    """Local addresses of TCP sockets listening on port, from /proc/net/tcp{,6}."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, local_port = local.split(":")
                if int(local_port, 16) == port and state == "0A":
                    found.append(address)
    return found


def main():
    vmsim, elf = sys.argv[1], sys.argv[2]
    vmsim_process = None
    for port in range(21000 + os.getpid() % 20000, 21000 + os.getpid() % 20000 + 8):
        vmsim_process = subprocess.Popen([vmsim, "--gdb", str(port), elf], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE)
        line = vmsim_process.stderr.readline().decode()
        if "waiting for gdb" in line:
            break
        vmsim_process.wait()
        if "cannot listen" not in line:
            fail("vmsim did not start its stub: " + line)
    else:
        fail("no free port")

    addresses = listening_addresses(port)
    if addresses != ["0100007F"]:
        fail("the stub listens on %s, not on 127.0.0.1 only" % addresses)
    print("ok: listens on 127.0.0.1 only")

    gdb = Connection(port)
    gdb.send(b"$g#00")
    if gdb.byte() != b"-":
        fail("a wrong checksum was not refused with '-'")
    print("ok: wrong checksum refused")
    gdb.send(b"$g#zz")
    if gdb.byte() != b"-":
        fail("a checksum that is not hex was not refused with '-'")
    if gdb.ask(b"qNoSuchThing") != b"":
        fail("an unknown query did not get the empty reply")
    if gdb.ask(b"jUnknown") != b"":
        fail("an unknown command did not get the empty reply")
    print("ok: unknown commands get the empty reply")
    if gdb.ask(b"m" + b"8" * 6000) != b"E01":
        fail("an overlong packet did not get E01")
    print("ok: overlong packet answered E01")
    for malformed, expected in ((b"mzz", b"E14"), (b"m80000000,4,junk", b"E14"), (b"p12345678", b"E01"),
                                (b"pzz", b"E01"), (b"P0", b"E01"), (b"G00", b"E01"),
                                (b"M80000000,4:zz", b"E14"), (b"Hg999", b"E01"), (b"qRcmd,zz", b"E01"),
                                (b"qRcmd,6e6f7065", b"E01")):
        answer = gdb.ask(malformed)
        while answer.startswith(b"O"):  # monitor output before the reply
            answer = gdb.reply()
        if answer != expected:
            fail("%r got %r, not %r" % (malformed, answer, expected))
    print("ok: malformed arguments get error replies")
    if not gdb.ask(b"?").startswith(b"T05thread:"):
        fail("the stub stopped answering after bad input")
    if len(gdb.ask(b"g")) != 33 * 8:
        fail("the registers cannot be read after bad input")
    print("ok: the stub still serves")
    gdb.send(frame(b"k"))
    status = vmsim_process.wait(timeout=30)
    if status != EXIT_KILLED_BY_DEBUGGER:
        fail("vmsim exited with %d after k, not %d" % (status, EXIT_KILLED_BY_DEBUGGER))
    print("malformed packets get protocol errors; the stub serves only 127.0.0.1")


main()
