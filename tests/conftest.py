from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def venv_bin(name: str) -> str:
    """Path of a console script installed beside the running interpreter."""
    return str(Path(sys.executable).parent / name)


os.environ.setdefault("PYTHONHASHSEED", "0")
