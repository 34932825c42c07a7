"""The catalogue commands through click's CliRunner, and the CLI's error contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from itsm_assess import __version__
from itsm_assess.cli import cli

MINI = Path(__file__).parent / "fixtures" / "mini"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="itsm-assess")
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out == f"itsm-assess, version {__version__}\n"
    result = CliRunner().invoke(cli, ["--lang", "fi", "-V"], prog_name="itsm-assess", env={"ITSM_ASSESS_LANG": "en"})
    assert result.exit_code == 0 and result.stdout == f"itsm-assess, versio {__version__}\n"


def test_list_shows_bundled_catalogues() -> None:
    code, out, _ = invoke("catalogue", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("fitsm-1\t1.0.0\t21 processes\t82 requirements")
    assert lines[1].startswith("iso20000-1-2018\t1.0.0\t")


def test_show_process_in_finnish() -> None:
    code, out, _ = invoke("catalogue", "show", "--process", "CHG", "--lang", "fi")
    assert code == 0
    assert "Muutoksenhallinta" in out and "CHG-01" in out


def test_unknown_process_is_one_line_exit_2() -> None:
    code, out, err = invoke("catalogue", "show", "--process", "XYZ")
    assert code == 2
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("error: catalogue 'iso20000-1-2018' has no process 'XYZ'; expected one of ")
    assert "Traceback" not in out + err


def test_validate_bundled_catalogue_is_clean() -> None:
    code, out, err = invoke("catalogue", "validate")
    assert code == 0, err
    assert out.splitlines() == ["ok  fitsm-1: 21 processes, 82 requirements, 46 checklist items",
                                "ok  iso20000-1-2018: 27 processes, 270 requirements, 173 checklist items"]


def test_validate_reports_broken_file_with_position(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "mini/catalogue/processes/change.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("weight: 2", "weight: 7"), encoding="utf-8")
    code, _, err = invoke("catalogue", "validate", "mini/catalogue/processes/change.yaml")
    assert code == 2
    assert err.startswith("error: mini/catalogue/processes/change.yaml:27:13: requirements[1].weight: 7: Input should be less than or equal to 5")


def test_debug_shows_traceback() -> None:
    import subprocess

    from conftest import venv_bin

    args = [venv_bin("itsm-assess"), "catalogue", "show", "-p", "XYZ"]
    plain = subprocess.run(args, capture_output=True, text=True, check=False)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith("error: ") and "XYZ" in plain.stderr
    debug = subprocess.run([args[0], "--debug", *args[1:]], capture_output=True, text=True, check=False)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "itsm_assess.errors.NotFoundError: " in debug.stderr and "XYZ" in debug.stderr


def test_export_json_contract() -> None:
    code, out, _ = invoke("catalogue", "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    req = data["requirements"][0]
    for key in ("id", "clause", "process", "attribute", "weight"):
        assert key in req
    assert set(req["statement"]) >= {"en", "fi"}
    assert data["catalogue"]["id"] == "iso20000-1-2018"


def test_export_yaml_roundtrips(tmp_path: Path) -> None:
    from itsm_assess.loading import load_yaml

    out = tmp_path / "cat.yaml"
    code, _, _ = invoke("catalogue", "export", "--format", "yaml", "-o", str(out))
    assert code == 0
    data = load_yaml(out).data
    assert "CHG-01" in {r["id"] for r in data["requirements"]}
    assert data["catalogue"]["id"] == "iso20000-1-2018"


def test_export_xlsx_keeps_text(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    proc = tmp_path / "mini/catalogue/processes/change.yaml"
    proc.write_text(proc.read_text(encoding="utf-8").replace("guidance: {en: Read it.", 'guidance: {en: "=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    out = tmp_path / "cat.xlsx"
    code, _, err = invoke("catalogue", "export", str(tmp_path / "mini/catalogue"), "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    ws = load_workbook(out)["Requirements"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=3, column=header.index("guidance_en") + 1)
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_stats_counts() -> None:
    code, out, _ = invoke("catalogue", "stats", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["requirements"] == sum(data["per_process"].values())
    assert data["language_coverage"]["fi"] > 0.99


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from itsm_assess.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='itsm-assess')\nexcept SystemExit:\n    pass\n"
        "for name in ('openpyxl', 'jinja2', 'pydantic', 'yaml'):\n"
        "    assert name not in sys.modules, name\n"
        "for group in ('catalogue', 'checklist', 'assess', 'change'):\n"
        "    try:\n        cli([group, '--help'], prog_name='itsm-assess')\n    except SystemExit:\n        pass\n"
        "heavy = [n for n in ('openpyxl', 'jinja2') if n in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
