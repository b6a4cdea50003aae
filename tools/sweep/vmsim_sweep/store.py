"""The sweep directory: what a sweep planned and what each point left behind.

    DIR/plan.json             the points of the sweep as last run or written for Slurm:
                              their keys, parameters and vmsim arguments, and which vmsim
    DIR/points/KEY/stats.json the point's --stats-json
    DIR/points/KEY/stdout, stderr   what vmsim printed
    DIR/points/KEY/result.json      written last, atomically: the point is done when it exists
    DIR/results.csv           one row per point of the plan (vmsim-sweep collect)

A point directory is named after its parameters (Point.key), so rerunning a sweep file that
has grown only runs the new points. A point whose run was interrupted has no result.json
and runs again."""
import json
import os

PLAN = "plan.json"
RESULT = "result.json"


def _write_atomically(path, data):
    """Readers see the old file or the whole new one, even if we are killed in between."""
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


class SweepDirectory:
    def __init__(self, path):
        self.path = os.path.abspath(path)

    def point_dir(self, key):
        return os.path.join(self.path, "points", key)

    def stats_path(self, key):
        return os.path.join(self.point_dir(key), "stats.json")

    def write_plan(self, vmsim, sweep, points):
        os.makedirs(os.path.join(self.path, "points"), exist_ok=True)
        plan = {
            "sweep_file": sweep.path,
            "vmsim": vmsim,
            "timeout": sweep.timeout,
            "points": [{"key": p.key, "params": p.params, "vmsim_args": p.vmsim_args()} for p in points],
        }
        _write_atomically(os.path.join(self.path, PLAN), plan)
        return plan

    def read_plan(self):
        try:
            with open(os.path.join(self.path, PLAN)) as f:
                return json.load(f)
        except (OSError, ValueError) as e:
            raise OSError(f"{self.path} holds no readable sweep plan ({PLAN}): {e}")

    def result(self, key):
        """The point's result, or None if it has not finished."""
        try:
            with open(os.path.join(self.point_dir(key), RESULT)) as f:
                return json.load(f)
        except FileNotFoundError:
            return None
        except ValueError:
            return None

    def write_result(self, key, result):
        _write_atomically(os.path.join(self.point_dir(key), RESULT), result)

    def forget_result(self, key):
        try:
            os.remove(os.path.join(self.point_dir(key), RESULT))
        except FileNotFoundError:
            pass

    def stats(self, key):
        """The point's statistics as vmsim wrote them, or None."""
        try:
            with open(self.stats_path(key)) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None
