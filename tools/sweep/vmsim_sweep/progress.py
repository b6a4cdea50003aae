"""The progress line of a running sweep: points done of all, failures, and when it will end.

On a terminal one line redraws itself; otherwise (a log file, a test) a line is printed at
each tenth of the way and at the end, so logs stay short."""
import time


def _clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    WIDTH = 30

    def __init__(self, total, stream):
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream
        self.started = time.monotonic()
        self.terminal = stream.isatty()
        self._reported_tenths = -1

    def point_done(self, failed):
        self.done += 1
        self.failed += failed

    def eta(self):
        """Seconds left at the pace so far, or None before the first point ends."""
        if self.done == 0:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / self.done * (self.total - self.done)

    def line(self):
        filled = self.WIDTH * self.done // self.total if self.total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        eta = self.eta()
        when = "ETA " + (_clock(eta) if eta is not None else "?")
        if self.done == self.total:
            when = "took " + _clock(time.monotonic() - self.started)
        failed = f", {self.failed} failed" if self.failed else ""
        return f"[{bar}] {self.done}/{self.total} points{failed}, {when}"

    def draw(self):
        if self.terminal:
            self.stream.write("\r" + self.line() + "\033[K")
            self.stream.flush()
            return
        tenths = 10 * self.done // self.total if self.total else 10
        if tenths != self._reported_tenths:
            self._reported_tenths = tenths
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def finish(self):
        self.draw()
        if self.terminal:
            self.stream.write("\n")
            self.stream.flush()
