"""A 1,000,000-row change export (issue 16), each workload in a fresh process reporting its peak memory.

Floor: a bare ``csv.reader`` pass over the same file, measured in the same run.
Workload 1 (aim <= 8x, peak memory < 1 GB): classification and the summary, rows streamed
(``classify_export(..., listing=...)`` + ``summary``): what must take seconds at any size.
Workload 2 (reported): the ``change batch`` command end to end, writing the workbook (summary),
the per-change listing as CSV (about 1 GB, a rationale on every row), the deviations CSV and the
summary JSON. Before issue 16 the command took 386 s and 5.7 GB on a 1M-row export of this generator
(then with the stock ServiceNow map), writing a million workbook rows.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_change import EXTENDED_MAP, generate
from common import Measurement, best_of

ROWS = 1_000_000
PEAK_AIM_MB = 1024

_CLASSIFY = """
import resource, sys, time
from itsm_assess.change_impact import load_policy
from itsm_assess.change_impact.batch import classify_export, summary
from itsm_assess.change_impact.maps import load_column_map
policy, cmap = load_policy(), load_column_map(sys.argv[2])
started = time.perf_counter()
result = classify_export(sys.argv[1], policy, cmap, listing=lambda row, deviations: None)
data = summary(result, policy, "en", with_deviations=False)
print(time.perf_counter() - started, data["total"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_COMMAND = ("import resource, sys\nfrom itsm_assess.cli import main\ntry:\n    main()\nfinally:\n"
            "    sys.stderr.write(f'\\nPEAK_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')")


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{args[3:5]} failed: {done.stderr[-500:]}")
    return done


def run() -> list[Measurement]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "changes-1m.csv"
        generate(path, rows=ROWS)

        def bare() -> None:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                for _ in csv.reader(fh):
                    pass

        floor = best_of(bare, repeat=2)
        seconds_text, total, peak_kb = _run([sys.executable, "-c", _CLASSIFY, str(path), str(EXTENDED_MAP)]).stdout.split()
        peak_mb = int(peak_kb) / 1024
        note = (f"{int(total):,} changes; peak memory {peak_mb:,.0f} MB "
                f"(aim < {PEAK_AIM_MB} MB{'' if peak_mb < PEAK_AIM_MB else ': OVER'})")
        out = [Measurement("change batch: classify + summary of 1,000,000 rows, streamed", float(seconds_text),
                           "bare csv.reader pass", floor, 8.0, note=note)]

        started = time.perf_counter()
        done = _run([sys.executable, "-c", _COMMAND, "change", "batch", str(path), "--map", str(EXTENDED_MAP),
                     "-o", str(Path(tmp) / "out.xlsx"), "--summary-json", str(Path(tmp) / "summary.json"), "--force"])
        seconds = time.perf_counter() - started
        command_mb = int(done.stderr.rsplit("PEAK_KB ", 1)[1].split()[0]) / 1024
        print(f"   change batch command, 1,000,000 rows end to end: {seconds:.1f} s, peak memory "
              f"{command_mb:,.0f} MB (workbook + listing CSV + deviations CSV + JSON; reported, no aim)", flush=True)
    return out
