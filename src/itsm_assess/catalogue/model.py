"""The requirements catalogue: models, loading from a folder of YAML files, and cross-checks.

A catalogue is a folder (``requirements_catalogue/<id>/``) holding

* ``catalogue.yaml``: identity, copyright, roles, clause titles and reference vocabularies;
* ``processes/*.yaml``: one process each, with its requirements;
* ``capability_indicators.yaml``: generic practice indicators for PA 2.1 to PA 5.2;

and, beside it, the auditor checklists in ``checklists/<id>/*.yaml``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from pydantic import Field, StrictInt, StrictStr, model_validator

from itsm_assess import resources
from itsm_assess.catalogue.checklist import Checklist, ChecklistFile, ChecklistItem
from itsm_assess.errors import InputError, NotFoundError
from itsm_assess.i18n import Label, _p, in_languages, label_table, message, pgettext_for, plural_message
from itsm_assess.loading import YamlDocument, display_path, load_yaml, validate
from itsm_assess.schema import (
    ClauseNumber,
    ForeignClause,
    FrozenModel,
    Identifier,
    ItemId,
    LanguageCode,
    LocalizedText,
    ProcessAttribute,
    ProcessId,
    SchemaVersion,
    Version,
    clause_key,
    clause_within,
)

if TYPE_CHECKING:
    from itsm_assess.assessment import Assessment


class CatalogueInfo(FrozenModel):
    """Identity of a catalogue: what it covers, which version, under which notice."""

    id: Identifier
    title: LocalizedText
    standard: StrictStr
    edition: StrictStr
    version: Version
    languages: list[LanguageCode] = Field(min_length=1)
    copyright: LocalizedText
    description: LocalizedText | None = None


class ReferenceVocabulary(FrozenModel):
    """The names a cross-reference may use, so that every reference can be resolved."""

    iso20000_2011: dict[ForeignClause, StrictStr] = Field(default_factory=dict)
    itil4: list[StrictStr] = Field(default_factory=list)
    fitsm: list[StrictStr] = Field(default_factory=list)


ReferenceKind = Literal["iso20000_2011", "itil4", "fitsm"]
REFERENCE_KINDS: tuple[ReferenceKind, ...] = ("iso20000_2011", "itil4", "fitsm")


#: What a catalogue.yaml without ``profile:`` gets: the ISO/IEC 20000-1:2018 properties, i.e. the
#: behaviour of catalogues written before profiles existed (all of them were ISO/IEC 20000-1 shaped).
ISO20000_CLAUSE_PATTERN = r"(?:[4-9]|10)(?:\.[1-9][0-9]?){0,3}"


class CatalogueProfile(FrozenModel):
    """What the code needs to know about the standard a catalogue states, so that nothing assumes
    ISO/IEC 20000-1 (``profile:`` in catalogue.yaml; docs/catalogue.md, "Catalogue properties").
    Left out, each property keeps the ISO/IEC 20000-1:2018 value."""

    #: The clause ids of the standard (a regular expression, matched in full); every clause in
    #: catalogue.yaml and every requirement's clause must match it.
    clause_pattern: StrictStr = ISO20000_CLAUSE_PATTERN
    #: Clauses (with their sub-clauses) whose shall requirements may not be excluded: marking one
    #: not applicable needs a justification the auditor accepts. Empty: any recorded NA stands.
    mandatory_clauses: list[ClauseNumber] = Field(default_factory=lambda: [str(n) for n in range(4, 11)])
    #: The whole that a readiness verdict needs audited, in words.
    certification_scope: LocalizedText = Field(
        default_factory=lambda: in_languages(_p("certification_scope", "clauses 4-10")))
    #: Clauses every audit of a programme visits (internal audit, management review, corrective action).
    every_visit_clauses: list[ClauseNumber] = Field(default_factory=lambda: ["9.2", "9.3", "10.1"])
    #: The scoring model new assessments of this catalogue use (and the CISO Assistant capability scale).
    scoring_model: Identifier = "iso33020"
    #: The cross-reference kinds this catalogue uses, in the order exports show them.
    cross_references: list[ReferenceKind] = Field(
        default_factory=lambda: list(REFERENCE_KINDS))

    @model_validator(mode="after")
    def _pattern_compiles(self) -> CatalogueProfile:
        try:
            re.compile(self.clause_pattern)
        except re.error as exc:
            raise ValueError(message("clause_pattern is not a regular expression: {error}", error=exc)) from None
        return self

    def clause_fits(self, clause: str) -> bool:
        return re.fullmatch(self.clause_pattern, clause) is not None

    def is_mandatory(self, clause: str) -> bool:
        """True when ``clause`` lies in a clause whose shall requirements may not be excluded."""
        return any(clause_within(clause, c) for c in self.mandatory_clauses)


class TailoringInfo(FrozenModel):
    """Where a tailored catalogue comes from (``tailored_from:`` in catalogue.yaml)."""

    #: Id, version and content hash of the base catalogue.
    base: Identifier
    version: Version
    base_hash: StrictStr | None = None
    #: What was changed, in a line (written by ``catalogue import``).
    summary: StrictStr | None = None


class CatalogueFile(FrozenModel):
    """``catalogue.yaml``."""

    schema_version: SchemaVersion
    catalogue: CatalogueInfo
    roles: dict[Identifier, LocalizedText] = Field(default_factory=dict)
    clauses: dict[ClauseNumber, LocalizedText] = Field(default_factory=dict)
    #: Leaf clauses that state no obligation of their own, each with the reason (for coverage).
    clauses_without_obligations: dict[ClauseNumber, LocalizedText] = Field(default_factory=dict)
    references: ReferenceVocabulary = Field(default_factory=ReferenceVocabulary)
    profile: CatalogueProfile = Field(default_factory=CatalogueProfile)
    #: Present when the catalogue was tailored from another one (``catalogue import``).
    tailored_from: TailoringInfo | None = None


class CrossReferences(FrozenModel):
    """Where the same obligation lives in other frameworks, and related requirements."""

    iso20000_2011: list[ForeignClause] = Field(default_factory=list)
    itil4: list[StrictStr] = Field(default_factory=list)
    fitsm: list[StrictStr] = Field(default_factory=list)
    related: list[Identifier] = Field(default_factory=list)


class Process(FrozenModel):
    """A service management process or management-system area, e.g. change management (8.5.1)."""

    id: ProcessId
    clauses: list[ClauseNumber] = Field(min_length=1)
    kind: Literal["process", "management-system"] = "process"
    title: LocalizedText
    purpose: LocalizedText
    outcomes: list[LocalizedText] = Field(default_factory=list)
    refs: CrossReferences = Field(default_factory=CrossReferences)

    @property
    def clause(self) -> str:
        """The first (principal) clause of the process."""
        return self.clauses[0]


Weight = Annotated[StrictInt, Field(ge=1, le=5)]

Basis = Literal["shall", "derived", "good-practice"]
"""Why a requirement is in the catalogue: ``shall`` is an obligation of the standard, ``derived`` is
what an auditor needs to see to accept a shall as met, ``good-practice`` is advice (ITIL 4, the 2011
edition, our own). Only ``shall`` requirements can yield nonconformities."""
BASES: tuple[str, ...] = ("shall", "derived", "good-practice")

GoodPracticeSource = Literal["itil4", "iso20000-1-2011", "iso27001", "fitsm", "advice"]
"""Where a good-practice requirement comes from; ``iso20000-1-2011`` means the 2011 edition only."""
#: The name of each source (worded in a language by :func:`good_practice_source_name`).
GOOD_PRACTICE_SOURCES: dict[str, Label] = label_table(
    _p("good_practice_source.itil4", "ITIL 4"),
    _p("good_practice_source.iso20000-1-2011", "ISO/IEC 20000-1:2011 only, not required in 2018"),
    _p("good_practice_source.iso27001", "ISO/IEC 27001"),
    _p("good_practice_source.fitsm", "FitSM"),
    _p("good_practice_source.advice", "our advice"),
)
#: The name of each basis (worded in a language by :func:`basis_name`).
BASIS_NAMES: dict[str, Label] = label_table(
    _p("basis.shall", "Obligation (shall)"),
    _p("basis.derived", "Derived from an obligation"),
    _p("basis.good-practice", "Good practice (not required)"),
)


def basis_name(basis: str, lang: str) -> str:
    """``"derived"`` -> ``"Derived from an obligation"`` in ``lang``."""
    return pgettext_for(lang)(*BASIS_NAMES[basis])


def good_practice_source_name(source: str | None, lang: str) -> str:
    """``"advice"`` -> ``"our advice"`` in ``lang``; empty for no (or an unknown) source."""
    label = GOOD_PRACTICE_SOURCES.get(source or "")
    return pgettext_for(lang)(*label) if label else ""
#: Good practice never weighs more than this: it may inform a rating, never dominate it.
GOOD_PRACTICE_MAX_WEIGHT = 2


class Requirement(FrozenModel):
    """One obligation an auditor verifies on its own, or advice labelled as such by its basis.

    ``derived`` requirements name the shall requirement(s) they serve in ``serves``;
    ``good-practice`` requirements name their ``source``. ``basis_note`` says why, in a line.
    """

    id: ItemId
    clause: ClauseNumber
    process: ProcessId
    title: LocalizedText
    statement: LocalizedText
    guidance: LocalizedText
    evidence: list[LocalizedText] = Field(min_length=1)
    interviewees: list[Identifier] = Field(default_factory=list)
    attribute: ProcessAttribute = "PA1.1"
    weight: Weight = 1
    basis: Basis = "shall"
    #: ``derived``: the shall requirement(s) it serves (ids in this catalogue).
    serves: list[Identifier] = Field(default_factory=list)
    #: ``good-practice``: where the advice comes from (ITIL 4, the 2011 edition only, ISO/IEC 27001, ours).
    source: GoodPracticeSource | None = None
    #: Why this basis, in a line (e.g. the 2011 clause a carry-over comes from).
    basis_note: LocalizedText | None = None
    refs: CrossReferences = Field(default_factory=CrossReferences)

    @model_validator(mode="after")
    def _basis_is_complete(self) -> Requirement:
        if self.basis == "derived" and not self.serves:
            raise ValueError(message("a derived requirement names the shall requirement(s) it serves under serves"))
        if self.basis != "derived" and self.serves:
            raise ValueError(message("serves is only for derived requirements (this one is {basis})", basis=self.basis))
        if self.basis == "good-practice":
            if self.source is None:
                raise ValueError(message("a good-practice requirement names its source ({names})", names=', '.join(GOOD_PRACTICE_SOURCES)))
            if self.weight > GOOD_PRACTICE_MAX_WEIGHT:
                raise ValueError(message("good practice weighs at most {limit}, not {weight}", limit=GOOD_PRACTICE_MAX_WEIGHT, weight=self.weight))
        elif self.source is not None:
            raise ValueError(message("source is only for good-practice requirements (this one is {basis})", basis=self.basis))
        return self


class ProcessFile(FrozenModel):
    """``processes/<name>.yaml``: a process and its requirements."""

    schema_version: SchemaVersion
    process: Process
    requirements: list[Requirement] = Field(default_factory=list)


class CapabilityIndicator(FrozenModel):
    """A generic practice indicator: evidence that a process attribute above PA 1.1 is achieved."""

    id: ItemId
    attribute: ProcessAttribute
    title: LocalizedText
    statement: LocalizedText
    evidence: list[LocalizedText] = Field(default_factory=list)
    #: The question asked on the indicator's workbook row; a generic one is worded when absent.
    question: LocalizedText | None = None


class IndicatorsFile(FrozenModel):
    """``capability_indicators.yaml``."""

    schema_version: SchemaVersion
    #: Which measurement framework and process assessment model the indicators follow.
    model: LocalizedText | None = None
    indicators: list[CapabilityIndicator]


@dataclass(frozen=True)
class Catalogue:
    """A loaded, cross-checked catalogue with its checklists (frozen: loaded catalogues are shared)."""

    info: CatalogueInfo
    root: Path
    roles: dict[str, dict[str, str]]
    clauses: dict[str, dict[str, str]]
    references: ReferenceVocabulary
    processes: dict[str, Process]
    requirements: dict[str, Requirement]
    indicators: dict[str, CapabilityIndicator]
    checklists: dict[str, Checklist]
    content_hash: str
    #: ``file:line:col`` where each requirement, process and checklist item is defined.
    locations: dict[str, str] = field(default_factory=dict)
    #: Leaf clauses with no obligation of their own, and why (``catalogue.yaml``).
    clauses_without_obligations: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Which measurement framework and process assessment model the indicators follow.
    indicator_model: dict[str, str] | None = None
    #: Properties of the standard (clause ids, mandatory clauses, certification scope, references).
    profile: CatalogueProfile = field(default_factory=CatalogueProfile)
    #: The base catalogue when this one was tailored from it.
    tailoring: TailoringInfo | None = None

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def name(self) -> str:
        """What a reader calls the catalogue: its standard (``ISO/IEC 20000-1:2018``); a tailored
        one adds its id (``ISO/IEC 20000-1:2018 (revontuli)``), which tells it from the bundled one."""
        return f"{self.info.standard} ({self.id})" if self.tailoring is not None else self.info.standard

    @property
    def version(self) -> str:
        return self.info.version

    def process(self, process_id: str) -> Process:
        """The process with this id; raises NotFoundError listing the valid ids."""
        try:
            return self.processes[process_id]
        except KeyError:
            raise NotFoundError(message(
                "catalogue {catalogue!r} has no process {process!r}; expected one of {expected}",
                catalogue=self.id, process=process_id, expected=", ".join(self.processes),
            )) from None

    def requirements_of(self, process_id: str) -> list[Requirement]:
        """The requirements of one process, in catalogue order."""
        return list(self._by_process.get(process_id, ()))

    @cached_property
    def _by_process(self) -> dict[str, list[Requirement]]:
        index: dict[str, list[Requirement]] = {}
        for req in self.requirements.values():
            index.setdefault(req.process, []).append(req)
        return index

    def indicators_for(self, attribute: str) -> list[CapabilityIndicator]:
        return [i for i in self.indicators.values() if i.attribute == attribute]

    def clause_title(self, clause: str) -> dict[str, str]:
        return self.clauses.get(clause, {"en": clause})

    def leaf_clauses(self) -> list[str]:
        """Clauses of ``catalogue.yaml`` with no sub-clause listed, in clause order."""
        listed = sorted(self.clauses, key=clause_key)
        return [c for c in listed if not any(o != c and clause_within(o, c) for o in listed)]

    def iter_checklist_items(self) -> Iterator[tuple[str, object]]:
        for process_id, checklist in self.checklists.items():
            for item in checklist.items:
                yield process_id, item


# --------------------------------------------------------------------------- discovery


def bundled_catalogue_ids() -> list[str]:
    """Ids of the catalogues shipped with the package."""
    root = resources.catalogue_root()
    return sorted(p.name for p in root.iterdir() if (p / "catalogue.yaml").is_file())


def resolve_catalogue_dir(ref: str | os.PathLike[str]) -> Path:
    """A catalogue folder from a bundled id or a path to a folder (or its catalogue.yaml)."""
    candidate = Path(ref)
    if candidate.name == "catalogue.yaml" and candidate.is_file():
        return candidate.parent
    if candidate.is_dir() and (candidate / "catalogue.yaml").is_file():
        return candidate
    bundled = resources.catalogue_root() / str(ref)
    if (bundled / "catalogue.yaml").is_file():
        return bundled
    if candidate.exists():
        raise InputError(message("{path}: not a catalogue folder (no catalogue.yaml inside)", path=display_path(candidate)))
    raise NotFoundError(message(
        "no catalogue {ref!r}; expected a bundled id ({bundled}) or the path of a catalogue folder",
        ref=str(ref), bundled=", ".join(bundled_catalogue_ids()),
    ))


def _checklist_dir_for(catalogue_dir: Path, catalogue_id: str) -> Path | None:
    for candidate in (
        catalogue_dir / "checklists",
        catalogue_dir.parent / "checklists",
        catalogue_dir.parent.parent / "checklists" / catalogue_id,
        resources.checklist_root() / catalogue_id,
    ):
        if candidate.is_dir():
            return candidate
    return None


# --------------------------------------------------------------------------- loading

#: Loaded catalogues by (folder, checklist folder, strict): the fingerprint of the sources they
#: were loaded from, the files and folders that make it, and the catalogue.
_CACHE: dict[tuple[str, str | None, bool], tuple[str, tuple[Path, ...], Catalogue]] = {}


def cache_clear() -> None:
    """Forget every loaded catalogue (the next :func:`load_catalogue` reads the files again)."""
    _CACHE.clear()


def _fingerprint(sources: tuple[Path, ...]) -> str:
    """What determines a loaded catalogue: the names of the YAML files in each source folder and
    the content of each source file (an edit, an added or a removed file all change it)."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(str(source).encode() + b"\0")
        try:
            if source.is_dir():
                digest.update("\0".join(sorted(p.name for p in source.glob("*.yaml"))).encode())
            else:
                digest.update(source.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def load_catalogue(
    ref: str | os.PathLike[str] = "iso20000-1-2018",
    checklists: str | os.PathLike[str] | None = None,
    *,
    strict: bool = True,
) -> Catalogue:
    """Load and cross-check a catalogue and its checklists.

    ``ref`` is a bundled catalogue id or a folder. Raises :class:`InputError` listing every
    problem (``file:line:col: field: message``). With ``strict=False`` the coverage check
    (every requirement referenced by a checklist item) is left to :func:`coverage_gaps`.
    """
    root = resolve_catalogue_dir(ref)
    key = (str(root.resolve()), str(Path(checklists).resolve()) if checklists else None, strict)
    cached = _CACHE.get(key)
    if cached is not None and _fingerprint(cached[1]) == cached[0]:
        return cached[2]

    run = _CatalogueLoad(root)
    meta_doc = run.read(root / "catalogue.yaml")
    meta = validate(CatalogueFile, meta_doc)
    processes, requirements = run.read_processes()
    indicators, indicator_model = run.read_indicators()
    run.check_cross_references(meta, meta_doc, processes, requirements)
    checklist_dir = Path(checklists) if checklists else _checklist_dir_for(root, meta.catalogue.id)
    loaded_checklists = run.read_checklists(checklist_dir, meta, processes, requirements) if checklist_dir is not None else {}
    processes = _in_clause_order(processes)
    catalogue = Catalogue(
        info=meta.catalogue,
        root=root,
        roles=meta.roles,
        clauses=meta.clauses,
        references=meta.references,
        processes=processes,
        requirements=_in_process_order(requirements, processes),
        indicators=indicators,
        checklists={pid: loaded_checklists[pid] for pid in processes if pid in loaded_checklists},
        content_hash=run.hasher.hexdigest(),
        locations=run.locations,
        clauses_without_obligations=meta.clauses_without_obligations,
        profile=meta.profile,
        tailoring=meta.tailored_from,
        indicator_model=indicator_model,
    )
    if strict:
        run.check_coverage(catalogue, checklist_dir or root)
    if run.problems:
        raise InputError(run.problems)
    source_list = tuple(run.sources)
    _CACHE[key] = (_fingerprint(source_list), source_list, catalogue)
    return catalogue


load_catalogue.cache_clear = cache_clear  # type: ignore[attr-defined]  # as functools caches spell it


def load_assessment_with_catalogue(path: str | os.PathLike[str],
                                   catalogue: Catalogue | str | None = None) -> tuple[Assessment, Catalogue]:
    """The assessment at ``path`` and the catalogue it is checked against: ``catalogue`` (loaded,
    or its reference), else the one the assessment names. InputError when they do not fit (each
    problem names the file)."""
    from itsm_assess.assessment import load_assessment

    assessment = load_assessment(path)
    if catalogue is None or isinstance(catalogue, str):
        catalogue = load_catalogue(catalogue or assessment.assessment.catalogue)
    problems = assessment.check_against(catalogue)
    if problems:
        raise InputError(problems)
    return assessment, catalogue


def _in_clause_order(processes: dict[str, Process]) -> dict[str, Process]:
    return dict(sorted(processes.items(), key=lambda kv: (clause_key(kv[1].clause), kv[0])))


def _in_process_order(requirements: dict[str, Requirement], processes: dict[str, Process]) -> dict[str, Requirement]:
    """Requirements grouped by process in the processes' order (stable: file order within a process);
    a requirement of an unknown process goes last."""
    position = {pid: i for i, pid in enumerate(processes)}

    def key(req: Requirement) -> tuple[tuple[int, ...], int]:
        if req.process in processes:
            return clause_key(processes[req.process].clause), position[req.process]
        return (99,), 0

    return dict(sorted(requirements.items(), key=lambda kv: key(kv[1])))


_FileT = TypeVar("_FileT", ProcessFile, IndicatorsFile, ChecklistFile)


class _CatalogueLoad:
    """One reading of a catalogue folder: the files read (their content hash, and the sources the
    cache checks), where each id is defined, and every problem found so far, in reading order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hasher = hashlib.sha256()
        self.problems: list[str] = []
        self.sources: list[Path] = [root]
        self.locations: dict[str, str] = {}

    def read(self, path: Path) -> YamlDocument:
        doc = load_yaml(path)
        self.hasher.update(path.name.encode() + b"\0" + path.read_bytes())
        self.sources.append(path)
        return doc

    def read_valid(self, path: Path, model: type[_FileT]) -> tuple[YamlDocument, _FileT] | None:
        """The file read and validated against ``model``; None when it does not validate (its problems noted)."""
        doc = self.read(path)
        try:
            return doc, validate(model, doc)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None

    def read_processes(self) -> tuple[dict[str, Process], dict[str, Requirement]]:
        """The processes and requirements of ``processes/*.yaml``, in file order."""
        process_dir = self.root / "processes"
        if not process_dir.is_dir():
            raise InputError(message("{path}: no processes/ folder with process files", path=display_path(self.root)))
        self.sources.append(process_dir)
        process_files = sorted(process_dir.glob("*.yaml"))
        if not process_files:
            raise InputError(message("{path}: no process files (*.yaml)", path=display_path(process_dir)))
        processes: dict[str, Process] = {}
        requirements: dict[str, Requirement] = {}
        for path in process_files:
            read = self.read_valid(path, ProcessFile)
            if read is not None:
                self._add_process(*read, processes, requirements)
        return processes, requirements

    def _add_process(self, doc: YamlDocument, pf: ProcessFile, processes: dict[str, Process],
                     requirements: dict[str, Requirement]) -> None:
        locations, problems = self.locations, self.problems
        pid = pf.process.id
        if pid in processes:
            problems.append(message("{place}: process.id: {process!r} is already defined at {locations}", place=doc.where(('process', 'id')), process=pid, locations=locations[pid]))
        else:
            processes[pid] = pf.process
            locations[pid] = doc.where(("process", "id"))
        for i, req in enumerate(pf.requirements):
            where = doc.where(("requirements", i, "id"))
            if req.id in requirements or req.id in processes:
                problems.append(message("{where}: requirements[{i}].id: {id!r} is already defined at {locations}", where=where, i=i, id=req.id, locations=locations[req.id]))
                continue
            requirements[req.id] = req
            locations[req.id] = where
            if req.process != pid:
                problems.append(
                    message("{place}: requirements[{i}].process: {process!r} differs from the file's process {file_process!r}", place=doc.where(('requirements', i, 'process')), i=i, process=req.process, file_process=pid)
                )
            elif not any(clause_within(req.clause, c) for c in pf.process.clauses):
                problems.append(
                    message("{place}: requirements[{i}].clause: {clause!r} lies outside process {process} (clauses {names})", place=doc.where(('requirements', i, 'clause')), i=i, clause=req.clause, process=pid, names=', '.join(pf.process.clauses))
                )

    def read_indicators(self) -> tuple[dict[str, CapabilityIndicator], dict[str, str] | None]:
        """The capability indicators and their model text, when the catalogue has them."""
        indicators: dict[str, CapabilityIndicator] = {}
        ind_path = self.root / "capability_indicators.yaml"
        if not ind_path.is_file():
            return indicators, None
        read = self.read_valid(ind_path, IndicatorsFile)
        if read is None:
            return indicators, None
        doc, indicators_file = read
        for i, ind in enumerate(indicators_file.indicators):
            if ind.id in indicators:
                self.problems.append(message("{place}: indicators[{i}].id: duplicate id {id!r}", place=doc.where(('indicators', i, 'id')), i=i, id=ind.id))
            elif ind.attribute == "PA1.1":
                self.problems.append(
                    message("{place}: indicators[{i}].attribute: PA1.1 is evidenced by the requirements themselves; indicators are for PA2.1 … PA5.2", place=doc.where(('indicators', i, 'attribute')), i=i)
                )
            indicators[ind.id] = ind
            self.locations[ind.id] = doc.where(("indicators", i, "id"))
        return indicators, indicators_file.model

    def check_cross_references(self, meta: CatalogueFile, meta_doc: YamlDocument, processes: dict[str, Process],
                               requirements: dict[str, Requirement]) -> None:
        """Clauses, roles, references and served requirements resolve against the catalogue's own vocabularies."""
        locations, problems = self.locations, self.problems
        vocab = meta.references
        for rid, req in requirements.items():
            where = locations[rid]
            if req.clause not in meta.clauses:
                problems.append(message("{where}: {id}.clause: {clause!r} has no title in catalogue.yaml clauses", where=where, id=rid, clause=req.clause))
            for role in req.interviewees:
                if role not in meta.roles:
                    problems.append(message("{where}: {id}.interviewees: unknown role {role!r} (define it under roles in catalogue.yaml)", where=where, id=rid, role=role))
            problems.extend(_check_refs(where, rid, req.refs, vocab, requirements))
            for served in req.serves:
                target = requirements.get(served)
                if target is None:
                    problems.append(message("{where}: {id}.serves: unknown requirement {served!r}", where=where, id=rid, served=served))
                elif target.basis != "shall":
                    problems.append(message("{where}: {id}.serves: {served!r} is {basis}, not a shall requirement", where=where, id=rid, served=served, basis=target.basis))
        problems.extend(_check_profile(meta, meta_doc))
        for c in meta.clauses_without_obligations:
            if c not in meta.clauses:
                problems.append(message("{path}: clauses_without_obligations: {clause!r} has no title in clauses", path=display_path(self.root / 'catalogue.yaml'), clause=c))
        for pid, proc in processes.items():
            problems.extend(_check_refs(locations[pid], pid, proc.refs, vocab, requirements))
            for c in proc.clauses:
                if c not in meta.clauses:
                    problems.append(message("{locations}: {process}.clauses: {clause!r} has no title in catalogue.yaml clauses", locations=locations[pid], process=pid, clause=c))

    def read_checklists(self, checklist_dir: Path, meta: CatalogueFile, processes: dict[str, Process],
                        requirements: dict[str, Requirement]) -> dict[str, Checklist]:
        """The checklists of ``checklist_dir`` by process (one a process, this catalogue's only)."""
        loaded: dict[str, Checklist] = {}
        self.sources.append(checklist_dir)
        for path in sorted(checklist_dir.glob("*.yaml")):
            read = self.read_valid(path, ChecklistFile)
            if read is None:
                continue
            doc, cf = read
            header = cf.checklist
            if header.catalogue != meta.catalogue.id:
                self.problems.append(
                    message("{place}: checklist.catalogue: {catalogue!r} is not this catalogue ({id!r})", place=doc.where(('checklist', 'catalogue')), catalogue=header.catalogue, id=meta.catalogue.id)
                )
                continue
            if header.process not in processes:
                self.problems.append(message("{place}: checklist.process: unknown process {process!r}", place=doc.where(('checklist', 'process')), process=header.process))
                continue
            if header.process in loaded:
                self.problems.append(message("{place}: checklist.process: a second checklist for {process!r}", place=doc.where(('checklist', 'process')), process=header.process))
                continue
            for i, item in enumerate(cf.items):
                self._check_item(doc, i, item, meta, requirements)
            loaded[header.process] = Checklist(process=header.process, items=list(cf.items), path=path)
        return loaded

    def _check_item(self, doc: YamlDocument, i: int, item: ChecklistItem, meta: CatalogueFile,
                    requirements: dict[str, Requirement]) -> None:
        locations, problems = self.locations, self.problems
        where = doc.where(("items", i, "id"))
        if item.id in locations:
            problems.append(message("{where}: items[{i}].id: {id!r} is already defined at {locations}", where=where, i=i, id=item.id, locations=locations[item.id]))
        locations[item.id] = where
        for j, rid in enumerate(item.requirements):
            if rid not in requirements:
                problems.append(message("{place}: items[{i}].requirements[{j}]: unknown requirement {id!r}", place=doc.where(('items', i, 'requirements', j)), i=i, j=j, id=rid))
        for j, role in enumerate(item.interviewees):
            if role not in meta.roles:
                problems.append(message("{place}: items[{i}].interviewees[{j}]: unknown role {role!r}", place=doc.where(('items', i, 'interviewees', j)), i=i, j=j, role=role))
        bases = {requirements[rid].basis for rid in item.requirements if rid in requirements}
        if bases == {"good-practice"} and item.look_for:
            problems.append(
                message("{place}: items[{i}].look_for: every requirement of {id} is good practice, so what to look for is advice: list it under advice", place=doc.where(('items', i, 'look_for')), i=i, id=item.id)
            )

    def check_coverage(self, catalogue: Catalogue, where: Path) -> None:
        """Every requirement referenced by a checklist item (the strict load)."""
        uncovered = coverage_gaps(catalogue)
        if uncovered:
            shown = ", ".join(uncovered[:15]) + (" …" if len(uncovered) > 15 else "")
            self.problems.append(
                plural_message("{path}: one requirement is not covered by any checklist item: {shown}",
                               "{path}: {count} requirements are not covered by any checklist item: {shown}",
                               len(uncovered), path=display_path(where), shown=shown)
            )


def _check_profile(meta: CatalogueFile, doc: YamlDocument) -> list[str]:
    """Clause ids the catalogue's own ``profile.clause_pattern`` refuses, mandatory clauses with no
    title, and cross-reference kinds the profile does not name."""
    profile = meta.profile
    problems = [f"{doc.where(('clauses', c), at_key=True)}: clauses: {c!r} is not a clause id of "
                f"{meta.catalogue.standard} (profile.clause_pattern {profile.clause_pattern})"
                for c in meta.clauses if not profile.clause_fits(c)]
    for key in ("mandatory_clauses", "every_visit_clauses"):
        if key in profile.model_fields_set:  # the ISO defaults are not checked against a fixture's few clauses
            problems += [f"{doc.where(('profile', key, i))}: profile.{key}[{i}]: {c!r} has no title in clauses"
                         for i, c in enumerate(getattr(profile, key)) if c not in meta.clauses]
    unused = [k for k in REFERENCE_KINDS if k not in profile.cross_references and getattr(meta.references, k)]
    problems += [f"{doc.where(('references', k), at_key=True)}: references.{k}: a vocabulary for a cross-reference "
                 "kind profile.cross_references does not name" for k in unused]
    return problems


def _check_refs(
    where: str, owner: str, refs: CrossReferences, vocab: ReferenceVocabulary, requirements: dict[str, Requirement]
) -> list[str]:
    problems = []
    for c in refs.iso20000_2011:
        if vocab.iso20000_2011 and c not in vocab.iso20000_2011:
            problems.append(message("{where}: {owner}.refs.iso20000_2011: {clause!r} is not a clause of ISO/IEC 20000-1:2011 listed in catalogue.yaml", where=where, owner=owner, clause=c))
    for name in refs.itil4:
        if vocab.itil4 and name not in vocab.itil4:
            problems.append(message("{where}: {owner}.refs.itil4: {name!r} is not an ITIL 4 practice listed in catalogue.yaml", where=where, owner=owner, name=name))
    for name in refs.fitsm:
        if vocab.fitsm and name not in vocab.fitsm:
            problems.append(message("{where}: {owner}.refs.fitsm: {name!r} is not a FitSM process listed in catalogue.yaml", where=where, owner=owner, name=name))
    for rid in refs.related:
        if rid not in requirements:
            problems.append(message("{where}: {owner}.refs.related: unknown requirement {id!r}", where=where, owner=owner, id=rid))
    return problems


def coverage_gaps(catalogue: Catalogue) -> list[str]:
    """Ids of requirements that no checklist item references, in catalogue order."""
    covered = {rid for cl in catalogue.checklists.values() for item in cl.items for rid in item.requirements}
    return [rid for rid in catalogue.requirements if rid not in covered]
