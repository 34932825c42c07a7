"""Loading a catalogue folder: cross-checks beyond the schema, each naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from itsm_assess.catalogue import coverage_gaps, load_catalogue
from itsm_assess.errors import InputError, NotFoundError
from itsm_assess.i18n import localize

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(MINI, tmp_path / "mini")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "mini"


def load(root: Path, **kw: object):  # type: ignore[no-untyped-def]
    return load_catalogue(root / "catalogue", checklists=root / "checklists", **kw)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_loads_and_orders(mini: Path) -> None:
    cat = load(mini)
    assert list(cat.requirements) == ["CHG-01", "CHG-02"]
    assert cat.process("CHG").clause == "8.5.1"
    assert len(cat.content_hash) == 64
    assert cat.locations["CHG-02"].startswith("mini/catalogue/processes/change.yaml:19:")


def test_content_hash_changes_with_content(mini: Path) -> None:
    before = load(mini, strict=False).content_hash
    edit(mini / "catalogue/processes/change.yaml", "Read it.", "Read it twice.")
    assert load(mini, strict=False).content_hash != before


def test_duplicate_requirement_id(mini: Path) -> None:
    edit(mini / "catalogue/processes/change.yaml", "id: CHG-02", "id: CHG-01")
    with pytest.raises(InputError) as exc:
        load(mini)
    assert any("requirements[1].id: 'CHG-01' is already defined at mini/catalogue/processes/change.yaml:9:" in p
               for p in exc.value.problems)


def test_clause_outside_process(mini: Path) -> None:
    edit(mini / "catalogue/processes/change.yaml", 'clause: "8.5.1.3"', 'clause: "8.6.1"')
    with pytest.raises(InputError) as exc:
        load(mini)
    assert "mini/catalogue/processes/change.yaml:20:13: requirements[1].clause: '8.6.1' lies outside process CHG (clauses 8.5.1)" in exc.value.problems


def test_unresolved_references(mini: Path) -> None:
    edit(mini / "catalogue/processes/change.yaml", "itil4: [Change enablement], fitsm", "itil4: [Change control], fitsm")
    edit(mini / "catalogue/processes/change.yaml", "related: [CHG-01]", "related: [CHG-99]")
    edit(mini / "catalogue/processes/change.yaml", "interviewees: [change-manager]", "interviewees: [cab-chair]")
    with pytest.raises(InputError) as exc:
        load(mini)
    text = "\n".join(exc.value.problems)
    assert "'Change control' is not an ITIL 4 practice" in text
    assert "unknown requirement 'CHG-99'" in text
    assert "unknown role 'cab-chair'" in text


def test_uncovered_requirement_reported(mini: Path) -> None:
    edit(mini / "checklists/change.yaml", "requirements: [CHG-01, CHG-02]", "requirements: [CHG-01]")
    assert coverage_gaps(load(mini, strict=False)) == ["CHG-02"]
    with pytest.raises(InputError) as exc:
        load(mini)
    assert exc.value.problems[-1].endswith("one requirement is not covered by any checklist item: CHG-02")


def test_checklist_unknown_requirement(mini: Path) -> None:
    edit(mini / "checklists/change.yaml", "requirements: [CHG-01, CHG-02]", "requirements: [CHG-01, CHG-02, CHG-07]")
    with pytest.raises(InputError) as exc:
        load(mini)
    assert "mini/checklists/change.yaml:5:36: items[0].requirements[2]: unknown requirement 'CHG-07'" in exc.value.problems


def test_unknown_catalogue_and_process(mini: Path) -> None:
    with pytest.raises(NotFoundError, match="no catalogue 'nope'"):
        load_catalogue("nope")
    with pytest.raises(NotFoundError, match="expected one of CHG"):
        load(mini).process("INC")


def test_localize_falls_back_to_english() -> None:
    assert localize({"en": "Change", "fi": "Muutos"}, "fi") == "Muutos"
    assert localize({"en": "Change"}, "fi") == "Change"
    assert localize({"en": "Change", "fi": ""}, "fi") == "Change"
