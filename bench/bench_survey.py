"""Survey import of 2,000 respondents x 250 items from one XLSX, against a bare openpyxl pass.

The floor is openpyxl in read-only mode reading every value of the same sheet; the workload
is the whole survey tally (python-calamine reading, matching, counting) in the same run.
Peak Python memory (tracemalloc) is reported for 500 and 2,000 respondents: it should stay
flat, since rows are counted and never kept.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import Measurement, best_of

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 250
RATINGS = ["N", "P", "L", "F", "P+", "L-", "NA", ""]


def _catalogue(folder: Path) -> Path:
    """A catalogue with one process of ITEMS requirements (written once)."""
    cat = folder / "cat"
    (cat / "processes").mkdir(parents=True)
    (cat / "checklists").mkdir()
    (cat / "catalogue.yaml").write_text(
        "schema_version: 1\ncatalogue:\n  id: bench\n  title: {en: Bench}\n  standard: x\n  edition: '2018'\n"
        "  version: '1.0.0'\n  languages: [en]\n  copyright: {en: test}\nclauses:\n  '8.5.1': {en: Change}\n",
        encoding="utf-8")
    reqs = "".join(
        f"  - {{id: CHG-{i:03d}, clause: '8.5.1', process: CHG, title: {{en: T{i}}}, statement: {{en: S{i}}}, "
        f"guidance: {{en: G}}, evidence: [{{en: E}}]}}\n" for i in range(ITEMS))
    (cat / "processes" / "change.yaml").write_text(
        "schema_version: 1\nprocess: {id: CHG, clauses: ['8.5.1'], title: {en: Change}, purpose: {en: P}}\n"
        f"requirements:\n{reqs}", encoding="utf-8")
    items = "".join(
        f"  - {{id: Q{i:03d}, requirements: [CHG-{i:03d}], methods: [interview], question: {{en: Q{i}}}, "
        f"look_for: [{{en: L}}]}}\n" for i in range(ITEMS))
    (cat / "checklists" / "change.yaml").write_text(
        f"schema_version: 1\nchecklist: {{catalogue: bench, process: CHG}}\nitems:\n{items}", encoding="utf-8")
    return cat


def _export(path: Path, respondents: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(respondents)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    ws.append(["Timestamp", "Role", *[f"CHG-{i:03d}" for i in range(ITEMS)]])
    roles = ["Service desk", "Change manager", "Developer", "Operations"]
    for r in range(respondents):
        ws.append([f"2025-01-{1 + r % 28:02d}", roles[r % 4], *[rng.choice(RATINGS) for _ in range(ITEMS)]])
    wb.save(path)


def _openpyxl_pass(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for row in wb.active.iter_rows(values_only=True):
        n += len(row)
    wb.close()
    return n


def run() -> list[Measurement]:
    sys.path.insert(0, str(ROOT / "src"))
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.fieldwork.create import new_assessment
    from itsm_assess.fieldwork.survey import SurveyTally, tally_table

    with tempfile.TemporaryDirectory(prefix="bench-survey-") as tmp:
        folder = Path(tmp)
        cat = load_catalogue(_catalogue(folder))
        assessment = new_assessment(cat, "Bench Oy", ["CHG"], today=dt.date(2025, 1, 1))
        big = folder / "survey-2000.xlsx"
        small = folder / "survey-500.xlsx"
        started = time.perf_counter()
        _export(big, 2000)
        _export(small, 500)
        generated = time.perf_counter() - started

        def survey(path: Path) -> SurveyTally:
            tally = SurveyTally()
            tally_table(path, cat, assessment, tally)
            return tally

        assert survey(big).respondents > 1900
        floor = best_of(lambda: _openpyxl_pass(big), repeat=3)
        work = best_of(lambda: survey(big), repeat=3)

        peaks = {}
        for n, path in ((500, small), (2000, big)):
            tracemalloc.start()
            survey(path)
            peaks[n] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    note = (f"2,000 x {ITEMS} cells; peak Python memory (tracemalloc) 500 respondents "
            f"{peaks[500] / 1e6:.2f} MB, 2,000 respondents {peaks[2000] / 1e6:.2f} MB; "
            f"generating the files took {generated:.1f} s")
    return [Measurement("assess survey tally, XLSX 2,000 respondents x 250 items", work,
                        "bare openpyxl read-only pass over the same cells", floor, 3.0, note=note,
                        higher_is_better=True)]
