"""YAML syntax errors in the user's language: PyYAML's known problem texts go through the PO catalogue.

PyYAML words its problems in English, and differently in libyaml (used when present) and in the
pure-Python parser; loading.py maps both wordings to one translated message. The English stays as
PyYAML words it; unknown problems stay as written in every language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from itsm_assess.cli import cli
from itsm_assess.i18n import Message, translate
from itsm_assess.loading import _yaml_problem

# Text -> a word of its Finnish message.
CASES = {
    "assessment:\n  id: x\n  - y\n": "sisennys",
    'a: "x\n': "päättyy kesken",
    "a: b: c\n": "kaksoispiste",
    "a:\n\t- b\n": "sisennä välilyönnein",
    "a: *x\n": "ankkuriin",
    "a: - b\n": "omalle rivilleen",
    "a: [b}\n": "hakasulkeissa",
    "{a: 1\n": "aaltosulkeissa",
    "- a\nb: 1\n": "luettelon kohtaa",
    "a: !!python/object:os.system x\n": "tunniste",
    "a: @x\n": "esim. @",
    'a: "\\q"\n': "kenoviiva",
    "a: &x 1\nb: &x 2\n": "kahdesti",
    "a: 1\n---\nb: 2\n": "YAML-dokumentti",
    "? [a, {b: 1}]\n: 1\n": "yksittäinen arvo",
}
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.mark.parametrize("loader", LOADERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("text", "finnish"), CASES.items(), ids=range(len(CASES)))
def test_both_parsers_wordings_are_translated(loader: type, text: str, finnish: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders only
    problem = _yaml_problem(caught.value, text)
    assert isinstance(problem, Message), f"{loader.__name__} wording not in the table: {caught.value.problem!r}"
    assert finnish in translate(problem, "fi")
    assert caught.value.problem in str(problem)  # the English as PyYAML wrote it


def test_an_unknown_problem_is_kept_as_written() -> None:
    exc = yaml.MarkedYAMLError(problem="something PyYAML never said")
    assert _yaml_problem(exc, "") == "something PyYAML never said"


@pytest.mark.parametrize("text", [*CASES, "a: \x07\n"])
def test_score_reads_finnish_on_one_line(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(cli, ["score", str(bad), "--lang", "fi"])
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Virhe: {bad}:"), r.output
    assert "virheellinen YAML: " in lines[0]
    english = ("expected", "found", "not allowed", "context", "occurrence", "character")
    assert not any(word in lines[0] for word in english), lines[0]


def test_control_character_is_placed_by_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("nimi: ääkköset\nb: x\x07y\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["score", str(bad), "--lang", "fi"])
    assert r.output.strip() == f"Virhe: {bad}:2:5: virheellinen YAML: merkki U+0007 ei ole sallittu (ohjausmerkki); poista se"
