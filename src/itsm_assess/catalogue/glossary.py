"""The English-Finnish ITSM glossary (``requirements_catalogue/glossary.yaml``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, StrictStr

from itsm_assess import resources
from itsm_assess.loading import load_yaml, validate
from itsm_assess.schema import SchemaVersion, StrictModel


class Term(StrictModel):
    """A term and its Finnish equivalent; ``fi_avoid`` lists variants that must not be used."""

    en: StrictStr
    fi: StrictStr
    fi_avoid: list[StrictStr] = Field(default_factory=list)
    note: StrictStr | None = None


class Glossary(StrictModel):
    schema_version: SchemaVersion
    terms: list[Term] = Field(min_length=1)

    def finnish(self, english: str) -> str | None:
        """The Finnish term for an English one (case-insensitive), if listed."""
        wanted = english.casefold()
        return next((t.fi for t in self.terms if t.en.casefold() == wanted), None)


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Load the glossary (the bundled one by default); raises InputError with file:line on problems."""
    return validate(Glossary, load_yaml(path or resources.catalogue_root() / "glossary.yaml"))
