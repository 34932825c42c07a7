"""Headless Chromium: the one way the tool finds the browser and prints HTML to PDF.

Both the checklist and the report PDFs come through here, so both honour ``ITSM_ASSESS_CHROMIUM``
and run the browser with the same flags (``--no-sandbox`` only as root, where Chromium refuses
to start with its sandbox).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from itsm_assess.errors import ItsmAssessError
from itsm_assess.i18n import message

CHROMIUM_ENV = "ITSM_ASSESS_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class BrowserUnavailableError(ItsmAssessError):
    """No Chromium or Chrome to print with."""


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome executable: ``$ITSM_ASSESS_CHROMIUM`` when set (None when that
    file does not exist: a wrong setting is never silently replaced), else the first on PATH."""
    env = os.environ.get(CHROMIUM_ENV)
    if env:
        return env if Path(env).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_browser_message(what: str) -> str:
    env = os.environ.get(CHROMIUM_ENV)
    if env:
        return message("{what} needs Chromium, but {variable}={path} is not a file: point it at the browser's "
                       "executable, or unset it and install it (e.g. apt-get install chromium)",
                       what=what, variable=CHROMIUM_ENV, path=env)
    return message("{what} needs Chromium or Google Chrome, which was not found: install it (e.g. apt-get install "
                   "chromium) or set {variable} to its path", what=what, variable=CHROMIUM_ENV)


def print_to_pdf(html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str], *,
                 chromium: str | None = None, timeout: float = 120, what: str = message("PDF output")) -> None:
    """Print the HTML file to an A4 PDF at ``pdf_path`` (atomically); raises ItsmAssessError on failure."""
    from itsm_assess.files import atomic_path

    exe = chromium or find_chromium()
    if exe is None:
        raise BrowserUnavailableError(missing_browser_message(what))
    source = Path(html_path).resolve()
    with tempfile.TemporaryDirectory(prefix="itsm-assess-chromium-") as tmpdir:
        out = Path(tmpdir) / "print.pdf"
        args = [
            exe, "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={Path(tmpdir) / 'profile'}", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            proc = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ItsmAssessError(message("{exe} did not finish printing the PDF within {timeout:g} s", exe=exe, timeout=timeout)) from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ItsmAssessError(message("{exe} did not write the PDF (exit code {code}): {names}", exe=exe, code=proc.returncode, names=' | '.join(tail)))
        with atomic_path(pdf_path) as tmp:
            shutil.copyfile(out, tmp)
