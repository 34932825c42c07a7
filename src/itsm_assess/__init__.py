"""itsm-assess: assess IT service management against ISO/IEC 20000-1:2018.

The public API (``__all__``) is importable from here; each name is loaded on first use, so that
``import itsm_assess`` (and the CLI's start-up) stays light::

    from itsm_assess import load_catalogue, load_assessment, score, load_policy, classify
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from itsm_assess import _moved

__version__ = "0.1.0"

# name -> module that defines it; the documented public API, tested in tests/test_public_api.py
_PUBLIC: dict[str, str] = {
    "load_catalogue": "itsm_assess.catalogue",
    "Catalogue": "itsm_assess.catalogue",
    "Requirement": "itsm_assess.catalogue",
    "load_assessment": "itsm_assess.assessment",
    "save_assessment": "itsm_assess.assessment",
    "Assessment": "itsm_assess.assessment",
    "score": "itsm_assess.scoring",
    "load_scoring_model": "itsm_assess.scoring",
    "Results": "itsm_assess.scoring",
    "load_policy": "itsm_assess.change_impact",
    "classify": "itsm_assess.change_impact",
    "Classification": "itsm_assess.change_impact",
    "ItsmAssessError": "itsm_assess.errors",
    "InputError": "itsm_assess.errors",
    "ConflictError": "itsm_assess.errors",
    "NotFoundError": "itsm_assess.errors",
}

__all__ = [
    "Assessment",
    "Catalogue",
    "Classification",
    "ConflictError",
    "InputError",
    "ItsmAssessError",
    "NotFoundError",
    "Requirement",
    "Results",
    "__version__",
    "classify",
    "load_assessment",
    "load_catalogue",
    "load_policy",
    "load_scoring_model",
    "save_assessment",
    "score",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from itsm_assess.assessment import Assessment, load_assessment, save_assessment
    from itsm_assess.catalogue import Catalogue, Requirement, load_catalogue
    from itsm_assess.change_impact import Classification, classify, load_policy
    from itsm_assess.errors import ConflictError, InputError, ItsmAssessError, NotFoundError
    from itsm_assess.scoring import Results, load_scoring_model, score


_moved.install()  # old module paths (moved in 0.2) keep working for one release, with a warning


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'itsm_assess' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
