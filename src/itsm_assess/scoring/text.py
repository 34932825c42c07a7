"""A plain-text rendering of scoring results for a terminal (built from the JSON contract)."""

from __future__ import annotations

from typing import Any

from itsm_assess.i18n import localize
from itsm_assess.scoring.reasons import readiness_reasons

_LABELS = {
    "en": {
        "assessment": "assessment", "model": "model", "scope": "Scope", "of": "of", "processes": "processes",
        "process": "Process", "level": "Level", "target": "Target", "compliance": "Compl.",
        "weighted": "Weighted", "counts": "C/NC/NA/open", "clauses": "Clauses", "findings": "Findings",
        "readiness": "Readiness", "gaps": "Gaps to target (highest priority first)", "needs": "needs",
        "holding": "held back by", "unrated": "not rated", "none": "none", "overall": "Overall compliance",
        "more": "more", "scope_only": "scope only", "direct": "* rated directly by the assessor",
        "target_short": "target level",
        "warning": "warning",
    },
    "fi": {
        "assessment": "arviointi", "model": "malli", "scope": "Laajuus", "of": "/", "processes": "prosessia",
        "process": "Prosessi", "level": "Taso", "target": "Tavoite", "compliance": "Vaat.mukais.",
        "weighted": "Painotettu", "counts": "T/EiT/EiS/avoin", "clauses": "Luvut", "findings": "Havainnot",
        "readiness": "Sertifiointivalmius", "gaps": "Puutteet tavoitteeseen (tärkein ensin)", "needs": "tarvitaan",
        "holding": "syynä", "unrated": "ei arvioitu", "none": "ei yhtään", "overall": "Vaatimustenmukaisuus yhteensä",
        "more": "lisää", "scope_only": "vain arvioitu laajuus", "direct": "* arvioijan suoraan antama arvio",
        "target_short": "tavoitetaso",
        "warning": "varoitus",
    },
}
_GRADES = {
    "en": {"major-nc": "major NC", "minor-nc": "minor NC", "observation": "observation", "ofi": "OFI",
           "good-practice": "good practice"},
    "fi": {"major-nc": "merkittävä poikkeama", "minor-nc": "lievä poikkeama", "observation": "havainto",
           "ofi": "parannusmahdollisuus", "good-practice": "hyvä käytäntö"},
}
_WORDS = {
    "en": {"audit": "audit", "self-assessment": "self-assessment", "capability": "capability",
           "compliance": "compliance", "maturity": "maturity", "ready": "ready",
           "ready-with-conditions": "ready with conditions", "not-ready": "not ready"},
    "fi": {"audit": "auditointi", "self-assessment": "itsearviointi", "capability": "kyvykkyys",
           "compliance": "vaatimustenmukaisuus", "maturity": "kypsyys", "ready": "valmis",
           "ready-with-conditions": "valmis ehdollisesti", "not-ready": "ei vielä valmis"},
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _counts(c: dict[str, int]) -> str:
    return f"{c['conforming']}/{c['not_conforming']}/{c['not_applicable']}/{c['not_assessed']}"


def results_table(data: dict[str, Any], lang: str = "en", max_gaps: int = 15) -> str:
    """The results (``Results.to_dict()``) as aligned text tables, in ``lang``."""
    t = _LABELS.get(lang, _LABELS["en"])
    grades = _GRADES.get(lang, _GRADES["en"])
    words = _WORDS.get(lang, _WORDS["en"])
    a, m = data["assessment"], data["model"]
    lines = [
        f"{a['organisation']} · {t['assessment']} {a['id']} ({words.get(a['method'], a['method'])}) · "
        f"{a['catalogue']} {a['catalogue_version']} · {t['model']} {m['id']} ({words.get(m['kind'], m['kind'])})",
        f"{t['scope']}: {', '.join(a['scope'])}",
        "",
    ]
    procs = data["processes"]
    has_levels = m["max_level"] is not None
    attrs = [pa for pa in ("PA1.1", "PA2.1", "PA2.2", "PA3.1", "PA3.2", "PA4.1", "PA4.2", "PA5.1", "PA5.2")
             if any(pa in p["attributes"] for p in procs.values())]
    name_w = max([len(t["process"])] + [len(pid) + 2 + min(30, len(localize(p["title"], lang))) for pid, p in procs.items()])
    header = f"{t['process']:<{name_w}}"
    if has_levels:
        header += f"  {t['level']:>5}  {t['target']:>6}" + "".join(f"  {pa:<8}" for pa in attrs)
    header += f"  {t['compliance']:>12}  {t['weighted']:>10}  {t['counts']}"
    lines += [header, "-" * len(header)]
    for pid, p in procs.items():
        row = f"{(pid + '  ' + localize(p['title'], lang)[:30]):<{name_w}}"
        if has_levels:
            target = "" if p["target_level"] is None else str(p["target_level"])
            row += f"  {p['capability_level']:>5}  {target:>6}"
            for pa in attrs:
                at = p["attributes"].get(pa)
                cell = f"{at['rating']} {at['achievement'] * 100:.0f}%" + ("*" if at["source"] == "direct" else "") if at else "–"
                row += f"  {cell:<8}"
        row += f"  {_pct(p['compliance']):>12}  {_pct(p['compliance_weighted']):>10}  {_counts(p['counts'])}"
        lines.append(row)
    if has_levels and any(at["source"] == "direct" for p in procs.values() for at in p["attributes"].values()):
        lines.append(t["direct"])
    o = data["overall"]
    lines += ["", f"{t['overall']}: {_pct(o['compliance'])} ({t['weighted']} {_pct(o['compliance_weighted'])}), "
              f"{o['assessed']}/{o['requirements_in_scope']}"]

    top = {c: v for c, v in data["clauses"].items() if c.count(".") <= 1}
    if top:
        lines += ["", t["clauses"]]
        for c, v in top.items():
            title = localize(v["title"], lang)[:48]
            title = "" if title == c else title
            indent = "  " * c.count(".")
            lines.append(f"  {indent}{c:<7} {title:<{50 - len(indent)}} {_pct(v['compliance']):>7} "
                         f"{_pct(v['compliance_weighted']):>7}  {_counts(v['counts'])}")

    by_grade = data["findings_by_grade"]
    lines += ["", f"{t['findings']}: " + ", ".join(f"{grades[g]} {n}" for g, n in by_grade.items())]
    grade_w = max(len(grades["major-nc"]), len(grades["minor-nc"]))
    for f in data["findings"]:
        if f["grade"] in ("major-nc", "minor-nc") and f["status"] == "open":
            reqs = ", ".join(f["requirements"]) or ", ".join(f["processes"])
            lines.append(f"  {f['id']:<14} {grades[f['grade']]:<{grade_w}} {reqs:<16} {f['statement'][:70]}")

    r = data["readiness"]
    verdict = words.get(r["verdict"], r["verdict"]) + ("" if r["certification_scope"] else f" ({t['scope_only']})")
    lines += ["", f"{t['readiness']}: {verdict}"] + [f"  - {reason}" for reason in readiness_reasons(r, lang)]

    if has_levels:
        gaps = data["gaps"]
        lines += ["", f"{t['gaps']}:" + ("" if gaps else f" {t['none']}")]
        for g in gaps[:max_gaps]:
            holding = ", ".join(f"{i['id']} ({i['rating'] or t['unrated']}"
                                f"{', ' + grades.get(i['finding'], i['finding']) if i['finding'] else ''})"
                                for i in g["requirements"][:6])
            more = len(g["requirements"]) - 6
            if more > 0:
                holding += f", +{more} {t['more']}"
            lines.append(f"  {g['priority']:>6.2f}  {g['process']} {g['attribute']} {g['rating'] or '–'} → "
                         f"{t['needs']} {g['needed']} ({t['target_short']} {g['target_level']})"
                         + (f"; {t['holding']} {holding}" if holding else ""))
        if len(gaps) > max_gaps:
            lines.append(f"  … +{len(gaps) - max_gaps} {t['more']}")
    for w in data.get("warnings", []):
        lines.append(f"{t['warning']}: {w}")
    return "\n".join(lines) + "\n"
