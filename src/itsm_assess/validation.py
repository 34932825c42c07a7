"""Validate a single YAML file against the schema its top-level keys declare."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.loading import display_path, load_yaml, validate


def validate_file(path: Path) -> str:
    """Validate one file; returns the kind of file recognised. Raises InputError on problems."""
    from itsm_assess.assessment import Assessment
    from itsm_assess.catalogue import CatalogueFile, IndicatorsFile, ProcessFile
    from itsm_assess.catalogue.checklist import ChecklistFile
    from itsm_assess.scoring.model import ScoringModelFile

    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(message("{path}: expected a mapping of keys at the top of the file", path=display_path(path)))
    kinds: dict[str, type[BaseModel]] = {
        "catalogue": CatalogueFile,
        "process": ProcessFile,
        "indicators": IndicatorsFile,
        "checklist": ChecklistFile,
        "assessment": Assessment,
        "scoring_model": ScoringModelFile,
    }
    for key, model in kinds.items():
        if key in doc.data:
            validate(model, doc)
            return key
    raise InputError(
        message("{path}: not a recognised file; expected a top-level key {names}", path=display_path(path), names=', '.join(repr(k) for k in kinds))
    )
