"""What a benchmark reports: a workload's time, its floor in the same run, the ratio and the aim."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Measurement:
    name: str
    seconds: float
    floor_name: str
    floor_seconds: float
    aim: float  # the ratio the workload should stay under (<= aim)
    note: str = ""
    higher_is_better: bool = False  # True when the aim is "at least aim times faster than the floor"
    unit: str = "s"  # what seconds and floor_seconds hold when not times (e.g. "MB" of peak memory)

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds if self.floor_seconds else float("inf")

    @property
    def ok(self) -> bool:
        if self.higher_is_better:
            return self.floor_seconds / self.seconds >= self.aim
        return self.ratio <= self.aim

    def line(self) -> str:
        if self.higher_is_better:
            speed = self.floor_seconds / self.seconds
            verdict = "ok" if self.ok else "OVER AIM"
            return (f"   {self.name}: {self.seconds:.3f} s; {self.floor_name}: {self.floor_seconds:.3f} s; "
                    f"{speed:.2f}x faster than the floor (aim >= {self.aim}x) {verdict} {self.note}")
        verdict = "ok" if self.ok else "OVER AIM"
        digits = 3 if self.unit == "s" else 0
        return (f"   {self.name}: {self.seconds:.{digits}f} {self.unit}; {self.floor_name}: "
                f"{self.floor_seconds:.{digits}f} {self.unit}; ratio {self.ratio:.2f} (aim <= {self.aim}) {verdict} {self.note}")

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "seconds": self.seconds, "floor": self.floor_name,
                "floor_seconds": self.floor_seconds, "ratio": self.ratio, "aim": self.aim,
                "higher_is_better": self.higher_is_better, "ok": self.ok, "note": self.note, "unit": self.unit}


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Minimum wall time of ``repeat`` calls (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def median_of_process(args: list[str], repeat: int = 7) -> float:
    """Median wall time of running a fresh process ``repeat`` times."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


PYTHON = sys.executable
