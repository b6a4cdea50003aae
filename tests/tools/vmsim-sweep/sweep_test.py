#!/usr/bin/python3
"""End-to-end tests of vmsim-sweep (tools/sweep/) with real, small vmsim runs:
    sweep_test.py CASE VMSIM_SWEEP VMSIM FAKE_SBATCH
Each case works in its own temporary directory and exits non-zero on the first failed check."""
import csv
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CASE, SWEEP, VMSIM, FAKE_SBATCH = sys.argv[1:5]
sys.path.insert(0, os.path.dirname(os.path.realpath(SWEEP)))
from vmsim_sweep import plot  # noqa: E402  (to read the series a plot file holds)

# A short run of the guest OS's tlbsweep (24 pages, 4 rounds): a few million instructions.
PROGRAM = '[[program]]\nname = "tlbsweep-24"\ncommand = ["tlbsweep", "24", "4"]\n'
LIMIT = '[options]\nmax-instructions = "1G"\n'


def check(condition, message):
    if not condition:
        print("FAIL: " + message, file=sys.stderr)
        sys.exit(1)


def sweep(*args, env=None):
    answer = subprocess.run([SWEEP, "--vmsim", VMSIM] + list(args), capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL)
    print(f"--- vmsim-sweep {' '.join(args)}: status {answer.returncode}\n{answer.stdout}{answer.stderr}")
    return answer


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def results(directory):
    """{key: result.json} of the points that are done."""
    found = {}
    points = os.path.join(directory, "points")
    for key in os.listdir(points) if os.path.isdir(points) else []:
        path = os.path.join(points, key, "result.json")
        if os.path.exists(path):
            with open(path) as f:
                found[key] = json.load(f)
    return found


def result_times(directory):
    points = os.path.join(directory, "points")
    return {key: os.stat(os.path.join(points, key, "result.json")).st_mtime_ns for key in results(directory)}


def leaves(stats):
    """Every value of a --stats-json document under the column the CSV should give it,
    walked here independently of the tool's own code."""
    out = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(prefix + "." + k if prefix else k, v)
        elif isinstance(value, list):
            return
        else:
            out[prefix] = value

    walk("", {k: v for k, v in stats.items() if k != "by_process"})
    for process in stats.get("by_process", []):
        walk(f"process.{process['pid']}.{process['name']}",
             {k: v for k, v in process.items() if k not in ("pid", "name")})
    return out


def as_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def vmsim_alone(options, program, stats_path):
    argv = [VMSIM, "--headless", "--stats-json", stats_path] + options + ["--append", "quiet " + program]
    answer = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True)
    check(answer.returncode == 0, f"{' '.join(argv)} exited {answer.returncode}")
    with open(stats_path) as f:
        return json.load(f)


def case_local_eight_points(work):
    """8 points in parallel; the CSV holds every number of each point's own --stats-json,
    as vmsim run alone with the same options writes it."""
    toml = write(os.path.join(work, "t.toml"), PROGRAM + LIMIT +
                 '[grid]\ntlb-entries = [8, 32]\ntlb-ways = [1, 0]\ntlb-policy = ["lru", "fifo"]\n')
    out = os.path.join(work, "out")
    answer = sweep("run", toml, "-o", out, "-j", "2")
    check(answer.returncode == 0, "the sweep should pass")
    check("8/8 points" in answer.stderr, "the progress line should reach 8/8 points")
    rows = read_csv(os.path.join(out, "results.csv"))
    check(len(rows) == 8, f"8 rows expected, got {len(rows)}")
    check(len({(r["tlb-entries"], r["tlb-ways"], r["tlb-policy"]) for r in rows}) == 8,
          "each row should be a different point")
    done = results(out)
    spans = sorted((r["started"], r["started"] + r["seconds"]) for r in done.values())
    check(any(spans[i + 1][0] < spans[i][1] for i in range(len(spans) - 1)),
          "with -j 2 two points should run at the same time")
    for row in rows:
        check(row["status"] == "0" and row["error"] == "", f"point {row['point']} should pass")
        alone = vmsim_alone(["--max-instructions", "1G", "--tlb-entries", row["tlb-entries"], "--tlb-ways",
                             row["tlb-ways"], "--tlb-policy", row["tlb-policy"]], "tlbsweep 24 4",
                            os.path.join(work, "alone.json"))
        with open(os.path.join(out, "points", row["point"], "stats.json")) as f:
            kept = json.load(f)
        kept.pop("host_seconds"), alone.pop("host_seconds")
        check(kept == alone, f"point {row['point']}: its stats.json differs from vmsim's own run")
        for column, value in leaves(alone).items():
            check(column in row, f"no column {column}")
            check(row[column] == as_cell(value), f"point {row['point']}: {column} is {row[column]}, "
                                                 f"vmsim alone says {value}")
        load = alone["tlb"]["load"]
        rate = 100.0 * load["hits"] / (load["hits"] + load["misses"])
        check(math.isclose(float(row["load-hit-rate"]), rate, rel_tol=1e-9), "load-hit-rate")
        mpki = 1000.0 * alone["tlb"]["misses"] / alone["instructions"]
        check(math.isclose(float(row["mpki"]), mpki, rel_tol=1e-9), "mpki")
    print("ok: 8 points, each row equal to vmsim's own --stats-json")


def case_failing_points(work):
    """A point vmsim refuses at run time and a guest program that fails are recorded with
    their status and first line of standard error; the other points still run."""
    toml = write(os.path.join(work, "t.toml"), PROGRAM +
                 '[[program]]\nname = "bad-usage"\ncommand = ["tlbsweep", "0"]\n' + LIMIT +
                 '[grid]\ntlb-entries = [8]\ntlb-ways = [1, 3]\n')
    out = os.path.join(work, "out")
    answer = sweep("run", toml, "-o", out)
    check(answer.returncode == 1, "a sweep with failed points exits 1")
    rows = {(r["program"], r["tlb-ways"]): r for r in read_csv(os.path.join(out, "results.csv"))}
    check(len(rows) == 4, "every point has a row")
    for program in ("tlbsweep-24", "bad-usage"):
        bad = rows[(program, "3")]
        with open(os.path.join(out, "points", bad["point"], "stderr")) as f:
            first = f.readline().strip()
        check(bad["status"] == "64", f"8 entries in 3 ways: vmsim's usage status 64, got {bad['status']}")
        check(bad["error"] == first and "ways" in first, f"the error column should be vmsim's line: {bad['error']}")
    check(rows[("tlbsweep-24", "1")]["status"] == "0" and rows[("tlbsweep-24", "1")]["instructions"] != "",
          "the good point passes with its statistics")
    check(rows[("bad-usage", "1")]["status"] == "2", "tlbsweep 0 exits 2 (its usage message)")
    check(rows[("bad-usage", "1")]["instructions"] != "", "a failed guest still has statistics")
    print("ok: failed points recorded, the rest ran")


def case_bad_input(work):
    """An option vmsim or the kernel does not know, or a value it refuses, stops the sweep
    before any point runs, naming it."""
    cases = [
        ('[grid]\ntlb-entires = [8, 16]\n', "tlb-entires"),
        ('[grid]\ntlb-policy = ["lru", "mru"]\n', "mru"),
        ('[grid.kernel]\nschde = ["rr"]\n', "schde"),
        ('[grid.kernel]\nslice = [5, 0]\n', "slice"),
        ('[gird]\ntlb-entries = [8]\n', "gird"),
        ('[options]\nstats-json = "x.json"\n', "stats-json"),
    ]
    for n, (text, name) in enumerate(cases):
        toml = write(os.path.join(work, f"bad{n}.toml"), PROGRAM + text)
        out = os.path.join(work, f"out{n}")
        answer = sweep("run", toml, "-o", out)
        check(answer.returncode == 2, f"{name}: bad input exits 2")
        lines = answer.stderr.strip().splitlines()
        check(len(lines) == 1 and name in lines[0], f"one line naming {name}")
        check(not os.path.exists(out), f"{name}: nothing may run (no {out})")
    print("ok: bad options refused before any run")


def case_slurm(work):
    """The job array lists the points not done; run by a stand-in sbatch with
    SLURM_ARRAY_TASK_ID it runs exactly those; collect gathers all."""
    toml = write(os.path.join(work, "t.toml"), PROGRAM + LIMIT +
                 '[grid]\ntlb-entries = [8, 16, 32]\ntlb-policy = ["lru", "fifo"]\n')
    out = os.path.join(work, "out")
    check(sweep("slurm", toml, "-o", out).returncode == 0, "slurm writes the script")
    script = os.path.join(out, "sweep.sbatch")
    check(subprocess.run(["bash", "-n", script]).returncode == 0, "bash -n accepts the script")
    check(subprocess.run(["bash", script], capture_output=True).returncode == 2,
          "the script refuses to run without SLURM_ARRAY_TASK_ID")
    with open(os.path.join(out, "plan.json")) as f:
        keys = [p["key"] for p in json.load(f)["points"]]
    check(len(keys) == 6, "six points planned")
    for index in (1, 4):  # done before: by hand, as an earlier job would have
        check(sweep("run-point", out, str(index)).returncode == 0, f"run-point {index}")
    before = result_times(out)
    check(set(before) == {keys[1], keys[4]}, "points 1 and 4 are done")
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir)
    shutil.copy(FAKE_SBATCH, os.path.join(bin_dir, "sbatch"))
    log = os.path.join(work, "sbatch.log")
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], FAKE_SBATCH_LOG=log)
    answer = sweep("slurm", toml, "-o", out, "--submit", env=env)
    check(answer.returncode == 0, "slurm --submit with the stand-in sbatch")
    with open(script) as f:
        text = f.read()
    check("#SBATCH --array=0,2-3,5\n" in text, "the array lists the points not done")
    check(subprocess.run(["bash", "-n", script]).returncode == 0, "bash -n accepts the new script")
    with open(log) as f:
        ran = [int(line) for line in f.read().split()]
    check(ran == [0, 2, 3, 5], f"tasks 0, 2, 3, 5 expected, the stand-in ran {ran}")
    after = result_times(out)
    check(set(after) == set(keys), "every point is done")
    check(all(after[k] == before[k] for k in before), "the points done before did not run again")
    answer = sweep("collect", out)
    check(answer.returncode == 0, "collect")
    rows = read_csv(os.path.join(out, "results.csv"))
    check([r["point"] for r in rows] == keys and all(r["status"] == "0" for r in rows),
          "the CSV has the six points, in plan order, passed")
    print("ok: the job array ran exactly the points not done")


def case_resume(work):
    """A grown sweep runs only its new points; an interrupted one keeps what finished, does
    not record what it stopped, and goes on from there."""
    out = os.path.join(work, "out")
    small = write(os.path.join(work, "small.toml"), PROGRAM + LIMIT + '[grid]\ntlb-entries = [8, 16]\n')
    check(sweep("run", small, "-o", out).returncode == 0, "first sweep")
    before = result_times(out)
    grown = write(os.path.join(work, "grown.toml"), PROGRAM + LIMIT + '[grid]\ntlb-entries = [8, 16, 32]\n')
    answer = sweep("run", grown, "-o", out)
    check(answer.returncode == 0 and "3 points, 2 done already; running 1" in answer.stderr,
          "the grown sweep runs one point")
    after = result_times(out)
    check(len(after) == 3 and all(after[k] == before[k] for k in before), "the two done points were skipped")
    check(len(read_csv(os.path.join(out, "results.csv"))) == 3, "three rows")

    # tlbsweep with two billion rounds does not end by itself: it is running for sure when
    # the quick point has finished, and only the interrupt stops it.
    out = os.path.join(work, "interrupted")
    endless = PROGRAM + '[[program]]\nname = "endless"\ncommand = ["tlbsweep", "8", "2000000000"]\n'
    toml = write(os.path.join(work, "endless.toml"), endless + '[grid]\ntlb-entries = [8]\n')
    child = subprocess.Popen([SWEEP, "--vmsim", VMSIM, "run", toml, "-o", out, "-j", "2"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while not results(out) and child.poll() is None:
        time.sleep(0.1)
    check(child.poll() is None, "the sweep should still be running the endless point")
    child.send_signal(signal.SIGINT)
    output, _ = child.communicate()
    print(output)
    check(child.returncode == 130, f"an interrupted sweep exits 130, not {child.returncode}")
    done = results(out)
    check(len(done) == 1 and list(done.values())[0]["params"]["program"] == "tlbsweep-24",
          "the finished point is kept, the stopped one is not recorded")
    rows = read_csv(os.path.join(out, "results.csv"))
    check(len(rows) == 1 and rows[0]["status"] == "0", "the CSV has the finished point")
    kept = result_times(out)
    toml = write(os.path.join(work, "endless.toml"), '[sweep]\ntimeout = 3\n' + endless +
                 '[grid]\ntlb-entries = [8]\n')
    answer = sweep("run", toml, "-o", out)
    check("2 points, 1 done already; running 1" in answer.stderr, "the rerun goes on with the stopped point")
    check(answer.returncode == 1, "the endless point fails (timeout)")
    rows = {r["program"]: r for r in read_csv(os.path.join(out, "results.csv"))}
    check(rows["endless"]["status"] == "124" and "timeout" in rows["endless"]["error"],
          "the endless point is recorded as a timeout")
    check(result_times(out)[list(kept)[0]] == list(kept.values())[0], "the finished point did not run again")
    print("ok: resume skips done points; an interrupt loses no finished point")


def case_plot(work):
    """The plot files hold the series drawn: one line per policy, x the TLB sizes, y the
    CSV's load hit rates."""
    toml = write(os.path.join(work, "t.toml"), PROGRAM + LIMIT +
                 '[grid]\ntlb-entries = [8, 16, 32]\ntlb-ways = [0]\ntlb-policy = ["lru", "random"]\n')
    out = os.path.join(work, "out")
    check(sweep("run", toml, "-o", out).returncode == 0, "the sweep should pass")
    table = os.path.join(out, "results.csv")
    stem = os.path.join(work, "curve")
    answer = sweep("plot", table, "--x", "tlb-entries", "--y", "load-hit-rate", "--by", "tlb-policy", "-o", stem)
    check(answer.returncode == 0, "plot")
    rows = read_csv(table)
    for path, reader in ((stem + ".png", plot.series_of_png), (stem + ".svg", plot.series_of_svg)):
        check(os.path.getsize(path) > 1000, f"{path} is made")
        held = reader(path)
        check(held is not None, f"{path} holds its series")
        check(held["x"] == "tlb-entries" and held["y"] == "load-hit-rate", "axes")
        lines = {s["label"]: s for s in held["series"]}
        check(set(lines) == {"lru", "random"}, f"one line per policy, got {sorted(lines)}")
        for policy, line in lines.items():
            want = sorted((float(r["tlb-entries"]), float(r["load-hit-rate"])) for r in rows
                          if r["tlb-policy"] == policy)
            got = list(zip(line["x"], line["y"]))
            check(len(got) == 3 and all(math.isclose(a, c) and math.isclose(b, d)
                                        for (a, b), (c, d) in zip(got, want)),
                  f"{path}: the {policy} line should be {want}, is {got}")
    answer = sweep("plot", table, "--x", "tlb-entries", "--y", "load-hit-rate", "--by", "program")
    check(answer.returncode == 2 and "tlb-policy" in answer.stderr,
          "rows that differ in a column left out are refused, naming it")
    print("ok: PNG and SVG hold the expected series")


CASES = {"local-eight-points": case_local_eight_points, "failing-points": case_failing_points,
         "bad-input": case_bad_input, "slurm": case_slurm, "resume": case_resume, "plot": case_plot}

if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="vmsim-sweep-test.") as work:
        CASES[CASE](work)
