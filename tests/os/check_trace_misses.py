#!/usr/bin/env python3
"""The trace attributes TLB misses and adds up: with --trace-misses there is one tlb_miss
event per miss --stats-json counts, by access kind, each with pc, address, access and the
entry its fill evicted; the tlb_sample events (a last one at exit) add up to the totals,
as the exit event's; --stats-json's per-page histogram counts every miss and puts the
program's most-missed pages first; and every event while a process runs names it, the
same process the kernel's own reports name. --trace-misses without --trace is a usage
error (status 64, one line).

    check_trace_misses.py VMSIM PAGEFAULTS_ELF OUTPUT_DIR
"""
import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from check import fail, read_events, run_vmsim  # noqa: E402 (after the path)


def main():
    vmsim, program, output_dir = sys.argv[1:4]
    os.makedirs(output_dir, exist_ok=True)
    trace = os.path.join(output_dir, "misses.trace.jsonl")
    stats = os.path.join(output_dir, "misses.stats.json")
    run_vmsim([vmsim, "--headless", "--trace", trace, "--trace-misses", "--trace-interval", "20000",
               "--stats-json", stats, program, "300"], timeout=300)
    totals = json.load(open(stats))
    tlb = totals["tlb"]
    events = read_events(trace)
    kinds = ("fetch", "load", "store")

    misses = {k: 0 for k in kinds}
    for e in events:
        if e["ev"] == "tlb_miss":
            for member in ("pc", "vaddr", "access", "asid", "evicted"):
                if member not in e:
                    fail("tlb_miss without %s: %s" % (member, e))
            misses[e["access"]] += 1
    for k in kinds:
        if misses[k] != tlb[k]["misses"]:
            fail("%d %s tlb_miss events, --stats-json counts %d" % (misses[k], k, tlb[k]["misses"]))
    if not any(e["ev"] == "tlb_miss" and e["evicted"] for e in events):
        fail("no tlb_miss names an evicted entry (300 pages cannot fit a 32-entry TLB)")

    sums = {k: [0, 0] for k in kinds}
    for e in events:
        if e["ev"] == "tlb_sample":
            for k in kinds:
                sums[k][0] += e["by_access"][k]["hits"]
                sums[k][1] += e["by_access"][k]["misses"]
    for k in kinds:
        if sums[k] != [tlb[k]["hits"], tlb[k]["misses"]]:
            fail("the %s samples add up to %s, the totals are %s" % (k, sums[k], [tlb[k]["hits"], tlb[k]["misses"]]))
    end = events[-1]
    if end["ev"] != "exit" or end["tlb"] != {"hits": tlb["hits"], "misses": tlb["misses"]}:
        fail("the exit event's TLB totals %s are not --stats-json's" % end.get("tlb"))

    pages = totals["miss_pages"]
    if pages["misses"] != tlb["misses"] or pages["dropped"] != 0:
        fail("the histogram counts %d misses (%d dropped), the TLB %d" % (pages["misses"], pages["dropped"],
                                                                          tlb["misses"]))
    program_rows = [p for p in pages["by_process"] if p["name"] == "pagefaults"]
    if len(program_rows) != 1 or not program_rows[0]["pages"]:
        fail("no histogram row for pagefaults: %s" % pages["by_process"])
    top = [p["misses"] for p in program_rows[0]["pages"]]
    if top != sorted(top, reverse=True) or len(top) > 10:
        fail("pagefaults' pages are not the top 10, most first: %s" % top)

    named = 0
    for e in events:
        proc = e.get("proc")
        if proc is not None:
            if proc["pid"] < 1 or "tid" not in proc or not proc["name"]:
                fail("an event names its process badly: %s" % e)
            named += 1
        if e["ev"] in ("syscall", "syscall_return", "page_fault_handled"):
            if proc is None or (proc["pid"], proc["tid"]) != (e["pid"], e["tid"]):
                fail("a kernel report for pid %d tid %d is stamped with %s" % (e["pid"], e["tid"], proc))
    if not any(e["ev"] == "tlb_miss" and e.get("proc", {}).get("name") == "pagefaults" for e in events):
        fail("no tlb_miss is attributed to pagefaults")

    bad = subprocess.run([vmsim, "--headless", "--trace-misses", program], capture_output=True, text=True, timeout=60)
    if bad.returncode != 64 or len(bad.stderr.splitlines()) != 1:
        fail("--trace-misses without --trace: status %d, stderr %r" % (bad.returncode, bad.stderr))
    print("PASS: %d misses, %d events naming their process" % (tlb["misses"], named))


main()
