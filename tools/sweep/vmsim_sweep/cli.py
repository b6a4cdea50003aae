"""vmsim-sweep's command line: run, slurm, run-point, collect, plot.

Exit status: 0 every point ran and passed; 1 some point failed (it is recorded in the
CSV with its status and first line of standard error); 2 bad input (nothing ran);
130 interrupted (every finished point is kept; run again to resume)."""
import argparse
import os
import shutil
import subprocess
import sys

from . import plot, results, slurm, vmsim_options
from .runner import Interrupted, Runner
from .store import SweepDirectory
from .sweepfile import SweepError, load

EXIT_FAILED_POINTS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _find_vmsim(given, script):
    if given:
        return os.path.abspath(given)
    beside = os.path.join(os.path.dirname(script), "vmsim")
    if os.access(beside, os.X_OK):
        return beside
    found = shutil.which("vmsim")
    if not found:
        raise SweepError("cannot find vmsim beside vmsim-sweep or on PATH; give --vmsim PATH")
    return os.path.abspath(found)


def _default_directory(sweep_file):
    stem = os.path.splitext(os.path.basename(sweep_file))[0]
    return stem + ".sweep"


def _plan(args, script):
    """Loads the sweep file, has vmsim check its options, and writes DIR/plan.json."""
    sweep = load(args.sweep_file)
    vmsim = _find_vmsim(args.vmsim, script)
    vmsim_options.check(sweep, vmsim)
    directory = SweepDirectory(args.output or _default_directory(args.sweep_file))
    plan = directory.write_plan(vmsim, sweep, sweep.points())
    return directory, plan


def _to_run(directory, plan, retry_failed):
    indices = []
    for i, point in enumerate(plan["points"]):
        result = directory.result(point["key"])
        if result is None or (retry_failed and result["status"] != 0):
            indices.append(i)
    return indices


def _collect(directory, plan, csv_path, quiet=False):
    table, missing = results.rows(directory, plan)
    path = csv_path or os.path.join(directory.path, "results.csv")
    results.write_csv(path, table)
    failed = [r for r in table if r["status"] != 0]
    if not quiet:
        print(f"vmsim-sweep: {path}: {len(table)} of {len(plan['points'])} points"
              + (f", {len(failed)} failed" if failed else "")
              + (f", {len(missing)} not run yet" if missing else ""), file=sys.stderr)
        for row in failed[:5]:
            print(f"  failed: point {row['point']} ({row['program']}): status {row['status']}: {row['error']}",
                  file=sys.stderr)
    return failed, missing


def command_run(args, script):
    directory, plan = _plan(args, script)
    todo = _to_run(directory, plan, args.retry_failed)
    total = len(plan["points"])
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(todo)))
    print(f"vmsim-sweep: {total} points, {total - len(todo)} done already; running {len(todo)}, "
          f"{jobs} at a time", file=sys.stderr)
    runner = Runner(directory, plan["vmsim"], plan["timeout"])
    for i in todo:
        directory.forget_result(plan["points"][i]["key"])
    try:
        runner.run_all([plan["points"][i] for i in todo], jobs, sys.stderr)
    except Interrupted:
        _collect(directory, plan, None)
        print("vmsim-sweep: interrupted; the finished points are kept, run again to go on", file=sys.stderr)
        return EXIT_INTERRUPTED
    failed, missing = _collect(directory, plan, None)
    return EXIT_FAILED_POINTS if failed or missing else 0


def command_slurm(args, script):
    directory, plan = _plan(args, script)
    todo = _to_run(directory, plan, args.retry_failed)
    if not todo:
        print("vmsim-sweep: every point is done; nothing to submit", file=sys.stderr)
        return 0
    for i in todo:
        directory.forget_result(plan["points"][i]["key"])
    os.makedirs(os.path.join(directory.path, "slurm"), exist_ok=True)
    command = [sys.executable, script]
    text = slurm.script(directory, command, todo, args.job_name, args.max_running, args.sbatch_option)
    path = os.path.join(directory.path, "sweep.sbatch")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    print(f"vmsim-sweep: {path}: {len(todo)} of {len(plan['points'])} points as a job array", file=sys.stderr)
    if not args.submit:
        print(f"  submit it with: sbatch {path}\n  then: {script} collect {directory.path}", file=sys.stderr)
        return 0
    try:
        return subprocess.run(["sbatch", path]).returncode
    except OSError as e:
        raise SweepError(f"cannot run sbatch: {e.strerror}")


def _existing(path):
    """A sweep directory made by run or slurm, and its plan."""
    directory = SweepDirectory(path)
    try:
        return directory, directory.read_plan()
    except OSError as e:
        raise SweepError(str(e))


def command_run_point(args, script):
    directory, plan = _existing(args.directory)
    if not 0 <= args.index < len(plan["points"]):
        raise SweepError(f"no point {args.index}: the plan has points 0 to {len(plan['points']) - 1}")
    point = plan["points"][args.index]
    done = directory.result(point["key"])
    if done is not None:
        print(f"vmsim-sweep: point {args.index} is done already (status {done['status']})", file=sys.stderr)
        return 0
    result = Runner(directory, plan["vmsim"], plan["timeout"]).run_point(point)
    print(f"vmsim-sweep: point {args.index} ({point['key']}): status {result['status']}"
          + (f": {result['error']}" if result["status"] else ""), file=sys.stderr)
    return 0


def command_collect(args, script):
    directory, plan = _existing(args.directory)
    failed, missing = _collect(directory, plan, args.output)
    return EXIT_FAILED_POINTS if failed or missing else 0


def _where(text):
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"--where wants COLUMN=VALUE, not '{text}'")
    column, value = text.split("=", 1)
    return column, value


def command_plot(args, script):
    columns, rows = plot.read_csv(args.csv)
    by = [c for c in args.by.split(",") if c] if args.by else []
    lines, numeric = plot.series(columns, rows, args.x, args.y, by, args.where, args.include_failed)
    stem = args.output or os.path.join(os.path.dirname(os.path.abspath(args.csv)),
                                       f"{args.y.replace('*', 'all')}-by-{args.x}")
    paths = plot.draw(lines, numeric, args.x, args.y, by, stem, args.logx, args.logy, args.title, args.ylabel)
    print("vmsim-sweep: " + " and ".join(paths), file=sys.stderr)
    return 0


def _parser():
    parser = argparse.ArgumentParser(prog="vmsim-sweep", description=(
        "Run vmsim over a grid of options and plot the statistics (docs/sweeps.md)."),
        epilog=("Exit status: 0 all points passed, 1 some failed (see the CSV), 2 bad input, "
                "130 interrupted (run again to resume)."))
    parser.add_argument("--vmsim", help="the vmsim to run (default: beside vmsim-sweep, else on PATH)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run every point that is not done yet, in parallel")
    slurm_command = commands.add_parser("slurm", help="write a Slurm job-array script for the points not done yet")
    for p in (run, slurm_command):
        p.add_argument("sweep_file", metavar="SWEEP.toml")
        p.add_argument("-o", "--output", metavar="DIR", help="the sweep directory (default: NAME.sweep)")
        p.add_argument("--retry-failed", action="store_true", help="run failed points again too")
    run.add_argument("-j", "--jobs", type=int, default=0, help="points at once (default: all cores)")
    slurm_command.add_argument("--submit", action="store_true", help="also run sbatch on it")
    slurm_command.add_argument("--job-name", default="vmsim-sweep")
    slurm_command.add_argument("--max-running", type=int, default=0, metavar="N",
                               help="at most N tasks at once (--array=...%%N)")
    slurm_command.add_argument("--sbatch-option", action="append", default=[], metavar="OPTION",
                               help="another #SBATCH line, such as --partition=short (repeatable)")

    run_point = commands.add_parser("run-point", help="run point INDEX of DIR's plan (what a Slurm task does)")
    run_point.add_argument("directory", metavar="DIR")
    run_point.add_argument("index", type=int, metavar="INDEX")

    collect = commands.add_parser("collect", help="write DIR/results.csv from the points done")
    collect.add_argument("directory", metavar="DIR")
    collect.add_argument("-o", "--output", metavar="CSV", help="write here instead")

    plot_command = commands.add_parser("plot", help="draw a column against another, PNG and SVG")
    plot_command.add_argument("csv", metavar="RESULTS.csv")
    plot_command.add_argument("--x", required=True, help="the column along the x axis")
    plot_command.add_argument("--y", required=True, help="the column to draw (a pattern with * draws each match)")
    plot_command.add_argument("--by", default="program", help="a line per value of these columns (comma-separated; default program)")
    plot_command.add_argument("--where", type=_where, action="append", default=[], metavar="COLUMN=VALUE",
                              help="only rows with this value (repeatable)")
    plot_command.add_argument("-o", "--output", metavar="STEM", help="write STEM.png and STEM.svg")
    plot_command.add_argument("--title")
    plot_command.add_argument("--ylabel", help="the y axis's label (default: the --y column)")
    plot_command.add_argument("--include-failed", action="store_true", help="plot failed points too")
    scale = plot_command.add_mutually_exclusive_group()
    scale.add_argument("--logx", action="store_true", default=None, help="log x axis (default: when it fits)")
    scale.add_argument("--linear-x", dest="logx", action="store_false")
    yscale = plot_command.add_mutually_exclusive_group()
    yscale.add_argument("--logy", action="store_true", default=None, help="log y axis (default: when it fits)")
    yscale.add_argument("--linear-y", dest="logy", action="store_false")
    return parser


COMMANDS = {"run": command_run, "slurm": command_slurm, "run-point": command_run_point,
            "collect": command_collect, "plot": command_plot}


def main(argv, script):
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 0) and args.jobs < 0:
        parser.error("--jobs wants a positive number")
    try:
        return COMMANDS[args.command](args, script)
    except SweepError as e:
        print(f"vmsim-sweep: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("vmsim-sweep: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
