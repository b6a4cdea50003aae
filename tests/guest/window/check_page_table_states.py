#!/usr/bin/env python3
"""The page-table pane's states in the picture of a real run: `cowfork 1 8` touches 1 MiB of
heap, forks, and its child writes its first 8 heap pages and then holds still. Once the
child says so, the test ends the run with SIGTERM (vmsim saves the screenshot on the way
out), so the child's heap is partly copied (resident, white) and partly still shared
copy-on-write with its parent (yellow) whatever the boot costs. The lines' text, with the
kernel's count ("shared by 2"), is checked in test_os_view.c.

    check_page_table_states.py VMSIM COWFORK_ELF WORK_DIR
"""
import os
import signal
import subprocess
import sys

from check_os_page import check_panes, read_bmp

TEXT = 0xd3d7df    # COLOR_TEXT: resident
YELLOW = 0xf0c35a  # COLOR_YELLOW: copy-on-write
PAGE_TABLE_LINES = (10, 340, 620, 440)
HOLDING = "cowfork: child wrote 8 heap pages"


def main():
    vmsim, cowfork, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    shot = os.path.join(work, "page-table-states.bmp")
    if os.path.exists(shot):
        os.remove(shot)
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [vmsim, "--headless", "--view", "os", "--screenshot", shot, cowfork, "1", "8"]
    run = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env=environment)
    seen = []
    for line in run.stdout:  # ends when vmsim ends; ctest's timeout covers a hang
        seen.append(line)
        if line.startswith(HOLDING):
            run.send_signal(signal.SIGTERM)
            break
    rest, errors = run.communicate(timeout=120)
    if not seen or not seen[-1].startswith(HOLDING):
        sys.exit("FAIL: the child never said it holds; vmsim exited %d:\n%s%s" % (run.returncode, "".join(seen),
                                                                                   errors))
    # vmsim ends the run, then dies by the signal again (a shell says status 143).
    if run.returncode != -signal.SIGTERM or not os.path.exists(shot):
        sys.exit("FAIL: vmsim exited %d after SIGTERM (wanted death by SIGTERM) or saved no screenshot: %s"
                 % (run.returncode, errors))
    _, _, rows = read_bmp(shot)
    check_panes(rows, [("page-table pane: pages the child copied (resident, white)", PAGE_TABLE_LINES, {TEXT}, 8 * 100),
                       ("page-table pane: pages still shared (copy-on-write, yellow)", PAGE_TABLE_LINES, {YELLOW},
                        15 * 100)], shot)


if __name__ == "__main__":
    main()
