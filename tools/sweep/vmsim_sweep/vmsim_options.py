"""Asking vmsim whether it takes the sweep's options, before any point runs.

vmsim is the one authority on its options: an option is known when `vmsim --help` lists it,
and a value is good when vmsim parses it, which `vmsim --OPTION VALUE --help` shows (vmsim
reads its options in order and stops at --help, so it refuses a bad one first). Kernel
options go the same way through --append, whose NAME=VALUE words vmsim checks against the
kernel's list (src/os/abi/kernel_options.h)."""
import re
import subprocess

from .sweepfile import SweepError, kernel_word, option_words

# What the sweep itself decides for every point.
RESERVED = {
    "stats-json": "the sweep writes each point's --stats-json itself",
    "append": "put kernel options in [grid.kernel] or [options.kernel]",
    "help": "not an option of a run", "version": "not an option of a run",
    "window": "points run headless", "headless": "points run headless",
    "gdb": "points cannot wait for a debugger",
}
KERNEL_RESERVED = {"quiet": "the sweep boots every point quiet"}


def _vmsim(vmsim, args):
    try:
        return subprocess.run([vmsim] + args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60)
    except OSError as e:
        raise SweepError(f"cannot run vmsim ({vmsim}): {e.strerror}")


def _first_line(text):
    lines = text.strip().splitlines()
    return lines[0] if lines else "(no message)"


def known_options(vmsim):
    usage = _vmsim(vmsim, ["--help"])
    if usage.returncode != 0:
        raise SweepError(f"{vmsim} --help failed: {_first_line(usage.stderr)}")
    return set(re.findall(r"--([a-z][a-z0-9-]*)", usage.stdout))


def check(sweep, vmsim):
    """Raises SweepError naming the first option or value vmsim refuses."""
    known = known_options(vmsim)
    for table, options in (("options", sweep.fixed), ("grid", sweep.grid)):
        for name, values in options.items():
            if name in RESERVED:
                raise SweepError(f"[{table}] {name}: {RESERVED[name]}")
            if name not in known:
                raise SweepError(f"[{table}] {name}: vmsim has no option --{name} (see vmsim --help)")
            for value in values if isinstance(values, list) else [values]:
                answer = _vmsim(vmsim, option_words(name, value) + ["--help"])
                if answer.returncode != 0:
                    raise SweepError(f"[{table}] {name} = {value!r}: vmsim refuses it: "
                                     f"{_first_line(answer.stderr)}")
    for table, options in (("options.kernel", sweep.fixed_kernel), ("grid.kernel", sweep.grid_kernel)):
        for name, values in options.items():
            if name in KERNEL_RESERVED:
                raise SweepError(f"[{table}] {name}: {KERNEL_RESERVED[name]}")
            for value in values if isinstance(values, list) else [values]:
                word = kernel_word(name, value) or name
                if "=" not in word:
                    raise SweepError(f"[{table}] {name}: kernel options take a value (NAME=VALUE)")
                answer = _vmsim(vmsim, ["--append", word, "--help"])
                if answer.returncode != 0:
                    raise SweepError(f"[{table}] {name} = {value!r}: vmsim refuses it: "
                                     f"{_first_line(answer.stderr)}")
