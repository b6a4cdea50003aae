"""The sweep file (TOML): which programs to run, which vmsim and kernel options to fix or to
vary, and how often; and the list of points it stands for.

    [sweep]
    repetitions = 1           # runs of each point (guest statistics are deterministic;
                              # repetitions measure host time)
    timeout = 600             # host seconds a point may take (0: no limit)

    [[program]]
    name = "tlbsweep-64"      # the value in the CSV's program column
    command = ["tlbsweep", "64", "20"]   # a program in the guest OS's /bin, its arguments
    # or: elf = "my.elf" (relative to this file) and args = ["..."]

    [options]                 # vmsim options every point gets
    max-instructions = "2G"
    [options.kernel]          # kernel options every point gets (--append)

    [grid]                    # vmsim options to vary: every combination is a point
    tlb-entries = [8, 16, 32]
    tlb-split = [false, true] # a flag: given or not
    [grid.kernel]             # kernel options to vary
    sched = ["rr", "priority"]
"""
import hashlib
import itertools
import json
import os
import tomllib
from dataclasses import dataclass, field


class SweepError(Exception):
    """Bad input: one line for the user; vmsim-sweep exits with status 2."""


KERNEL_PREFIX = "kernel."
ALLOWED = {
    "": {"sweep", "program", "options", "grid"},
    "sweep": {"repetitions", "timeout"},
    "program": {"name", "command", "elf", "args"},
}


@dataclass
class Program:
    name: str
    command: list = field(default_factory=list)  # run from the guest's /bin
    elf: str = ""                                # or this ELF file (absolute path)
    args: list = field(default_factory=list)


@dataclass
class Point:
    """One run: a program with one value for each option, and a repetition number."""
    params: dict      # column -> value: program, options (kernel ones as kernel.NAME), repetition
    program: Program
    options: dict     # vmsim option -> value
    kernel: dict      # kernel option -> value

    @property
    def key(self):
        """Names the point's directory: the same parameters give the same key, so a sweep
        file that grows keeps the points it already ran."""
        text = json.dumps([self.params, self.program.__dict__], sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def vmsim_args(self):
        """vmsim's arguments, except --stats-json, which the runner adds."""
        args = ["--headless"]
        for name, value in self.options.items():
            args += option_words(name, value)
        words = [kernel_word(name, value) for name, value in self.kernel.items()]
        words = [w for w in words if w]
        if self.program.elf:
            if words:
                args += ["--append", " ".join(words)]
            return args + [self.program.elf] + [str(a) for a in self.program.args]
        words += ["quiet"] + [str(a) for a in self.program.command]
        return args + ["--append", " ".join(words)]


def option_words(name, value):
    """A flag (a boolean value) is given or left out; any other value follows the option."""
    if isinstance(value, bool):
        return ["--" + name] if value else []
    return ["--" + name, str(value)]


def kernel_word(name, value):
    if isinstance(value, bool):
        return name if value else ""
    return f"{name}={value}"


@dataclass
class Sweep:
    path: str
    programs: list
    fixed: dict        # vmsim option -> value
    fixed_kernel: dict
    grid: dict         # vmsim option -> list of values
    grid_kernel: dict
    repetitions: int = 1
    timeout: float = 0

    def points(self):
        axes = [(name, values) for name, values in self.grid.items()]
        axes += [(KERNEL_PREFIX + name, values) for name, values in self.grid_kernel.items()]
        result = []
        for program in self.programs:
            for combination in itertools.product(*[values for _, values in axes]):
                chosen = dict(zip([name for name, _ in axes], combination))
                for repetition in range(self.repetitions):
                    result.append(self._point(program, chosen, repetition))
        return result

    def _point(self, program, chosen, repetition):
        options = dict(self.fixed)
        kernel = dict(self.fixed_kernel)
        for name, value in chosen.items():
            if name.startswith(KERNEL_PREFIX):
                kernel[name[len(KERNEL_PREFIX):]] = value
            else:
                options[name] = value
        params = {"program": program.name}
        params.update(options)
        params.update({KERNEL_PREFIX + k: v for k, v in kernel.items()})
        params["repetition"] = repetition
        return Point(params=params, program=program, options=options, kernel=kernel)


def _check_keys(table, where):
    unknown = sorted(set(table) - ALLOWED[where])
    if unknown:
        place = f"[{where}]" if where else "the top level"
        raise SweepError(f"unknown key '{unknown[0]}' in {place} (known: {', '.join(sorted(ALLOWED[where]))})")


def _scalar(value, where):
    if isinstance(value, (bool, int, float, str)):
        return value
    raise SweepError(f"{where}: wants a number, a string or true/false, not {value!r}")


def _options(table, where, listed):
    """Splits [options] or [grid] into vmsim options and the kernel table."""
    if not isinstance(table, dict):
        raise SweepError(f"[{where}] must be a table")
    options, kernel = {}, {}
    for name, value in table.items():
        if name == "kernel":
            if not isinstance(value, dict):
                raise SweepError(f"[{where}.kernel] must be a table of kernel options")
            for kname, kvalue in value.items():
                kernel[kname] = _values(kvalue, f"[{where}.kernel] {kname}", listed)
        else:
            options[name] = _values(value, f"[{where}] {name}", listed)
    return options, kernel


def _values(value, where, listed):
    if not listed:
        return _scalar(value, where)
    if not isinstance(value, list) or not value:
        raise SweepError(f"{where}: wants a non-empty list of values")
    values = [_scalar(v, where) for v in value]
    if len(set(map(repr, values))) != len(values):
        raise SweepError(f"{where}: a value is listed twice")
    return values


def _program(table, base, index):
    where = f"[[program]] number {index + 1}"
    if not isinstance(table, dict):
        raise SweepError(f"{where} must be a table")
    _check_keys(table, "program")
    command, elf = table.get("command"), table.get("elf")
    if (command is None) == (elf is None):
        raise SweepError(f"{where}: give either command (a program in the guest's /bin) or elf")
    args = table.get("args", [])
    if command is not None:
        if not isinstance(command, list) or not command or not all(isinstance(w, str) for w in command):
            raise SweepError(f"{where}: command wants a list of strings, the program's name first")
        if "args" in table:
            raise SweepError(f"{where}: args go with elf; put a command's arguments in the command")
        name = table.get("name", " ".join(command))
        return Program(name=str(name), command=command)
    if not isinstance(elf, str) or not isinstance(args, list):
        raise SweepError(f"{where}: elf wants a file name and args a list")
    path = os.path.normpath(os.path.join(base, elf))
    if not os.path.isfile(path):
        raise SweepError(f"{where}: no file {path}")
    name = table.get("name", os.path.basename(elf))
    return Program(name=str(name), elf=path, args=[str(a) for a in args])


def load(path):
    """Reads and checks the sweep file's shape (SweepError on anything wrong). Whether vmsim
    and the kernel know the options is vmsim_options.check's business."""
    try:
        with open(path, "rb") as f:
            doc = tomllib.load(f)
    except OSError as e:
        raise SweepError(f"cannot read {path}: {e.strerror}")
    except tomllib.TOMLDecodeError as e:
        raise SweepError(f"{path}: not valid TOML: {e}")
    _check_keys(doc, "")
    settings = doc.get("sweep", {})
    _check_keys(settings, "sweep")
    repetitions = settings.get("repetitions", 1)
    if not isinstance(repetitions, int) or isinstance(repetitions, bool) or repetitions < 1:
        raise SweepError("[sweep] repetitions wants a whole number from 1")
    timeout = settings.get("timeout", 0)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout < 0:
        raise SweepError("[sweep] timeout wants a number of seconds (0: no limit)")
    tables = doc.get("program")
    if not isinstance(tables, list) or not tables:
        raise SweepError("no [[program]]: the sweep needs at least one program to run")
    base = os.path.dirname(os.path.abspath(path))
    programs = [_program(t, base, i) for i, t in enumerate(tables)]
    names = [p.name for p in programs]
    if len(set(names)) != len(names):
        raise SweepError("two programs have the same name; give each a name = \"...\"")
    fixed, fixed_kernel = _options(doc.get("options", {}), "options", listed=False)
    grid, grid_kernel = _options(doc.get("grid", {}), "grid", listed=True)
    for name in fixed:
        if name in grid:
            raise SweepError(f"option '{name}' is both in [options] and in [grid]")
    for name in fixed_kernel:
        if name in grid_kernel:
            raise SweepError(f"kernel option '{name}' is both in [options.kernel] and in [grid.kernel]")
    return Sweep(path=os.path.abspath(path), programs=programs, fixed=fixed, fixed_kernel=fixed_kernel,
                 grid=grid, grid_kernel=grid_kernel, repetitions=repetitions, timeout=float(timeout))
