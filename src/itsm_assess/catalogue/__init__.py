"""The requirements catalogue and everything made from it alone.

- :mod:`.model`: catalogue models, loading from a folder of YAML files, cross-checks, the cache;
- :mod:`.checklist`: auditor checklist models; :mod:`.checklist_render`: checklists as
  xlsx / HTML / Markdown / PDF;
- :mod:`.glossary`: the English-Finnish glossary;
- :mod:`.export`: the catalogue as JSON / YAML / xlsx; :mod:`.clause_coverage`: the clause matrix.

The names below are the package's API (``from itsm_assess.catalogue import load_catalogue``);
the submodules are imported only when used.
"""

from __future__ import annotations

from itsm_assess.catalogue.checklist import Checklist, ChecklistFile, ChecklistItem
from itsm_assess.catalogue.model import (
    BASES,
    BASIS_NAMES,
    GOOD_PRACTICE_MAX_WEIGHT,
    GOOD_PRACTICE_SOURCES,
    Basis,
    CapabilityIndicator,
    Catalogue,
    CatalogueFile,
    CatalogueInfo,
    CrossReferences,
    GoodPracticeSource,
    IndicatorsFile,
    Process,
    ProcessFile,
    ReferenceVocabulary,
    Requirement,
    Weight,
    basis_name,
    bundled_catalogue_ids,
    cache_clear,
    coverage_gaps,
    good_practice_source_name,
    load_assessment_with_catalogue,
    load_catalogue,
    resolve_catalogue_dir,
)

__all__ = [
    "BASES",
    "BASIS_NAMES",
    "GOOD_PRACTICE_MAX_WEIGHT",
    "GOOD_PRACTICE_SOURCES",
    "Basis",
    "CapabilityIndicator",
    "Catalogue",
    "CatalogueFile",
    "CatalogueInfo",
    "Checklist",
    "ChecklistFile",
    "ChecklistItem",
    "CrossReferences",
    "GoodPracticeSource",
    "IndicatorsFile",
    "Process",
    "ProcessFile",
    "ReferenceVocabulary",
    "Requirement",
    "Weight",
    "basis_name",
    "bundled_catalogue_ids",
    "cache_clear",
    "coverage_gaps",
    "good_practice_source_name",
    "load_assessment_with_catalogue",
    "load_catalogue",
    "resolve_catalogue_dir",
]
