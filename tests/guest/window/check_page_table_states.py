#!/usr/bin/env python3
"""The page-table pane's states in the picture of a real run: cowfork touches 1 MiB of heap,
forks, and its child writes the pages one by one. The run stops after the child said it
wrote its first page and before it said it wrote them all, so the child's heap is partly
copied (resident, white) and partly still shared copy-on-write with its parent (yellow),
and the runs of entries not yet touched are drawn faint.

    check_page_table_states.py VMSIM COWFORK_ELF WORK_DIR
"""
import os
import subprocess
import sys

from check_os_page import check_panes, read_bmp

YELLOW = 0xf0c35a  # COLOR_YELLOW: copy-on-write
FAINT = 0x454c5a   # COLOR_FAINT: not yet touched
PAGE_TABLE_LINES = (10, 340, 620, 440)


def main():
    vmsim, cowfork, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    shot = os.path.join(work, "page-table-states.bmp")
    if os.path.exists(shot):
        os.remove(shot)
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [vmsim, "--headless", "--view", "os", "--screenshot", shot, "--max-instructions", "5M", cowfork, "1"]
    run = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)
    if run.returncode != 124 or not os.path.exists(shot):
        sys.exit("FAIL: vmsim exited %d (wanted 124, the instruction limit): %s" % (run.returncode, run.stderr))
    if "child wrote 1 heap page" not in run.stdout or "child wrote all" in run.stdout:
        sys.exit("FAIL: the run did not stop while the child was copying its heap; move --max-instructions:\n"
                 + run.stdout)
    _, _, rows = read_bmp(shot)
    check_panes(rows, [("page-table pane: copy-on-write entries (yellow)", PAGE_TABLE_LINES, {YELLOW}, 20 * 100),
                       ("page-table pane: runs not yet touched (faint)", PAGE_TABLE_LINES, {FAINT}, 100)], shot)


if __name__ == "__main__":
    main()
