"""A 1,000,000-row change export end to end, as ``change batch`` runs it (issue 16).

Floor: a bare ``csv.reader`` pass over the same file, measured in the same run.
Workload (aim <= 12x): the ``itsm-assess change batch`` command in a fresh process: read,
convert, classify, find deviations, stream the per-change listing to CSV, write the workbook
(summary, deviations, rejected rows) and the summary JSON. The note gives the peak memory
of that process (aim: under 1 GB; before issue 16 it wrote a million workbook rows, 299 s, 918 MB).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_change import generate
from common import Measurement, best_of

ROWS = 1_000_000
PEAK_AIM_MB = 1024


def run() -> list[Measurement]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "changes-1m.csv"
        generate(path, rows=ROWS)

        def bare() -> None:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                for _ in csv.reader(fh):
                    pass

        floor = best_of(bare, repeat=2)
        # The command in a fresh process that reports its own peak memory when it ends.
        probe = ("import resource, sys\nfrom itsm_assess.cli import main\ntry:\n    main()\nfinally:\n"
                 "    sys.stderr.write(f'\\nPEAK_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')")
        args = [sys.executable, "-c", probe, "change", "batch", str(path), "-o", str(Path(tmp) / "out.xlsx"),
                "--summary-json", str(Path(tmp) / "summary.json"), "--force"]
        started = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
                              check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"change batch failed: {done.stderr[-500:]}")
        peak_mb = int(done.stderr.rsplit("PEAK_KB ", 1)[1].split()[0]) / 1024  # kB on Linux
        listing = Path(tmp) / "out-changes.csv"
        with listing.open(encoding="utf-8-sig", newline="") as fh:
            listed = sum(1 for _ in csv.reader(fh)) - 1
        note = (f"{listed:,} changes listed in CSV; peak memory {peak_mb:,.0f} MB "
                f"(aim < {PEAK_AIM_MB} MB{'' if peak_mb < PEAK_AIM_MB else ': OVER'})")
        return [Measurement("change batch: 1,000,000-row export end to end (CLI)", seconds,
                            "bare csv.reader pass", floor, 12.0, note=note)]
