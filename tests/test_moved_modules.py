"""Module paths moved in 0.2 still import for one release: the same module, with a DeprecationWarning."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from itsm_assess._moved import MOVED


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_path_gives_the_new_module_and_warns(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=rf"{old} has moved to {new}"):
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)


def test_from_import_of_an_old_path_reaches_every_name() -> None:
    code = ("import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
            "try:\n    from itsm_assess.export import catalogue_as_dict\nexcept DeprecationWarning as w:\n"
            "    print('warned', w)\n"
            "warnings.simplefilter('ignore')\n"
            "from itsm_assess.export import catalogue_as_dict, catalogue_stats\n"
            "from itsm_assess.catalogue.export import catalogue_as_dict as new\n"
            "print(catalogue_as_dict is new)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "warned itsm_assess.export has moved to itsm_assess.catalogue.export; the old path goes in the next release",
        "True",
    ]


def test_no_old_path_is_a_file_and_every_new_path_exists() -> None:
    from pathlib import Path

    import itsm_assess

    root = Path(itsm_assess.__file__).parent
    for old, new in MOVED.items():
        assert not (root.parent / (old.replace(".", "/") + ".py")).exists(), old
        assert importlib.util.find_spec(new) is not None, new


def test_other_missing_modules_stay_missing() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("itsm_assess.no_such_module")
