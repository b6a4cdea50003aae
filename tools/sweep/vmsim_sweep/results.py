"""One CSV row per point: its parameters, how the run ended, and every statistic of its
--stats-json, flattened to columns, plus rates derived from them.

Columns (docs/sweeps.md):
  point, program, each option (kernel ones as kernel.NAME), repetition, status, error;
  every number of --stats-json under its JSON path joined with dots (instructions,
  tlb.hits, tlb.load.misses, tlb.by_asid.3.hits, ...); each process of by_process and of
  process_times as process.PID.NAME.FIELD (process.4.spin.instructions,
  process.4.spin.tlb.load.hits, process.4.spin.turnaround_ms);
  derived: hit-rate and fetch-, load-, store-hit-rate (percent of TLB lookups that hit),
  mpki and fetch-, load-, store-mpki (TLB misses per thousand instructions), mips (host
  speed), and the same rates per process (process.PID.NAME.load-hit-rate, with the
  process's own instructions for mpki)."""
import csv
import os

ACCESS_KINDS = ("fetch", "load", "store")
RUN_COLUMNS = ("status", "error")


def _flatten(value, prefix, row):
    if isinstance(value, dict):
        for name, inner in value.items():
            _flatten(inner, f"{prefix}.{name}" if prefix else name, row)
    elif isinstance(value, bool):
        row[prefix] = "true" if value else "false"
    elif not isinstance(value, list):
        row[prefix] = value


def _rate(hits, misses):
    return 100.0 * hits / (hits + misses) if hits + misses else ""


def _per_kilo(misses, instructions):
    return 1000.0 * misses / instructions if instructions else ""


def _tlb_rates(tlb, prefix, row, instructions):
    if not isinstance(tlb, dict) or "hits" not in tlb:
        return
    row[prefix + "hit-rate"] = _rate(tlb["hits"], tlb["misses"])
    if instructions is not None:
        row[prefix + "mpki"] = _per_kilo(tlb["misses"], instructions)
    for kind in ACCESS_KINDS:
        counts = tlb.get(kind)
        if isinstance(counts, dict):
            row[f"{prefix}{kind}-hit-rate"] = _rate(counts["hits"], counts["misses"])
            if instructions is not None:
                row[f"{prefix}{kind}-mpki"] = _per_kilo(counts["misses"], instructions)


def process_prefix(process, seen):
    """process.PID.NAME.; a second row with the same pid and name (possible after exec of
    the same program) gets #2."""
    base = f"process.{process.get('pid')}.{process.get('name', '')}"
    seen[base] = seen.get(base, 0) + 1
    return (base if seen[base] == 1 else f"{base}#{seen[base]}") + "."


def stats_columns(stats):
    """The statistics of one --stats-json document as {column: value}."""
    row = {}
    top = {k: v for k, v in stats.items() if k not in ("by_process", "process_times")}
    _flatten(top, "", row)
    instructions = stats.get("instructions")
    _tlb_rates(stats.get("tlb"), "", row, instructions)
    seconds = stats.get("host_seconds")
    if instructions and seconds:
        row["mips"] = instructions / seconds / 1e6
    seen = {}
    for process in stats.get("by_process", []):
        prefix = process_prefix(process, seen)
        fields = {k: v for k, v in process.items() if k not in ("pid", "name")}
        _flatten(fields, prefix[:-1], row)
        _tlb_rates(process.get("tlb"), prefix, row, process.get("instructions"))
    seen = {}
    for process in stats.get("process_times", []):
        prefix = process_prefix(process, seen)
        _flatten({k: v for k, v in process.items() if k not in ("pid", "name")}, prefix[:-1], row)
    return row


def rows(directory, plan):
    """A row for each point of the plan that has finished, in plan order, and the keys of
    those that have not."""
    table, missing = [], []
    for point in plan["points"]:
        result = directory.result(point["key"])
        if result is None:
            missing.append(point["key"])
            continue
        row = {"point": point["key"]}
        row.update(point["params"])
        row["status"] = result["status"]
        row["error"] = result["error"]
        stats = directory.stats(point["key"])
        if stats is not None:
            row.update(stats_columns(stats))
        table.append(row)
    return table, missing


def write_csv(path, table):
    columns = []
    seen = set()
    for row in table:
        for column in row:
            if column not in seen:
                seen.add(column)
                columns.append(column)
    temporary = path + ".tmp"
    with open(temporary, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        for row in table:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    os.replace(temporary, path)
    return columns


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, ".10g")
    return value
