"""Auditor checklists: questions that verify the catalogue's requirements on site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictInt

from itsm_assess.schema import Identifier, LocalizedText, SchemaVersion, StrictModel

AuditMethod = Literal["document-review", "interview", "observation", "record-sampling"]
AUDIT_METHODS: tuple[str, ...] = ("document-review", "interview", "observation", "record-sampling")
AuditStage = Annotated[StrictInt, Field(ge=1, le=2)]


class ChecklistItem(StrictModel):
    """One audit question, the requirements it verifies and how to verify them."""

    id: Identifier
    requirements: list[Identifier] = Field(min_length=1)
    stages: list[AuditStage] = Field(default_factory=lambda: [2], min_length=1)
    methods: list[AuditMethod] = Field(min_length=1)
    interviewees: list[Identifier] = Field(default_factory=list)
    question: LocalizedText
    look_for: list[LocalizedText] = Field(min_length=1)
    sampling: LocalizedText | None = None
    weaknesses: list[LocalizedText] = Field(default_factory=list)
    model_answer: LocalizedText | None = None


class ChecklistHeader(StrictModel):
    catalogue: Identifier
    process: Identifier


class ChecklistFile(StrictModel):
    """``checklists/<catalogue>/<process>.yaml``."""

    schema_version: SchemaVersion
    checklist: ChecklistHeader
    items: list[ChecklistItem] = Field(min_length=1)


@dataclass
class Checklist:
    """The loaded checklist of one process."""

    process: str
    items: list[ChecklistItem]
    path: Path

    def items_for(self, requirement_id: str) -> list[ChecklistItem]:
        return [i for i in self.items if requirement_id in i.requirements]
