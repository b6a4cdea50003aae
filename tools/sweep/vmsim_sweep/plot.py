"""Curves from a sweep's CSV: one line per program (or per value of other columns), y against
x, saved as PNG and SVG with matplotlib.

Each file also carries the series it draws, as JSON in its Description metadata (a PNG
tEXt chunk, the SVG's dc:description), taken from the drawn lines, so that a program can
check what a picture shows without reading pixels (series_of_png, series_of_svg)."""
import csv
import fnmatch
import json
import math
import re

from .sweepfile import SweepError

# Columns that tell points apart without being a parameter of the run.
NOT_PARAMETERS = {"point", "repetition"}


def _number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def read_csv(path):
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            return reader.fieldnames or [], rows
    except OSError as e:
        raise SweepError(f"cannot read {path}: {e.strerror}")


def _parameters(columns):
    """The columns before status are the point's parameters (results.py writes them first)."""
    if "status" not in columns:
        raise SweepError("not a vmsim-sweep CSV: no status column")
    return [c for c in columns[:columns.index("status")] if c not in NOT_PARAMETERS]


def _y_columns(columns, pattern):
    if any(ch in pattern for ch in "*?["):
        chosen = [c for c in columns if fnmatch.fnmatchcase(c, pattern)]
    else:
        chosen = [pattern] if pattern in columns else []
    if not chosen:
        near = [c for c in columns if pattern.split(".")[-1].strip("*") in c][:8]
        hint = f" (columns like it: {', '.join(near)})" if near else ""
        raise SweepError(f"no column matches --y {pattern}{hint}")
    return chosen


def series(columns, rows, x, y, by, where, include_failed):
    """[(label, [(x, mean y), ...])] in a stable order, and whether x is numeric."""
    for column in [x] + by + [w[0] for w in where]:
        if column not in columns:
            raise SweepError(f"no column {column} in the CSV")
    parameters = _parameters(columns)
    chosen = [r for r in rows if all(r[c] == v for c, v in where)]
    if not include_failed:
        chosen = [r for r in chosen if r["status"] == "0"]
    if not chosen:
        raise SweepError("no rows left to plot (check --where; failed points are left out "
                         "unless --include-failed)")
    fixed = set([x] + by + [w[0] for w in where])
    for column in parameters:
        if column in fixed:
            continue
        if len({r[column] for r in chosen}) > 1:
            raise SweepError(f"the rows differ in {column} too: add it to --by, or choose one "
                             f"value with --where {column}=VALUE")
    numeric = all(_number(r[x]) is not None for r in chosen)
    result = []
    for y_column in _y_columns(columns, y):
        groups = {}
        for r in chosen:
            value = _number(r.get(y_column, ""))
            if value is None:
                continue
            label = ", ".join(r[c] for c in by)
            groups.setdefault(label, {}).setdefault(r[x], []).append(value)
        for label, points in groups.items():
            xs = sorted(points, key=_number) if numeric else list(points)
            line = [(_number(v) if numeric else v, sum(points[v]) / len(points[v])) for v in xs]
            name = label
            if y_column != y:
                name = f"{y_column}: {label}" if label else y_column
            result.append((name or y_column, line))
    if not result:
        raise SweepError(f"no numbers in the column(s) --y {y} for the rows chosen")
    return result, numeric


def _log_base(values):
    """A log scale fits positive values spanning a factor of 16 or more: base 2 when they
    are all powers of two (TLB sizes), else 10."""
    if not values or min(values) <= 0 or max(values) / min(values) < 16:
        return None
    powers = all(float(v).is_integer() and int(v) & (int(v) - 1) == 0 for v in values)
    return 2 if powers else 10


def draw(lines, numeric, x, y, by, out_stem, logx, logy, title, ylabel=None):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Many lines: the legend goes beside the plot, where it hides none of them.
    outside = len(lines) > 4
    figure, axes = plt.subplots(figsize=(9 if outside else 7, 4.5))
    categories = []
    # Lines that coincide (LRU and FIFO on a cyclic sweep) stay visible: the styles differ.
    styles = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]
    for number, (label, points) in enumerate(lines):
        linestyle, marker = styles[number % len(styles)]
        xs = [p[0] for p in points]
        if not numeric:
            for v in xs:
                if v not in categories:
                    categories.append(v)
            xs = [categories.index(v) for v in xs]
        axes.plot(xs, [p[1] for p in points], linestyle=linestyle, marker=marker, label=label)
    if numeric:
        base = _log_base([p[0] for _, ps in lines for p in ps]) if logx is None else (10 if logx else None)
        if base:
            axes.set_xscale("log", base=base)
            if base == 2:
                values = sorted({p[0] for _, ps in lines for p in ps})
                axes.set_xticks(values)
                axes.set_xticklabels([f"{v:g}" for v in values])
    else:
        axes.set_xticks(range(len(categories)))
        axes.set_xticklabels(categories)
    ys = [p[1] for _, ps in lines for p in ps]
    if (logy is None and _log_base(ys) and max(ys) / min(ys) >= 100) or logy:
        axes.set_yscale("log")
    axes.set_xlabel(x)
    axes.set_ylabel(ylabel or y)
    axes.grid(True, which="both", alpha=0.3)
    if title:
        axes.set_title(title)
    if len(lines) > 1 or by:
        where = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0)} if outside else {}
        axes.legend(title=", ".join(by) if by else None, fontsize="small", **where)
    figure.tight_layout()
    drawn = []
    for line in axes.get_lines():
        xs = [categories[int(v)] if not numeric else float(v) for v in line.get_xdata()]
        drawn.append({"label": line.get_label(), "x": xs, "y": [float(v) for v in line.get_ydata()]})
    description = json.dumps({"x": x, "y": y, "by": by, "series": drawn})
    paths = [out_stem + ".png", out_stem + ".svg"]
    figure.savefig(paths[0], dpi=110, metadata={"Description": description})
    figure.savefig(paths[1], metadata={"Description": description})
    plt.close(figure)
    return paths


def series_of_png(path):
    """The series a PNG made by draw() holds (its Description tEXt chunk)."""
    with open(path, "rb") as f:
        data = f.read()
    at = 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        if kind == b"tEXt" and body.startswith(b"Description\0"):
            return json.loads(body[len(b"Description\0"):].decode("latin-1"))
        at += 12 + length
    return None


def series_of_svg(path):
    import html
    with open(path) as f:
        text = f.read()
    found = re.search(r"<dc:description>(.*?)</dc:description>", text, re.S)
    return json.loads(html.unescape(found.group(1))) if found else None
