"""A mutation check of the critical rules: does the suite notice a deliberate one-line mistake?

``make mutation`` (not part of ``make test``). Each mutant below is a one-line change to a rule
that guards security or a score: output escaping, formula prefixes, YAML and archive limits,
scoring, change conditions, import parsing, the CLI's ``--debug``. For each one the tool copies
``src/`` to a temporary folder, applies the change there (the working tree is never touched),
runs the tests that guard that rule against the copy (``PYTHONPATH`` puts it before the editable
install) and counts the mutant killed when a test fails. It prints one line per mutant and
``killed K/N``; exit code 1 when any mutant survives or no longer applies (its line changed: update
the list).

    python tools/mutation.py            # all mutants
    python tools/mutation.py --list     # what they are
    python tools/mutation.py esc-1 zip-3

Why not mutmut: its generated mutants of this code are mostly equivalent or cosmetic (message
wording), and a run over the critical modules takes hours on two cores; a curated list of
mistakes a person could really make runs in minutes and names what each test is for.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ESC = ("tests/test_security_escaping.py", "tests/test_reports.py")
XLSX = ("tests/test_formula_prefixes.py",)
LOAD = ("tests/test_loader_boundaries.py", "tests/test_loading.py")
ZIP = ("tests/test_archive_limits.py",)
SCORE = ("tests/test_gap_priorities.py", "tests/test_scoring.py")
COND = ("tests/test_condition_negation.py",)
IMPORT = ("tests/test_import_cells.py",)
CLI = ("tests/test_cli_catalogue.py",)
BATCH = ("tests/test_input_limits.py", "tests/test_formula_prefixes.py")


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # under src/itsm_assess
    old: str
    new: str
    tests: tuple[str, ...]
    what: str


REPORT_T = "reports/templates/report.html.j2"
MUTANTS: tuple[Mutant, ...] = (
    # --- escaping: a field rendered raw
    Mutant("esc-1", REPORT_T, '<td class="text">{{ f.statement }}</td>', '<td class="text">{{ f.statement | safe }}</td>',
           ESC, "finding statement rendered with |safe"),
    Mutant("esc-2", REPORT_T, '<td>{{ q.notes or "" }}</td>', '<td>{{ (q.notes or "") | safe }}</td>',
           ESC, "requirement notes rendered with |safe"),
    Mutant("esc-3", REPORT_T, '<p class="client">{{ v.assessment.organisation }}</p>',
           '<p class="client">{{ v.assessment.organisation | safe }}</p>', ESC, "organisation on the cover with |safe"),
    Mutant("esc-4", REPORT_T, '<td class="text">{{ f.recommendation or "" }}</td>',
           '<td class="text">{{ (f.recommendation or "") | safe }}</td>', ESC, "recommendation with |safe"),
    Mutant("esc-5", "catalogue/templates/checklist.html.j2", '{{ entry.question }}</p>', '{{ entry.question | safe }}</p>',
           ESC, "checklist question with |safe"),
    Mutant("esc-6", "catalogue/templates/checklist.html.j2", "<h1>{{ doc.title }}</h1>", "<h1>{{ doc.title | safe }}</h1>",
           ESC, "checklist --title with |safe"),
    Mutant("esc-7", "change_impact/templates/guide.html.j2", "<h3>{{ loop.index }}. {{ ex.title }}</h3>",
           "<h3>{{ loop.index }}. {{ ex.title | safe }}</h3>", ESC, "guide example title with |safe"),
    Mutant("esc-8", "change_impact/templates/guide.html.j2", "<td>{{ r.title }}</td><td>{{ r.description }}</td>",
           "<td>{{ r.title }}</td><td>{{ r.description | safe }}</td>", ESC, "guide role description with |safe"),
    Mutant("esc-9", "reports/templates/compare.html.j2", 'title="{{ r.title }}"', 'title="{{ r.title | safe }}"',
           ESC, "compare requirement title (an attribute) with |safe"),
    # --- formula prefixes
    *(Mutant(f"xlsx-{i + 1}", "_io/xlsx_cells.py", 'FORMULA_PREFIXES = ("=", "+", "-", "@", "\\t", "\\r")',
             "FORMULA_PREFIXES = (" + ", ".join(f'"{p}"' for p in ("=", "+", "-", "@", "\\t", "\\r") if p != dropped) + ")",
             XLSX, f"{dropped!r} dropped from the quoted formula prefixes")
      for i, dropped in enumerate(("=", "+", "-", "@", "\\t", "\\r"))),
    Mutant("xlsx-7", "_io/xlsx_cells.py", "        cell.quotePrefix = True", "        pass", XLSX, "no quotePrefix on formula-like text"),
    Mutant("xlsx-8", "_io/xlsx_cells.py", '    cell.data_type = "s"\n', "", XLSX, "cell type not forced to text"),
    Mutant("xlsx-9", "_io/xlsx_cells.py", "return value.startswith(FORMULA_PREFIXES) and len(value) > 1",
           "return value.startswith(FORMULA_PREFIXES) and len(value) > 2", BATCH,
           "two-character formulas (=1, -1) left unquoted in cells and the CSV listing"),
    # --- YAML loader
    Mutant("yaml-1", "loading.py", "MAX_EXPANDED_NODES = 2_000_000", "MAX_EXPANDED_NODES = 2_000_000_000", LOAD,
           "alias-bomb limit 1,000 times higher"),
    Mutant("yaml-2", "loading.py", "MAX_EXPANDED_NODES = 2_000_000", "MAX_EXPANDED_NODES = 2_000_001", LOAD,
           "alias-bomb limit one node higher"),
    Mutant("yaml-3", "loading.py", "        if key in on_stack:", "        if False:", LOAD,
           "recursive aliases not caught (RecursionError)"),
    Mutant("yaml-4", "loading.py", 'ident = k.value if k.tag == "tag:yaml.org,2002:str" else loaded_key(k)',
           "ident = k.value", LOAD, "keys 1 and \"1\" treated alike"),
    Mutant("yaml-5", "loading.py", 'ident = k.value if k.tag == "tag:yaml.org,2002:str" else loaded_key(k)',
           "ident = (k.tag, k.value)", LOAD, "keys compared as written (1 and +1 two keys)"),
    Mutant("yaml-6", "loading.py", "MAX_YAML_BYTES = 20 * 1024 * 1024", "MAX_YAML_BYTES = 21 * 1024 * 1024", LOAD,
           "YAML size limit raised"),
    Mutant("yaml-7", "loading.py", "    if size > limit:\n", "    if size > limit + 1:\n", LOAD,
           "size limit off by one"),
    # --- archives
    Mutant("zip-1", "_io/xlsx_read.py", "MAX_MEMBERS = 2_000", "MAX_MEMBERS = 10_000", ZIP, "member limit of the lax check"),
    Mutant("zip-2", "_io/xlsx_read.py", "MAX_RATIO = 250", "MAX_RATIO = 2500", ZIP, "compression ratio limit raised"),
    Mutant("zip-3", "_io/xlsx_read.py", "info.file_size > max_ratio * max(info.compress_size, 1):",
           "False:", ZIP, "zip-bomb ratio check removed"),
    Mutant("zip-4", "_io/xlsx_read.py", 'or ".." in parts or', "or", ZIP, "parent paths in the archive allowed"),
    Mutant("zip-5", "_io/xlsx_read.py", 'if not any(info.filename == "[Content_Types].xml" for info in members):',
           "if False:", ZIP, "[Content_Types].xml check removed"),
    Mutant("zip-6", "_io/xlsx_read.py", "    if total > max_total_bytes:", "    if total > max_total_bytes + 1:", ZIP,
           "total size off by one"),
    Mutant("zip-7", "_io/xlsx_read.py", "    check_xlsx_archive(path)\n    from python_calamine", "    from python_calamine",
           ZIP, "calamine reader skips the archive check"),
    Mutant("zip-8", "change_impact/batch.py", "MAX_ROWS = 2_000_000", "MAX_ROWS = 20_000_000", BATCH,
           "batch row limit raised"),
    Mutant("fast-1", "change_impact/fast.py", "len(values) < min(MAX_TEXTS_PER_COLUMN + 1, 1 << width)",
           "len(values) < MAX_TEXTS_PER_COLUMN + 1", ("tests/test_change_batch.py",),
           "fast path's per-column code overflows into the next column"),
    # --- scoring
    Mutant("score-1", "scoring/conformity.py", "return min(present, key=GRADE_ORDER.index)",
           "return max(present, key=GRADE_ORDER.index)", SCORE, "most_severe picks the least severe"),
    Mutant("score-2", "scoring/gaps.py", 'if i.rating != "NA" and (i.rating not in good', "if (i.rating not in good", SCORE,
           "a not-applicable requirement holds its attribute back"),
    Mutant("score-3", "scoring/gaps.py", '(i.rating not in good or i.finding in blocking))', "i.rating not in good)",
           SCORE, "a blocking finding on a well-rated item no longer holds its attribute back"),
    Mutant("score-4", "scoring/gaps.py", "heaviest = max(", "heaviest = min(", SCORE, "lightest holding weight"),
    Mutant("score-5", "scoring/gaps.py", "+ sum(points.get(i.finding, 0) for i in holding if i.finding))", ")", SCORE,
           "finding points dropped from the priority"),
    Mutant("score-6", "scoring/gaps.py", "distance = max(0, target - capability_level)",
           "distance = max(0, target - capability_level - 1)", SCORE, "level distance off by one"),
    Mutant("score-7", "scoring/capability.py", "    return max(reached, levels.min_level)", "    return reached", SCORE,
           "maturity5 level floor ignored"),
    Mutant("score-8", "scoring/capability.py", "                continue  # the assessor judged the attribute not applicable",
           "                pass  # the assessor judged the attribute not applicable", SCORE,
           "a direct NA attribute rating scored as a rating"),
    Mutant("score-9", "scoring/results.py", "if info.catalogue_hash and info.catalogue_hash != catalogue.content_hash:",
           "if False:", IMPORT, "no warning when the catalogue changed"),
    Mutant("score-10", "scoring/capability.py", "    cap = spec.cap_rating", "    cap = None", SCORE,
           "an open major NC no longer caps its attribute"),
    Mutant("score-11", "scoring/conformity.py", "        elif not any(clause_within(clause, c) for c in covered) and clause not in out:",
           "        elif False:", SCORE, "uncovered sub-clauses missing from a partial scope's list"),
    # --- change conditions
    Mutant("cond-1", "change_impact/conditions.py", '"gt": "lte", "lte": "gt"', '"gt": "lt", "lte": "gt"', COND,
           "not gt wrong at the boundary"),
    Mutant("cond-2", "change_impact/conditions.py", '"gte": "lt", "lt": "gte"', '"gte": "lte", "lt": "gte"', COND,
           "not gte wrong at the boundary"),
    Mutant("cond-3", "change_impact/conditions.py", '"count_gt": "count_lte"', '"count_gt": "count_lt"', COND,
           "not count_gt wrong at the boundary"),
    Mutant("cond-4", "change_impact/conditions.py", '"lte": "gt",\n    "gte": "lt"', '"lte": "gte",\n    "gte": "lt"',
           COND, "not lte wrong at the boundary"),
    # --- import parsing and the CLI
    Mutant("import-1", "fieldwork/labels.py", "        found[_key(code)] = code", "        found[code] = code", IMPORT,
           "lower-case ratings rejected on import"),
    Mutant("import-2", "_io/xlsx_read.py", '    text = getattr(value, "text", None)', "    text = None", IMPORT,
           "ArrayFormula cells read as a repr"),
    Mutant("cli-1", "cli/__init__.py", '        except ItsmAssessError as exc:\n            if ctx.meta.get("itsm_assess.debug"):',
           "        except ItsmAssessError as exc:\n            if False:", CLI, "--debug ignored"),
)


def apply(src: Path, mutant: Mutant) -> str | None:
    """Apply ``mutant`` to the copy under ``src``; returns the original text, or None if it no longer applies."""
    path = src / "itsm_assess" / mutant.file
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if mutant.old not in text:
        return None
    path.write_text(text.replace(mutant.old, mutant.new, 1), encoding="utf-8")
    return text


def run_tests(src: Path, tests: tuple[str, ...]) -> tuple[bool, float]:
    """(all passed, seconds) of ``tests`` run against the copy under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow", *tests],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
        )
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pytest could not run {tests}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return proc.returncode == 0, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.ids or m.id in args.ids]
    if args.list:
        print("\n".join(f"{m.id:10} {m.file:40} {m.what}" for m in chosen))
        return 0
    with tempfile.TemporaryDirectory(prefix="itsm-assess-mutation-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        for data in ("requirements_catalogue", "checklists"):  # found beside src/ in a source checkout
            (Path(tmp) / data).symlink_to(ROOT / data)
        probe = subprocess.run([sys.executable, "-c", "import itsm_assess; print(itsm_assess.__file__)"],
                               env={**os.environ, "PYTHONPATH": str(src)}, capture_output=True, text=True, check=True)
        if not probe.stdout.strip().startswith(str(src)):
            raise SystemExit(f"the copy is not imported first: {probe.stdout.strip()}")
        for tests in sorted({m.tests for m in chosen}):
            ok, _ = run_tests(src, tests)
            if not ok:
                raise SystemExit(f"the unmutated code fails {' '.join(tests)}: fix the suite first")
        killed, survived, stale = [], [], []
        for m in chosen:
            original = apply(src, m)
            if original is None:
                stale.append(m)
                print(f"{m.id:10} STALE     {m.what} (the line is no longer in {m.file})", flush=True)
                continue
            try:
                ok, seconds = run_tests(src, m.tests)
            finally:
                (src / "itsm_assess" / m.file).write_text(original, encoding="utf-8")
            (survived if ok else killed).append(m)
            print(f"{m.id:10} {'SURVIVED' if ok else 'killed  '}  {m.what} ({seconds:.0f} s)", flush=True)
    total = len(chosen)
    print(f"killed {len(killed)}/{total} ({100 * len(killed) / total:.0f} %)"
          + (f"; survived: {', '.join(m.id for m in survived)}" if survived else "")
          + (f"; stale: {', '.join(m.id for m in stale)}" if stale else ""))
    return 1 if survived or stale else 0


if __name__ == "__main__":
    sys.exit(main())
