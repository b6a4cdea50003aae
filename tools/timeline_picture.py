#!/usr/bin/env python3
"""Draws a vmsim --timeline file (Trace Event Format JSON) as a PNG with matplotlib, the
way ui.perfetto.dev lays it out: a track per thread with its "running" slices and the
system-call slices under them, instants as ticks, and the counter tracks below. For docs
and for machines where the Perfetto UI cannot run.

    tools/timeline_picture.py TIMELINE.json PICTURE.png [--from MS] [--to MS]

Needs matplotlib (Debian: python3-matplotlib, in tools/install-deps.sh).
"""
import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("timeline")
    parser.add_argument("picture")
    parser.add_argument("--from", dest="start", type=float, default=None, help="first millisecond shown")
    parser.add_argument("--to", dest="end", type=float, default=None, help="last millisecond shown")
    args = parser.parse_args()
    events = json.load(open(args.timeline))["traceEvents"]
    ms = [e["ts"] / 1000 for e in events if e["ph"] != "M"]
    start = args.start if args.start is not None else min(ms)
    end = args.end if args.end is not None else max(e["ts"] / 1000 + e.get("dur", 0) / 1000
                                                     for e in events if e["ph"] != "M")
    process_names = {e["pid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}
    tracks = sorted({(e["pid"], e["tid"]) for e in events if e["ph"] == "X"}, key=lambda t: (t[0] == 0, t))
    counters = sorted({e["name"] for e in events if e["ph"] == "C"})
    rows = len(tracks) + len(counters)
    figure, axes = plt.subplots(rows, 1, figsize=(12, 0.55 * len(tracks) + 1.3 * len(counters) + 1),
                                sharex=True, gridspec_kw={"height_ratios": [1] * len(tracks) + [2.2] * len(counters)})
    if rows == 1:
        axes = [axes]
    colours = plt.get_cmap("tab10")
    names = {}
    for row, (pid, tid) in enumerate(tracks):
        ax = axes[row]
        label = process_names.get(pid, "pid %d" % pid)
        ax.set_ylabel(label if pid == 0 else "%s\nthread %d" % (label, tid), rotation=0, ha="right", va="center",
                      fontsize=7)
        ax.set_yticks([])
        ax.set_ylim(0, 2)
        for e in events:
            if (e["pid"], e["tid"]) != (pid, tid):
                continue
            t = e["ts"] / 1000
            if e["ph"] == "X" and e.get("cat") in ("sched", "syscall"):
                d = e["dur"] / 1000
                if t + d < start or t > end:
                    continue
                if e["cat"] == "sched":
                    ax.broken_barh([(t, d)], (1, 0.9), color=colours(pid % 10) if pid else "lightgray")
                else:
                    colour = names.setdefault(e["name"], plt.get_cmap("Set2")(len(names) % 8))
                    ax.broken_barh([(t, d)], (0.05, 0.85), color=colour)
            elif e["ph"] == "i" and start <= t <= end:
                ax.vlines(t, 1.9, 2.0, color="red" if e.get("cat") == "page_fault" else "navy", linewidth=0.5)
    for k, name in enumerate(counters):
        ax = axes[len(tracks) + k]
        points = [(e["ts"] / 1000, list(e["args"].values())[0]) for e in events if e["ph"] == "C" and e["name"] == name]
        points = [p for p in points if start <= p[0] <= end]
        if points:
            ax.step([p[0] for p in points], [p[1] for p in points], where="post", linewidth=0.8)
        ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.ticklabel_format(axis="y", useOffset=False, style="plain")
    axes[-1].set_xlim(start, end)
    axes[-1].set_xlabel("guest time (ms)")
    handles = [matplotlib.patches.Patch(color=c, label=n) for n, c in list(names.items())[:12]]
    if handles:
        axes[0].legend(handles=handles, fontsize=6, ncol=6, loc="lower left", bbox_to_anchor=(0, 1.05),
                       title="system calls (lower half of a thread's track)", title_fontsize=7)
    figure.tight_layout()
    figure.savefig(args.picture, dpi=110)


main()
