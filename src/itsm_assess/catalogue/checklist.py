"""Auditor checklists: questions that verify the catalogue's requirements on site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

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
