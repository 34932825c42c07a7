"""Gap report (xlsx + html) for a catalogue-sized synthetic assessment, against bare openpyxl + bare Jinja2.

Workload: build the view model, write the styled workbook (with its chart, validation and print
setup) and render the HTML page. Floor, in the same run: bare openpyxl writing the same cells as the
report's sheets (dashboard, summary tables, processes, findings, action plan with its nonconformity
rows, requirements, method, the hidden sheet) without any styling, plus a bare Jinja2 template
rendering the same rows and the per-process pages into trivial tables. A second measurement reports the growth from the
catalogue size (27 processes, ~250 requirements) to ten times that (no worse than linear: <= ~12).
"""

from __future__ import annotations

import io
from typing import Any

from common import Measurement, best_of

from itsm_assess.schema import PROCESS_ATTRIBUTES

RATINGS = ("N", "P-", "P", "P+", "L-", "L", "L+", "F", "NA")
GRADES = ("major-nc", "minor-nc", "observation", "ofi", "good-practice")


def synthetic_results(n_processes: int = 27, per_process: int = 9) -> dict[str, Any]:
    """A results dict following the itsm-assess/results contract, deterministic."""
    processes: dict[str, Any] = {}
    requirements: dict[str, Any] = {}
    findings: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    clauses: dict[str, Any] = {}
    counts = {"conforming": 5, "not_conforming": 3, "not_applicable": 1, "not_assessed": 0}
    for p in range(n_processes):
        pid = f"P{p:03d}"
        clause = f"8.{p % 9 + 1}.{p // 9 + 1}"
        attrs = {pa: {"rating": RATINGS[(p + i) % 8], "achievement": 0.5, "source": "derived", "items_rated": 3}
                 for i, pa in enumerate(PROCESS_ATTRIBUTES[: 1 + p % 5])}
        processes[pid] = {"title": {"en": f"Process number {p}", "fi": f"Prosessi numero {p}"}, "clauses": [clause],
                          "capability_level": p % 4, "target_level": 3, "level_gap": max(0, 3 - p % 4),
                          "attributes": attrs, "compliance": (p % 10) / 10, "compliance_weighted": (p % 7) / 7,
                          "counts": counts}
        clauses.setdefault(clause.rsplit(".", 1)[0], {"title": {"en": f"Clause {clause}"}, "compliance": 0.5,
                                                       "compliance_weighted": 0.5, "counts": counts})
        reqs = []
        for r in range(per_process):
            rid = f"{pid}-{r:02d}"
            rating = RATINGS[(p * 3 + r) % 9]
            finding = GRADES[r % 5] if r % 3 == 0 else None
            requirements[rid] = {"process": pid, "clause": clause, "weight": 1 + r % 3, "attribute": "PA1.1",
                                 "rating": rating, "achievement": 0.5, "conformity": "not-conforming",
                                 "finding": finding, "evidence": f"Evidence sampled for {rid}: records 1-10, minutes",
                                 "notes": f"Interview notes for {rid} & follow-up" if r % 2 else None}
            reqs.append({"id": rid, "rating": rating, "finding": finding, "weight": 1})
            if finding:
                findings.append({"id": f"F-{rid}", "grade": finding, "requirements": [rid], "clauses": [clause],
                                 "processes": [pid], "statement": f"Statement of the finding on {rid}",
                                 "evidence": "Sampled records", "recommendation": "Do the thing properly",
                                 "status": "open"})
        gaps.append({"process": pid, "attribute": "PA1.1", "rating": "P", "needed": "F", "target_level": 3,
                     "priority": 10.0 - p / 100, "requirements": reqs[:4]})
    clauses["8"] = {"title": {"en": "Operation"}, "compliance": 0.5, "compliance_weighted": 0.5, "counts": counts}
    return {
        "format": "itsm-assess/results", "schema_version": 1,
        "assessment": {"id": "bench-2025", "organisation": "Bench Oy", "method": "audit", "scope": list(processes),
                       "assessors": ["A", "B"], "start_date": "2025-01-01", "end_date": "2025-01-03",
                       "catalogue": "iso20000-1-2018", "catalogue_version": "1.0.0", "catalogue_hash": "0" * 64,
                       "language": "en"},
        "model": {"id": "iso33020", "title": {"en": "ISO/IEC 33020"}, "kind": "capability",
                  "scale": [{"rating": "N", "min": 0.0, "max": 0.15}, {"rating": "P", "min": 0.15, "max": 0.5},
                            {"rating": "L", "min": 0.5, "max": 0.85}, {"rating": "F", "min": 0.85, "max": 1.0}],
                  "max_level": 5},
        "processes": processes, "clauses": clauses, "requirements": requirements, "findings": findings,
        "findings_by_grade": {g: sum(1 for f in findings if f["grade"] == g) for g in GRADES},
        "readiness": {"verdict": "not-ready", "certification_scope": True, "reasons": ["open major nonconformities"],
                      "clauses_outside_scope": [], "open_major": 3, "open_minor": 4, "not_assessed": 0},
        "gaps": gaps,
        "overall": {"compliance": 0.5, "compliance_weighted": 0.55, "requirements_in_scope": len(requirements),
                    "assessed": len(requirements)},
    }


def workload(results: dict[str, Any]) -> None:
    from itsm_assess.reports import build_report_view
    from itsm_assess.reports.html import render_report_html
    from itsm_assess.reports.xlsx import build_workbook

    view = build_report_view(results)
    build_workbook(view).save(io.BytesIO())
    render_report_html(view)


FLOOR_TEMPLATE = (
    "<html><body>{% for table in tables %}<table>{% for row in table %}<tr>{% for c in row %}<td>{{ c }}</td>"
    "{% endfor %}</tr>{% endfor %}</table>{% endfor %}</body></html>"
)


def floor_tables(results: dict[str, Any]) -> list[list[list[Any]]]:
    """The rows the report's sheets hold (same cells, values as plain data), one table per sheet."""
    info, model = results["assessment"], results["model"]
    pas = [pa for pa in PROCESS_ATTRIBUTES if any(pa in p["attributes"] for p in results["processes"].values())]
    summary = [["Organisation", info["organisation"]], ["Assessment", info["id"]], ["Scope", ", ".join(info["scope"])],
               ["Method", info["method"]], ["Dates", f"{info['start_date']} – {info['end_date']}"],
               ["Assessors", ", ".join(info["assessors"])], ["Catalogue", info["catalogue"]],
               ["Model", model["id"]], ["Readiness", results["readiness"]["verdict"]],
               ["Reasons", "\n".join(results["readiness"]["reasons"])],
               ["Open major", results["readiness"]["open_major"]], ["Open minor", results["readiness"]["open_minor"]],
               ["Not assessed", results["readiness"]["not_assessed"]],
               ["Compliance", results["overall"]["compliance"]], ["Weighted", results["overall"]["compliance_weighted"]],
               ["Process", "Title", "Level", "Target", "Gap", "Compliance", "Weighted"]]
    summary += [[pid, p["title"]["en"], p["capability_level"], p["target_level"], p["level_gap"], p["compliance"],
                 p["compliance_weighted"]] for pid, p in results["processes"].items()]
    summary += [["Grade", "Count"], *[[g, n] for g, n in results["findings_by_grade"].items()]]
    summary += [["Clause", "Title", "Compliance", "Weighted", "C", "NC", "NA"]]
    summary += [[c, v["title"]["en"], v["compliance"], v["compliance_weighted"], v["counts"]["conforming"],
                 v["counts"]["not_conforming"], v["counts"]["not_assessed"]] for c, v in results["clauses"].items()]
    procs = [["Process", "Title", "Clauses", *pas, "Level", "Target", "Compliance", "Weighted", "C", "NC", "NA", "N/A"]]
    procs += [[pid, p["title"]["en"], ", ".join(p["clauses"]),
               *[(p["attributes"].get(pa) or {}).get("rating", "") for pa in pas], p["capability_level"],
               p["target_level"], p["compliance"], p["compliance_weighted"], *p["counts"].values()]
              for pid, p in results["processes"].items()]
    finds = [["Id", "Grade", "Clauses", "Requirements", "Processes", "Finding", "Evidence", "Recommendation", "Status"]]
    finds += [[f["id"], f["grade"], ", ".join(f["clauses"]), ", ".join(f["requirements"]), ", ".join(f["processes"]),
               f["statement"], f["evidence"], f["recommendation"], f["status"]] for f in results["findings"]]
    gaps = [["No.", "Priority", "Process", "Attribute", "Rating", "Needed", "Target", "Requirements", "Action", "Owner",
             "Due", "Status"]]
    gaps += [[i, g["priority"], g["process"], g["attribute"], g["rating"], g["needed"], g["target_level"],
              ", ".join(r["id"] for r in g["requirements"]),
              f"Raise {g['attribute']} of {g['process']} from {g['rating']} to {g['needed']}", None, None, "Open"]
             for i, g in enumerate(results["gaps"], start=1)]
    reqs = [["Id", "Process", "Clause", "Title", "Weight", "Attribute", "Rating", "Conformity", "Grade", "Evidence",
             "Notes"]]
    reqs += [[rid, r["process"], r["clause"], "", r["weight"], r["attribute"], r["rating"], r["conformity"],
              r["finding"] or "", r["evidence"], r["notes"]] for rid, r in results["requirements"].items()]
    method = [["Model", model["id"]], ["Kind", model["kind"]], ["Catalogue", info["catalogue"]],
              ["Version", info["catalogue_version"]], ["Hash", info["catalogue_hash"]], ["Rating", "Achievement", "Meaning"]]
    method += [[b["rating"], f"{b['min']} – {b['max']}", b["rating"]] for b in model["scale"]]
    method += [["Level", "Meaning"], *[[n, f"Level {n}"] for n in range(6)], *[["How to read"]] * 4]
    # The executive summary the dashboard and the page open with: figures, messages, RAG by clause and process.
    dashboard = [["Figure", "Now", "Before"], *[[f"Figure {i}", i, None] for i in range(6)]]
    dashboard += [[f"Message {i}: " + "a sentence of a consultant's key message " * 3] for i in range(9)]
    dashboard += [[c, v["title"]["en"], "A", v["compliance"], 0, 0] for c, v in results["clauses"].items()
                  if "." not in c]
    dashboard += [[pid, p["title"]["en"], "A", p["capability_level"], p["target_level"], p["compliance"], 0]
                  for pid, p in results["processes"].items()]
    # The action plan's corrective rows (one per open nonconformity) and the hidden sheet of what it showed.
    ncs = [f for f in results["findings"] if f["grade"] in ("major-nc", "minor-nc")]
    gaps += [[i, "Medium", "Minor nonconformity", f["processes"][0], "", "", "", f["requirements"][0],
              f"Correct nonconformity {f['id']}: {f['statement']}", f["recommendation"], None, None, "Open", None]
             for i, f in enumerate(ncs, start=len(gaps))]
    meta = [["format", "itsm-assess/report"], *[[f"action:{row[2]}", None, None, "open"] for row in gaps]]
    return [dashboard, summary, procs, finds, gaps, reqs, method, meta]


def floor_pages(results: dict[str, Any]) -> list[list[list[Any]]]:
    """The rows of the per-process pages (HTML only): attributes, strengths, weaknesses, findings."""
    pages = []
    for pid, p in results["processes"].items():
        reqs = [(rid, r) for rid, r in results["requirements"].items() if r["process"] == pid]
        rows: list[list[Any]] = [[pid, p["title"]["en"], p["capability_level"], p["target_level"]]]
        rows += [[pa, a["rating"]] for pa, a in p["attributes"].items()]
        rows += [[rid, r["rating"]] for rid, r in reqs[:11]]
        rows += [[f["id"], f["statement"]] for f in results["findings"] if pid in f["processes"]]
        pages.append(rows)
    return pages


def floor(results: dict[str, Any]) -> None:
    """Bare openpyxl writing the same cells as the report's sheets (no styles, chart, validation or print
    setup), plus a bare Jinja2 template rendering the same rows into plain tables."""
    from jinja2 import Environment
    from openpyxl import Workbook

    tables = floor_tables(results)
    wb = Workbook()
    for table in tables:
        ws = wb.create_sheet()
        for row in table:
            ws.append(row)
    wb.save(io.BytesIO())
    Environment(autoescape=True).from_string(FLOOR_TEMPLATE).render(tables=tables + floor_pages(results))


def run() -> list[Measurement]:
    small = synthetic_results(27, 9)
    large = synthetic_results(270, 9)
    workload(small)  # warm imports and template cache
    floor(small)
    t_small = best_of(lambda: workload(small), repeat=5)
    f_small = best_of(lambda: floor(small), repeat=5)
    t_large = best_of(lambda: workload(large), repeat=3)
    n = len(small["requirements"])
    return [
        Measurement(f"report xlsx+html ({len(small['processes'])} processes, {n} requirements)", t_small,
                    "bare openpyxl rows + bare Jinja2 table", f_small, 2.0),
        Measurement(f"report growth x10 ({len(large['processes'])} processes, {len(large['requirements'])} req.)",
                    t_large, "same report at catalogue size", t_small, 12.0, note="aim: no worse than linear"),
    ]
