"""Gap reports: a view model built from scoring results, rendered as Excel, HTML, JSON (and PDF, slides).

Typical use::

    results = itsm_assess.scoring.score(assessment, catalogue).to_dict()
    view = build_report_view(results, assessment, catalogue, lang="fi", baseline_results=earlier)
    paths = write_reports(view, results, "out/", ["xlsx", "html", "json"])
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.reports.view_model import (
    ReportView,
    build_report_view,
    check_change_summary,
    check_results,
    load_change_summary,
    load_results,
)

if TYPE_CHECKING:
    from itsm_assess.scoring.contract import ResultsContract

#: Formats ``write_reports`` knows, in the order they are written (pdf is printed from the html).
REPORT_FORMATS: tuple[str, ...] = ("xlsx", "html", "json", "pdf", "pptx")

__all__ = [
    "REPORT_FORMATS",
    "ReportView",
    "build_report_view",
    "check_change_summary",
    "check_results",
    "load_change_summary",
    "load_results",
    "parse_formats",
    "report_json",
    "report_paths",
    "write_reports",
]


def parse_formats(value: str | list[str]) -> list[str]:
    """``"xlsx, html"`` -> ``["xlsx", "html"]`` in canonical order; raises InputError on unknown names."""
    names = [v.strip().lower() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [n for n in names if n not in REPORT_FORMATS]
    if unknown or not names:
        raise InputError(
            message("--format: {value} is not a report format; expected a comma-separated list of {names}", value=', '.join(unknown) or 'nothing', names=', '.join(REPORT_FORMATS))
        )
    return [f for f in REPORT_FORMATS if f in names]


def report_paths(assessment_id: str, out_dir: str | os.PathLike[str], formats: list[str], lang: str = "en") -> dict[str, Path]:
    """Where each format goes: ``<id>-report.<ext>``, or ``<id>-report-fi.<ext>`` in Finnish."""
    suffix = "" if lang == "en" else f"-{lang}"
    base = Path(out_dir)
    return {fmt: base / f"{assessment_id}-report{suffix}.{fmt}" for fmt in formats}


def report_json(view: ReportView, results: ResultsContract) -> str:
    """The JSON output: ``{"results": <scoring results>, "report": <view model>}``."""
    return json.dumps({"results": results, "report": view.to_dict()}, ensure_ascii=False, indent=2) + "\n"


def write_reports(
    view: ReportView,
    results: ResultsContract,
    out_dir: str | os.PathLike[str],
    formats: list[str],
    *,
    force: bool = False,
) -> dict[str, Path]:
    """Write the report in each format to ``out_dir``; returns the paths written by format.

    Refuses (OutputExistsError, nothing written) when any target exists and ``force`` is false.
    The files are written as a set: all of them, or (on any failure) none.
    """
    from itsm_assess.files import atomic_paths, refuse_overwrite, write_text_atomic

    formats = parse_formats(formats)
    paths = report_paths(view.assessment["id"], out_dir, formats, view.lang)
    refuse_overwrite(paths.values(), force=force)

    # Written as a set: every format in full to a temporary file first, then all put in place;
    # a failure (a full disk, a missing browser) leaves none of them and names the file.
    order = sorted(paths, key=lambda f: f == "pdf")  # the PDF prints from the HTML written before it
    with atomic_paths([paths[f] for f in order]) as temps:
        tmp = dict(zip(order, temps, strict=True))
        for fmt in order:
            path = tmp[fmt]
            if fmt == "xlsx":
                from itsm_assess.reports.xlsx import write_report_xlsx

                write_report_xlsx(view, path)
            elif fmt == "html":
                from itsm_assess.reports.html import write_report_html

                write_report_html(view, path)
            elif fmt == "json":
                write_text_atomic(path, report_json(view, results))
            elif fmt == "pptx":
                from itsm_assess.reports.slides import write_report_pptx

                write_report_pptx(view, path)
            elif fmt == "pdf":
                import tempfile

                from itsm_assess._io.pdf import html_to_pdf
                from itsm_assess.reports.html import render_report_html

                html_path = tmp.get("html")
                if html_path is None:
                    with tempfile.TemporaryDirectory(prefix="itsm-assess-report-") as tmpdir:
                        source = Path(tmpdir) / "report.html"
                        source.write_text(render_report_html(view), encoding="utf-8")
                        html_to_pdf(source, path)
                else:
                    html_to_pdf(html_path, path)
    return paths
