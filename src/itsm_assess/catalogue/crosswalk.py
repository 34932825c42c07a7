"""Crosswalks between two catalogues: which requirement of one meets which of the other.

A crosswalk file (``requirements_catalogue/crosswalks/<source>_<target>.yaml``) lists every
requirement of the *source* catalogue once, with its counterparts in the *target* catalogue, each
pair ``equivalent`` (the same obligation: evidence that meets one meets the other) or ``partial``
(an overlap: meeting one is evidence for part of the other), or ``match: none`` with the reason.
Target requirements named in no pair have no counterpart. A crosswalk reads both ways.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, StrictStr, model_validator

from itsm_assess import resources
from itsm_assess.errors import InputError, NotFoundError
from itsm_assess.i18n import Label, _p, label_table, message
from itsm_assess.loading import display_path, load_yaml, validate
from itsm_assess.schema import FrozenModel, Identifier, ItemId, LocalizedText, SchemaVersion, Version

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue

Match = Literal["equivalent", "partial"]
MATCHES: tuple[str, ...] = ("equivalent", "partial", "none")


#: How a counterpart matches, in words (:func:`itsm_assess.i18n.worded` puts them in a language).
MATCH_NAMES: dict[str, Label] = label_table(
    _p("crosswalk_match.equivalent", "equivalent"),
    _p("crosswalk_match.partial", "partial"),
    _p("crosswalk_match.none", "no counterpart"),
)


class Counterpart(FrozenModel):
    id: ItemId
    match: Match


class CrosswalkRow(FrozenModel):
    """One source requirement and its counterparts (or ``match: none`` with the reason)."""

    source: ItemId
    targets: list[Counterpart] = Field(default_factory=list)
    match: Literal["none"] | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _counterparts_or_none(self) -> CrosswalkRow:
        if self.match == "none" and self.targets:
            raise ValueError(message("match: none takes no targets"))
        if self.match is None and not self.targets:
            raise ValueError(message("list the counterparts under targets, or write match: none with a note saying why"))
        if self.match == "none" and not self.note:
            raise ValueError(message("a requirement with no counterpart needs a note saying why"))
        return self


class CatalogueRef(FrozenModel):
    catalogue: Identifier
    version: Version


class CrosswalkInfo(FrozenModel):
    id: Identifier
    title: LocalizedText
    source: CatalogueRef
    target: CatalogueRef
    version: Version
    note: LocalizedText | None = None


class CrosswalkFile(FrozenModel):
    schema_version: SchemaVersion
    crosswalk: CrosswalkInfo
    mappings: list[CrosswalkRow] = Field(min_length=1)


@dataclass(frozen=True)
class Crosswalk:
    """A loaded crosswalk, checked against both catalogues; readable from either side."""

    info: CrosswalkInfo
    path: Path
    #: (source id, target id, match) for every pair, in file order.
    pairs: tuple[tuple[str, str, str], ...]
    #: Notes by source requirement id (the reason for ``none``, or a remark on the pairs).
    notes: dict[str, str]

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def catalogues(self) -> tuple[str, str]:
        return self.info.source.catalogue, self.info.target.catalogue

    def side(self, catalogue_id: str) -> str:
        """"source" or "target": where ``catalogue_id`` (or the catalogue it was tailored from) sits."""
        if catalogue_id == self.info.source.catalogue:
            return "source"
        if catalogue_id == self.info.target.catalogue:
            return "target"
        raise NotFoundError(message("crosswalk {crosswalk} does not cover catalogue {catalogue!r}",
                                    crosswalk=self.id, catalogue=catalogue_id))

    def counterparts(self, side: str, requirement_id: str) -> list[tuple[str, str]]:
        """(other id, match) of ``requirement_id`` read from ``side`` ("source" or "target")."""
        if side == "source":
            return [(t, m) for s, t, m in self.pairs if s == requirement_id]
        return [(s, m) for s, t, m in self.pairs if t == requirement_id]

    def index(self, side: str) -> dict[str, list[tuple[str, str]]]:
        """Every requirement of ``side`` that has counterparts -> its (other id, match) pairs."""
        out: dict[str, list[tuple[str, str]]] = {}
        for s, t, m in self.pairs:
            mine, other = (s, t) if side == "source" else (t, s)
            out.setdefault(mine, []).append((other, m))
        return out


def match_of(pairs: list[tuple[str, str]]) -> str:
    """The match of a requirement as a whole: equivalent if any pair is, else partial, else none."""
    matches = {m for _, m in pairs}
    return "equivalent" if "equivalent" in matches else "partial" if matches else "none"


def crosswalk_root() -> Path:
    """Folder of the bundled crosswalks."""
    return resources.catalogue_root() / "crosswalks"


def bundled_crosswalks() -> list[Path]:
    root = crosswalk_root()
    return sorted(root.glob("*.yaml")) if root.is_dir() else []


def find_crosswalk(first: str, second: str) -> Path:
    """The bundled crosswalk between catalogues ``first`` and ``second`` (either order)."""
    wanted = {first, second}
    for path in bundled_crosswalks():
        info = validate(CrosswalkFile, load_yaml(path)).crosswalk
        if {info.source.catalogue, info.target.catalogue} == wanted:
            return path
    raise NotFoundError(message(
        "no bundled crosswalk between {first!r} and {second!r}; give one with --crosswalk FILE",
        first=first, second=second,
    ))


def load_crosswalk(path: str | os.PathLike[str], source: Catalogue, target: Catalogue) -> Crosswalk:
    """Load a crosswalk and check it against its two catalogues.

    Raises :class:`InputError` listing every problem (``file:line:col: message``): ids unknown to
    either catalogue, a source requirement listed twice or missing, a pair given twice. Catalogues
    are matched by id or, for a tailored catalogue, by the id it was tailored from; a tailored
    catalogue's own additions simply have no counterpart.
    """
    doc = load_yaml(path)
    spec = validate(CrosswalkFile, doc)
    info = spec.crosswalk
    problems: list[str] = []
    for role, cat in (("source", source), ("target", target)):
        expected = getattr(info, role).catalogue
        if expected not in _identities(cat):
            problems.append(message("{place}: crosswalk.{role}.catalogue: {expected!r} is not the catalogue given ({id!r})", place=doc.where(('crosswalk', role, 'catalogue')), role=role, expected=expected, id=cat.id))
        elif getattr(info, role).version != _version(cat):
            # A pair reviewed against another version may no longer hold: review it before trusting it.
            problems.append(message(
                "{place}: crosswalk.{role}.version: reviewed against {catalogue} {reviewed}, but the catalogue is "
                "version {current}; review the pairs and raise the version in the crosswalk",
                place=doc.where(("crosswalk", role, "version")), role=role, catalogue=expected,
                reviewed=getattr(info, role).version, current=_version(cat)))
    if problems:
        raise InputError(problems)
    strict = not (_tailored(source) or _tailored(target))
    seen: dict[str, str] = {}
    pairs: list[tuple[str, str, str]] = []
    notes: dict[str, str] = {}
    for i, row in enumerate(spec.mappings):
        where = doc.where(("mappings", i, "source"))
        if row.source not in source.requirements:
            if strict:
                problems.append(message("{where}: mappings[{i}].source: {source!r} is not a requirement of {id}", where=where, i=i, source=row.source, id=source.id))
            continue
        if row.source in seen:
            problems.append(message("{where}: mappings[{i}].source: {source!r} is already mapped at {seen}", where=where, i=i, source=row.source, seen=seen[row.source]))
            continue
        seen[row.source] = where
        if row.note:
            notes[row.source] = row.note
        targets_seen: set[str] = set()
        for j, cp in enumerate(row.targets):
            if cp.id not in target.requirements:
                if strict:
                    problems.append(message("{place}: mappings[{i}].targets[{j}].id: {id!r} is not a requirement of {catalogue}", place=doc.where(("mappings", i, "targets", j, "id")), i=i, j=j, id=cp.id, catalogue=target.id))
                continue
            if cp.id in targets_seen:
                problems.append(message("{place}: mappings[{i}].targets[{j}].id: {id!r} is listed twice for {source}", place=doc.where(('mappings', i, 'targets', j, 'id')), i=i, j=j, id=cp.id, source=row.source))
                continue
            targets_seen.add(cp.id)
            pairs.append((row.source, cp.id, cp.match))
    if strict:
        missing = [rid for rid in source.requirements if rid not in seen]
        if missing:
            shown = ", ".join(missing[:15]) + (" …" if len(missing) > 15 else "")
            problems.append(message("{path}: {count} requirement(s) of {id} not reviewed (list each once, with match: none where there is no counterpart): {shown}", path=display_path(path), count=len(missing), id=source.id, shown=shown))
    if problems:
        raise InputError(problems)
    return Crosswalk(info=info, path=Path(path), pairs=tuple(pairs), notes=notes)


def crosswalk_between(first: Catalogue, second: Catalogue, path: str | os.PathLike[str] | None = None) -> Crosswalk:
    """The crosswalk between two catalogues (``path``, or the bundled one), loaded with each
    catalogue on its own side whichever order they come in."""
    a, b = base_id(first), base_id(second)
    found = Path(path) if path is not None else find_crosswalk(a, b)
    header = validate(CrosswalkFile, load_yaml(found)).crosswalk
    source, target = (first, second) if header.source.catalogue in _identities(first) else (second, first)
    return load_crosswalk(found, source, target)


def base_id(catalogue: Catalogue) -> str:
    """The id a crosswalk knows a catalogue by: its own, or that of the catalogue it was tailored from."""
    return _tailored(catalogue) or catalogue.id


def _version(catalogue: Catalogue) -> str:
    """The version a crosswalk was reviewed against: the base's for a tailored catalogue."""
    tailoring = getattr(catalogue, "tailoring", None)
    return str(tailoring.version if tailoring is not None else catalogue.version)


def _identities(catalogue: Catalogue) -> set[str]:
    base = _tailored(catalogue)
    return {catalogue.id, base} if base else {catalogue.id}


def _tailored(catalogue: Catalogue) -> str | None:
    """The id of the catalogue this one was tailored from, if any."""
    tailoring = getattr(catalogue, "tailoring", None)
    return tailoring.base if tailoring is not None else None


@dataclass(frozen=True)
class SideCoverage:
    """How much of one catalogue the crosswalk reaches."""

    catalogue: str
    requirements: int
    equivalent: list[str]
    partial: list[str]
    none: list[str]

    def as_dict(self) -> dict[str, object]:
        return {"catalogue": self.catalogue, "requirements": self.requirements,
                "equivalent": len(self.equivalent), "partial_only": len(self.partial), "none": len(self.none),
                "without_counterpart": list(self.none)}


def side_coverage(crosswalk: Crosswalk, side: str, catalogue: Catalogue) -> SideCoverage:
    """Requirements of ``catalogue`` (on ``side``) with an equivalent, only partial, or no counterpart."""
    index = crosswalk.index(side)
    buckets: dict[str, list[str]] = {"equivalent": [], "partial": [], "none": []}
    for rid in catalogue.requirements:
        buckets[match_of(index.get(rid, []))].append(rid)
    return SideCoverage(catalogue.id, len(catalogue.requirements), buckets["equivalent"], buckets["partial"],
                        buckets["none"])
