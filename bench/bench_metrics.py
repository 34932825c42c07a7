"""KPIs over a generated ServiceNow incident export of 1,000,000 rows (issue 18), and peak memory at 1M and 5M.

Floor: a bare Polars CSV read of the same file (``pl.read_csv``), in a fresh process, measured in
the same run. Workload: reading the export through the stock map (types, checks) and every
incident KPI per month and team (``read_export`` + ``compute_kpis``), in a fresh process. Aim:
<= 3x the floor. Peak memory (ru_maxrss) of both is reported at 1M and 5M rows, and the growth of
the workload's peak from 1M to 5M rows as a ratio (aim: at most 3x for 5x the rows, i.e.
sub-linear; before the streaming engine it was 3.5x, :data:`BEFORE_MB`). The data is generated
here (about 160 MB at 1M rows), never kept in the repository.

A second case adds customer-satisfaction results (``--csat``: 100,000 responses, a tenth of them
to tickets written in lower case or padded, a few to no ticket) to the 1M incidents: the KPIs, the
join and the response rate, against a bare read of both files (aim <= 3x). The responses are
joined to the tickets the KPIs' own pass keeps, so the incident file is still read once.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from common import Measurement

ROWS = 1_000_000
LARGE = 5_000_000
AIM = 3.0
#: Peak memory growth from 1M to 5M rows at most this (5x the rows).
MEMORY_AIM = 3.0
#: Peak MB at 1M and 5M rows before the KPIs ran on the streaming engine (session 3, the whole
#: typed export held in memory), for comparison with today's figures.
BEFORE_MB = (624, 2157)

_FLOOR = """
import resource, sys, time
import polars as pl
started = time.perf_counter()
df = pl.read_csv(sys.argv[1])
print(time.perf_counter() - started, df.height, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_WORK = """
import resource, sys, time
import polars as pl
from itsm_assess.metrics.compute import compute_kpis, fields_needed
from itsm_assess.metrics.exports import load_metrics_map, read_export
cmap = load_metrics_map("servicenow-incident", "incident")
started = time.perf_counter()
export = read_export(sys.argv[1], "incident", cmap, fields=fields_needed("incident"), check=False)
result = compute_kpis({"incident": export})
done = sum(1 for k in result.kpis if k.computable)
print(time.perf_counter() - started, export.rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, done)
"""

_FLOOR_CSAT = """
import resource, sys, time
import polars as pl
started = time.perf_counter()
df = pl.read_csv(sys.argv[1])
answers = pl.read_csv(sys.argv[1].replace("incidents", "csat"))
print(time.perf_counter() - started, df.height + answers.height, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_WORK_CSAT = """
import resource, sys, time
import polars as pl
from itsm_assess.metrics.compute import compute_kpis, fields_needed
from itsm_assess.metrics.csat import load_csat_map, read_responses
from itsm_assess.metrics.exports import load_metrics_map, read_export
cmap, amap = load_metrics_map("servicenow-incident", "incident"), load_csat_map()
started = time.perf_counter()
export = read_export(sys.argv[1], "incident", cmap, fields=fields_needed("incident", csat=True), check=False)
answers = read_responses(sys.argv[1].replace("incidents", "csat"), amap)
result = compute_kpis({"incident": export}, csat=answers)
assert result.csat is not None and result.csat["matched"] > 0, result.csat
print(time.perf_counter() - started, export.rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      result.kpi("csat.response_rate").overall.value)
"""

TEAMS = ("Palvelupiste Helsinki", "Palvelupiste Oulu", "Lähituki Tampere", "Sovellustuki", "Verkkotuki")
CHANNELS = ("Phone", "Email", "Self-service", "Chat", "Walk-in")


def generate(path: Path, rows: int, seed: int = 18) -> None:
    """ServiceNow incident rows over 12 months (a few still open)."""
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1)
    fmt = "%Y-%m-%d %H:%M:%S"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("number,short_description,assignment_group,assigned_to,state,priority,business_service,"
                 "contact_type,opened_at,resolved_at,closed_at,reassignment_count,reopen_count,made_sla,caused_by,"
                 "u_first_response,u_first_contact_resolution\n")
        lines = []
        for i in range(rows):
            opened = start + timedelta(minutes=rnd.randrange(365 * 24 * 60))
            resolved = opened + timedelta(minutes=int(rnd.lognormvariate(5, 1.3)))
            open_still = rnd.random() < 0.02
            fcr = rnd.random() < 0.4
            lines.append(
                f"INC{i:07d},Häiriö {i % 97},{TEAMS[i % 5]},Agentti {i % 61},{'In Progress' if open_still else 'Closed'},"
                f"{rnd.choice('1234')} - x,Palvelu {i % 13},{CHANNELS[rnd.randrange(5)]},{opened.strftime(fmt)},"
                f"{'' if open_still else resolved.strftime(fmt)},,{rnd.choice('0001')},{'1' if rnd.random() < 0.05 else '0'},"
                f"{'' if open_still else ('true' if rnd.random() < 0.85 else 'false')},,"
                f"{(opened + timedelta(minutes=rnd.randrange(1, 90))).strftime(fmt)},"
                f"{'' if open_still else ('true' if fcr else 'false')}\n")
            if len(lines) == 10_000:
                fh.writelines(lines)
                lines.clear()
        fh.writelines(lines)


def generate_csat(path: Path, rows: int, responses: int, seed: int = 20) -> None:
    """Survey responses to the tickets of :func:`generate` (``rows`` of them): a score 1-5, a tenth of
    the numbers in lower case or padded, one in a hundred to a ticket not in the export."""
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("ticket_number,response_date,score,comment\n")
        lines = []
        for i in range(responses):
            number = f"INC{rnd.randrange(int(rows * 1.01)):07d}"
            if i % 10 == 0:
                number = f" {number.lower()} "
            lines.append(f"{number},2025-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d} 10:00,"
                         f"{rnd.choice('1234555')},{'Kiitos' if i % 4 == 0 else ''}\n")
        fh.writelines(lines)


def _run(code: str, path: Path) -> list[float]:
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False,
                          env={**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")})
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-800:])
    return [float(v) for v in done.stdout.split()]


def _best(code: str, path: Path, repeat: int = 3) -> tuple[float, float]:
    """Least time of ``repeat`` fresh processes, and the highest peak memory (MB) seen."""
    runs = [_run(code, path) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[2] for r in runs) / 1024


def run() -> list[Measurement]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "incidents-1m.csv"
        generate(path, ROWS)
        floor, floor_mb = _best(_FLOOR, path)
        work, work_mb = _best(_WORK, path)
        out.append(Measurement("metrics KPIs, 1M incidents", work, "bare pl.read_csv", floor, AIM,
                               note=f"(peak {work_mb:.0f} MB; bare read {floor_mb:.0f} MB; "
                                    f"{path.stat().st_size / 1e6:.0f} MB file)"))
        answers = Path(tmp) / "csat-1m.csv"
        generate_csat(answers, ROWS, ROWS // 10)
        floor_c, floor_c_mb = _best(_FLOOR_CSAT, path)
        work_c, work_c_mb = _best(_WORK_CSAT, path)
        out.append(Measurement("metrics KPIs with --csat, 1M incidents + 100k responses", work_c,
                               "bare pl.read_csv of both", floor_c, AIM,
                               note=f"(peak {work_c_mb:.0f} MB vs {work_mb:.0f} MB without --csat; bare reads "
                                    f"{floor_c_mb:.0f} MB; {work_c / work:.2f}x the time without --csat)"))
        path.unlink()
        answers.unlink()
        big = Path(tmp) / "incidents-5m.csv"
        generate(big, LARGE)
        floor5, floor5_mb = _best(_FLOOR, big, repeat=1)
        work5, work5_mb = _best(_WORK, big, repeat=1)
        out.append(Measurement("metrics KPIs, 5M incidents", work5, "bare pl.read_csv", floor5, AIM,
                               note=f"(peak {work5_mb:.0f} MB vs {work_mb:.0f} MB at 1M; bare read {floor5_mb:.0f} MB; "
                                    f"{big.stat().st_size / 1e6:.0f} MB file)"))
        out.append(Measurement("metrics peak memory, 5M incidents", work5_mb, "at 1M", work_mb, MEMORY_AIM, unit="MB",
                               note=f"(5x the rows; before streaming {BEFORE_MB[1]:,} MB vs {BEFORE_MB[0]} MB, "
                                    f"ratio {BEFORE_MB[1] / BEFORE_MB[0]:.2f})"))
    return out


if __name__ == "__main__":
    for m in run():
        print(m.line())
