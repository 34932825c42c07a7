"""The FitSM-1 catalogue through every main command: exports, checklists, a new assessment,
scoring with the FitSM-6-style model, reports, the audit plan and the view as ISO/IEC 20000-1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.output


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A FitSM-1 audit with every requirement rated: mostly F, a few L and N, two findings."""
    folder = tmp_path_factory.mktemp("fitsm")
    cat = load_catalogue("fitsm-1")
    _run("assess", "new", "--catalogue", "fitsm-1", "--processes", ",".join(cat.processes), "--org", "Tutkimus Oy",
         "--id", "fitsm-audit", "--method", "audit", "--lang", "fi", "-o", str(folder))
    path = folder / "assessment.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["assessment"]["scoring_model"] == "fitsm6"  # the catalogue profile chooses it
    doc["assessment"]["target_profile"] = {"CHM": 2, "ISRM": 2}
    responses = []
    for i, rid in enumerate(cat.requirements):
        rating = "N" if rid == "PR12.4" else "L" if i % 9 == 0 else "F"
        responses.append({"id": rid, "rating": rating, **({"verdict": "conforming"} if rating == "F" else {})})
    responses[list(cat.requirements).index("PR12.4")]["finding"] = "major-nc"
    responses[list(cat.requirements).index("PR6.5")].update({"rating": "NA", "justification": "no own systems"})
    doc["responses"] = responses
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_catalogue_commands_and_exports(tmp_path: Path) -> None:
    assert "FitSM-1 (catalogue version 1.0.0): 82 requirements, 21 processes, 46 checklist items" in _run("catalogue", "stats", "fitsm-1")
    assert "21 covered by a shall requirement" in _run("catalogue", "coverage", "fitsm-1", "--strict")
    for fmt in ("json", "yaml", "xlsx", "ciso-assistant", "oscal"):
        out = tmp_path / f"fitsm.{fmt}"
        _run("catalogue", "export", "fitsm-1", "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 10_000
    library = yaml.safe_load((tmp_path / "fitsm.ciso-assistant").read_text(encoding="utf-8"))
    assert library["urn"] == "urn:itsm-assess:risk:library:fitsm-1" and "ITEMO e.V." in library["copyright"]
    oscal = json.loads((tmp_path / "fitsm.oscal").read_text(encoding="utf-8"))
    assert oscal["catalog"]["groups"][0]["id"] == "cGR1"
    for edition, fmt in (("auditor", "html"), ("trainer", "xlsx"), ("participant", "md")):
        _run("checklist", "render", "--catalogue", "fitsm-1", "--edition", edition, "--format", fmt,
             "-o", str(tmp_path / f"checklist.{fmt}"))
    assert "Which kinds of change do you have" in (tmp_path / "checklist.md").read_text(encoding="utf-8")


def test_score_report_and_plan(assessed: Path, tmp_path: Path) -> None:
    data = json.loads(_run("score", str(assessed), "--format", "json"))
    assert data["assessment"]["catalogue"] == "fitsm-1" and data["model"]["max_level"] == 4
    assert data["requirements"]["PR12.4"]["conformity"] == "not-conforming"
    # PR6.5 is NA without an accepted justification: every FitSM-1 section is mandatory.
    assert data["requirements"]["PR6.5"]["conformity"] == "not-assessed"
    ready = data["readiness"]
    assert ready["verdict"] == "not-ready" and ready["scope_label"]["en"] == "GR1–GR7 and PR1–PR14"
    assert any("GR1–GR7 and PR1–PR14" in r for r in ready["reasons"])
    assert "1" == str(data["processes"]["CHM"]["capability_level"]) or data["processes"]["CHM"]["capability_level"] in (0, None)
    assert list(data["clauses"])[:2] == ["GR1", "GR2"]
    table = _run("score", str(assessed))
    assert "GR1" in table and "PR12.4" in table or "CHM" in table
    _run("report", "write", str(assessed), "--format", "html,xlsx,json", "-o", str(tmp_path / "report"))
    html = (tmp_path / "report" / "fitsm-audit-report-fi.html").read_text(encoding="utf-8")
    assert "<h1>FitSM-1 -puuteanalyysi</h1>" in html and "ISO/IEC 20000-1 -puuteanalyysi" not in html
    _run("plan", "new", str(assessed), "--days", "2", "--start", "2027-03-08", "--auditors", "A,B",
         "-o", str(tmp_path / "plan"))
    view = json.loads(_run("score", str(assessed), "--view", "iso20000-1-2018", "--format", "json"))
    assert view["requirements"]["CHG-11"]["conformity"] in ("conforming", "not-conforming")
