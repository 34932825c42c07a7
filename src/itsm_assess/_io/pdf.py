"""A PDF of the HTML report: WeasyPrint when installed (``pip install itsm-assess[pdf]``), else headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

from itsm_assess._io.browser import find_chromium, missing_browser_message, print_to_pdf
from itsm_assess.errors import ItsmAssessError
from itsm_assess.files import atomic_path
from itsm_assess.i18n import message

__all__ = ["PdfUnavailableError", "find_chromium", "html_to_pdf", "pdf_engine"]


class PdfUnavailableError(ItsmAssessError):
    """Neither WeasyPrint nor a Chromium browser is available to print the report."""


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
    if find_chromium() is None:
        printing = message("Chromium printing")
        raise PdfUnavailableError(message("cannot write a PDF: install WeasyPrint (pip install 'itsm-assess[pdf]'), or {browser}",
                                          browser=missing_browser_message(printing)))
    print_to_pdf(source, pdf_path, timeout=timeout, what=message("the report PDF"))
    return "chromium"
