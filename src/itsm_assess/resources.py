"""Where the bundled data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from importlib import resources as _res
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent.parent


def _data_dir(name: str) -> Path:
    packaged = Path(str(_res.files("itsm_assess") / "_data" / name))
    if packaged.is_dir():
        return packaged
    source = _SOURCE_ROOT / name  # running from a checkout (editable install)
    if source.is_dir():
        return source
    raise FileNotFoundError(f"bundled data folder {name!r} is missing from the installation")


def catalogue_root() -> Path:
    """Folder holding the bundled requirements catalogues (one sub-folder each)."""
    return _data_dir("requirements_catalogue")


def checklist_root() -> Path:
    """Folder holding the bundled checklists (one sub-folder per catalogue)."""
    return _data_dir("checklists")


def package_data(*parts: str) -> Path:
    """A file or folder shipped inside the package itself (templates, scoring models, policies)."""
    return _PACKAGE.joinpath(*parts)
