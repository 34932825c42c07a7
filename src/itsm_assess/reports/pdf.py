"""A PDF of the HTML report: WeasyPrint when installed (``pip install itsm-assess[pdf]``), else headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from itsm_assess.errors import ItsmAssessError
from itsm_assess.files import atomic_path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailableError(ItsmAssessError):
    """Neither WeasyPrint nor a Chromium browser is available to print the report."""


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_engine() -> str | None:
    """``"weasyprint"``, ``"chromium"`` or None: what :func:`html_to_pdf` would use."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "chromium" if find_chromium() else None
    return "weasyprint"


def html_to_pdf(html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str], timeout: float = 120) -> str:
    """Print the self-contained HTML report to PDF (A4, from its print styles); returns the engine used."""
    engine = pdf_engine()
    source = Path(html_path).resolve()
    if engine == "weasyprint":
        import weasyprint

        with atomic_path(pdf_path) as tmp:
            weasyprint.HTML(filename=str(source)).write_pdf(str(tmp))
        return engine
    chromium = find_chromium()
    if chromium is None:
        raise PdfUnavailableError(
            "cannot write a PDF: install WeasyPrint (pip install 'itsm-assess[pdf]') or Chromium"
        )
    with tempfile.TemporaryDirectory(prefix="itsm-assess-chromium-") as profile, atomic_path(pdf_path) as tmp:
        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
            f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", source.as_uri(),
        ]
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        if done.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            raise ItsmAssessError(f"Chromium could not print {source.name} to PDF (exit code {done.returncode})")
    return "chromium"
