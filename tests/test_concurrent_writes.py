"""Runs that rewrite one assessment at the same time: real processes, nothing lost (issue 16)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itsm_assess._io.xlsx_cells import set_text
from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.fieldwork.create import create_assessment, new_assessment
from itsm_assess.files import atomic_path, exclusive_lock, lock_path_of, write_text_atomic
from tests.conftest import venv_bin

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cat():  # type: ignore[no-untyped-def]
    return load_catalogue(FIX, checklists=FIX / "checklists")


def _fill(src: Path, dst: Path, sheet: str, item_id: str, rating: str) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    cols = {c.value: c.column_letter for c in ws[2] if c.value}
    row = next(r[0].row for r in ws.iter_rows(min_row=3) if r[0].value == item_id)
    set_text(ws[f"{cols['rating']}{row}"], rating)
    wb.save(dst)


def _new(cat, folder: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    a = new_assessment(cat, "Revontuli", ["CHG", "INC"], assessment_id="rev", today=dt.date(2025, 3, 1))
    return create_assessment(folder, cat, a, with_indicators=False)


def _run_together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for c in commands]
    out = []
    for p, c in zip(procs, commands, strict=True):
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(c, p.returncode, stdout, stderr))
    return out


def _assert_none_lost(results: list[subprocess.CompletedProcess[str]], yaml_path: Path,
                     answers: list[tuple[str, str]]) -> None:
    """Each run that reported success has its answer in the file; any other run said what it refused.

    The second workbook holds the first one's item empty, which the merge reports as a conflict
    (clearing a value needs --force) when it runs second: no answer is lost either way.
    """
    got = load_assessment(yaml_path).response_map()
    assert any(r.returncode == 0 for r in results), [r.stderr for r in results]
    for r, (item, rating) in zip(results, answers, strict=True):
        if r.returncode == 0:
            assert item in got and got[item].rating == rating, (item, r.stderr)
        else:
            assert r.returncode == 2 and "nothing was written" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_two_imports_at_once_keep_both_sets_of_answers(cat, tmp_path):  # type: ignore[no-untyped-def]
    exe = venv_bin("itsm-assess")
    for trial in range(3):
        yaml_path, xlsx_path = _new(cat, tmp_path / f"t{trial}")
        one, two = tmp_path / f"one{trial}.xlsx", tmp_path / f"two{trial}.xlsx"
        _fill(xlsx_path, one, "CHG", "CHG-01", "F")
        _fill(xlsx_path, two, "INC", "INC-01", "L")
        results = _run_together(
            *([exe, "assess", "import", str(wb), "--assessment", str(yaml_path), "--catalogue", str(FIX)]
              for wb in (one, two))
        )
        _assert_none_lost(results, yaml_path, [("CHG-01", "F"), ("INC-01", "L")])


def test_import_and_survey_at_once_keep_both(cat, tmp_path):  # type: ignore[no-untyped-def]
    exe = venv_bin("itsm-assess")
    yaml_path, xlsx_path = _new(cat, tmp_path / "a")
    one = tmp_path / "one.xlsx"
    _fill(xlsx_path, one, "CHG", "CHG-01", "F")
    survey = tmp_path / "survey.csv"
    survey.write_text("role,INC-01\nDesk,P\nDesk,P\n", encoding="utf-8")
    results = _run_together(
        [exe, "assess", "import", str(one), "--assessment", str(yaml_path), "--catalogue", str(FIX)],
        [exe, "assess", "survey", str(survey), "--assessment", str(yaml_path), "--catalogue", str(FIX)],
    )
    _assert_none_lost(results, yaml_path, [("CHG-01", "F"), ("INC-01", "P")])


def test_a_held_lock_gives_one_clear_line_and_writes_nothing(cat, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = _new(cat, tmp_path / "a")
    one = tmp_path / "one.xlsx"
    _fill(xlsx_path, one, "CHG", "CHG-01", "F")
    before = yaml_path.read_bytes()
    holder = subprocess.Popen(
        [venv_bin("python"), "-c",
         "import sys, time; from itsm_assess.files import exclusive_lock\n"
         "with exclusive_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)", str(yaml_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match=r"another itsm-assess run \(process \d+\) is changing this file"):
            with exclusive_lock(yaml_path, wait=0.2):
                pass
        monkeypatch.setattr("itsm_assess.files.LOCK_WAIT_SECONDS", 0.2)
        result = CliRunner().invoke(cli, ["assess", "import", str(one), "--assessment", str(yaml_path),
                                          "--catalogue", str(FIX)])
        assert result.exit_code == 2
        assert "nothing was written" in result.output and "Traceback" not in result.output
        assert yaml_path.read_bytes() == before
    finally:
        holder.kill()
        holder.communicate()
    with exclusive_lock(yaml_path, wait=0.2):  # the lock of a killed holder is gone with it
        pass


def test_writes_keep_mode_and_symlink(tmp_path):  # type: ignore[no-untyped-def]
    real = tmp_path / "data" / "assessment.yaml"
    real.parent.mkdir()
    real.write_text("old\n")
    os.chmod(real, 0o600)
    link = tmp_path / "assessment.yaml"
    link.symlink_to(real)
    write_text_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert lock_path_of(link) == real.with_name(".assessment.yaml.lock")


def test_stale_temp_files_of_killed_runs_are_removed(tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "report.xlsx"
    dead_pid = subprocess.Popen(["true"])
    dead_pid.wait()
    stale = tmp_path / f".report.xlsx.{dead_pid.pid}.abc123.xlsx"
    stale.write_bytes(b"half")
    live = tmp_path / f".report.xlsx.{os.getpid()}.zzz.xlsx"
    live.write_bytes(b"being written")
    write_text_atomic(target, "done")
    assert not stale.exists() and live.exists() and target.read_text() == "done"


def test_write_errors_name_the_output_not_the_temporary_file(tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "out.xlsx"
    with pytest.raises(OSError) as info:
        with atomic_path(target) as tmp:
            raise OSError(28, "No space left on device", str(tmp))
    assert info.value.filename == str(target)
    assert not any(p.name.startswith(".out.xlsx.") for p in tmp_path.iterdir())


def test_cli_names_a_symlink_as_given(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "hidden-place"
    secret.mkdir()
    (secret / "real.yaml").write_text("a: [\n")
    Path("given.yaml").symlink_to(secret / "real.yaml")
    result = CliRunner().invoke(cli, ["score", "given.yaml"])
    assert result.exit_code == 2 and "given.yaml" in result.output and "hidden-place" not in result.output
    shutil.rmtree(secret)


def test_an_import_keeps_the_assessors_comments(cat, tmp_path):  # type: ignore[no-untyped-def]
    yaml_path, xlsx_path = _new(cat, tmp_path / "a")
    text = yaml_path.read_text(encoding="utf-8")
    text = "# Revontuli audit, stage 2 — notes for the team\n" + text.replace(
        "  organisation: Revontuli\n", "  organisation: Revontuli  # legal name per trade register\n")
    yaml_path.write_text(text, encoding="utf-8")
    os.chmod(yaml_path, 0o600)
    one = tmp_path / "one.xlsx"
    _fill(xlsx_path, one, "CHG", "CHG-01", "F")
    result = CliRunner().invoke(cli, ["assess", "import", str(one), "--assessment", str(yaml_path), "--catalogue", str(FIX)])
    assert result.exit_code == 0, result.output
    after = yaml_path.read_text(encoding="utf-8")
    assert after.startswith("# Revontuli audit, stage 2 — notes for the team\n")
    assert "organisation: Revontuli  # legal name per trade register" in after
    assert load_assessment(yaml_path).response_map()["CHG-01"].rating == "F"
    assert stat.S_IMODE(yaml_path.stat().st_mode) == 0o600


def test_assess_new_writes_both_files_or_neither(cat, tmp_path):  # type: ignore[no-untyped-def]
    from itsm_assess.errors import ItsmAssessError

    folder = tmp_path / "a"
    (folder / "assessment.yaml").mkdir(parents=True)  # cannot be replaced by the file
    a = new_assessment(cat, "Revontuli", ["CHG"], assessment_id="rev", today=dt.date(2025, 3, 1))
    with pytest.raises((ItsmAssessError, OSError)):
        create_assessment(folder, cat, a, with_indicators=False, force=True)
    assert not (folder / "fieldwork.xlsx").exists()
    assert sorted(p.name for p in folder.iterdir()) == [".assessment.yaml.lock", "assessment.yaml"]
