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
    templates = [n for n in names if n.endswith(".j2")]
    assert templates, "no Jinja2 templates in the wheel"


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
    assert result.stdout.startswith("iso20000-1-2018\t")
    where = subprocess.run([str(py), "-c", "import itsm_assess.resources as r; print(r.catalogue_root())"],
                           cwd=work, capture_output=True, text=True, check=True).stdout
    assert "site-packages/itsm_assess/_data" in where
