"""The staff wellbeing survey: instrument (YAML), responses from survey exports, results per construct.

The bundled instrument (``instruments/service-wellbeing.yaml``) is our own, a workplace development
survey, not a validated clinical instrument; ``--instrument`` loads another file of the same shape
(for example a licensed national COPSOQ III version an organisation holds).

Responses come as the self-assessment surveys do (:mod:`itsm_assess.fieldwork.survey`): a CSV or XLSX export
with one row per respondent, from Microsoft Forms, Webropol or a filled response workbook. Columns
are matched by item id (``WL1``) or by the item's text in either language; answers by number
(1-5) or by the scale's label in either language; the group column by its header (``Team``,
``Tiimi`` or the instrument's group question) or ``--group-column``.

Anonymity: nothing is reported for a group of fewer than ``min_group`` respondents (5, and only
higher when configured). Small groups are pooled into "other groups"; when the pool would still be
small while the others are shown, the smallest shown groups join it, so that no small group can be
worked out by subtracting the shown groups from the total. Open answers are shown only for groups
that are reported.

Per construct: respondents (n), mean (of each respondent's mean over the construct's answered
items, reverse-keyed items turned round as 6 - answer), distribution (answers per scale point,
after turning round) and favourable share (answers at the favourable points, 4-5, among answers).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, StrictBool, StrictStr

from itsm_assess.errors import InputError
from itsm_assess.i18n import Quoted, message, plural_message
from itsm_assess.loading import display_path
from itsm_assess.schema import Identifier, LocalizedText, SchemaVersion, StrictModel

MIN_GROUP = 5
POINTS = 5
FORMAT_NAME = "itsm-assess-wellbeing"
OTHER_GROUPS = "(other groups)"
NO_GROUP = "(no group)"
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|Q\d+[.:)]?)\s+")
_HEADER_ID = re.compile(r"^\[?([A-Za-z][A-Za-z0-9_]*)\]?(?:[\s:.]|$)")


class InstrumentInfo(StrictModel):
    id: Identifier
    version: StrictStr
    kind: StrictStr
    title: LocalizedText
    notice: LocalizedText


class Scale(StrictModel):
    labels: dict[StrictStr, list[StrictStr]]
    favourable: list[int] = Field(min_length=1)


class Item(StrictModel):
    id: Identifier
    text: LocalizedText
    reverse: StrictBool = False


class Construct(StrictModel):
    id: Identifier
    title: LocalizedText
    items: list[Item] = Field(min_length=1)


class OpenQuestion(StrictModel):
    id: Identifier
    text: LocalizedText


class Instrument(StrictModel):
    schema_version: SchemaVersion
    instrument: InstrumentInfo
    group_question: LocalizedText
    scale: Scale
    constructs: list[Construct] = Field(min_length=1)
    open_questions: list[OpenQuestion] = Field(default_factory=list)

    def items(self) -> dict[str, tuple[Construct, Item]]:
        return {i.id: (c, i) for c in self.constructs for i in c.items}


def load_instrument(path: str | os.PathLike[str] | None = None) -> Instrument:
    """The bundled instrument, or the file at ``path``; checked: five labels per language, ids unique."""
    from itsm_assess.loading import load_yaml, validate
    from itsm_assess.resources import package_data

    doc = load_yaml(path or package_data("metrics", "instruments", "service-wellbeing.yaml"))
    inst = validate(Instrument, doc)
    problems = []
    for lang, labels in inst.scale.labels.items():
        if len(labels) != POINTS:
            problems.append(message("{where}: scale.labels.{lang}: {count} labels; the scale has {points} points",
                                    where=doc.where(("scale", "labels", lang)), lang=lang, count=len(labels),
                                    points=POINTS))
    ids = [i.id for c in inst.constructs for i in c.items] + [q.id for q in inst.open_questions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(message("{where}: item ids used twice: {ids}", where=doc.where(), ids=", ".join(dupes)))
    if any(not 1 <= p <= POINTS for p in inst.scale.favourable):
        problems.append(message("{where}: scale.favourable: points are 1 to {points}",
                                where=doc.where(("scale", "favourable")), points=POINTS))
    if problems:
        raise InputError(problems)
    return inst


# --------------------------------------------------------------------------- reading responses


@dataclass
class Respondent:
    group: str
    answers: dict[str, int]
    open_answers: dict[str, str]


@dataclass
class Responses:
    respondents: list[Respondent] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(_NUMBERING.sub("", text).replace("\u00a0", " ").split()).casefold().rstrip(" ?.:*")


@cache
def _group_headers() -> frozenset[str]:
    """Headers a survey export may give its group column, in every shipped language (the PO
    translates the comma-separated list)."""
    from itsm_assess.i18n import LANGUAGES, pgettext_for

    found: set[str] = set()
    for lang in LANGUAGES:
        pgettext = pgettext_for(lang)
        found |= {_norm(w) for w in pgettext("input_words", "team, group, your team, unit").split(",") if w.strip()}
    return frozenset(found)


def _column_roles(headers: list[str], inst: Instrument, group_column: str | None, source: str
                  ) -> tuple[dict[int, str], dict[int, str], int | None, list[str]]:
    """Column -> item id, column -> open question id, the group column, headers ignored."""
    items = inst.items()
    by_text: dict[str, str] = {}
    for iid, (_c, item) in items.items():
        for text in item.text.values():
            by_text[_norm(text)] = iid
    open_text = {_norm(t): q.id for q in inst.open_questions for t in q.text.values()}
    open_ids = {q.id for q in inst.open_questions}
    group_texts = {_norm(t) for t in inst.group_question.values()} | _group_headers()
    answers: dict[int, str] = {}
    opens: dict[int, str] = {}
    group: int | None = None
    ignored = []
    for j, raw in enumerate(headers):
        header = raw.strip()
        m = _HEADER_ID.match(header)
        hid = m.group(1) if m else None
        key = _norm(header)
        if group_column is not None and header == group_column or group_column is None and key in group_texts:
            group = j
        elif hid in items:
            answers[j] = hid
        elif hid in open_ids:
            opens[j] = hid
        elif key in by_text:
            answers[j] = by_text[key]
        elif key in open_text:
            opens[j] = open_text[key]
        elif header:
            ignored.append(header)
    if not answers:
        raise InputError(message("{source}: no column matches an item of instrument {id} by id (e.g. WL1) or text",
                                 source=source, id=inst.instrument.id))
    if group_column is not None and group is None:
        raise InputError(message("{source}: no column {column}; found: {found}", source=source,
                                 column=Quoted(group_column), found=", ".join(h for h in headers if h)))
    return answers, opens, group, ignored


def _answer_codes(inst: Instrument) -> dict[str, int]:
    codes = {str(n): n for n in range(1, POINTS + 1)}
    codes.update({f"{n}.0": n for n in range(1, POINTS + 1)})
    for labels in inst.scale.labels.values():
        for n, label in enumerate(labels, start=1):
            codes[label.strip().casefold()] = n
            codes[f"{n} {label}".strip().casefold()] = n
            codes[f"{n} - {label}".strip().casefold()] = n
    return codes


def _rows(path: Path) -> tuple[list[tuple[str, list[Any]]], str]:
    """(place prefix, cells) per row, and the sheet title for XLSX (``""`` for CSV)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from itsm_assess._io.xlsx_read import calamine_sheet, open_calamine

        wb = open_calamine(path)
        try:
            sheet = calamine_sheet(wb, path, 0)
            rows = sheet.to_python()
            title = sheet.name
        finally:
            wb.close()
        return [(str(r), row) for r, row in enumerate(rows, start=1)], title
    from itsm_assess.fieldwork.survey import _rows_csv

    gen, fh = _rows_csv(path)
    try:
        return [(str(line), row) for line, row in gen], ""
    finally:
        fh.close()


def _place(source: str, sheet: str, line: str, j: int) -> str:
    """``file:line:column`` of a CSV cell, ``file: Sheet!B7`` of a workbook cell."""
    from openpyxl.utils import get_column_letter

    return f"{source}: {sheet}!{get_column_letter(j + 1)}{line}" if sheet else f"{source}:{line}:{j + 1}"


def read_responses(paths: list[str | os.PathLike[str]], inst: Instrument, *, group_column: str | None = None
                   ) -> Responses:
    """Every respondent of the exports (one row each). Raises InputError naming the cells whose
    answers are not on the scale, or the file whose columns match no item."""
    from itsm_assess._io.xlsx_read import cell_text

    codes = _answer_codes(inst)
    out = Responses()
    problems: list[str] = []
    for path in paths:
        p = Path(path)
        source = display_path(p)
        rows, sheet = _rows(p)
        if not rows:
            raise InputError(message("{path}: the file is empty; expected a header row and one row per respondent",
                                     path=source))
        headers = [cell_text(v) or "" for v in rows[0][1]]
        answers, opens, group_col, ignored = _column_roles(headers, inst, group_column, source)
        if ignored:
            out.notices.append(plural_message("{source}: column not matched, ignored: {columns}",
                                              "{source}: columns not matched, ignored: {columns}", len(ignored[:10]),
                                              source=source, columns=", ".join(ignored[:10])))
        out.sources.append(source)
        for line, cells in rows[1:]:
            texts = [cell_text(v) or "" for v in cells]
            if not any(t.strip() for t in texts):
                continue
            given: dict[str, int] = {}
            for j, iid in answers.items():
                value = texts[j].strip() if j < len(texts) else ""
                if not value:
                    continue
                code = codes.get(value.casefold())
                if code is None:
                    if len(problems) < 20:
                        problems.append(message("{place}: answer {value} is not on the scale (1-{points} or {labels})",
                                                place=_place(source, sheet, line, j), value=Quoted(value[:60]),
                                                points=POINTS,
                                                labels=" / ".join(inst.scale.labels.get("en", [])[:1] + ["..."])))
                    continue
                given[iid] = code
            group = texts[group_col].strip() if group_col is not None and group_col < len(texts) else ""
            free = {qid: texts[j].strip() for j, qid in opens.items() if j < len(texts) and texts[j].strip()}
            if given or free:
                out.respondents.append(Respondent(group or NO_GROUP, given, free))
    if problems:
        raise InputError(problems)
    return out


# --------------------------------------------------------------------------- results


def _reversed(inst: Instrument) -> set[str]:
    return {i.id for c in inst.constructs for i in c.items if i.reverse}


def construct_stats(respondents: list[Respondent], inst: Instrument) -> dict[str, dict[str, Any]]:
    """Per construct: n (respondents who answered any of its items), mean, distribution, favourable share."""
    rev = _reversed(inst)
    favourable = set(inst.scale.favourable)
    out: dict[str, dict[str, Any]] = {}
    for c in inst.constructs:
        means: list[float] = []
        dist = [0] * POINTS
        for r in respondents:
            values = [POINTS + 1 - r.answers[i.id] if i.id in rev else r.answers[i.id]
                      for i in c.items if i.id in r.answers]
            if not values:
                continue
            means.append(sum(values) / len(values))
            for v in values:
                dist[v - 1] += 1
        answers = sum(dist)
        out[c.id] = {
            "n": len(means),
            "mean": round(sum(means) / len(means), 4) if means else None,
            "distribution": {str(p): dist[p - 1] for p in range(1, POINTS + 1)},
            "favourable": round(sum(dist[p - 1] for p in favourable) / answers, 4) if answers else None,
        }
    return out


def reportable_groups(sizes: dict[str, int], min_group: int) -> tuple[list[str], list[str]]:
    """The groups shown on their own, and those pooled (shown together only when the pool reaches
    ``min_group``; a pool that stays smaller is not shown, and then the shown groups never leave
    exactly one small remainder to subtract)."""
    shown = sorted((g for g, n in sizes.items() if n >= min_group), key=lambda g: (sizes[g], g))
    pooled = [g for g, n in sizes.items() if n < min_group]
    pool = sum(sizes[g] for g in pooled)
    while 0 < pool < min_group and shown:
        g = shown.pop(0)  # the smallest shown group joins the pool
        pooled.append(g)
        pool += sizes[g]
    return sorted(shown), sorted(pooled)


def _delta(now: Any, before: Any) -> float | None:
    return None if now is None or before is None else round(now - before, 4)


def summarise(responses: Responses, inst: Instrument, *, min_group: int = MIN_GROUP,
              previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The survey results as plain data (``survey.json``), with groups under ``min_group`` withheld."""
    if min_group < MIN_GROUP:
        raise InputError(message("--min-group {value}: the smallest group reported is {floor} respondents; "
                                 "it can be raised, never lowered", value=min_group, floor=MIN_GROUP))
    people = responses.respondents
    sizes: dict[str, int] = {}
    for r in people:
        sizes[r.group] = sizes.get(r.group, 0) + 1
    shown, pooled = reportable_groups(sizes, min_group)

    def block(members: list[Respondent]) -> dict[str, Any]:
        opens = {q.id: sorted(r.open_answers[q.id] for r in members if q.id in r.open_answers)
                 for q in inst.open_questions}
        return {"respondents": len(members), "constructs": construct_stats(members, inst), "open_answers": opens}

    data: dict[str, Any] = {
        "format": FORMAT_NAME, "schema_version": 1,
        "instrument": {"id": inst.instrument.id, "version": inst.instrument.version, "kind": inst.instrument.kind,
                       "title": inst.instrument.title, "notice": inst.instrument.notice},
        "constructs": [{"id": c.id, "title": c.title, "items": [i.id for i in c.items]} for c in inst.constructs],
        "open_questions": [{"id": q.id, "text": q.text} for q in inst.open_questions],
        "min_group": min_group, "respondents": len(people), "sources": responses.sources,
        "overall": None, "groups": {}, "withheld": {"groups": 0, "respondents": 0},
    }
    if len(people) < min_group:
        data["withheld"] = {"groups": len(sizes), "respondents": len(people)}
        return data
    data["overall"] = block(people)
    for g in shown:
        data["groups"][g] = block([r for r in people if r.group == g])
    pool_size = sum(sizes[g] for g in pooled)
    if pooled and pool_size >= min_group:
        data["groups"][OTHER_GROUPS] = block([r for r in people if r.group in pooled]) | {"pooled": len(pooled)}
    elif pooled:
        data["withheld"] = {"groups": len(pooled), "respondents": pool_size}
    if previous is not None:
        data["change"] = _change(data, previous)
    return data


def _change(now: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """Change in mean and favourable share per construct, overall and per group shown both times."""
    if before.get("format") != FORMAT_NAME:
        raise InputError(message("--previous: not a survey result of itsm-assess (format {format})",
                                 format=Quoted(before.get("format"))))
    out: dict[str, Any] = {}
    pairs = [("overall", now.get("overall"), before.get("overall"))]
    pairs += [(g, block, (before.get("groups") or {}).get(g)) for g, block in now["groups"].items()]
    for name, a, b in pairs:
        if not a or not b:
            continue
        out[name] = {cid: {"mean": _delta(s["mean"], b["constructs"].get(cid, {}).get("mean")),
                           "favourable": _delta(s["favourable"], b["constructs"].get(cid, {}).get("favourable"))}
                     for cid, s in a["constructs"].items() if cid in b["constructs"]}
    return out


# --------------------------------------------------------------------------- forms out

FORM_TOOLS = ("forms", "webropol", "workbook")


def write_survey_form(inst: Instrument, path: str | os.PathLike[str], *, tool: str, lang: str) -> int:
    """The question list for Microsoft Forms (.docx), Webropol (.xlsx) or a response workbook
    (.xlsx, one row per respondent); the tools' exports read back with ``metrics survey``.
    Returns the number of questions."""
    from itsm_assess.fieldwork.forms import FormQuestion, _write_docx, _write_question_sheet
    from itsm_assess.files import atomic_path
    from itsm_assess.i18n import localize

    target = Path(path)
    expected = ".docx" if tool == "forms" else ".xlsx"
    if target.suffix.lower() != expected:
        raise InputError(message("{path}: the {tool} form is written as {suffix}", path=display_path(target),
                                 tool=tool, suffix=expected))
    labels = tuple(inst.scale.labels.get(lang) or next(iter(inst.scale.labels.values())))
    questions = [FormQuestion("text", localize(inst.group_question, lang), required=True)]
    questions += [FormQuestion("choice", localize(i.text, lang), labels) for c in inst.constructs for i in c.items]
    questions += [FormQuestion("text", localize(q.text, lang)) for q in inst.open_questions]
    with atomic_path(target) as tmp:
        if tool == "forms":
            _write_docx(tmp, localize(inst.instrument.title, lang), [localize(inst.instrument.notice, lang)], questions)
        elif tool == "webropol":
            _write_question_sheet(tmp, questions, lang)
        else:
            _write_response_workbook(tmp, inst, lang)
    return len(questions)


def _write_response_workbook(path: Path, inst: Instrument, lang: str) -> None:
    """One sheet, a row per respondent: group, then each item (drop-down of the scale labels), then open answers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from itsm_assess._io.xlsx_cells import set_text, use_text_font
    from itsm_assess.i18n import localize, pgettext_for

    pgettext = pgettext_for(lang)
    wb = Workbook()
    use_text_font(wb)
    ws = wb.active
    ws.title = pgettext("wellbeing_sheet", "Responses")
    headers = [localize(inst.group_question, lang)]
    headers += [f"{i.id} {localize(i.text, lang)}" for c in inst.constructs for i in c.items]
    headers += [f"{q.id} {localize(q.text, lang)}" for q in inst.open_questions]
    for j, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=j)
        set_text(cell, h)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = 24
    labels = inst.scale.labels.get(lang) or next(iter(inst.scale.labels.values()))
    listing = ",".join(label.replace(",", " ") for label in labels)
    if len(listing) <= 250:  # Excel's limit for a list written into the rule
        rule = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=True)
        ws.add_data_validation(rule)
        last = get_column_letter(1 + sum(len(c.items) for c in inst.constructs))
        rule.add(f"B2:{last}500")
    ws.freeze_panes = "B2"
    wb.save(path)
