"""Auditor checklists: questions that verify the catalogue's requirements on site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, model_validator

from itsm_assess.i18n import message
from itsm_assess.schema import FrozenModel, Identifier, LocalizedText, SchemaVersion

AuditMethod = Literal["document-review", "interview", "observation", "record-sampling"]
AUDIT_METHODS: tuple[str, ...] = ("document-review", "interview", "observation", "record-sampling")
AuditStage = Annotated[StrictInt, Field(ge=1, le=2)]


class ChecklistItem(FrozenModel):
    """One audit question, the requirements it verifies and how to verify them."""

    id: Identifier
    requirements: list[Identifier] = Field(min_length=1)
    stages: list[AuditStage] = Field(default_factory=lambda: [2], min_length=1)
    methods: list[AuditMethod] = Field(min_length=1)
    interviewees: list[Identifier] = Field(default_factory=list)
    question: LocalizedText
    #: What the auditor must see for the obligations (shall and derived requirements) to be met.
    look_for: list[LocalizedText] = Field(default_factory=list)
    #: Good practice worth looking for that is not an obligation: never a nonconformity on its own.
    advice: list[LocalizedText] = Field(default_factory=list)
    sampling: LocalizedText | None = None
    weaknesses: list[LocalizedText] = Field(default_factory=list)
    model_answer: LocalizedText | None = None

    @model_validator(mode="after")
    def _something_to_look_for(self) -> ChecklistItem:
        if not self.look_for and not self.advice:
            raise ValueError(message("an item lists what to look for: obligations under look_for, good practice under advice"))
        return self


class ChecklistHeader(FrozenModel):
    catalogue: Identifier
    process: Identifier


class ChecklistFile(FrozenModel):
    """``checklists/<catalogue>/<process>.yaml``."""

    schema_version: SchemaVersion
    checklist: ChecklistHeader
    items: list[ChecklistItem] = Field(min_length=1)


@dataclass(frozen=True)
class Checklist:
    """The loaded checklist of one process."""

    process: str
    items: list[ChecklistItem]
    path: Path

    def items_for(self, requirement_id: str) -> list[ChecklistItem]:
        return [i for i in self.items if requirement_id in i.requirements]


# --------------------------------------------------------------------------- editions of their own

#: Checklist editions with content of their own (not a view of the process checklists), kept in
#: ``checklists/<catalogue>/editions/<name>.yaml``.
CONTENT_EDITIONS: tuple[str, ...] = ("stage1",)


class EditionHeader(FrozenModel):
    catalogue: Identifier
    edition: Literal["stage1"]
    title: LocalizedText
    purpose: LocalizedText


class EditionSection(FrozenModel):
    """A topic of an edition (e.g. scope and context), with its questions."""

    id: Identifier
    title: LocalizedText
    purpose: LocalizedText
    clauses: list[str] = Field(default_factory=list)
    items: list[ChecklistItem] = Field(min_length=1)


class EditionFile(FrozenModel):
    """``checklists/<catalogue>/editions/<name>.yaml``: a checklist organised by topic, not by process."""

    schema_version: SchemaVersion
    checklist_edition: EditionHeader
    sections: list[EditionSection] = Field(min_length=1)


def load_edition(catalogue: Any, name: str) -> EditionFile:
    """The ``name`` edition of ``catalogue``'s checklists, cross-checked against the catalogue (its
    requirement ids, roles and item ids); raises InputError naming file:line, NotFoundError when the
    catalogue has no such edition."""
    from itsm_assess.errors import InputError, NotFoundError
    from itsm_assess.loading import load_yaml, validate

    folders = {cl.path.parent for cl in catalogue.checklists.values()}
    path = next((f / "editions" / f"{name}.yaml" for f in sorted(folders) if (f / "editions" / f"{name}.yaml").is_file()),
                None)
    if path is None:
        raise NotFoundError(message("catalogue {id!r} has no {edition} checklist edition", id=catalogue.id, edition=name))
    doc = load_yaml(path)
    edition = validate(EditionFile, doc)
    problems = []
    if edition.checklist_edition.catalogue != catalogue.id:
        problems.append(message("{place}: checklist_edition.catalogue: {catalogue!r} is not this catalogue ({id!r})",
                                place=doc.where(("checklist_edition", "catalogue")),
                                catalogue=edition.checklist_edition.catalogue, id=catalogue.id))
    seen: set[str] = set()
    for s, section in enumerate(edition.sections):
        for i, item in enumerate(section.items):
            if item.id in seen or item.id in catalogue.locations:
                problems.append(message("{place}: item id {id!r} is used twice", id=item.id,
                                        place=doc.where(("sections", s, "items", i, "id"))))
            seen.add(item.id)
            for j, rid in enumerate(item.requirements):
                if rid not in catalogue.requirements:
                    problems.append(message("{place}: unknown requirement {id!r}", id=rid,
                                            place=doc.where(("sections", s, "items", i, "requirements", j))))
            for j, role in enumerate(item.interviewees):
                if role not in catalogue.roles:
                    problems.append(message("{place}: unknown role {role!r}", role=role,
                                            place=doc.where(("sections", s, "items", i, "interviewees", j))))
    if problems:
        raise InputError(problems)
    return edition
