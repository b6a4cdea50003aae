"""A Slurm job-array script for a sweep: array task I runs point I of DIR/plan.json with
`vmsim-sweep run-point DIR I`; `vmsim-sweep collect DIR` then writes the CSV.

The array lists only the points that were not done when the script was written, so a
sweep that was cut short resumes by writing and submitting the script again."""
import os
import shlex


def array_spec(indices):
    """[0, 1, 2, 5, 7, 8] -> "0-2,5,7-8" (sbatch --array's syntax)."""
    parts = []
    start = previous = None
    for i in sorted(indices):
        if previous is not None and i == previous + 1:
            previous = i
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = i
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ",".join(parts)


def script(directory, sweep_command, indices, job_name, max_running, extra_options):
    """The batch script's text. sweep_command: how to start this vmsim-sweep on a node."""
    array = array_spec(indices)
    if max_running:
        array += f"%{max_running}"
    log = os.path.join(directory.path, "slurm", "%A_%a.out")
    lines = [
        "#!/bin/bash",
        "# Made by vmsim-sweep slurm: one array task per point of the sweep in",
        f"# {directory.path} that was not done yet. Submit: sbatch {shlex.quote(os.path.join(directory.path, 'sweep.sbatch'))}",
        f"# When the tasks are done: vmsim-sweep collect {shlex.quote(directory.path)}",
        f"#SBATCH --job-name={job_name}",
        f"#SBATCH --array={array}",
        "#SBATCH --ntasks=1",
        "#SBATCH --cpus-per-task=1",
        f"#SBATCH --output={log}",
    ]
    lines += [f"#SBATCH {option}" for option in extra_options]
    lines += [
        "set -eu",
        'if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then',
        '    echo "sweep.sbatch: no SLURM_ARRAY_TASK_ID; submit this script with sbatch" >&2',
        "    exit 2",
        "fi",
        "exec " + " ".join(shlex.quote(w) for w in sweep_command)
        + f" run-point {shlex.quote(directory.path)} \"$SLURM_ARRAY_TASK_ID\"",
        "",
    ]
    return "\n".join(lines)
