"""The public API is exactly the documented names, each importable, typed (py.typed shipped)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import itsm_assess

DOCUMENTED = {
    "__version__",
    "load_catalogue", "Catalogue", "Requirement",
    "load_assessment", "save_assessment", "Assessment",
    "score", "load_scoring_model", "Results",
    "load_policy", "classify", "Classification",
    "ItsmAssessError", "InputError", "ConflictError", "NotFoundError",
}


def test_all_is_exactly_the_documented_api() -> None:
    assert set(itsm_assess.__all__) == DOCUMENTED
    assert len(itsm_assess.__all__) == len(DOCUMENTED)
    assert set(itsm_assess._PUBLIC) | {"__version__"} == DOCUMENTED


def test_every_public_name_resolves_to_its_defining_object() -> None:
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.scoring import score

    for name in itsm_assess.__all__:
        assert getattr(itsm_assess, name) is not None, name
    assert itsm_assess.load_catalogue is load_catalogue
    assert itsm_assess.score is score


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        itsm_assess.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("unknown attribute did not raise")


def test_import_stays_light() -> None:
    code = "import sys, itsm_assess; print(','.join(m for m in ('pydantic', 'openpyxl', 'jinja2', 'yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_py_typed_marker_is_shipped() -> None:
    assert (Path(itsm_assess.__file__).parent / "py.typed").is_file()
