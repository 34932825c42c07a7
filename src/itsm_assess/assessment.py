"""Assessments: who was assessed, against what, and every answer, finding and direct rating.

``assessment.yaml`` is the single source of truth of an assessment. Workbooks and surveys
are merged into it (never silently overwriting an answer); scoring and reports read it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

from itsm_assess.errors import InputError
from itsm_assess.files import write_text_atomic
from itsm_assess.i18n import _p, message, pgettext_for
from itsm_assess.loading import YamlDocument, dump_yaml, format_loc, load_yaml, validate
from itsm_assess.schema import (
    SCHEMA_VERSION,
    Identifier,
    LanguageCode,
    ProcessAttribute,
    SchemaVersion,
    StrictModel,
    Version,
)

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue

#: Ratings an assessor may give: the ISO/IEC 33020 scale, its refined form, and not applicable.
RATINGS: tuple[str, ...] = ("N", "P-", "P", "P+", "L-", "L", "L+", "F", "NA")
Rating = Literal["N", "P-", "P", "P+", "L-", "L", "L+", "F", "NA"]
#: The not-applicable rating as a reader sees and types it (Finnish "ES", ei sovellu); stored as NA.
RATING_CODE_NA: tuple[str, str] = _p("rating_code_NA", "NA")


#: Finding grades of the audit view, most severe first. Their names (and those of verdicts and
#: finding statuses) are ``(context, English)`` labels translated in the PO catalogue: one
#: wording of each grade in the whole tool, and a new language needs no code.
FINDING_GRADES: tuple[str, ...] = ("major-nc", "minor-nc", "observation", "ofi", "good-practice")
FindingGrade = Literal["major-nc", "minor-nc", "observation", "ofi", "good-practice"]
FINDING_GRADE_NAMES: dict[str, tuple[str, str]] = {
    "major-nc": _p("grade.major-nc", "Major nonconformity"),
    "minor-nc": _p("grade.minor-nc", "Minor nonconformity"),
    "observation": _p("grade.observation", "Observation"),
    "ofi": _p("grade.ofi", "Opportunity for improvement"),
    "good-practice": _p("grade.good-practice", "Good practice"),
}

#: An auditor's verdict on one requirement, recorded beside (not instead of) its N/P/L/F rating.
VERDICTS: tuple[str, ...] = ("conforming", "ofi", "minor-nc", "major-nc", "na", "not-audited")
Verdict = Literal["conforming", "ofi", "minor-nc", "major-nc", "na", "not-audited"]
VERDICT_NAMES: dict[str, tuple[str, str]] = {
    "conforming": _p("verdict.conforming", "Conforming"),
    # The grade names are the glossary's (one wording of each grade in the whole tool).
    "ofi": _p("verdict.ofi", "Conforming; opportunity for improvement"),
    "minor-nc": FINDING_GRADE_NAMES["minor-nc"],
    "major-nc": FINDING_GRADE_NAMES["major-nc"],
    "na": _p("verdict.na", "Not applicable"),
    "not-audited": _p("verdict.not-audited", "Not audited"),
    "not-conforming": _p("verdict.not-conforming", "Below F, no decision recorded"),
}

Method = Literal["audit", "self-assessment"]
Level = Annotated[StrictInt, Field(ge=0, le=5)]


class Scope(StrictModel):
    """What the assessment covers: the processes (and so the clauses) in scope."""

    processes: list[Identifier] = Field(min_length=1)
    description: StrictStr | None = None
    services: list[StrictStr] = Field(default_factory=list)


class Respondent(StrictModel):
    """Who filled a workbook in: a name (shown in outputs only with ``--include-names``) and a role."""

    name: StrictStr | None = None
    role: StrictStr | None = None
    #: The file the answers came from, e.g. ``fieldwork-aino.xlsx``.
    source: StrictStr | None = None


class AssessmentInfo(StrictModel):
    id: Identifier
    organisation: StrictStr
    catalogue: Identifier = "iso20000-1-2018"
    catalogue_version: Version | None = None
    catalogue_hash: StrictStr | None = None
    scope: Scope
    method: Method = "audit"
    assessors: list[StrictStr] = Field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    language: LanguageCode = "en"
    scoring_model: StrictStr = "iso33020"
    #: Target capability level per process id.
    target_profile: dict[Identifier, Level] = Field(default_factory=dict)
    #: People whose answers were imported (workbooks) or invited (``--from`` carries them over).
    respondents: list[Respondent] = Field(default_factory=list)
    #: The assessment this round was started from (``assess new --from``).
    previous: Identifier | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> AssessmentInfo:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(message("end_date {end_date} is before start_date {start_date}", end_date=self.end_date, start_date=self.start_date))
        return self


#: Answer codes counted per item in surveys: the four bands, not applicable, don't know.
ANSWER_CODES: tuple[str, ...] = ("N", "P", "L", "F", "NA", "DK")
AnswerCounts = dict[Literal["N", "P", "L", "F", "NA", "DK"], Annotated[StrictInt, Field(ge=0)]]


#: What a piece of evidence is: records sampled, a document read, an interview, an observation on site.
EVIDENCE_KINDS: tuple[str, ...] = ("record", "document", "interview", "observation")
EvidenceKind = Literal["record", "document", "interview", "observation"]
#: Each kind's name as a report and a merge line show it ("Haastattelu: Muutospäällikkö").
EVIDENCE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "record": _p("ev_record", "Records"), "document": _p("ev_document", "Document"),
    "interview": _p("ev_interview", "Interview"), "observation": _p("ev_observation", "Observation"),
}
Count = Annotated[StrictInt, Field(ge=0)]


class EvidenceEntry(StrictModel):
    """One line of a requirement's evidence log: what the auditor sampled, read, heard or saw.

    ``date`` is the evidence's own date (the document's issue date, the end of the records'
    period, the day of the interview); ``recorded`` is when the line was entered, by
    ``recorded_by``. Interviewees are recorded by role, never by name: ``roles`` are the people
    interviewed (an interview) or those who took the auditor through the records, document or
    activity (any other kind). In YAML one role may be written ``role: Change manager``.
    """

    kind: EvidenceKind
    #: The document's name, the record set ("Changes closed 1.1.-30.9.2026") or what was observed.
    source: StrictStr | None = None
    #: The document's version or revision as it reads on the document.
    version: StrictStr | None = None
    #: Ids of the records examined (RFC-2211, INC-40877, ...).
    records: list[StrictStr] = Field(default_factory=list)
    #: How many records the sample was drawn from, and how many were examined (default: the ids listed).
    population: Count | None = None
    sample_size: Count | None = None
    #: The interviewees' roles, e.g. ["Change manager", "CAB chair"]; never names.
    roles: list[StrictStr] = Field(default_factory=list)
    site: StrictStr | None = None
    date: dt.date | None = None
    recorded: dt.date | None = None
    recorded_by: StrictStr | None = None
    note: StrictStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_role(cls, data: Any) -> Any:
        """``role: X`` is the short form of ``roles: [X]`` (how one interviewee is usually written)."""
        if isinstance(data, dict) and "role" in data:
            if "roles" in data:
                raise ValueError(message("give 'role' (one) or 'roles' (a list), not both"))
            data = {**data, "roles": [data["role"]] if data["role"] is not None else []}
            del data["role"]
        return data

    @model_validator(mode="after")
    def _consistent(self) -> EvidenceEntry:
        examined = self.examined
        if self.kind == "interview" and not self.roles:
            raise ValueError(message("an interview needs the interviewee's 'role' (roles, never names)"))
        if self.kind != "interview" and not self.source:
            raise ValueError(message("a {kind} needs 'source': the document's name, the record set or what was "
                                     "observed", kind=self.kind))
        if self.sample_size is not None and len(self.records) > self.sample_size:
            raise ValueError(message("{listed} record ids listed but sample_size is {size}",
                                     listed=len(self.records), size=self.sample_size))
        if examined is not None and self.population is not None and examined > self.population:
            raise ValueError(message("a sample of {size} from a population of {population}",
                                     size=examined, population=self.population))
        if self.date is not None and self.recorded is not None and self.date > self.recorded:
            raise ValueError(message("the evidence is dated {date}, after it was recorded ({recorded})",
                                     date=self.date, recorded=self.recorded))
        return self

    def plain(self) -> dict[str, Any]:
        """The line as plain data the way ``assessment.yaml`` writes it (one role as ``role``), for the results."""
        return _short_roles(self.model_dump(mode="json", exclude_none=True, exclude_defaults=True))

    @property
    def examined(self) -> int | None:
        """How many records were examined: ``sample_size``, else the ids listed, else None."""
        if self.sample_size is not None:
            return self.sample_size
        return len(self.records) or None


class Comment(StrictModel):
    """A respondent's free-text comment on an item, kept as written."""

    text: StrictStr
    role: StrictStr | None = None
    #: Only with ``--include-names``.
    respondent: StrictStr | None = None


class Response(StrictModel):
    """The answer to one item: a requirement id, or ``PROCESS:INDICATOR`` for a capability indicator."""

    id: Identifier
    rating: Rating | None = None
    #: The auditor's verdict (audits); conformity is derived from ``rating`` where it is missing.
    verdict: Verdict | None = None
    finding: FindingGrade | None = None
    #: Why the requirement does not apply (needed with rating NA or verdict na).
    justification: StrictStr | None = None
    #: The auditor accepted the justification; an NA shall requirement of clauses 4-10 without it
    #: counts as not audited.
    na_accepted: StrictBool | None = None
    evidence: StrictStr | None = None
    #: What was sampled, read, heard and seen for this requirement (audits), line by line.
    evidence_log: list[EvidenceEntry] = Field(default_factory=list)
    notes: StrictStr | None = None
    respondent: StrictStr | None = None
    # Filled when the response aggregates a multi-respondent survey.
    respondents: StrictInt | None = Field(default=None, ge=0)
    spread: StrictFloat | StrictInt | None = None
    disagreement: StrictBool | None = None
    #: Answers per code (survey), and per role for roles with enough respondents to stay anonymous.
    counts: AnswerCounts | None = None
    role_counts: dict[StrictStr, AnswerCounts] = Field(default_factory=dict)
    comments: list[Comment] = Field(default_factory=list)
    #: The assessment id this answer was carried over from (``assess new --from``): a starting point.
    carried_from: Identifier | None = None


#: The life of a finding in the register, in order. A nonconformity counts as open until its
#: corrective action is verified effective; closing it needs that verification.
FINDING_STATUSES: tuple[str, ...] = ("open", "correction-done", "action-done", "verified-effective", "closed")
FindingStatus = Literal["open", "correction-done", "action-done", "verified-effective", "closed"]
OPEN_STATUSES: frozenset[str] = frozenset({"open", "correction-done", "action-done"})
FINDING_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "open": _p("finding_status.open", "Open"),
    "correction-done": _p("finding_status.correction-done", "Correction done"),
    "action-done": _p("finding_status.action-done", "Corrective action done"),
    "verified-effective": _p("finding_status.verified-effective", "Verified effective"),
    "closed": _p("finding_status.closed", "Closed"),
}


def rating_code(rating: str, lang: str) -> str:
    """A rating as a reader sees it in ``lang``: the stored code, but ``"NA"`` -> ``"ES"`` in Finnish."""
    return pgettext_for(lang)(*RATING_CODE_NA) if rating == "NA" else rating


#: The suffix of the stored id of a finding recorded on a requirement's row (``CHG-05-finding``).
ROW_FINDING_SUFFIX = "-finding"
#: Such a finding as a reader sees it: named after its requirement in the reader's words.
ROW_FINDING_ID: tuple[str, str] = _p("generated_finding_id", "{requirement}-finding")


def row_finding_id(item_id: str) -> str:
    """The stored id of the finding recorded on an item's row: ``CHG-05`` -> ``CHG-05-finding``."""
    return item_id + ROW_FINDING_SUFFIX


def finding_id_text(finding_id: str, lang: str) -> str:
    """A finding's id as a reader sees it in ``lang``, wherever it is shown: a finding recorded on a
    requirement's row (stored as ``CHG-05-finding``) is named after the requirement in the reader's
    words (``CHG-05`` in Finnish); an id the assessor wrote is shown as written."""
    if finding_id.endswith(ROW_FINDING_SUFFIX) and finding_id != ROW_FINDING_SUFFIX:
        requirement = finding_id.removesuffix(ROW_FINDING_SUFFIX)
        return pgettext_for(lang)(*ROW_FINDING_ID).format(requirement=requirement)
    return finding_id


def grade_name(code: str, lang: str) -> str:
    """``"minor-nc"`` -> ``"Lievä poikkeama"``: a finding grade's name in ``lang`` (PO catalogue)."""
    return pgettext_for(lang)(*FINDING_GRADE_NAMES[code])


def verdict_name(code: str, lang: str) -> str:
    """``"na"`` -> ``"Ei sovellu"``: an audit verdict's name in ``lang`` (PO catalogue)."""
    return pgettext_for(lang)(*VERDICT_NAMES[code])


def finding_status_name(code: str, lang: str) -> str:
    """``"closed"`` -> ``"Suljettu"``: a finding's lifecycle status in ``lang`` (PO catalogue)."""
    return pgettext_for(lang)(*FINDING_STATUS_NAMES[code])


def is_open_status(status: str | None) -> bool:
    """True while a finding with ``status`` still counts open (no status: open)."""
    return status is None or status in OPEN_STATUSES


class FindingEvent(StrictModel):
    """One entry of a finding's history: what happened to it in which assessment round."""

    assessment: Identifier
    date: dt.date | None = None
    status: FindingStatus
    #: Who recorded the step (the auditor, or the owner for a correction).
    by: StrictStr | None = None
    note: StrictStr | None = None


class Verification(StrictModel):
    """The auditor's check that a nonconformity's corrective action worked (ISO/IEC 20000-1 10.1)."""

    date: dt.date
    auditor: StrictStr = Field(min_length=1)
    #: False when the action was found not effective: the nonconformity then stays open.
    effective: StrictBool = True
    #: What the auditor looked at to decide (records sampled after the action, ...).
    evidence: StrictStr | None = None


class Finding(StrictModel):
    """An audit finding, graded, linked to the requirements it concerns, with its life in the register.

    A nonconformity's statement says what was not met; ``evidence`` what showed it. Then the
    organisation's ``correction`` (the immediate fix), ``root_cause`` and ``corrective_action``
    (so that it does not recur), with their dates; then the auditor's ``verification`` of
    effectiveness; then closure.
    """

    id: Identifier
    grade: FindingGrade
    requirements: list[Identifier] = Field(default_factory=list)
    statement: StrictStr
    evidence: StrictStr | None = None
    recommendation: StrictStr | None = None
    status: FindingStatus = "open"
    due_date: dt.date | None = None
    owner: StrictStr | None = None
    correction: StrictStr | None = None
    correction_date: dt.date | None = None
    root_cause: StrictStr | None = None
    corrective_action: StrictStr | None = None
    action_date: dt.date | None = None
    verification: Verification | None = None
    closed_date: dt.date | None = None
    #: The assessment id this finding was carried over from (``assess new --from``).
    carried_from: Identifier | None = None
    history: list[FindingEvent] = Field(default_factory=list)

    @property
    def is_open(self) -> bool:
        """Open, correction done or action done: not yet verified effective."""
        return self.status in OPEN_STATUSES

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in ("major-nc", "minor-nc")

    @model_validator(mode="after")
    def _lifecycle(self) -> Finding:
        # Contradictions within one finding's own record; rules across records are `assess check`'s.
        v = self.verification
        if self.status == "verified-effective" and v is None:
            raise ValueError(message("status verified-effective needs 'verification:' (date, auditor)"))
        if v is not None and not v.effective and not self.is_open:
            raise ValueError(message("status {status} but the verification of {date} found the action not "
                                     "effective; the finding stays open (status open or action-done)",
                                     status=self.status, date=v.date))
        if v is not None:
            for name, done in (("correction_date", self.correction_date), ("action_date", self.action_date)):
                if done is not None and done > v.date:
                    raise ValueError(message("verified on {date}, before the {what} {done}", date=v.date,
                                             what=message("correction date") if name == "correction_date"
                                             else message("action date"), done=done))
            if self.closed_date is not None and self.closed_date < v.date:
                raise ValueError(message("closed on {closed}, before the verification of {date}",
                                         closed=self.closed_date, date=v.date))
        if self.closed_date is not None and self.status != "closed":
            raise ValueError(message("closed_date {closed} but status {status}", closed=self.closed_date,
                                     status=self.status))
        return self


ACTION_STATUSES: tuple[str, ...] = ("open", "in-progress", "done")


class ActionRecord(StrictModel):
    """Follow-up of one row of the report's corrective-action plan (``report import-actions``).

    ``id`` is the row's action id: a finding id for a nonconformity, ``PROCESS-PAx.y`` for a gap,
    or an id of the consultant's own for an action added to the plan (then ``action`` says what).
    """

    id: Identifier
    action: StrictStr | None = None
    owner: StrictStr | None = None
    due_date: dt.date | None = None
    status: Literal["open", "in-progress", "done"] = "open"
    notes: StrictStr | None = None


class Assessment(StrictModel):
    """``assessment.yaml``."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    assessment: AssessmentInfo
    responses: list[Response] = Field(default_factory=list)
    #: Direct attribute ratings by the assessor: ``{process: {"PA2.1": "L"}}``; these stand.
    attribute_ratings: dict[Identifier, dict[ProcessAttribute, Rating]] = Field(default_factory=dict)
    #: Why a direct rating differs from the derived one: ``{process: {"PA2.1": "reason"}}``.
    attribute_rating_reasons: dict[Identifier, dict[ProcessAttribute, StrictStr]] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    #: Owners, due dates, status and notes of the action plan, read back from the report workbook.
    actions: list[ActionRecord] = Field(default_factory=list)
    #: The file it was loaded from, to name lines in later cross-checks.
    _source: YamlDocument | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _unique_ids(self) -> Assessment:
        seen: set[str] = set()
        for r in self.responses:
            if r.id in seen:
                raise ValueError(message("response {id!r} appears twice", id=r.id))
            seen.add(r.id)
        fseen: set[str] = set()
        for f in self.findings:
            if f.id in fseen:
                raise ValueError(message("finding {id!r} appears twice", id=f.id))
            fseen.add(f.id)
        aseen: set[str] = set()
        for a in self.actions:
            if a.id in aseen:
                raise ValueError(message("action {id!r} appears twice", id=a.id))
            aseen.add(a.id)
        return self

    def response_map(self) -> dict[str, Response]:
        return {r.id: r for r in self.responses}

    def where(self, loc: tuple[str | int, ...]) -> str | None:
        """``file:line:col`` of ``loc`` when the assessment was loaded from a file, else None."""
        return self._source.where(loc) if self._source is not None else None

    def check_against(self, catalogue: Catalogue) -> list[str]:
        """Problems that make this assessment inconsistent with ``catalogue`` (empty when fine).

        Each problem names its place: ``file:line:col: field: message`` when the assessment was
        loaded from a file, else ``field: message``.
        """
        found: list[tuple[tuple[str | int, ...], str]] = []
        misspelt_keys: set[tuple[str | int, ...]] = set()  # places named at the key, not its value
        info = self.assessment
        if info.catalogue != catalogue.id:
            found.append((("assessment", "catalogue"), message("{catalogue!r} but the catalogue loaded is {loaded!r}", catalogue=info.catalogue, loaded=catalogue.id)))
        for i, pid in enumerate(info.scope.processes):
            if pid not in catalogue.processes:
                found.append((("assessment", "scope", "processes", i), message("unknown process {process!r}", process=pid)))
        in_scope = set(info.scope.processes)
        for field_name, keyed in (("target_profile", info.target_profile), ("attribute_ratings", self.attribute_ratings)):
            base: tuple[str, ...] = ("assessment", field_name) if field_name == "target_profile" else (field_name,)
            for pid in keyed:
                if pid not in catalogue.processes:
                    found.append(((*base, pid), message("unknown process {process!r}", process=pid)))
                elif pid not in in_scope:
                    found.append(((*base, pid), message("process {process!r} is not in the scope ({scope})", process=pid, scope=", ".join(info.scope.processes))))
                else:
                    continue
                misspelt_keys.add((*base, pid))
        for i, r in enumerate(self.responses):
            rid = r.id
            if ":" in rid:
                pid, ind = rid.split(":", 1)
                if pid not in catalogue.processes or ind not in catalogue.indicators:
                    found.append((("responses", i, "id"), message("{id!r} is not PROCESS:INDICATOR of this catalogue", id=rid)))
            elif rid not in catalogue.requirements:
                found.append((("responses", i, "id"), message("unknown requirement {requirement!r}", requirement=rid)))
        for i, f in enumerate(self.findings):
            for j, rid in enumerate(f.requirements):
                if rid not in catalogue.requirements:
                    found.append((("findings", i, "requirements", j), message("{finding}: unknown requirement {requirement!r}", finding=f.id, requirement=rid)))
        source = self._source
        problems = []
        for loc, problem in found:
            where = f"{source.where(loc, at_key=loc in misspelt_keys)}: " if source is not None else ""
            problems.append(message("{where}{field}: {problem}", where=where, field=format_loc(loc), problem=problem))
        return problems


def load_assessment(path: str | os.PathLike[str]) -> Assessment:
    """Read and validate ``assessment.yaml``; raises InputError with file:line:col on problems."""
    doc = load_yaml(path)
    assessment = validate(Assessment, doc)
    assessment._source = doc
    return assessment


def assessment_to_yaml(assessment: Assessment) -> str:
    return dump_yaml(_plain(assessment))


def _plain(assessment: Assessment) -> dict[str, Any]:
    """What ``assessment.yaml`` holds: the model as plain data, empty optional parts left out."""
    data: dict[str, Any] = assessment.model_dump(mode="json", exclude_none=True)
    for key in ("attribute_ratings", "attribute_rating_reasons", "findings", "actions"):
        if not data.get(key):
            data.pop(key, None)
    for key in ("respondents",):
        if not data["assessment"].get(key):
            data["assessment"].pop(key, None)
    for entry in (*data.get("responses", ()), *data.get("findings", ())):
        for key in ("role_counts", "comments", "history", "evidence_log"):
            if key in entry and not entry[key]:
                del entry[key]
        if "evidence_log" in entry:
            entry["evidence_log"] = [_short_roles(line) for line in entry["evidence_log"]]
    return data


def _short_roles(line: dict[str, Any]) -> dict[str, Any]:
    """One role is written ``role: X`` (as people write it), several ``roles: [...]``, none not at all."""
    roles = line.get("roles") or []
    if len(roles) > 1:
        return line
    return {("role" if key == "roles" else key): (roles[0] if key == "roles" else value)
            for key, value in line.items() if key != "roles" or roles}


def save_assessment(assessment: Assessment, path: str | os.PathLike[str]) -> None:
    """Write ``assessment.yaml`` atomically; rewriting an existing one keeps its comments
    (``yaml_roundtrip``), its file mode and, when it is a symlink, the link."""
    from itsm_assess.yaml_roundtrip import update_keeping_comments

    target = Path(path)
    text = None
    if target.is_file():
        text = update_keeping_comments(target.read_text(encoding="utf-8"), _plain(assessment))
    write_text_atomic(target, text if text is not None else assessment_to_yaml(assessment))


def load_for_catalogue(path: str | os.PathLike[str], catalogue: Catalogue) -> Assessment:
    """Load an assessment and check it against ``catalogue``; problems name the file."""

    a = load_assessment(path)
    problems = a.check_against(catalogue)
    if problems:
        raise InputError(problems)
    return a
