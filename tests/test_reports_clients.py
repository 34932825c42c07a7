"""Real clients open the reports: LibreOffice converts the workbook, headless Chromium renders the page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from itsm_assess.assessment import load_for_catalogue
from itsm_assess.catalogue import load_catalogue
from itsm_assess.reports import build_report_view, write_reports

FIX = Path(__file__).parent / "fixtures" / "reports"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.slow


def _reports(tmp_path: Path, lang: str) -> dict[str, Path]:
    catalogue = load_catalogue(FIX / "catalogue")
    assessment = load_for_catalogue(FIX / "assessment.yaml", catalogue)
    results = json.loads((FIX / "results.json").read_text(encoding="utf-8"))
    baseline = json.loads((FIX / "baseline_results.json").read_text(encoding="utf-8"))
    changes = json.loads((FIX / "changes.json").read_text(encoding="utf-8"))
    view = build_report_view(results, assessment, catalogue, lang, baseline, changes)
    return write_reports(view, results, tmp_path / "out", ["xlsx", "html"])


@pytest.mark.skipif(not Path(SOFFICE).exists(), reason="LibreOffice is not installed")
def test_libreoffice_converts_the_workbook_to_pdf(tmp_path: Path) -> None:
    xlsx = _reports(tmp_path, "fi")["xlsx"]
    outdir = tmp_path / "pdf"
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(xlsx)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = outdir / (xlsx.stem + ".pdf")
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", data)
    assert data.startswith(b"%PDF") and len(pages) >= 6  # one page or more per sheet


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_chromium_renders_the_page_without_console_errors(tmp_path: Path) -> None:
    html = _reports(tmp_path, "en")["html"]
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            f"--user-data-dir={tmp_path / 'chrome-profile'}", "--enable-logging=stderr", "--v=0"]
    shot = tmp_path / "shot.png"
    done = subprocess.run([*base, f"--screenshot={shot}", "--window-size=1280,2000", html.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    dom = subprocess.run([*base, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert dom.returncode == 0
    # The script ran: sort buttons exist and the filter tools are shown.
    assert dom.stdout.count('<button type="button" class="sort">') > 20
    assert '<div class="tools" data-for="findings-table">' in dom.stdout
    # The page's CSP reports any attempted request as a console message; there must be none at all.
    console: list[Any] = [line for line in (done.stderr + dom.stderr).splitlines() if "CONSOLE" in line]
    assert console == []


@pytest.mark.skipif(not Path(SOFFICE).exists(), reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_action_plan_sortable_filterable_and_coloured_by_rule(tmp_path: Path) -> None:
    """LibreOffice opens the workbook and saves it back: the plan keeps its filter, is not protected
    (LibreOffice refuses to sort a protected sheet), and the ratings keep their conditional formats."""
    from openpyxl import load_workbook

    xlsx = _reports(tmp_path, "en")["xlsx"]
    outdir = tmp_path / "lo"
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(xlsx)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    wb = load_workbook(outdir / xlsx.name)
    plan = wb["Action plan"]
    assert plan.auto_filter.ref and plan.auto_filter.ref.startswith("A1:O")
    assert not plan.protection.sheet
    assert plan["B2"].value == "INC-02" and plan["C2"].value == "High"
    rules = [r for cf in wb["Processes"].conditional_formatting for r in cf.rules]
    assert len(rules) >= 5
    assert wb["Summary"]["A1"].font.name == "Calibri"


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("pdftotext") is None,
                    reason="Chromium or pdftotext is not installed")
def test_printed_report_has_cover_running_header_and_a_one_page_summary(tmp_path: Path) -> None:
    """The bundled example (27 processes) printed to PDF: cover first, the client and the
    confidentiality mark and "Sivu n / N" on the pages after it, the executive summary on one page."""
    from itsm_assess._io.pdf import html_to_pdf
    from itsm_assess.assessment import load_assessment
    from itsm_assess.reports.html import render_report_html
    from itsm_assess.scoring import score

    examples = Path(__file__).resolve().parent.parent / "examples" / "revontuli"
    now_a, base_a = load_assessment(examples / "assessment-2026.yaml"), load_assessment(examples / "assessment-2025.yaml")
    cat = load_catalogue(now_a.assessment.catalogue)
    view = build_report_view(score(now_a, cat).to_dict(), now_a, cat, "fi", score(base_a, cat).to_dict())
    html = tmp_path / "r.html"
    html.write_text(render_report_html(view), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    html_to_pdf(html, pdf)

    def page(n: int) -> str:
        return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    cover = page(1)
    assert "Revontuli Palvelut Oy" in cover and "Jakelu" in cover and "Sivu" not in cover
    summary_page = next(n for n in range(2, 6) if "Johdon yhteenveto" in page(n) and "Keskeiset" in page(n))
    text = page(summary_page)
    assert "Revontuli Palvelut Oy · ISO/IEC 20000-1" in text and "LUOTTAMUKSELLINEN" in text
    assert re.search(r"Sivu \d+ / \d+", text)
    # Verdict, figures, messages and both RAG overviews, down to the rule under them, on this one page.
    assert "Prosesseittain" in text and "näkyy aina värin rinnalla" in " ".join(text.split())
