"""The wheel ships the catalogue, checklists and templates, and works outside the repository."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("itsm_assess-*.whl"))


@pytest.mark.slow
def test_wheel_contains_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "itsm_assess/_data/requirements_catalogue/iso20000-1-2018/catalogue.yaml" in names
    assert any(n.startswith("itsm_assess/_data/checklists/iso20000-1-2018/") for n in names)
    assert any(n.startswith("itsm_assess/_data/requirements_catalogue/iso20000-1-2018/processes/") for n in names)
    for shipped in (
        "itsm_assess/catalogue/templates/checklist.html.j2",
        "itsm_assess/_io/theme.py",
        "itsm_assess/reports/templates/report.html.j2",
        "itsm_assess/change_impact/templates/guide.html.j2",
        "itsm_assess/change_impact/policies/default.yaml",
        "itsm_assess/change_impact/policies/default.comments.fi.yaml",
        "itsm_assess/change_impact/maps/servicenow.yaml",
        "itsm_assess/scoring/models/iso33020.yaml",
        "itsm_assess/_data/requirements_catalogue/glossary.yaml",
        "itsm_assess/i18n/locale/fi/LC_MESSAGES/itsm_assess.po",
        "itsm_assess/_data/requirements_catalogue/iso20000-1-2018/capability_indicators.yaml",
    ):
        assert shipped in names, f"{shipped} missing from the wheel"


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_repository(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    py = env_dir / "bin" / "python"
    # Reuse this environment's installed dependencies instead of downloading them again.
    site = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    (next((env_dir / "lib").glob("python*")) / "site-packages" / "deps.pth").write_text(str(site) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([str(env_dir / "bin" / "itsm-assess"), "catalogue", "list"], cwd=work,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["fitsm-1", "iso20000-1-2018"]
    bin_dir = env_dir / "bin"
    for args in (
        ["catalogue", "validate"],
        ["catalogue", "crosswalk"],  # the bundled crosswalk ships too
        ["checklist", "render", "--process", "INC", "--edition", "trainer", "--lang", "fi", "-o", "inc.html"],
        ["assess", "new", "--org", "Testi Oy", "--processes", "CHG,INC", "-o", "work"],
        ["score", "work/assessment.yaml", "--format", "json"],
        ["report", "work/assessment.yaml", "--format", "html,xlsx", "-o", "reports"],
        ["change", "classify", "--kind", "new-service", "--format", "json"],
        ["change", "guide", "--format", "md", "-o", "guide.md"],
    ):
        run = subprocess.run([str(bin_dir / "itsm-assess"), *args], cwd=work, capture_output=True, text=True)
        assert run.returncode == 0, f"{args}: {run.stderr}"
    assert (work / "reports").is_dir() and (work / "guide.md").is_file()
    where = subprocess.run([str(py), "-c", "import itsm_assess.resources as r; print(r.catalogue_root())"],
                           cwd=work, capture_output=True, text=True, check=True).stdout
    assert "site-packages/itsm_assess/_data" in where
