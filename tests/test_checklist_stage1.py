"""The stage 1 checklist edition (issue 17): the stage 1 audit by topic, en/fi, in every format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.catalogue.checklist import load_edition
from itsm_assess.catalogue.checklist_render import build_checklist_document, render_checklist
from itsm_assess.cli import cli
from itsm_assess.errors import InputError, NotFoundError

#: What stage 1 must establish (ISO/IEC 17021-1 9.3.1.2, in our words): each topic is a section.
TOPICS = ["S1-A", "S1-B", "S1-C", "S1-D"]


@pytest.fixture(scope="module")
def cat() -> Any:
    return load_catalogue("iso20000-1-2018")


def test_the_edition_covers_what_stage_1_must_establish(cat: Any) -> None:
    edition = load_edition(cat, "stage1")
    assert [s.id for s in edition.sections] == TOPICS
    cited = {rid for s in edition.sections for item in s.items for rid in item.requirements}
    # Scope; documented information; internal audit, management review, corrective action; readiness.
    assert {"CTX-04", "CTX-05", "CTX-06", "SUP-10", "SUP-14", "PERF-05", "PERF-10", "IMP-01", "OPS-04"} <= cited
    for s in edition.sections:
        for item in s.items:
            assert item.stages == [1], item.id
            assert item.look_for and all(t.get("en") and t.get("fi") for t in [item.question, *item.look_for])
            assert all(cat.requirements[r].basis == "shall" for r in item.requirements), item.id


@pytest.mark.parametrize("fmt", ["xlsx", "html", "md"])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_stage1_renders_in_every_format_and_language(cat: Any, tmp_path: Path, fmt: str, lang: str) -> None:
    out = tmp_path / f"stage1.{fmt}"
    doc = render_checklist(cat, out, edition="stage1", lang=lang)
    assert [s.id for s in doc.sections] == TOPICS and doc.stage == 1
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames == TOPICS
        text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    else:
        text = out.read_text(encoding="utf-8")
    words = {"en": ("Stage 1 audit: documented information and readiness for stage 2", "Typical areas of concern",
                    "Show me the internal audit programme"),
             "fi": ("Vaiheen 1 auditointi: dokumentoitu tieto ja valmius vaiheeseen 2",
                    "Tyypillisiä huomiota vaativia kohteita", "Näyttäisittekö sisäisen auditoinnin ohjelman")}[lang]
    for w in words[1:] if fmt == "xlsx" else words:  # the workbook carries the title in its print header
        assert w in text, w
    if fmt != "xlsx":
        # Stage 1 records readiness for stage 2, not a capability rating.
        assert ("☐ Ready" if lang == "en" else "☐ Valmis") in text and "☐ F" not in text


def test_stage1_refuses_process_and_stage_2(cat: Any) -> None:
    with pytest.raises(InputError, match="leave out --process"):
        build_checklist_document(cat, edition="stage1", processes=["CHG"])
    with pytest.raises(InputError, match="leave out --stage or give 1"):
        build_checklist_document(cat, edition="stage1", stage=2)


def test_a_catalogue_without_the_edition_says_so() -> None:
    fixture = Path(__file__).parent / "fixtures" / "workbook"
    small = load_catalogue(fixture, checklists=fixture / "checklists")
    with pytest.raises(NotFoundError, match="has no stage1 checklist edition"):
        build_checklist_document(small, edition="stage1")


def test_a_broken_edition_file_names_the_line(cat: Any, tmp_path: Path) -> None:
    import shutil

    from itsm_assess.resources import checklist_root

    folder = tmp_path / "checklists"
    shutil.copytree(checklist_root() / "iso20000-1-2018", folder)
    path = folder / "editions" / "stage1.yaml"
    text = path.read_text(encoding="utf-8").replace("interviewees: [internal-auditor, sms-owner]",
                                                    "interviewees: [internal-auditor, sms-boss]", 1)
    path.write_text(text, encoding="utf-8")
    broken = load_catalogue(cat.root, checklists=folder)
    with pytest.raises(InputError) as err:
        build_checklist_document(broken, edition="stage1")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if "sms-boss" in t)
    assert f"stage1.yaml:{line}:" in str(err.value) and "unknown role 'sms-boss'" in str(err.value)


def test_cli_stage1(tmp_path: Path) -> None:
    out = tmp_path / "s1.md"
    result = CliRunner().invoke(cli, ["checklist", "render", "--edition", "stage1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "stage 1 edition, 4 topics, 11 questions" in result.stderr
