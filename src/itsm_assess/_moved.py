"""Module paths that moved in 0.2 keep working for one release, with a DeprecationWarning.

``import itsm_assess.export`` gives the module now at ``itsm_assess.catalogue.export`` (the same
object, so every name, private ones too, is there). The old paths are not files: a file left at an
old path would stop git from following the rename, and the shims go in the next release by
deleting this table. Type checkers do not see the old paths: they name the new one at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

#: old module path -> new module path (docs/architecture.md lists them for users)
MOVED: dict[str, str] = {
    "itsm_assess.checklist": "itsm_assess.catalogue.checklist",
    "itsm_assess.checklist_render": "itsm_assess.catalogue.checklist_render",
    "itsm_assess.clause_coverage": "itsm_assess.catalogue.clause_coverage",
    "itsm_assess.export": "itsm_assess.catalogue.export",
    "itsm_assess.glossary": "itsm_assess.catalogue.glossary",
    "itsm_assess.xlsx_read": "itsm_assess._io.xlsx_read",
    "itsm_assess.xlsx_cells": "itsm_assess._io.xlsx_cells",
    "itsm_assess.browser": "itsm_assess._io.browser",
    "itsm_assess.reports.pdf": "itsm_assess._io.pdf",
    "itsm_assess.reports.theme": "itsm_assess._io.theme",
    "itsm_assess.survey": "itsm_assess.fieldwork.survey",
}


class _MovedModuleLoader:
    """Loads an old path as the module at its new path, warning once per import."""

    def __init__(self, new: str) -> None:
        self.new = new

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        warnings.warn(f"{spec.name} has moved to {self.new}; the old path goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return importlib.import_module(self.new)

    def exec_module(self, module: ModuleType) -> None:
        """The new module has run already."""


class MovedModuleFinder:
    """A ``sys.meta_path`` finder for the paths in :data:`MOVED` (and nothing else)."""

    @classmethod
    def find_spec(cls, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.util.spec_from_loader(fullname, _MovedModuleLoader(new))  # type: ignore[arg-type]


def install() -> None:
    if MovedModuleFinder not in sys.meta_path:
        sys.meta_path.append(MovedModuleFinder)
