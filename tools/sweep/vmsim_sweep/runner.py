"""Running points: one vmsim process per point, several at once.

A thread pool, not GNU parallel: each worker only waits for its vmsim child, and one
process that sees every point finish can draw the progress bar, write each result the
moment it exists and stop cleanly on Ctrl-C, with nothing to install (docs/sweeps.md)."""
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from .progress import Progress

# A run ended by one of these was stopped by us or the user: it is not a result.
INTERRUPTING = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
TIMEOUT_STATUS = 124  # as timeout(1)


class Interrupted(Exception):
    pass


class Runner:
    def __init__(self, directory, vmsim, timeout):
        self.directory = directory
        self.vmsim = vmsim
        self.timeout = timeout or None
        self.stop = threading.Event()
        self._live = set()
        self._lock = threading.Lock()

    def run_point(self, point):
        """Runs one point of the plan and records it; returns its result, or None when the
        sweep is stopping (nothing is recorded then)."""
        if self.stop.is_set():
            return None
        key = point["key"]
        where = self.directory.point_dir(key)
        os.makedirs(where, exist_ok=True)
        stats = self.directory.stats_path(key)
        if os.path.exists(stats):
            os.remove(stats)  # from an attempt that did not finish
        argv = [self.vmsim, "--stats-json", stats] + point["vmsim_args"]
        started, started_at = time.monotonic(), time.time()
        with open(os.path.join(where, "stdout"), "wb") as out, open(os.path.join(where, "stderr"), "wb") as err:
            # Its own session: Ctrl-C reaches the sweep, which decides what to stop.
            child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                     start_new_session=True)
            with self._lock:
                self._live.add(child)
                if self.stop.is_set():  # halt() ran before the child was in _live
                    child.send_signal(signal.SIGTERM)
            timed_out = False
            try:
                child.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                child.kill()
                child.wait()
            finally:
                with self._lock:
                    self._live.discard(child)
        seconds = time.monotonic() - started
        code = child.returncode
        if code < 0 and -code in INTERRUPTING and self.stop.is_set():
            return None
        if timed_out:
            status, error = TIMEOUT_STATUS, f"vmsim-sweep: no result after {self.timeout:g} s (timeout)"
        else:
            status = code if code >= 0 else 128 - code
            error = first_line(os.path.join(where, "stderr"))
            if code < 0 and not error:
                error = f"killed by {signal.Signals(-code).name}"
        result = {"key": key, "params": point["params"], "status": status, "error": error,
                  "started": round(started_at, 3), "seconds": round(seconds, 3), "argv": argv}
        self.directory.write_result(key, result)
        return result

    def halt(self):
        """No new points; the running ones are stopped and leave no result."""
        self.stop.set()
        with self._lock:
            for child in self._live:
                try:
                    child.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass

    def run_all(self, points, jobs, stream):
        """Runs the points jobs at a time; raises Interrupted on Ctrl-C or SIGTERM once the
        running points have stopped (every finished point is recorded by then)."""
        progress = Progress(len(points), stream)
        results = []
        previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}

        def interrupt(signum, frame):
            raise KeyboardInterrupt

        for s in previous:
            signal.signal(s, interrupt)
        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            pending = {pool.submit(self.run_point, p) for p in points}
            while pending:
                done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    if result is not None:
                        results.append(result)
                        progress.point_done(result["status"] != 0)
                progress.draw()
        except KeyboardInterrupt:
            self.halt()
            pool.shutdown(wait=True, cancel_futures=True)
            progress.finish()
            raise Interrupted()
        finally:
            pool.shutdown(wait=True)
            for s, handler in previous.items():
                signal.signal(s, handler)
        progress.finish()
        return results


def first_line(path):
    try:
        with open(path, errors="replace") as f:
            for line in f:
                if line.strip():
                    return line.strip()
    except OSError:
        pass
    return ""
