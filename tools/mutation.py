"""A mutation check of the critical rules: does the suite notice a deliberate one-line mistake?

``make mutation`` (not part of ``make test``). Each row of :data:`TABLE` is a one-line change to a
rule that guards security or a score: output escaping, formula prefixes, YAML and archive limits,
scoring and readiness, change conditions, import parsing, the CLI's ``--debug``. The rule is the
id's prefix, and :data:`GUARDS` names the tests that guard it. For each mutant the tool copies
``src/`` to a temporary folder, applies the change there (the working tree is never touched),
runs the guarding tests against the copy (``PYTHONPATH`` puts it before the editable install)
and counts the mutant killed when a test fails. It prints one line per mutant and
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

#: The tests that guard each rule; a mutant runs those of the rule its id starts with.
GUARDS: dict[str, tuple[str, ...]] = {
    "esc": ("tests/test_security_escaping.py", "tests/test_reports.py"),
    "xlsx": ("tests/test_formula_prefixes.py", "tests/test_input_limits.py"),
    "yaml": ("tests/test_loader_boundaries.py", "tests/test_loading.py"),
    "zip": ("tests/test_archive_limits.py",),
    "limit": ("tests/test_input_limits.py",),
    "fast": ("tests/test_change_batch.py",),
    "score": ("tests/test_scoring_rules.py", "tests/test_gap_priorities.py", "tests/test_scoring.py"),
    "cond": ("tests/test_condition_negation.py", "tests/test_change_conditions.py"),
    "import": ("tests/test_import_cells.py",),
    "cli": ("tests/test_cli_catalogue.py",),
}

REPORT = "reports/templates/report.html.j2"
CHECKLIST = "catalogue/templates/checklist.html.j2"
GUIDE = "change_impact/templates/guide.html.j2"
PREFIXES = ("=", "+", "-", "@", "\\t", "\\r")
PREFIX_LINE = "FORMULA_PREFIXES = (" + ", ".join(f'"{p}"' for p in PREFIXES) + ")"

#: Every mutant, one row each: id, file (under src/itsm_assess), the text as written (its first
#: occurrence is changed), the mistake, and what the mistake means.
TABLE: tuple[tuple[str, str, str, str, str], ...] = (
    # --- escaping: a user field rendered raw
    ("esc-1", REPORT, '<td class="text">{{ f.statement }}</td>', '<td class="text">{{ f.statement | safe }}</td>',
     "finding statement rendered with |safe"),
    ("esc-2", REPORT, '<td>{{ q.notes or "" }}</td>', '<td>{{ (q.notes or "") | safe }}</td>',
     "requirement notes rendered with |safe"),
    ("esc-3", REPORT, '<p class="client">{{ v.assessment.organisation }}</p>',
     '<p class="client">{{ v.assessment.organisation | safe }}</p>', "organisation on the cover with |safe"),
    ("esc-4", REPORT, '<td class="text">{{ f.recommendation or "" }}</td>',
     '<td class="text">{{ (f.recommendation or "") | safe }}</td>', "recommendation with |safe"),
    ("esc-5", CHECKLIST, "{{ entry.question }}</p>", "{{ entry.question | safe }}</p>", "checklist question with |safe"),
    ("esc-6", CHECKLIST, "<h1>{{ doc.title }}</h1>", "<h1>{{ doc.title | safe }}</h1>", "checklist --title with |safe"),
    ("esc-7", GUIDE, "<h3>{{ loop.index }}. {{ ex.title }}</h3>", "<h3>{{ loop.index }}. {{ ex.title | safe }}</h3>",
     "guide example title with |safe"),
    ("esc-8", GUIDE, "<td>{{ r.title }}</td><td>{{ r.description }}</td>",
     "<td>{{ r.title }}</td><td>{{ r.description | safe }}</td>", "guide role description with |safe"),
    ("esc-9", "reports/templates/compare.html.j2", 'title="{{ r.title }}"', 'title="{{ r.title | safe }}"',
     "compare requirement title (an attribute) with |safe"),
    ("esc-10", "_io/templates.py", "autoescape=True,", "autoescape=False,", "autoescape off for every template"),
    ("esc-11", "reports/templates/register_section.html.j2", "<dd>{{ r.statement }}</dd>", "<dd>{{ r.statement | safe }}</dd>",
     "register: finding statement with |safe"),
    ("esc-12", "reports/templates/register_section.html.j2", '{{ r.root_cause or "–" }}', '{{ (r.root_cause or "–") | safe }}',
     "register: root cause with |safe"),
    ("esc-13", "reports/templates/register_section.html.j2", "{{ r.verification.auditor }}",
     "{{ r.verification.auditor | safe }}", "register: verifying auditor with |safe"),
    ("esc-14", "reports/templates/followup_section.html.j2", "{{ r.statement }}", "{{ r.statement | safe }}",
     "follow-up: finding statement with |safe"),
    ("esc-15", "planning/templates/plan.html.j2", "{{ plan.scope }}", "{{ plan.scope | safe }}", "audit plan: scope with |safe"),
    ("esc-16", "planning/templates/plan.html.j2", "<td>{{ r.activity }}</td>", "<td>{{ r.activity | safe }}</td>",
     "audit plan: agenda activity with |safe"),
    ("esc-17", "reports/templates/metrics_scorecard.html.j2", "{{ team_label(team) }}", "{{ team_label(team) | safe }}",
     "scorecard: team name with |safe"),
    ("esc-18", "reports/html.py", 'ch if ch.isalnum() and ch.isascii() or ch == " " else', "ch if True else",
     "organisation in the printed page header (a CSS string in <style>) not escaped"),
    ("esc-19", "catalogue/checklist_render.py", '.replace("<", "&lt;")', "",
     "Markdown checklist: raw HTML in catalogue text kept"),
    # --- formula prefixes
    *((f"xlsx-{i}", "_io/xlsx_cells.py", PREFIX_LINE, PREFIX_LINE.replace(f'"{p}", ', "").replace(f', "{p}"', ""),
       f"'{p}' dropped from the quoted formula prefixes") for i, p in enumerate(PREFIXES, start=1)),
    ("xlsx-7", "_io/xlsx_cells.py", "        cell.quotePrefix = True", "        pass", "no quotePrefix on formula-like text"),
    ("xlsx-8", "_io/xlsx_cells.py", '    cell.data_type = "s"\n', "", "cell type not forced to text"),
    ("xlsx-9", "_io/xlsx_cells.py", "return value.startswith(FORMULA_PREFIXES) and len(value) > 1",
     "return value.startswith(FORMULA_PREFIXES) and len(value) > 2",
     "two-character formulas (=1, -1) left unquoted in cells and the CSV listing"),
    ("xlsx-10", "_io/xlsx_cells.py", "    if isinstance(value, str):\n        set_text(cell, value)",
     "    if False:\n        set_text(cell, value)", "set_value stores strings raw (a formula stays a formula)"),
    ("xlsx-11", "_io/xlsx_cells.py", "return looks_like_formula(value) or len(value) > MAX_CELL_CHARS",
     "return len(value) > MAX_CELL_CHARS", "write-only sheets append formula-like text raw"),
    ("xlsx-12", "change_impact/batch.py", "    if isinstance(value, str) and looks_like_formula(value):\n        return \"'\" + value",
     "    if False:\n        return \"'\" + value", "CSV listing of deviations: formula-like text not defused"),
    ("xlsx-13", "_io/xlsx_cells.py", 'return text.replace("&", "&&")', "return text",
     "'&' in a print header read as a header code"),
    ("xlsx-14", "_io/xlsx_cells.py", "value = value[: MAX_CELL_CHARS - len(note)] + note",
     "value = value[: MAX_CELL_CHARS - len(note) + 1] + note", "a cut cell one character over what Excel holds"),
    # --- YAML loader
    ("yaml-1", "loading.py", "MAX_EXPANDED_NODES = 2_000_000", "MAX_EXPANDED_NODES = 2_000_000_000",
     "alias-bomb limit 1,000 times higher"),
    ("yaml-2", "loading.py", "MAX_EXPANDED_NODES = 2_000_000", "MAX_EXPANDED_NODES = 2_000_001",
     "alias-bomb limit one node higher"),
    ("yaml-3", "loading.py", "        if key in on_stack:", "        if False:", "recursive aliases not caught (RecursionError)"),
    ("yaml-4", "loading.py", 'ident = k.value if k.tag == "tag:yaml.org,2002:str" else loaded_key(k)', "ident = k.value",
     'keys 1 and "1" treated alike'),
    ("yaml-5", "loading.py", 'ident = k.value if k.tag == "tag:yaml.org,2002:str" else loaded_key(k)',
     "ident = (k.tag, k.value)", "keys compared as written (1 and +1 two keys)"),
    ("yaml-6", "loading.py", "MAX_YAML_BYTES = 20 * 1024 * 1024", "MAX_YAML_BYTES = 21 * 1024 * 1024", "YAML size limit raised"),
    ("yaml-7", "loading.py", "    if size > limit:\n", "    if size > limit + 1:\n", "size limit off by one"),
    ("yaml-8", "loading.py", "    from yaml import CSafeLoader as _BaseLoader", "    from yaml import CUnsafeLoader as _BaseLoader",
     "the unsafe loader (python tags construct objects)"),
    ("yaml-9", "loading.py", '(tag, _INT_1_2 if tag.endswith(":int") else', '(tag, rx if tag.endswith(":int") else',
     "YAML 1.1 integers: 010 read as 8, 2:00 as 120"),
    ("yaml-10", "loading.py", "        if len(text) > MAX_YAML_BYTES:", "        if False:", "parse_yaml: size limit of bytes skipped"),
    # --- archives
    ("zip-1", "_io/xlsx_read.py", "MAX_MEMBERS = 2_000", "MAX_MEMBERS = 10_000", "member limit of the lax check"),
    ("zip-2", "_io/xlsx_read.py", "MAX_RATIO = 250", "MAX_RATIO = 2500", "compression ratio limit raised"),
    ("zip-3", "_io/xlsx_read.py", "info.file_size > max_ratio * max(info.compress_size, 1):", "False:",
     "zip-bomb ratio check removed"),
    ("zip-4", "_io/xlsx_read.py", 'or ".." in parts or', "or", "parent paths in the archive allowed"),
    ("zip-5", "_io/xlsx_read.py", 'if not any(info.filename == "[Content_Types].xml" for info in members):', "if False:",
     "[Content_Types].xml check removed"),
    ("zip-6", "_io/xlsx_read.py", "    if total > max_total_bytes:", "    if total > max_total_bytes + 1:", "total size off by one"),
    ("zip-7", "_io/xlsx_read.py", "    check_xlsx_archive(path)\n    from python_calamine", "    from python_calamine",
     "calamine reader skips the archive check"),
    ("zip-9", "_io/xlsx_read.py", 'if member.startswith(("/", "\\\\")) or ".." in parts', 'if ".." in parts',
     "absolute member paths allowed"),
    ("zip-10", "_io/xlsx_read.py", ' or (len(member) > 1 and member[1] == ":")', "", "drive-letter member paths allowed"),
    ("zip-11", "_io/xlsx_read.py", "        if info.file_size > max_member_bytes:", "        if False:",
     "member size limit removed"),
    ("zip-12", "_io/xlsx_read.py", "_RATIO_MIN_BYTES = 1024 * 1024", "_RATIO_MIN_BYTES = 100 * 1024 * 1024",
     "ratio checked only from 100 MiB"),
    ("zip-13", "_io/xlsx_read.py", "MAX_MEMBER_BYTES = 512 * 1024 * 1024", "MAX_MEMBER_BYTES = 1024 * 1024 * 1024",
     "member size limit doubled"),
    ("zip-14", "_io/xlsx_read.py", "MAX_TOTAL_BYTES = 1024 * 1024 * 1024", "MAX_TOTAL_BYTES = 2048 * 1024 * 1024",
     "total size limit doubled"),
    ("zip-15", "_io/xlsx_read.py", "    check_xlsx_archive(path)\n    ensure_defused_xml(path)", "    ensure_defused_xml(path)",
     "openpyxl reader skips the archive check"),
    ("zip-16", "_io/xlsx_read.py", "    check_xlsx_archive(path)\n    ensure_defused_xml(path)", "    check_xlsx_archive(path)",
     "openpyxl reader opens without checking for defusedxml"),
    ("import-4", "_io/xlsx_read.py", "data_only=False, keep_links=False", "data_only=True, keep_links=False",
     "typed formulas read as their cached values"),
    ("zip-18", "_io/xlsx_read.py", "    if max_row * max_col > max_cells:", "    if False:", "sheet area limit removed"),
    ("zip-19", "_io/xlsx_read.py", "    check_sheet_extent(path, title)\n    try:", "    try:",
     "calamine sheet read without its area check"),
    # --- input limits and the change batch's fast path
    ("limit-1", "change_impact/batch.py", "MAX_ROWS = 2_000_000", "MAX_ROWS = 20_000_000", "batch row limit raised"),
    ("fast-1", "change_impact/fast.py", "len(values) < min(MAX_TEXTS_PER_COLUMN + 1, 1 << width)",
     "len(values) < MAX_TEXTS_PER_COLUMN + 1", "fast path's per-column code overflows into the next column"),
    ("limit-2", "json_inputs.py", "        if depth > MAX_DEPTH:\n            return False",
     "        if depth > MAX_DEPTH + 1:\n            return False", "JSON nesting one level deeper allowed"),
    ("limit-3", "json_inputs.py", 'if len(text.lstrip("-")) > MAX_INT_DIGITS:', "if len(text) > MAX_INT_DIGITS:",
     "the minus sign counted as a digit of a JSON integer"),
    ("limit-4", "json_inputs.py", "MAX_JSON_BYTES = 20 * 1024 * 1024", "MAX_JSON_BYTES = 200 * 1024 * 1024",
     "JSON size limit raised"),
    ("limit-5", "change_impact/conditions.py", "    if depth > MAX_DEPTH:\n        raise ConditionError",
     "    if depth > MAX_DEPTH + 1:\n        raise ConditionError", "conditions one level deeper allowed"),
    ("limit-6", "change_impact/conditions.py", "len(value) > MAX_PATTERN:", "len(value) > MAX_PATTERN + 1:",
     "a like pattern one character longer allowed"),
    ("limit-7", "change_impact/batch.py", "        if size > MAX_EXPORT_BYTES:", "        if False:",
     "xlsx export size limit removed"),
    ("limit-8", "fieldwork/survey.py", "MAX_SURVEY_BYTES = 200 * 1024 * 1024", "MAX_SURVEY_BYTES = 2000 * 1024 * 1024",
     "survey export size limit raised"),
    # --- scoring
    ("score-1", "scoring/conformity.py", "return min(present, key=GRADE_ORDER.index)",
     "return max(present, key=GRADE_ORDER.index)", "most_severe picks the least severe"),
    ("score-2", "scoring/gaps.py", 'if i.rating != "NA" and (i.rating not in good', "if (i.rating not in good",
     "a not-applicable requirement holds its attribute back"),
    ("score-3", "scoring/gaps.py", "(i.rating not in good or i.finding in blocking))", "i.rating not in good)",
     "a blocking finding on a well-rated item no longer holds its attribute back"),
    ("score-4", "scoring/gaps.py", "heaviest = max(", "heaviest = min(", "lightest holding weight"),
    ("score-5", "scoring/gaps.py", "+ sum(points.get(i.finding, 0) for i in holding if i.finding))", ")",
     "finding points dropped from the priority"),
    ("score-6", "scoring/gaps.py", "distance = max(0, target - capability_level)",
     "distance = max(0, target - capability_level - 1)", "level distance off by one"),
    ("score-7", "scoring/capability.py", "    return max(reached, levels.min_level)", "    return reached",
     "maturity5 level floor ignored"),
    ("score-8", "scoring/capability.py", "                continue  # the assessor judged the attribute not applicable",
     "                pass  # the assessor judged the attribute not applicable",
     "a direct NA attribute rating scored as a rating"),
    ("score-10", "scoring/capability.py", "    cap = spec.cap_rating", "    cap = None",
     "an open major NC no longer caps its attribute"),
    ("score-11", "scoring/conformity.py",
     "        elif not any(clause_within(clause, c) for c in covered) and clause not in out:", "        elif False:",
     "uncovered sub-clauses missing from a partial scope's list"),
    ("score-12", "scoring/gaps.py", "        if ATTRIBUTE_LEVEL[pa] > target:", "        if ATTRIBUTE_LEVEL[pa] >= target:",
     "the target level's own attributes left out of the gaps"),
    ("score-13", "scoring/gaps.py", "        if current is not None and current.rating in good:\n            continue",
     "        if False:\n            continue", "attributes already good enough listed as gaps"),
    ("score-14", "scoring/gaps.py", 'heaviest = max((i.weight for i in holding if ":" not in i.id), default=0)',
     "heaviest = max((i.weight for i in holding), default=0)", "indicator responses count as requirement weight"),
    ("score-15", "scoring/gaps.py", "short = max(0, scaled.thresholds[needed] * den - num * scale_d)",
     "short = scaled.thresholds[needed] * den - num * scale_d", "a capped attribute's shortfall goes negative"),
    ("score-16", "scoring/capability.py", "count * need_den >= need_num * applicable",
     "count * need_den > need_num * applicable", "coverage exactly at the threshold not enough"),
    ("score-17", "scoring/capability.py", 'if item.finding == "major-nc" or (item.heavy and rating == "N"):',
     'if item.finding == "major-nc":', "an N on a heavy requirement no longer caps its attribute"),
    ("score-18", "scoring/capability.py", "if capped_by and not at_least(cap, rating):", "if capped_by:",
     "a cap raises a rating below it"),
    ("score-19", "scoring/capability.py", "if pa_level < level and not at_least(ratings.get(pa), lower):",
     "if pa_level < level and not at_least(ratings.get(pa), current):", "lower levels need only L, not F"),
    ("score-20", "scoring/capability.py", "if ATTRIBUTE_LEVEL[pa] >= spec.indicators_from_level and not uses_indicators:",
     "if ATTRIBUTE_LEVEL[pa] > spec.indicators_from_level and not uses_indicators:",
     "the first level that needs indicator evidence rated without it"),
    ("score-21", "scoring/capability.py", '            if rating == "NA":\n                continue\n            applicable += 1',
     "            applicable += 1", "NA items counted as applicable (coverage lowered)"),
    ("score-22", "scoring/conformity.py", "short = coverage is None or coverage < coverage_needed",
     "short = coverage is None or coverage <= coverage_needed", "coverage exactly at the threshold blocks readiness"),
    ("score-23", "scoring/conformity.py", "blocked = bool(e.open_major or (e.undecided", "blocked = bool((e.undecided",
     "an open major NC no longer blocks readiness"),
    ("score-24", "scoring/conformity.py", "    elif e.open_minor:\n        verdict = \"ready-with-conditions\"",
     "    elif False:\n        verdict = \"ready-with-conditions\"", "open minor NCs give ready without conditions"),
    ("score-25", "scoring/conformity.py",
     "        if open_grade in NC_GRADES:\n            return Verdict(open_grade, \"recorded\", NOT_CONFORMING)  # a",
     "        if False:\n            return Verdict(open_grade, \"recorded\", NOT_CONFORMING)  # a",
     "a nonconformity on a requirement rated NA hidden by the NA"),
    ("score-26", "scoring/conformity.py", "accepted = bool(na_accepted) or not shall or not mandatory", "accepted = True",
     "an NA of a mandatory shall counts without an accepted justification"),
    ("score-27", "scoring/conformity.py", 'if rating in model.conforming_ratings:\n        return Verdict("conforming"',
     'if rating not in model.conforming_ratings:\n        return Verdict("conforming"', "derived verdict inverted"),
    ("score-28", "scoring/conformity.py",
     "return self.applicable > 0 and self.assessed * threshold.denominator >= threshold.numerator * self.applicable",
     "return self.applicable > 0 and self.assessed * threshold.denominator > threshold.numerator * self.applicable",
     "compliance coverage exactly at the threshold not enough"),
    ("score-29", "scoring/capability.py", "        if pa in direct:", '        if pa in direct and direct[pa] != "N":',
     "a direct attribute rating N dropped (the derived rating stands)"),
    # --- change conditions
    ("cond-1", "change_impact/conditions.py", '"gt": "lte", "lte": "gt"', '"gt": "lt", "lte": "gt"',
     "not gt wrong at the boundary"),
    ("cond-2", "change_impact/conditions.py", '"gte": "lt", "lt": "gte"', '"gte": "lte", "lt": "gte"',
     "not gte wrong at the boundary"),
    ("cond-3", "change_impact/conditions.py", '"count_gt": "count_lte"', '"count_gt": "count_lt"',
     "not count_gt wrong at the boundary"),
    ("cond-4", "change_impact/conditions.py", '"lte": "gt",\n    "gte": "lt"', '"lte": "gte",\n    "gte": "lt"',
     "not lte wrong at the boundary"),
    ("cond-5", "change_impact/conditions.py", '"eq": "ne", "ne": "eq"', '"eq": "eq", "ne": "eq"', "not eq kept as eq"),
    ("cond-6", "change_impact/conditions.py", '"in": "not_in", "not_in": "in"', '"in": "in", "not_in": "in"',
     "not in kept as in"),
    ("cond-7", "change_impact/conditions.py", '"contains": "not_contains", "not_contains": "contains"',
     '"contains": "contains", "not_contains": "contains"', "not contains kept as contains"),
    ("cond-8", "change_impact/conditions.py", '"like": "not_like", "not_like": "like"', '"like": "like", "not_like": "like"',
     "not like kept as like"),
    ("cond-9", "change_impact/conditions.py", 'return Leaf(cond.field, "exists", not cond.value)',
     'return Leaf(cond.field, "exists", cond.value)', "not exists kept as exists"),
    ("cond-10", "change_impact/conditions.py", 'return Node("any" if cond.kind == "all" else "all",', "return Node(cond.kind,",
     "De Morgan skipped: not (a and b) read as not a and not b"),
    ("cond-11", "change_impact/conditions.py", '"gt": lambda v: rank.get(v, -1) > r,', '"gt": lambda v: rank.get(v, -1) >= r,',
     "ordered choice gt includes the value itself"),
    ("cond-12", "change_impact/conditions.py", '"count_gt": lambda v: len(v) > x,', '"count_gt": lambda v: len(v) >= x,',
     "count_gt includes the count itself"),
    ("cond-13", "change_impact/conditions.py", "            if unknown:\n                del hits[h:]\n                return None",
     "            if unknown:\n                del hits[h:]\n                return True", "all with an unknown part read as true"),
    ("cond-14", "change_impact/conditions.py", "return None if unknown else False", "return False",
     "any with an unknown part read as false (a missing attribute taken as no)"),
    ("cond-15", "change_impact/conditions.py", "return lambda v: low in v.casefold()", "return lambda v: x in v",
     "contains case-sensitive"),
    ("cond-16", "change_impact/conditions.py", "return lambda v: not wanted.isdisjoint(v)", "return lambda v: wanted.issubset(v)",
     "list in needs every listed value"),
    # --- import parsing and the CLI
    ("import-1", "fieldwork/labels.py", "        found[_key(code)] = code", "        found[code] = code",
     "lower-case ratings rejected on import"),
    ("import-2", "_io/xlsx_read.py", '    text = getattr(value, "text", None)', "    text = None",
     "ArrayFormula cells read as a repr"),
    ("import-3", "scoring/results.py", "if info.catalogue_hash and info.catalogue_hash != catalogue.content_hash:",
     "if False:", "no warning when the catalogue changed"),
    ("cli-1", "cli/__init__.py",
     '        except ItsmAssessError as exc:\n            if ctx.meta.get("itsm_assess.debug"):',
     "        except ItsmAssessError as exc:\n            if False:", "--debug ignored"),
)


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # under src/itsm_assess
    old: str
    new: str
    what: str

    @property
    def tests(self) -> tuple[str, ...]:
        return GUARDS[self.id.split("-")[0]]


MUTANTS: tuple[Mutant, ...] = tuple(Mutant(*row) for row in TABLE)


def apply(src: Path, mutant: Mutant) -> str | None:
    """Apply ``mutant`` to the copy under ``src``; returns the original text, or None if it no longer applies."""
    path = src / "itsm_assess" / mutant.file
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if mutant.old not in text:
        return None
    path.write_text(text.replace(mutant.old, mutant.new, 1), encoding="utf-8")
    return text


def run_tests(src: Path, tests: tuple[str, ...]) -> tuple[bool, float]:
    """(all passed, seconds) of ``tests`` run against the copy under ``src`` (a timeout or a crash fails)."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow", *tests],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
        )
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started
    # 1: a test failed; below 0: the tests crashed (killed by a signal, e.g. an abort on a huge
    # allocation), which a user would notice too; 2-5: pytest itself could not run them.
    if proc.returncode not in (0, 1) and proc.returncode >= 0:
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
