"""A plain-text rendering of scoring results for a terminal (built from the JSON contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsm_assess.i18n import _p, label_table, localize, translate, worded
from itsm_assess.i18n.formats import format_number, format_percent, shorten
from itsm_assess.scoring.reasons import readiness_reasons

if TYPE_CHECKING:
    from itsm_assess.scoring.contract import ProcessEntry, ResultsContract


_LABELS = label_table(
    _p("results.heading", "{organisation} · {method} {id} · {catalogue} (catalogue version {version}) · {model}"),
    _p("results.scope", "Scope"),
    _p("results.process", "Process"), _p("results.level", "Level"), _p("results.target", "Target"),
    _p("results.compliance", "Compliance"), _p("results.weighted", "Weighted"), _p("results.counts", "Requirements"),
    _p("results.clause", "Clause"),
    _p("results.clauses", "Clauses"), _p("results.findings", "Findings"), _p("results.readiness", "Readiness"),
    _p("results.gaps", "Gaps to target (highest priority first)"), _p("results.needs", "needs"),
    _p("results.holding", "held back by"), _p("results.unrated", "not rated"), _p("results.none", "none"),
    _p("results.overall", "Overall compliance: {compliance} (weighted {weighted}), {assessed}/{in_scope} assessed"), _p("results.more", "more"), _p("results.scope_only", "scope only"),
    _p("results.direct", "* rated directly by the assessor"), _p("results.target_short", "target level"),
    _p("results.warning", "warning"),
    _p("results.counts_legend", "Requirements: conforming / not conforming (rated below F) / not applicable / "
                                "not assessed (shall requirements only)"),
    _p("results.derived", "conformity of {n} of {m} requirements derived from N/P/L/F (F conforms; L, P and N do "
                          "not until the auditor records a decision)"),
    _p("results.not_rated_level", "n/r"),
    _p("results.not_rated_note", "n/r: not rated (the evidence does not support a level)"),
    _p("results.insufficient", "too little assessed to state a figure"),
    _p("results.open", "open"), _p("results.closed", "closed"),
    _p("results.more_warnings", "more; list them all with `itsm-assess assess check`"),
    _p("results.check_count", "{n} consistency warnings; list them with `itsm-assess assess check`"),
)
_GRADES = label_table(
    _p("grade.major-nc", "major NC"), _p("grade.minor-nc", "minor NC"), _p("grade.observation", "observation"),
    _p("grade.ofi", "OFI"), _p("grade.good-practice", "good practice"),
)
_WORDS = label_table(
    _p("word.audit", "audit"), _p("word.self-assessment", "self-assessment"), _p("word.capability", "capability"),
    _p("word.compliance", "compliance"), _p("word.maturity", "maturity"), _p("word.ready", "ready"),
    _p("word.ready-with-conditions", "ready with conditions"), _p("word.not-ready", "not ready"),
    _p("word.indication-clear", "indication for the scope only: no blocking findings"),
    _p("word.indication-with-conditions", "indication for the scope only: minor nonconformities to correct"),
    _p("word.indication-not-ready", "indication for the scope only: not ready"),
    _p("word.no-verdict", "no certification verdict (self-assessment)"),
)

#: How many warnings the table prints before pointing to `assess check`.
MAX_WARNINGS = 10
#: The widest a process or clause title and a finding's statement are shown (shortened at a word
#: boundary with "…" beyond, never cut inside a word).
TITLE_WIDTH = 44
STATEMENT_WIDTH = 80


def _columns(rows: list[list[str]], aligns: str, gap: str = "  ") -> list[str]:
    """``rows`` (the first the header) as aligned lines: each column as wide as its widest cell,
    ``<`` left- or ``>`` right-aligned, the header aligned like its column."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(aligns))]
    return [gap.join(f"{cell:{align}{width}}" for cell, align, width in zip(row, aligns, widths, strict=True)).rstrip()
            for row in rows]


def model_kind_word(kind: str, lang: str) -> str:
    """A scoring model's kind (``capability``, ``compliance``, ``maturity``) as a word of ``lang``."""
    return worded(_WORDS, lang).get(kind, kind)


def _pct(value: float | None, lang: str) -> str:
    return format_percent(value, lang, 1)


def _counts(c: dict[str, int]) -> str:
    return f"{c['conforming']}/{c['not_conforming']}/{c['not_applicable']}/{c['not_assessed']}"


def results_table(data: ResultsContract, lang: str = "en", max_gaps: int = 15, catalogue_name: str | None = None) -> str:
    """The results (``Results.to_dict()``) as aligned text tables, in ``lang``; ``catalogue_name``
    (e.g. the standard, ``ISO/IEC 20000-1:2018``) instead of the catalogue's id in the heading."""
    t = worded(_LABELS, lang)
    grades = worded(_GRADES, lang)
    words = worded(_WORDS, lang)
    has_levels = data["model"]["max_level"] is not None
    lines = _heading(data, t, words, lang, catalogue_name)
    lines += _process_table(data, t, lang, has_levels)
    lines += _overall(data, t, lang)
    lines += _clause_table(data, t, lang)
    lines += _open_findings(data, t, grades, lang)
    r = data["readiness"]
    lines += ["", f"{t['readiness']}: {words.get(r['verdict'], r['verdict'])}"]
    lines += [f"  - {reason}" for reason in readiness_reasons(r, lang)]
    if has_levels:
        lines += _gaps(data, t, grades, lang, max_gaps)
    lines += _warnings(data.get("warnings", []), t, lang)
    return "\n".join(lines) + "\n"


def _heading(data: ResultsContract, t: dict[str, str], words: dict[str, str], lang: str,
             catalogue_name: str | None) -> list[str]:
    a, m = data["assessment"], data["model"]
    model = localize(m["title"], lang) if m.get("title") else f"{m['id']} ({words.get(m['kind'], m['kind'])})"
    return [
        t["heading"].format(organisation=a["organisation"], method=words.get(a["method"], a["method"]), id=a["id"],
                            catalogue=catalogue_name or a["catalogue"], version=a["catalogue_version"], model=model),
        f"{t['scope']}: {', '.join(a['scope'])}",
        "",
    ]


def _process_table(data: ResultsContract, t: dict[str, str], lang: str, has_levels: bool) -> list[str]:
    """A row per process: level, target and attribute ratings (with levels), compliance, counts."""
    procs = data["processes"]
    attrs = [pa for pa in ("PA1.1", "PA2.1", "PA2.2", "PA3.1", "PA3.2", "PA4.1", "PA4.2", "PA5.1", "PA5.2")
             if any(pa in p["attributes"] for p in procs.values())]
    id_width = max(len(pid) for pid in procs)
    header = [t["process"]]
    aligns = "<"
    if has_levels:
        header += [t["level"], t["target"], *attrs]
        aligns += ">>" + "<" * len(attrs)
    header += [t["compliance"], t["weighted"], t["counts"]]
    aligns += ">>>"
    rows = [header]
    for pid, p in procs.items():
        row = [f"{pid:<{id_width}}  {shorten(localize(p['title'], lang), TITLE_WIDTH)}"]
        if has_levels:
            row += _level_cells(p, attrs, t, lang)
        row += [_pct(p["compliance"], lang), _pct(p["compliance_weighted"], lang), _counts(p["counts"])]
        rows.append(row)
    table = _columns(rows, aligns)
    lines = [table[0], "-" * max(len(line) for line in table), *table[1:]]
    if has_levels and any(at["source"] == "direct" for p in procs.values() for at in p["attributes"].values()):
        lines.append(t["direct"])
    if has_levels and any(p.get("capability_level") is None for p in procs.values()):
        lines.append(t["not_rated_note"])
    lines.append(t["counts_legend"])
    return lines


def _level_cells(p: ProcessEntry, attrs: list[str], t: dict[str, str], lang: str) -> list[str]:
    """Level, target and each attribute's rating and achievement (``*`` when rated directly)."""
    target = "" if p["target_level"] is None else str(p["target_level"])
    level = t["not_rated_level"] if p["capability_level"] is None else str(p["capability_level"])
    cells = [level, target]
    for pa in attrs:
        at = p["attributes"].get(pa)
        cells.append(f"{at['rating']} {format_percent(at['achievement'], lang)}" + ("*" if at["source"] == "direct" else "")
                     if at else "–")
    return cells


def _overall(data: ResultsContract, t: dict[str, str], lang: str) -> list[str]:
    o = data["overall"]
    stated = "" if o.get("compliance_status", "stated") == "stated" else f" ({t['insufficient']})"
    lines = ["", t["overall"].format(compliance=_pct(o["compliance"], lang), weighted=_pct(o["compliance_weighted"], lang),
                                     assessed=o["assessed"], in_scope=o["requirements_in_scope"]) + stated]
    if o.get("conformity_derived"):
        lines.append("  " + t["derived"].format(n=o["conformity_derived"], m=o["assessed"]))
    return lines


def _clause_table(data: ResultsContract, t: dict[str, str], lang: str) -> list[str]:
    """Compliance of the top two clause levels (4, 8, 8.5 …)."""
    top = {c: v for c, v in data["clauses"].items() if c.count(".") <= 1}
    if not top:
        return []
    rows = [[t["clause"], t["compliance"], t["weighted"], t["counts"]]]
    for c, v in top.items():
        title = localize(v["title"], lang)
        shown = c if title == c else f"{c:<7} {shorten(title, TITLE_WIDTH)}"
        rows.append(["  " * c.count(".") + shown, _pct(v["compliance"], lang), _pct(v["compliance_weighted"], lang),
                     _counts(v["counts"])])
    return ["", t["clauses"], *("  " + line for line in _columns(rows, "<>>>"))]


def _open_findings(data: ResultsContract, t: dict[str, str], grades: dict[str, str], lang: str) -> list[str]:
    """Findings counted by grade (open, then closed), and each open nonconformity on its line."""
    from itsm_assess.assessment import finding_id_text

    opened = data.get("findings_open_by_grade") or data["findings_by_grade"]
    closed = data.get("findings_closed_by_grade") or {}
    lines = ["", f"{t['findings']} ({t['open']}): " + ", ".join(f"{grades[g]} {n}" for g, n in opened.items())]
    if any(closed.values()):
        lines.append(f"{t['findings']} ({t['closed']}): " + ", ".join(f"{grades[g]} {n}" for g, n in closed.items()))
    rows = [[finding_id_text(f["id"], lang), grades[f["grade"]], ", ".join(f["requirements"]) or ", ".join(f["processes"]),
             shorten(f["statement"], STATEMENT_WIDTH)]
            for f in data["findings"] if f["grade"] in ("major-nc", "minor-nc") and f["status"] == "open"]
    if rows:
        lines += ["  " + line for line in _columns(rows, "<<<<")]
    return lines


def _gaps(data: ResultsContract, t: dict[str, str], grades: dict[str, str], lang: str, max_gaps: int) -> list[str]:
    """The first ``max_gaps`` gaps, highest priority first, each with what holds it back."""
    gaps = data["gaps"]
    lines = ["", f"{t['gaps']}:" + ("" if gaps else f" {t['none']}")]
    for g in gaps[:max_gaps]:
        holding = ", ".join(f"{i['id']} ({i['rating'] or t['unrated']}"
                            f"{', ' + grades.get(i['finding'], i['finding']) if i['finding'] else ''})"
                            for i in g["requirements"][:6])
        more = len(g["requirements"]) - 6
        if more > 0:
            holding += f", +{more} {t['more']}"
        lines.append(f"  {format_number(g['priority'], lang, 2):>6}  {g['process']} {g['attribute']} {g['rating'] or '–'} → "
                     f"{t['needs']} {g['needed']} ({t['target_short']} {g['target_level']})"
                     + (f"; {t['holding']} {holding}" if holding else ""))
    if len(gaps) > max_gaps:
        lines.append(f"  … +{len(gaps) - max_gaps} {t['more']}")
    return lines


def _warnings(warnings: list[str], t: dict[str, str], lang: str) -> list[str]:
    if lang != "en":
        # The consistency rules speak English (as `assess check` does): counted here, listed there.
        rules = [w for w in warnings if w.endswith("]")]
        warnings = [w for w in warnings if not w.endswith("]")]
        if rules:
            warnings.append(t["check_count"].format(n=len(rules)))
    lines = [f"{t['warning']}: {translate(w, lang)}" for w in warnings[:MAX_WARNINGS]]
    if len(warnings) > MAX_WARNINGS:
        lines.append(f"{t['warning']}: +{len(warnings) - MAX_WARNINGS} {t['more_warnings']}")
    return lines
