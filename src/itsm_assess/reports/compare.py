"""Comparing several assessments of one catalogue: student groups against a key, sites of one
organisation, clients side by side.

A matrix of assessments × requirements (ratings) and × process attributes (scored ratings),
agreement of each assessment with the key (same band N/P/L/F), and outliers: an assessment whose
rating lies two or more bands from the key (or, without a key, from the median of all).
Each column is labelled by its assessment id, or by its folder or file name when ids repeat
(course groups often start from one template), so that no two columns collide.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import Label, _p, label_table, localize, message, worded
from itsm_assess.i18n.formats import format_number, format_percent
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import Catalogue

BAND = {"N": 0, "P-": 1, "P": 1, "P+": 1, "L-": 2, "L": 2, "L+": 2, "F": 3}
OUTLIER_STEPS = 2

LABELS: dict[str, Label] = label_table(
    _p("compare.title", "Comparison of assessments"),
    _p("compare.key", "Key"),
    _p("compare.agreement", "Agreement with the key"),
    _p("compare.assessment", "Assessment"),
    _p("compare.file", "File"),
    _p("compare.same_band", "Same band as the key"),
    _p("compare.distance", "Mean distance (bands)"),
    _p("compare.compared", "Requirements compared"),
    _p("compare.requirements", "Requirements"),
    _p("compare.attributes", "Process attributes"),
    _p("compare.outliers", "Outliers"),
    _p("compare.outlier_note", "Ratings two or more bands from the key (or, without a key, from the median of all)."),
    _p("compare.none", "None."),
    _p("compare.requirement", "Requirement"),
    _p("compare.rating", "Rating"),
    _p("compare.reference", "Reference"),
    _p("compare.agree_count", "Agree with the key"),
)


@dataclass
class Compared:
    """One assessment in the comparison."""

    label: str
    path: str
    assessment_id: str
    ratings: dict[str, str]
    attributes: dict[str, str] = field(default_factory=dict)


def _labels(paths: list[Path], ids: list[str]) -> list[str]:
    """Assessment ids, or folder/file names where ids repeat; ``#2``… as the last resort."""
    labels = list(ids)
    for candidates in (lambda p: p.parent.name, lambda p: p.stem, lambda p: f"{p.parent.name}/{p.stem}"):
        dupes = {x for x in labels if labels.count(x) > 1}
        if not dupes:
            break
        labels = [candidates(p) if lab in dupes else lab for p, lab in zip(paths, labels, strict=True)]
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab}#{seen[lab]}")
    return out


def _scored_attributes(assessment: Assessment, catalogue: Catalogue) -> dict[str, str]:
    from itsm_assess.scoring import load_scoring_model, score

    results = score(assessment, catalogue, load_scoring_model(assessment.assessment.scoring_model)).to_dict()
    out = {}
    for pid, proc in results["processes"].items():
        for pa, attr in (proc.get("attributes") or {}).items():
            rating = attr.get("rating")
            if rating:
                out[f"{pid} {pa}"] = rating
    return out


def load_compared(paths: list[str | os.PathLike[str]], catalogue: Catalogue | None = None) -> tuple[list[Compared], Catalogue]:
    """Load every assessment (one catalogue for all), score it, label it uniquely."""
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue

    if not paths:
        raise InputError(message("no assessments given; expected A.yaml B.yaml ..."))
    loaded = [(Path(p), load_assessment(p)) for p in paths]
    ids = {a.assessment.catalogue for _p, a in loaded}
    if len(ids) > 1:
        raise InputError(message(
            "the assessments use different catalogues ({catalogues}); compare assessments of one catalogue",
            catalogues=", ".join(f"{display_path(p)}: {a.assessment.catalogue}" for p, a in loaded)))
    cat = catalogue or load_catalogue(loaded[0][1].assessment.catalogue)
    problems = [line for _p, a in loaded for line in a.check_against(cat)]
    if problems:
        raise InputError(problems)
    labels = _labels([p for p, _a in loaded], [a.assessment.id for _path, a in loaded])
    out = []
    for label, (p, a) in zip(labels, loaded, strict=True):
        ratings: dict[str, str] = {r.id: str(r.rating) for r in a.responses if r.rating and ":" not in r.id}
        out.append(Compared(label, display_path(p), a.assessment.id, ratings, _scored_attributes(a, cat)))
    return out, cat


def _median_band(values: list[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]  # lower middle, as the survey consensus


def compare_view(compared: list[Compared], catalogue: Catalogue, key: Compared | None = None, lang: str = "en") -> dict[str, Any]:
    """Plain data for the HTML and Excel outputs."""
    from itsm_assess.assessment import rating_code

    lab = worded(LABELS, lang)
    order = [r.id for pid in catalogue.processes for r in catalogue.requirements_of(pid)]
    answered = {rid for c in [*compared, *([key] if key else [])] for rid in c.ratings}
    rows = []
    outliers = []
    for rid in (r for r in order if r in answered):
        cells = [c.ratings.get(rid) for c in compared]
        key_rating = key.ratings.get(rid) if key else None
        bands = [BAND.get(x) if x else None for x in cells]
        agree = None
        if key_rating in BAND:
            agree = sum(1 for b in bands if b is not None and b == BAND[key_rating])
        for i, b in enumerate(bands):
            if b is None:
                continue
            reference: int | None
            ref_label: str | None
            if key_rating in BAND:
                reference, ref_label = BAND[key_rating], key_rating
            else:
                reference = _median_band([x for x in bands if x is not None])
                ref_label = "NPLF"[reference] if reference is not None else None
            if reference is not None and abs(b - reference) >= OUTLIER_STEPS:
                outliers.append({"requirement": rid, "assessment": compared[i].label, "rating": cells[i],
                                 "reference": ref_label})
        # Not applicable as the reader's language writes it (ES in Finnish); the bands read the codes.
        rows.append({"id": rid, "title": localize(catalogue.requirements[rid].title, lang),
                     "key": rating_code(key_rating, lang) if key_rating else key_rating,
                     "cells": [rating_code(x, lang) if x else x for x in cells], "agree": agree})
    attribute_ids = sorted({a for c in compared for a in c.attributes} | (set(key.attributes) if key else set()),
                           key=lambda a: (list(catalogue.processes).index(a.split()[0]), a))
    attributes = [{"id": a, "key": key.attributes.get(a) if key else None,
                   "cells": [c.attributes.get(a) for c in compared]} for a in attribute_ids]
    agreement = []
    if key is not None:
        for c in compared:
            pairs = [(BAND[c.ratings[r]], BAND[k]) for r, k in key.ratings.items()
                     if k in BAND and c.ratings.get(r) in BAND]
            same = sum(1 for a, b in pairs if a == b)
            share = same / len(pairs) if pairs else None
            distance = sum(abs(a - b) for a, b in pairs) / len(pairs) if pairs else None
            agreement.append({
                "label": c.label, "path": c.path, "compared": len(pairs), "same_band": share, "distance": distance,
                # As the language writes them ("95 %", "0,25"), for the page.
                "same_band_text": format_percent(share, lang), "distance_text": format_number(distance, lang, 2),
            })
    return {
        # The catalogue as a reader knows it ("ISO/IEC 20000-1:2018 …"), not its id.
        "labels": lab, "lang": lang, "catalogue": localize(catalogue.info.title, lang) or catalogue.id,
        "columns": [{"label": c.label, "path": c.path, "id": c.assessment_id} for c in compared],
        "key": {"label": key.label, "path": key.path} if key else None,
        "requirements": rows, "attributes": attributes, "agreement": agreement, "outliers": outliers,
    }


def write_compare_html(view: dict[str, Any], path: str | os.PathLike[str]) -> None:
    from itsm_assess.files import write_text_atomic
    from itsm_assess.reports.html import environment

    write_text_atomic(Path(path), environment().get_template("compare.html.j2").render(c=view))


def write_compare_xlsx(view: dict[str, Any], path: str | os.PathLike[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from itsm_assess._io.xlsx_cells import set_text, set_value, sheet_title, use_text_font
    from itsm_assess.files import atomic_path

    lab = view["labels"]
    wb = Workbook()
    use_text_font(wb)
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = wb.create_sheet(sheet_title(title, view["lang"]))
        for col, h in enumerate(header, start=1):
            set_text(ws.cell(row=1, column=col), h)
            ws.cell(row=1, column=col).font = bold
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                set_value(ws.cell(row=r, column=col), value)
        ws.freeze_panes = "C2"
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 40

    wb.remove(wb.active)
    labels = [c["label"] for c in view["columns"]]
    keyed = view["key"] is not None
    head = [lab["requirement"], "", *([lab["key"]] if keyed else []), *labels, *([lab["agree_count"]] if keyed else [])]
    sheet(lab["requirements"], head, [
        [r["id"], r["title"], *([r["key"]] if keyed else []), *r["cells"], *([r["agree"]] if keyed else [])]
        for r in view["requirements"]])
    sheet(lab["attributes"], [lab["attributes"], "", *([lab["key"]] if keyed else []), *labels],
          [[a["id"], "", *([a["key"]] if keyed else []), *a["cells"]] for a in view["attributes"]])
    if keyed:
        sheet(lab["agreement"], [lab["assessment"], lab["file"], lab["compared"], lab["same_band"], lab["distance"]],
              [[a["label"], a["path"], a["compared"], a["same_band"], a["distance"]] for a in view["agreement"]])
    sheet(lab["outliers"], [lab["requirement"], lab["assessment"], lab["rating"], lab["reference"]],
          [[o["requirement"], o["assessment"], o["rating"], o["reference"]] for o in view["outliers"]])
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
