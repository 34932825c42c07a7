"""The safe YAML loader: limits, duplicate keys, YAML 1.1 traps, and errors with file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsm_assess import loading
from itsm_assess.catalogue import ProcessFile
from itsm_assess.errors import InputError
from itsm_assess.loading import load_yaml, parse_yaml, validate

PROCESS = """\
schema_version: 1
process:
  id: CHG
  clauses: ["8.5.1"]
  title: {en: Change management, fi: Muutoksenhallinta}
  purpose: {en: Control changes., fi: Hallitaan muutoksia.}
requirements:
  - id: CHG-01
    clause: "8.5.1.1"
    process: CHG
    title: {en: Policy, fi: Politiikka}
    statement: {en: There is a policy., fi: Politiikka on olemassa.}
    guidance: {en: Look at it., fi: Tutustu siihen.}
    evidence:
      - {en: The policy, fi: Politiikka}
    attribute: {attribute}
    weight: 3
"""


def write(tmp_path: Path, text: str, name: str = "process.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def first_problem(exc: pytest.ExceptionInfo[InputError]) -> str:
    return exc.value.problems[0]


def test_valid_process_file_loads(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, PROCESS.replace("{attribute}", "PA1.1")))
    pf = validate(ProcessFile, doc)
    assert pf.requirements[0].attribute == "PA1.1"
    assert pf.requirements[0].title["fi"] == "Politiikka"


def test_wrong_attribute_names_file_line_column_and_field(tmp_path: Path, chdir_tmp: Path) -> None:
    path = write(tmp_path, PROCESS.replace("{attribute}", "PA7.1"))
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(path))
    assert first_problem(exc) == (
        "process.yaml:16:16: requirements[0].attribute: 'PA7.1' is not a process attribute (expected PA1.1 … PA5.2)"
    )


def test_unknown_field_is_an_error_not_dropped(tmp_path: Path, chdir_tmp: Path) -> None:
    text = PROCESS.replace("{attribute}", "PA1.1") + "    colour: blue\n"
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(write(tmp_path, text)))
    assert first_problem(exc).startswith("process.yaml:18:13: requirements[0].colour: unknown field")


def test_wrong_type_reports_yaml11_hint(tmp_path: Path, chdir_tmp: Path) -> None:
    text = PROCESS.replace("{attribute}", "PA1.1").replace('clause: "8.5.1.1"', "clause: 8.5")
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(write(tmp_path, text)))
    msg = first_problem(exc)
    assert msg.startswith("process.yaml:9:13: requirements[0].clause: expected text, found 8.5")
    assert "quotes" in msg


def test_boolean_no_is_caught(tmp_path: Path) -> None:
    text = PROCESS.replace("{attribute}", "PA1.1").replace("fi: Politiikka}", "fi: no}")
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(write(tmp_path, text)))
    assert "requirements[0].title.fi: expected text, found False" in first_problem(exc)


def test_missing_field(tmp_path: Path) -> None:
    text = PROCESS.replace("{attribute}", "PA1.1").replace("    guidance: {en: Look at it., fi: Tutustu siihen.}\n", "")
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(write(tmp_path, text)))
    assert "requirements[0].guidance: required field is missing" in first_problem(exc)


def test_english_required_in_localised_text(tmp_path: Path) -> None:
    text = PROCESS.replace("{attribute}", "PA1.1").replace("{en: Policy, fi: Politiikka}", "{fi: Politiikka}")
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(write(tmp_path, text)))
    assert "requirements[0].title: English ('en') text is required" in first_problem(exc)


def test_duplicate_key_rejected_with_both_lines(tmp_path: Path, chdir_tmp: Path) -> None:
    path = write(tmp_path, "a: 1\nb: 2\na: 3\n")
    with pytest.raises(InputError) as exc:
        load_yaml(path)
    assert first_problem(exc) == "process.yaml:3:1: duplicate key 'a' (first defined on line 1); each key may appear once"


def test_malformed_yaml_names_line(tmp_path: Path, chdir_tmp: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_yaml(write(tmp_path, "a: [1, 2\nb: 3\n"))
    assert first_problem(exc).startswith("process.yaml:2:")
    assert "invalid YAML" in first_problem(exc)


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    # 9**10 lols: refused from the node tree, before anything is expanded (the exact limit is in
    # test_loader_boundaries; how fast it fails is a benchmark's business, not a test's).
    with pytest.raises(InputError) as exc:
        load_yaml(path)
    assert first_problem(exc).endswith("aliases expand to more than 2,000,000 nodes; refusing a YAML alias bomb")


def test_modest_aliases_are_allowed(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "base: &b {x: 1}\nuse: *b\n"))
    assert doc.data == {"base": {"x": 1}, "use": {"x": 1}}


def test_oversize_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_YAML_BYTES", 100)
    with pytest.raises(InputError) as exc:
        load_yaml(write(tmp_path, "a: " + "x" * 200 + "\n"))
    assert "the limit is 100" in first_problem(exc)


def test_wrong_encoding_refused(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("nimi: Pääkäyttäjä\n".encode("latin-1"))
    with pytest.raises(InputError) as exc:
        load_yaml(p)
    assert "not valid UTF-8" in first_problem(exc)


def test_python_tags_are_not_constructed() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml("x: !!python/object/apply:os.system ['echo hacked']\n", "evil.yaml")
    assert "evil.yaml:1:4" in first_problem(exc)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_yaml(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_yaml(tmp_path)


def test_schema_version_checked(tmp_path: Path) -> None:
    text = PROCESS.replace("{attribute}", "PA1.1").replace("schema_version: 1", "schema_version: 9")
    with pytest.raises(InputError) as exc:
        validate(ProcessFile, load_yaml(write(tmp_path, text)))
    assert "schema_version: schema version 9 is not supported" in first_problem(exc)
