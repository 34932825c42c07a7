"""Self-assessment surveys: many respondents' ratings aggregated per item.

Input is either filled fieldwork workbooks (one respondent each) or one survey-tool export
(CSV or XLSX, one row per respondent). Columns are matched to items by id or by question
text, or through a mapping file. Rows are streamed: memory holds per-item rating counters,
never the rows themselves.

Aggregation, on the ordinal scale N < P < L < F (refined ratings count as their band: P- and
P+ as P, L- and L+ as L; NA is counted apart and left out of the median):

* consensus rating: the median by nearest rank, i.e. the value at rank ceil(n/2) of the n
  sorted ratings; with an even number the lower of the two middle values (conservative);
* spread: the interquartile range in scale steps, Q3 - Q1, with Q1 and Q3 the values at ranks
  ceil(n/4) and ceil(3n/4) (0 = everyone within one band, 3 = from N to F);
* disagreement: spread >= :data:`DISAGREEMENT_STEPS` (2 steps, e.g. P against F).
  A consensus of NA is given only when every answer was NA.
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictStr

from itsm_assess.assessment import RATINGS, Assessment
from itsm_assess.errors import InputError
from itsm_assess.i18n import Quoted, _p, message, pgettext_for, plural_message, quoted, rendered, translations, worded
from itsm_assess.loading import display_path, shown_value
from itsm_assess.schema import StrictModel

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.fieldwork.merging import MergeReport

#: Ordinal value of each rating; NA is kept apart.
SCALE: dict[str, int] = {"N": 0, "P-": 1, "P": 1, "P+": 1, "L-": 2, "L": 2, "L+": 2, "F": 3}
SCALE_NAMES: tuple[str, ...] = ("N", "P", "L", "F")
NA = 4
#: "Don't know" (questionnaires): counted and reported, never a rating.
DK = 5
SKIP = 6
CODE_NAMES: tuple[str, ...] = ("N", "P", "L", "F", "NA", "DK")
DISAGREEMENT_STEPS = 2
#: Results by role (and a comment's role) are kept only for groups of at least this many respondents.
MIN_GROUP = 3
MAX_PROBLEMS = 30
#: Distinct roles kept apart; respondents of further roles count under OTHER_ROLES, so memory
#: stays bounded when a free-text column (or a name column) was mapped as the role.
MAX_ROLES = 50
OTHER_ROLES = "(other roles)"
MAX_SURVEY_BYTES = 200 * 1024 * 1024
ROLE_HEADERS = {"role", "rooli", "your role", "roolisi"}
NAME_HEADERS = {"name", "nimi", "respondent", "vastaaja", "your name (optional)", "nimesi (vapaaehtoinen)"}

ProgressCallback = Callable[[int, "int | None"], None]


class SurveyMap(StrictModel):
    """``--map`` file: how a survey tool's columns and answers translate to items and ratings."""

    columns: dict[StrictStr, StrictStr | list[StrictStr]] = Field(default_factory=dict)
    answers: dict[StrictStr, Literal["N", "P-", "P", "P+", "L-", "L", "L+", "F", "NA", ""]] = Field(default_factory=dict)
    role_column: StrictStr | None = None
    name_column: StrictStr | None = None
    sheet: StrictStr | None = None


def load_survey_map(path: str | os.PathLike[str]) -> SurveyMap:
    from itsm_assess.loading import load_yaml, validate

    return validate(SurveyMap, load_yaml(path))


# --------------------------------------------------------------------------- aggregation


def nearest_rank(counts: list[int], rank: int) -> int:
    """The scale value at 1-based ``rank`` of the sorted values described by ``counts``."""
    seen = 0
    for value, c in enumerate(counts):
        seen += c
        if seen >= rank:
            return value
    raise ValueError(message("rank {rank} is beyond the {count} values counted", rank=rank, count=seen))


@dataclass
class ItemSummary:
    """The aggregate of one item."""

    rating: str | None
    respondents: int
    not_applicable: int
    spread: int
    disagreement: bool
    counts: dict[str, int]
    roles: dict[str, int]
    dont_know: int = 0


def summarize(counts: list[int], not_applicable: int = 0, roles: dict[str, int] | None = None) -> ItemSummary:
    """Consensus, spread and disagreement of ``counts`` (respondents per N, P, L, F)."""
    n = sum(counts[:4])
    if n == 0:
        rating = "NA" if not_applicable else None
        spread = 0
    else:
        rating = SCALE_NAMES[nearest_rank(counts, math.ceil(n / 2))]
        spread = nearest_rank(counts, math.ceil(3 * n / 4)) - nearest_rank(counts, math.ceil(n / 4))
    return ItemSummary(
        rating=rating,
        respondents=n,
        not_applicable=not_applicable,
        spread=spread,
        disagreement=spread >= DISAGREEMENT_STEPS,
        counts={SCALE_NAMES[i]: counts[i] for i in range(4)},
        roles=dict(roles or {}),
    )


@dataclass
class SurveyTally:
    """Running counts: per item and role, respondents per answer code (N, P, L, F, NA, DK)."""

    by_role: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    roles: Counter[str] = field(default_factory=Counter)
    respondents: int = 0
    names: dict[str, list[str]] = field(default_factory=dict)
    #: Per item: (comment, role, name or None) as written.
    comments: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    #: (name or None, role, where the answers came from) of each respondent counted.
    people: list[tuple[str | None, str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def role_table(self, role: str) -> dict[str, list[int]]:
        table = self.by_role.get(role)
        if table is None:
            table = self.by_role[role] = {}
        return table

    def add(self, item_id: str, code: int, role: str = "", name: str | None = None) -> None:
        table = self.role_table(role)
        counts = table.get(item_id)
        if counts is None:
            counts = table[item_id] = [0] * 6
        counts[code] += 1
        if name:
            self.names.setdefault(item_id, []).append(name)

    def item_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for table in self.by_role.values():
            seen.update(dict.fromkeys(table))
        return list(seen)

    def summary(self, item_id: str) -> ItemSummary:
        total = [0] * 6
        roles: dict[str, int] = {}
        for role, table in self.by_role.items():
            counts = table.get(item_id)
            if counts is None:
                continue
            for i in range(6):
                total[i] += counts[i]
            if role and sum(counts[:4]):
                roles[role] = sum(counts[:4])
        summary = summarize(total[:4], total[NA], roles)
        summary.dont_know = total[DK]
        return summary

    def counts_of(self, item_id: str, role: str | None = None) -> dict[str, int]:
        """Answers per code for one item, over every role or for one."""
        total = [0] * 6
        for r, table in self.by_role.items():
            if role is not None and r != role:
                continue
            counts = table.get(item_id)
            if counts is not None:
                for i in range(6):
                    total[i] += counts[i]
        return {CODE_NAMES[i]: total[i] for i in range(6) if total[i]}


# --------------------------------------------------------------------------- matching


def _norm_text(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" ?.:!")


def item_ids_in_scope(catalogue: Catalogue, assessment: Assessment) -> list[str]:
    """Requirement ids of the processes in scope, then ``PROCESS:INDICATOR`` ids."""
    ids = []
    for pid in assessment.assessment.scope.processes:
        ids += [r.id for r in catalogue.requirements_of(pid)]
        ids += [f"{pid}:{ind}" for ind in catalogue.indicators]
    return ids


def text_index(catalogue: Catalogue, assessment: Assessment) -> dict[str, list[str]]:
    """Normalised question, statement and title texts (all languages) -> the item ids they ask about."""
    index: dict[str, list[str]] = {}

    def put(text: str, item_id: str) -> None:
        ids = index.setdefault(_norm_text(text), [])
        if item_id not in ids:
            ids.append(item_id)

    for pid in assessment.assessment.scope.processes:
        checklist = catalogue.checklists.get(pid)
        if checklist:
            for item in checklist.items:
                for text in item.question.values():
                    for rid in item.requirements:
                        put(text, rid)
        for req in catalogue.requirements_of(pid):
            for text in (*req.statement.values(), *req.title.values()):
                put(text, req.id)
        for ind in catalogue.indicators.values():
            for text in (*ind.statement.values(), *ind.title.values()):
                put(text, f"{pid}:{ind.id}")
    from itsm_assess.fieldwork.questionnaire import all_question_texts

    for text, item_id in all_question_texts(catalogue, assessment).items():
        put(text, item_id)
    return index


_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|Q\d+[.:)]?)\s+")


_HEADER_ID = re.compile(r"^\[?([A-Za-z][A-Za-z0-9]*(?:[-_.:][A-Za-z0-9]+)*)\]?(?:[\s:]|$)")


@dataclass
class ColumnMatch:
    """What each column of a survey export holds."""

    #: Per column, the item ids its answers rate (empty: not an answer column).
    targets: list[list[str]]
    role: int | None = None
    name: int | None = None
    #: Column -> the item ids its comments are about.
    comments: dict[int, list[str]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def match_columns(
    headers: list[str],
    catalogue: Catalogue,
    assessment: Assessment,
    *,
    by: str = "auto",
    mapping: SurveyMap | None = None,
    source: str = "",
) -> ColumnMatch:
    """Which item, role, name or comment each column holds.

    ``by="id"`` matches item ids in headers, ``"text"`` question texts (checklist, catalogue and
    questionnaire wordings, leading numbering such as ``"3. "`` ignored), ``"auto"`` either.
    """
    from openpyxl.utils import get_column_letter

    from itsm_assess.fieldwork.forms import comment_prefixes  # a column "Comment: <question>", any language

    mapping = mapping or SurveyMap()
    valid = set(item_ids_in_scope(catalogue, assessment))
    texts = text_index(catalogue, assessment) if by in ("text", "auto") else {}

    def by_text(header: str) -> list[str]:
        found = texts.get(_norm_text(header)) or texts.get(_norm_text(_NUMBERING.sub("", header)))
        return list(found or [])

    def by_id(header: str) -> list[str]:
        m = _HEADER_ID.match(header)
        return [m.group(1)] if m and m.group(1) in valid else []

    match = ColumnMatch([])
    ignored: list[tuple[str, str]] = []
    problems: list[str] = []
    for j, raw in enumerate(headers):
        header = raw.strip()
        letter = get_column_letter(j + 1)
        ids: list[str] = []
        folded = header.casefold()
        if header in mapping.columns:
            wanted = mapping.columns[header]
            ids = [wanted] if isinstance(wanted, str) else list(wanted)
            bad = [i for i in ids if i not in valid]
            if bad:
                problems.append(message(
                    "{source}: column {column} {header}: the map names {ids}, which are not items of the processes "
                    "in scope", source=source, column=letter, header=Quoted(header), ids=", ".join(bad)))
                ids = []
        elif header and header == mapping.role_column or (mapping.role_column is None and folded in ROLE_HEADERS):
            match.role = j
        elif header and header == mapping.name_column or (mapping.name_column is None and folded in NAME_HEADERS):
            match.name = j
        elif folded.startswith(comment_prefixes()):
            about = header.split(":", 1)[1].strip()
            commented = by_id(about) or by_text(about)
            if commented:
                match.comments[j] = commented
        elif by == "id":
            ids = by_id(header)
        elif by == "text":
            ids = by_text(header)
        else:
            ids = by_id(header) or by_text(header)
        if not ids and j not in (match.role, match.name) and j not in match.comments:
            ignored.append((letter, header))
        match.targets.append(ids)
    if problems:
        raise InputError(problems)
    if not any(match.targets):
        how = {"id": message("item ids (e.g. CHG-01)"),
               "text": message("question texts of the checklist or questionnaire")}.get(
            by, message("item ids or question texts"))
        raise InputError(message(
            "{source}: no column matches an item of the processes in scope by {how}; give a --map file with "
            "columns: {{header: item id}}", source=source, how=how))
    if ignored:
        columns = list(ignored)
        match.notices.append(plural_message(  # "ohitettiin sarake, jota …" for one column
            "{source}: a column not matched to any item, ignored: {columns}",
            "{source}: columns not matched to any item, ignored: {columns}", len(columns), source=source,
            columns=rendered(lambda lang: ", ".join(f"{letter} {quoted(header, lang)}" if header else letter
                                                    for letter, header in columns))))
    return match


# --------------------------------------------------------------------------- reading


class _AnswerCodes:
    """Turns a raw answer into a scale code, caching per distinct value (surveys repeat a few)."""

    def __init__(self, mapping: SurveyMap | None) -> None:
        self.cache: dict[Any, int | None] = {"": SKIP, None: SKIP}
        self.answers = {k.strip().casefold(): v for k, v in (mapping.answers if mapping else {}).items()}

    def code(self, value: Any) -> int | None:
        try:
            return self.cache[value]
        except KeyError:
            pass
        except TypeError:  # unhashable: never a rating
            return None
        text = str(value).strip()
        mapped = self.answers.get(text.casefold())
        rating = mapped if mapped is not None else text.upper()
        if rating == "":
            result: int | None = SKIP
        elif rating == "NA":
            result = NA
        else:
            result = SCALE.get(rating)
        if result is None and mapped is None:
            result = _label_code(text)
        self.cache[value] = result
        return result

    def expected(self) -> str:
        if self.answers:
            return message("expected {ratings} or empty, or one of the mapped answers ({mapped})",
                           ratings=", ".join(RATINGS), mapped=", ".join(repr(k) for k in list(self.answers)[:6]))
        return message("expected {ratings} or empty", ratings=", ".join(RATINGS))


def _label_code(text: str) -> int | None:
    """A questionnaire answer (``"Pääosin"``, ``"Don't know"``) or a workbook drop-down label as a code."""
    from itsm_assess.fieldwork.labels import normalize_rating
    from itsm_assess.fieldwork.questionnaire import answer_code

    code = answer_code(text)
    if code is None:
        code = normalize_rating(text)
    if code is None:
        return None
    if code == "DK":
        return DK
    if code == "NA":
        return NA
    return SCALE[code]


def _csv_encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte-order mark (Excel's "Unicode Text"), else UTF-8."""
    with path.open("rb") as fh:
        head = fh.read(4)
    return "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"


def _not_utf8(path: Path, exc: UnicodeDecodeError, line: int | None = None) -> InputError:
    where = f"{display_path(path)}:{line}" if line else display_path(path)
    return InputError(message(
        "{where}: not UTF-8 text (byte 0x{byte} cannot be read); it may be saved as Windows-1252 (ANSI): save the "
        "export as 'CSV UTF-8' or as Unicode Text", where=where, byte=f"{exc.object[exc.start]:02x}"))


def _rows_csv(path: Path) -> tuple[Iterator[tuple[int, list[str]]], Any]:
    from itsm_assess.loading import check_regular_file

    size = check_regular_file(path, "a CSV or XLSX survey export")
    if size > MAX_SURVEY_BYTES:
        raise InputError(message("{file}: file is {size:,} bytes; the limit is {limit:,}", file=display_path(path),
                                 size=size, limit=MAX_SURVEY_BYTES))
    fh = path.open(encoding=_csv_encoding(path), newline="")
    try:
        sample = fh.read(8192)
    except UnicodeDecodeError as exc:
        fh.close()
        raise _not_utf8(path, exc) from None
    fh.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(fh, dialect)

    def gen() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                yield reader.line_num, row
        except UnicodeDecodeError as exc:
            raise _not_utf8(path, exc, reader.line_num + 1) from None
        except csv.Error as exc:
            raise InputError(message("{file}:{line}: invalid CSV: {problem}", file=display_path(path),
                                     line=reader.line_num, problem=str(exc))) from None

    return gen(), fh


def tally_table(
    path: str | os.PathLike[str],
    catalogue: Catalogue,
    assessment: Assessment,
    tally: SurveyTally,
    *,
    by: str = "auto",
    mapping: SurveyMap | None = None,
    include_names: bool = False,
    progress: ProgressCallback | None = None,
) -> None:
    """Stream one survey export (CSV or XLSX, header row first) into ``tally``.

    Raises InputError listing the cells whose answers are not ratings; the tally is then
    incomplete and must not be used.
    """
    p = Path(path)
    name = display_path(p)
    rows, closer, total, cells = _survey_rows(p, name, mapping)
    try:
        first = next(rows, None)
        if first is None:
            raise InputError(message("{file}: the file is empty; expected a header row and one row per respondent",
                                     file=name))
        headers = ["" if v is None else str(v) for v in first[1]]
        match = match_columns(headers, catalogue, assessment, by=by, mapping=mapping, source=name)
        targets, role_col, name_col = match.targets, match.role, match.name
        comment_columns = list(match.comments.items())
        tally.notices.extend(match.notices)
        tally.sources.append(name)
        codes = _AnswerCodes(mapping)
        columns = [(j, ids) for j, ids in enumerate(targets) if ids]
        problems = cells.problems
        more = 0
        done = 0
        # Per role, per column: counts of N, P, L, F, NA, skipped. Folded into items at the end.
        per_role: dict[str, list[list[int]]] = {}
        names_seen: dict[int, list[str]] = {}
        label = cells.label
        for line, values in rows:
            width = len(values)
            role = label(line, values, role_col) if role_col is not None and role_col < width else ""
            counts = per_role.get(role)
            if counts is None:
                role, counts = _role_counts(per_role, role, len(targets))
            respondent = None
            if include_names and name_col is not None and name_col < width:
                respondent = label(line, values, name_col) or None
            if comment_columns:
                _add_comments(tally, cells, line, values, comment_columns, role, respondent)
            answered = False
            for j, _ids in columns:
                v = values[j] if j < width else ""
                code = codes.code(v)
                if code is None:
                    if len(problems) < MAX_PROBLEMS:
                        problems.append(message("{place}: answer {value!r} is not a rating ({expected})",
                                                place=cells.place(line, j), value=shown_value(str(v)),
                                                expected=codes.expected()))
                    else:
                        more += 1
                    continue
                counts[j][code] += 1
                if code != SKIP:
                    answered = True
                    if respondent:
                        names_seen.setdefault(j, []).append(respondent)
            if answered:
                tally.respondents += 1
                tally.roles[role] += 1
                tally.people.append((respondent, role, f"{p.name}:{line}"))
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
        if progress is not None:
            progress(done, total)
        if problems:
            raise InputError([*problems, *([plural_message("... and one more", "... and {count} more", more)] if more else [])])
        if done == 0:
            tally.notices.append(message("{file}: no respondent rows below the header", file=name))
        if OTHER_ROLES in per_role:
            tally.notices.append(message("{file}: more than {count} distinct roles; the others are counted as {other}",
                                         file=name, count=MAX_ROLES, other=Quoted(OTHER_ROLES)))
        _fold_into_items(tally, per_role, columns, names_seen, targets)
    finally:
        if closer is not None:
            closer.close()


class _SurveyCells:
    """Places of a survey file's cells (``file:line:col`` or ``file: Sheet!B7``) and its cell
    problems (a control character in a role, name or comment, answers that are not ratings)."""

    def __init__(self, name: str, is_csv: bool, sheet_title: str) -> None:
        self.name, self.is_csv, self.sheet_title = name, is_csv, sheet_title
        self.problems: list[str] = []

    def place(self, line: int, j: int) -> str:
        from openpyxl.utils import get_column_letter

        if self.is_csv:
            return f"{self.name}:{line}:{j + 1}"
        return f"{self.name}: {self.sheet_title}!{get_column_letter(j + 1)}{line}"

    def label(self, line: int, values: list[Any], j: int) -> str:
        """A role, name or comment cell as text; a control character in it is a problem at its place."""
        from itsm_assess._io.xlsx_read import clean_text

        text, bad = clean_text(str(values[j]).strip() if values[j] not in (None, "") else "")
        if bad is not None and len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message("{place}: {problem}", place=self.place(line, j), problem=bad))
        return text


def _survey_rows(p: Path, name: str, mapping: SurveyMap | None) -> tuple[Iterator[tuple[int, Any]], Any, int | None,
                                                                          _SurveyCells]:
    """The rows of a CSV or of the mapped sheet of a workbook (``(line, values)``), what closes the
    file, how many respondent rows a workbook says it has, and the file's cell places."""
    if p.suffix.lower() in (".csv", ".txt", ".tsv"):
        rows, closer = _rows_csv(p)
        return rows, closer, None, _SurveyCells(name, True, "")
    from itsm_assess._io.xlsx_read import calamine_sheet, open_calamine

    wb = open_calamine(p)
    sheet = calamine_sheet(wb, p, mapping.sheet if mapping and mapping.sheet else 0)
    rows = ((r, values) for r, values in enumerate(sheet.iter_rows(), start=1))
    return rows, wb, max(sheet.height - 1, 0), _SurveyCells(name, False, sheet.name)


def _add_comments(tally: SurveyTally, cells: _SurveyCells, line: int, values: list[Any],
                  comment_columns: list[tuple[int, Any]], role: str, respondent: str | None) -> None:
    """A respondent's comments, each on the items its column is about, with the role (and name)."""
    for j, about in comment_columns:
        comment = cells.label(line, values, j) if j < len(values) else ""
        if comment:
            for item_id in about:
                tally.comments.setdefault(item_id, []).append((comment, role, respondent))


def _role_counts(per_role: dict[str, list[list[int]]], role: str, width: int) -> tuple[str, list[list[int]]]:
    """The counts of a role not seen before; past :data:`MAX_ROLES` roles, those of the other roles."""
    if len(per_role) >= MAX_ROLES and role != OTHER_ROLES:
        role = OTHER_ROLES
        counts = per_role.get(role)
        if counts is not None:
            return role, counts
    counts = per_role[role] = [[0] * 7 for _ in range(width)]
    return role, counts


def _fold_into_items(tally: SurveyTally, per_role: dict[str, list[list[int]]], columns: list[tuple[int, Any]],
                     names_seen: dict[int, list[str]], targets: list[Any]) -> None:
    """Each column's counts per role added to the items it asks about, and who answered them."""
    for role, per_column in per_role.items():
        for j, ids in columns:
            column_counts = per_column[j]
            if not any(column_counts[:6]):
                continue
            table = tally.role_table(role)
            for item_id in ids:
                item_counts = table.setdefault(item_id, [0] * 6)
                for i in range(6):
                    item_counts[i] += column_counts[i]
    for j, who in names_seen.items():
        for item_id in targets[j]:
            tally.names.setdefault(item_id, []).extend(who)


def tally_workbook(
    path: str | os.PathLike[str],
    catalogue: Catalogue,
    assessment: Assessment,
    tally: SurveyTally,
    *,
    include_names: bool = False,
) -> None:
    """Add one filled fieldwork workbook or questionnaire (one respondent) to ``tally``."""
    from itsm_assess.fieldwork.questionnaire import FORMAT_NAME as QUESTIONNAIRE
    from itsm_assess.fieldwork.questionnaire import read_questionnaire
    from itsm_assess.fieldwork.reading import read_fieldwork

    meta = workbook_meta(path)
    answered = False
    if meta.get("format") == QUESTIONNAIRE:
        q = read_questionnaire(path, catalogue, meta, assessment=assessment)
        role = (q.role or "").strip()
        name = q.respondent if include_names else None
        for item_id, code in q.answers.items():
            tally.add(item_id, {"NA": NA, "DK": DK}.get(code) or SCALE[code], role, name)
            answered = True
        for item_id, comment in q.comments.items():
            tally.comments.setdefault(item_id, []).append((comment, role, name))
        notices = q.notices
    else:
        data = read_fieldwork(path, catalogue, assessment=assessment)
        role = (data.role or "").strip()
        name = data.respondent if include_names else None
        for answer in data.answers.values():
            if answer.rating is None:
                continue
            tally.add(answer.id, NA if answer.rating == "NA" else SCALE[answer.rating], role, name)
            answered = True
        notices = data.notices
    tally.notices.extend(notices)
    tally.sources.append(display_path(path))
    if answered:
        tally.respondents += 1
        tally.roles[role] += 1
        tally.people.append((name, role, Path(path).name))
    else:
        tally.notices.append(message("{file}: no ratings given; not counted as a respondent", file=display_path(path)))


def workbook_meta(path: str | os.PathLike[str]) -> dict[str, str]:
    """The key/value rows of a generated workbook's hidden ``_meta`` sheet (empty if it has none)."""
    from itsm_assess._io.xlsx_read import cell_text, open_calamine
    from itsm_assess.fieldwork.layout import META_SHEET

    wb = open_calamine(path)
    try:
        if META_SHEET not in wb.sheet_names:
            return {}
        rows = wb.get_sheet_by_name(META_SHEET).to_python()
    finally:
        wb.close()
    return {str(r[0]): cell_text(r[1]) or "" for r in rows if len(r) > 1 and r[0] not in (None, "")}


def is_fieldwork_workbook(path: str | os.PathLike[str]) -> bool:
    """True for an xlsx written by ``assess new``/``assess export`` (it has the ``_meta`` sheet)."""
    from itsm_assess._io.xlsx_read import open_calamine
    from itsm_assess.fieldwork.layout import META_SHEET

    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    wb = open_calamine(path)
    try:
        return META_SHEET in wb.sheet_names
    finally:
        wb.close()


def _file_identity(path: str | os.PathLike[str]) -> tuple[tuple[int, int], str]:
    """The file's device and inode, and a hash of its content: the same file under two names (or a
    copy of it) is one set of respondents."""
    import hashlib

    from itsm_assess.loading import check_regular_file

    check_regular_file(path, "a survey export or fieldwork workbook")
    st = os.stat(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return (st.st_dev, st.st_ino), digest.hexdigest()


def collect_survey(
    paths: Iterable[str | os.PathLike[str]],
    catalogue: Catalogue,
    assessment: Assessment,
    *,
    by: str = "auto",
    mapping: SurveyMap | None = None,
    include_names: bool = False,
    progress: ProgressCallback | None = None,
) -> SurveyTally:
    """Tally fieldwork workbooks (one respondent each) and survey exports (many) together."""
    if by not in ("auto", "id", "text"):
        raise InputError(message("--by {by} is not known (expected auto, id or text)", by=Quoted(by)))
    tally = SurveyTally()
    files = list(paths)
    if not files:
        raise InputError(message("no survey files given; expected one or more workbooks, CSV or XLSX exports"))
    seen: dict[tuple[int, int] | str, str] = {}
    for path in files:
        key = _file_identity(path)
        if key[0] in seen or key[1] in seen:
            first = seen.get(key[0]) or seen[key[1]]
            tally.notices.append(message("{file}: same file as {first}; counted once", file=display_path(path), first=first))
            continue
        seen[key[0]] = seen[key[1]] = display_path(path)
        if is_fieldwork_workbook(path):
            tally_workbook(path, catalogue, assessment, tally, include_names=include_names)
        else:
            tally_table(path, catalogue, assessment, tally, by=by, mapping=mapping,
                        include_names=include_names, progress=progress)
    return tally


# --------------------------------------------------------------------------- into the assessment

#: Words of the survey note written into a response's notes, in the assessment's language.
NOTE_TEXT: dict[str, tuple[str, str]] = {
    "survey": _p("survey.note.survey", "Survey"),
    "na": _p("survey.note.na", "not applicable"),
    "spread": _p("survey.note.spread", "spread"),
}


def survey_note(summary: ItemSummary, lang: str = "en") -> str:
    """``Survey: 12 respondents (Service desk 7, CAB 5); N 1, P 2, L 5, F 4; not applicable 1;
    don't know 2; spread 1``: the answers as :func:`counts_text` lists them, a count of one agreeing
    ("1 respondent", "1 vastaaja")."""
    t = worded({**NOTE_TEXT, "dk": ANSWER_WORDS["DK"]}, lang)
    roles = sorted(summary.roles.items(), key=lambda kv: (-kv[1], kv[0]))
    role_text = f" ({', '.join(f'{r} {c}' for r, c in roles)})" if roles else ""
    respondents = translations(lang).npgettext("survey.note.respondents", "{count} respondent", "{count} respondents",
                                               summary.respondents).format(count=summary.respondents)
    parts = [f"{t['survey']}: {respondents}{role_text}"]
    if any(summary.counts.values()):
        parts.append(counts_text(summary.counts, lang))
    if summary.not_applicable:
        parts.append(f"{t['na']} {summary.not_applicable}")
    if summary.dont_know:
        parts.append(f"{t['dk']} {summary.dont_know}")
    parts.append(f"{t['spread']} {summary.spread}")
    return "; ".join(parts)


SURVEY_FIELDS: tuple[str, ...] = ("rating", "respondents", "spread", "disagreement", "notes", "respondent", "counts",
                                   "role_counts")


def polarised(counts: Mapping[str, int]) -> bool:
    """True when answers split into camps a median hides: at least 2 answers, and at least 20 %
    of the N/P/L/F answers, lie 2 or more steps from the consensus (``N 4, P 2, F 2`` is)."""
    scale = [counts.get(k, 0) for k in SCALE_NAMES]
    n = sum(scale)
    if n < 3:
        return False
    consensus = nearest_rank(scale, math.ceil(n / 2))
    far = sum(c for value, c in enumerate(scale) if abs(value - consensus) >= 2)
    return far >= 2 and far * 5 >= n


#: Answer codes shown under another abbreviation in a language ("don't know" is EOS in Finnish).
SHOWN_CODES: dict[str, tuple[str, str]] = {"DK": _p("survey.answer_code.DK", "DK"), "NA": _p("rating_code_NA", "NA")}


def counts_text(counts: Mapping[str, int], lang: str = "en") -> str:
    """``{"N": 4, "P": 2, "F": 2, "DK": 1}`` -> ``"N 4, P 2, F 2, DK 1"`` (en; ``EOS 1`` in Finnish,
    and ``ES`` for NA as the report's legend writes it): each answer code and its count, as the
    survey note and the respondents' roles are listed (``Palvelupiste 3, Kehittäjä 3``)."""
    shown = worded(SHOWN_CODES, lang)
    return ", ".join(f"{shown.get(k, k)} {counts[k]}" for k in CODE_NAMES if counts.get(k))


#: The answers as the team gave them, in words (a report for the team, never the rating letters).
ANSWER_WORDS: dict[str, tuple[str, str]] = {
    "N": _p("director_answer_N", "not at all"), "P": _p("director_answer_P", "partly"),
    "L": _p("director_answer_L", "largely"), "F": _p("director_answer_F", "fully"),
    "NA": _p("director_answer_NA", "not relevant to us"), "DK": _p("director_answer_DK", "don't know"),
}


def counts_words(counts: Mapping[str, int], lang: str = "en") -> str:
    """``{"N": 3, "P": 2, "F": 4, "DK": 1}`` -> ``"not at all 3, partly 2, fully 4, don't know 1"``
    (Finnish ``"ei lainkaan 3, osittain 2, täysin 4, en osaa sanoa 1"``): the answers as the team gave them."""
    pgettext = pgettext_for(lang)
    return ", ".join(f"{pgettext(*ANSWER_WORDS[k])} {counts[k]}" for k in CODE_NAMES if counts.get(k))


def answer_word(rating: str | None, lang: str = "en") -> str:
    """A consensus rating as the answer it stands for (``"P"`` -> ``"partly"``); ``"–"`` without one."""
    key = (rating or "")[:1] if rating not in ANSWER_WORDS else rating
    return pgettext_for(lang)(*ANSWER_WORDS[key]) if key in ANSWER_WORDS else "–"


def _value_text(value: object) -> str:
    """A survey value as a change line shows it: answer counts as ``P 2, L 6`` (per role:
    ``Service desk: P 1; Developer: L 3``), worded when shown (``EOS`` for DK in Finnish)."""
    from itsm_assess.fieldwork.merging import change_value_text

    if isinstance(value, dict) and value and all(isinstance(c, int) for c in value.values()):
        return rendered(lambda lang: counts_text(value, lang))
    if isinstance(value, dict) and value and all(isinstance(c, dict) for c in value.values()):
        return rendered(lambda lang: "; ".join(f"{role}: {counts_text(c, lang)}" for role, c in value.items()))
    return change_value_text(value)


def apply_survey(
    assessment: Assessment,
    tally: SurveyTally,
    *,
    include_names: bool = False,
    force: bool = False,
    min_group: int = MIN_GROUP,
) -> MergeReport:
    """Merge the aggregates into a copy of ``assessment``.

    A value that differs from a non-empty one already there is a conflict and kept as it
    was unless ``force``. Names go into ``Response.respondent`` and comments only with
    ``include_names``. Counts by role, and the role of a comment, are kept only for roles with at
    least ``min_group`` respondents, so that no one's answers can be singled out.
    """
    from itsm_assess.assessment import Comment, Respondent
    from itsm_assess.fieldwork.merging import MergeReport

    merged = assessment.model_copy(deep=True)
    existing = merged.response_map()
    report = MergeReport(merged)
    lang = assessment.assessment.language
    big_roles = {r for r, n in tally.roles.items() if r and n >= min_group}
    order = {rid: i for i, rid in enumerate(item_ids_in_scope_from(assessment, tally))}
    items = list(dict.fromkeys([*tally.item_ids(), *tally.comments]))
    for item_id in sorted(items, key=lambda i: order.get(i, len(order))):
        s = tally.summary(item_id)
        if s.rating is not None:
            s.roles = {r: n for r, n in s.roles.items() if r in big_roles}
            values: dict[str, Any] = {
                "rating": s.rating,
                "respondents": s.respondents,
                "spread": s.spread,
                "disagreement": s.disagreement,
                "notes": survey_note(s, lang),
                "respondent": "; ".join(dict.fromkeys(tally.names.get(item_id, []))) or None if include_names else None,
                "counts": tally.counts_of(item_id) or None,
                "role_counts": {r: tally.counts_of(item_id, r) for r in sorted(big_roles) if tally.counts_of(item_id, r)},
            }
            for key in SURVEY_FIELDS:
                if values[key] not in (None, {}):  # a survey never clears an answer
                    report.merge(existing, item_id, key, values[key], where="", force=force, shown=_value_text)
        new_comments = [
            Comment(text=text, role=role if role in big_roles else None, respondent=name if include_names else None)
            for text, role, name in tally.comments.get(item_id, [])
        ]
        if new_comments:
            response = existing.get(item_id)
            if response is None:
                response = existing[item_id] = _new_response(merged, item_id)
            fresh = [c for c in new_comments if c not in response.comments]
            response.comments.extend(fresh)
            if fresh:
                report.changes.append(message("{item} comments: +{count}", item=item_id, count=len(fresh)))
    known = merged.assessment.respondents
    for name, role, source in tally.people:
        person = Respondent(name=name if include_names else None, role=role or None, source=source)
        same_source = [i for i, p in enumerate(known) if p.source == source]
        if same_source:  # a file merged again: its respondent is replaced, never doubled
            known[same_source[0]] = person
        else:
            known.append(person)
    report.notices = list(tally.notices)
    hidden = sorted(r for r, n in tally.roles.items() if r and n < min_group)
    if hidden:
        report.notices.append(plural_message(
            "one role has fewer than {min_group} respondents and is not shown apart (privacy)",
            "{count} roles have fewer than {min_group} respondents and are not shown apart (privacy)",
            len(hidden), min_group=min_group))
    return report


def _new_response(assessment: Assessment, item_id: str) -> Any:
    from itsm_assess.assessment import Response

    response = Response(id=item_id)
    assessment.responses.append(response)
    return response


def item_ids_in_scope_from(assessment: Assessment, tally: SurveyTally) -> list[str]:
    """Existing response order first, then the tally's; keeps the merged file stable."""
    return list(dict.fromkeys([r.id for r in assessment.responses] + tally.item_ids()))


def import_survey(
    paths: Iterable[str | os.PathLike[str]],
    assessment_path: str | os.PathLike[str],
    *,
    catalogue: Catalogue | None = None,
    by: str = "auto",
    map_path: str | os.PathLike[str] | None = None,
    include_names: bool = False,
    force: bool = False,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    min_group: int = MIN_GROUP,
) -> tuple[MergeReport, SurveyTally]:
    """Read the survey files, aggregate and merge into ``assessment_path``.

    Raises ConflictError (nothing written) when aggregates differ from answers already there
    and ``force`` is not given; writes nothing with ``dry_run``.
    """
    from itsm_assess.catalogue import load_assessment_with_catalogue
    from itsm_assess.fieldwork.merging import merge_into_file

    assessment, cat = load_assessment_with_catalogue(assessment_path, catalogue)
    mapping = load_survey_map(map_path) if map_path else None
    tally = collect_survey(paths, cat, assessment, by=by, mapping=mapping, include_names=include_names, progress=progress)
    report = merge_into_file(
        assessment_path, assessment,
        lambda current: apply_survey(current, tally, include_names=include_names, force=force, min_group=min_group),
        lambda count: plural_message(
            "one aggregated answer differs from the one in {assessment}; nothing was written (use --force to take the "
            "survey's value)",
            "{count} aggregated answers differ from those in {assessment}; nothing was written (use --force to take "
            "the survey's values)", count, assessment=display_path(assessment_path)),
        force=force, dry_run=dry_run)
    return report, tally
