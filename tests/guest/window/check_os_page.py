#!/usr/bin/env python3
"""The window's OS page in a screenshot: vmsim runs the time-sharing kernel (three spinners)
for a while with --view os and saves its picture; each pane must show what it is for:
process rows with their colour marks, page-table lines with the entries in the TLB lit,
scheduling slices in the spinners' colours with ticks, system-call lines, the hit-rate
curve, and the slow-motion key caps.

    check_os_page.py xvfb|headless VMSIM KERNEL_TIMESHARE_ELF WORK_DIR

xvfb: a real window under xvfb-run (exit 77, skipped, without xvfb-run); headless: the
picture drawn without a display.
"""
import os
import shutil
import struct
import subprocess
import sys

PANEL = 0x1d2129
GREEN = 0x73d07b
ORANGE = 0xf0a060
KEY_CAP = 0x2a303c
PROCESS_COLOURS = [0x61afef, 0x73d07b, 0xf0c35a, 0xc678dd, 0xf0a060, 0x56b6c2, 0xef6b73, 0xa9b665, 0xd3869b,
                   0x8ec07c]
TICKS = {0x61afef, 0xf0c35a, 0xef6b73}


def mix(color, other, weight):
    """As canvas_mix: weight out of 256."""
    out = 0
    for shift in (16, 8, 0):
        a, b = (color >> shift) & 0xff, (other >> shift) & 0xff
        out |= ((a * (256 - weight) + b * weight) >> 8) << shift
    return out


def read_bmp(path):
    data = open(path, "rb").read()
    if data[:2] != b"BM":
        sys.exit("FAIL: %s is not a BMP file" % path)
    offset, = struct.unpack_from("<I", data, 10)
    width, height, _, bits = struct.unpack_from("<iiHH", data, 18)
    if bits not in (24, 32):
        sys.exit("FAIL: %d bits per pixel" % bits)
    step = bits // 8
    stride = (width * step + 3) & ~3
    rows = []
    for y in range(abs(height)):
        source = y if height < 0 else abs(height) - 1 - y
        start = offset + source * stride
        rows.append([int.from_bytes(data[start + x * step:start + x * step + 3], "little") for x in range(width)])
    return width, abs(height), rows


def count(rows, box, wanted, row_filter=None):
    x, y, w, h = box
    return sum(1 for line, row in enumerate(rows[y:y + h], start=y) if row_filter is None or row_filter(line)
               for pixel in row[x:x + w] if pixel in wanted)


def check_panes(rows, checks, shot):
    """Each check: (what, box, colours, fewest pixels[, row filter]); exits with FAIL if a
    box has fewer pixels of its colours than it must."""
    failed = False
    for name, box, colours, least, *row_filter in checks:
        found = count(rows, box, colours, *row_filter)
        print("%-55s %6d pixels (want at least %d)" % (name, found, least))
        failed |= found < least
    if failed:
        sys.exit("FAIL: a pane is missing what it is for; see %s" % shot)
    print("ok")


def tick_strip(line):
    """The scheduling pane's rows are 19 pixels from y 68; ticks take their lines 1 to 5,
    the slices the lines below."""
    return 1 <= (line - 68) % 19 <= 5


def main():
    mode, vmsim, kernel, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    shot = os.path.join(work, "os-page-%s.bmp" % mode)
    if os.path.exists(shot):
        os.remove(shot)
    # The spinners run from about 2M to 14M instructions: stop in the middle.
    command = [vmsim, "--view", "os", "--screenshot", shot, "--max-instructions", "8M", kernel]
    environment = dict(os.environ)
    if mode == "xvfb":
        if not shutil.which("xvfb-run"):
            print("xvfb-run is not installed: skipping")
            sys.exit(77)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + command[:1] + ["--window"] + command[1:]
    else:
        command.insert(1, "--headless")
        environment.pop("DISPLAY", None)
        environment.pop("WAYLAND_DISPLAY", None)
    run = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)
    # The instruction limit ends the run: that is how the picture shows the spinners mid-run.
    if run.returncode != 124 or not os.path.exists(shot):
        sys.exit("FAIL: vmsim exited %d (wanted 124, the instruction limit): %s" % (run.returncode, run.stderr))
    width, height, rows = read_bmp(shot)
    if (width, height) != (1280, 800):
        sys.exit("FAIL: picture is %dx%d" % (width, height))
    checks = [
        ("process pane: colour marks of the processes", (10, 78, 12, 190), set(PROCESS_COLOURS), 4 * 9 * 3),
        ("process pane: the selected row", (10, 78, 620, 190), {mix(PANEL, 0x7aa2f7, 50)}, 500),
        ("page-table pane: entries in the TLB lit", (10, 340, 620, 440), {mix(PANEL, GREEN, 45)}, 600 * 8),
        ("scheduling pane: slices in the processes' colours", (780, 68, 480, 190), set(PROCESS_COLOURS), 3000),
        ("scheduling pane: ticks", (780, 68, 480, 190), TICKS, 20, tick_strip),
        ("system-call pane: lines marked by process", (640, 318, 12, 200), set(PROCESS_COLOURS), 3 * 9),
        ("hit-rate pane: the curve on guest time", (698, 566, 556, 102), {GREEN, ORANGE}, 100),
        ("slow-motion pane: key caps", (640, 730, 630, 60), {KEY_CAP}, 300),
    ]
    check_panes(rows, checks, shot)


if __name__ == "__main__":
    main()
