"""``itsm-assess checklist``: render auditor, trainer and participant checklists."""

from __future__ import annotations

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    _,
    _n,
    catalogue_option,
    force_option,
    format_option,
    lang_option,
    output_option,
    processes_option,
)


@click.group(cls=HelpGroup)
def checklist() -> None:
    """Render the audit checklists of the catalogue for fieldwork or training."""


@checklist.command()
@catalogue_option
@processes_option(help_text="Only these processes (default: every process with a checklist)")
@click.option("--stage", type=click.IntRange(1, 2), metavar="STAGE", default=None,
              help="Only the questions of audit stage 1 (documentation) or 2 (implementation); default: both.")
@click.option("--edition", type=click.Choice(["auditor", "trainer", "participant", "stage1"]), default="auditor",
              show_default=True,
              help="auditor: questions, what to look for, sampling, methods, interviewees, room for rating and notes; "
                   "trainer: adds typical weaknesses and model answers; participant: questions and room to answer only; "
                   "stage1: the stage 1 audit of a certification by topic (scope, documented information, internal "
                   "audit and management review, readiness for stage 2), with typical areas of concern.")
@format_option(["xlsx", "html", "md", "pdf"],
               help_text="Output format; default: from the suffix of --output. PDF is printed by headless Chromium.")
@lang_option
@output_option(required=True, help_text="File to write (.xlsx, .html, .md or .pdf).")
@click.option("--title", default=None, metavar="TITLE",
              help="Title of the document instead of 'Checklist: <catalogue>' (e.g. a course name).")
@click.option("--brand", default=None, metavar="NAME",
              help="An organisation or course line shown under the title and in print headers.")
@force_option(help_text="Overwrite the output file if it exists.")
def render(catalogue_ref: str, process_ids: list[str], stage: int | None, edition: str,
           fmt: str | None, lang: str, title: str | None, brand: str | None, output: str, force: bool) -> None:
    """Render a checklist as xlsx, print-ready HTML (A4), Markdown or PDF."""

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.catalogue.checklist_render import render_checklist
    from itsm_assess.files import refuse_overwrite

    refuse_overwrite([output], force=force)
    cat = load_catalogue(catalogue_ref)
    doc = render_checklist(cat, output, fmt=fmt, processes=process_ids or None, stage=stage, edition=edition, lang=lang,
                           title=title, brand=brand)
    questions = sum(len(s.entries) for s in doc.sections)
    editions = {"auditor": _("auditor edition"), "trainer": _("trainer edition"), "participant": _("participant edition"),
                "questionnaire": _("questionnaire edition"), "stage1": _("stage 1 edition")}
    click.echo(_("wrote {path}: {edition}, {processes}, {questions}").format(
        path=output, edition=editions.get(doc.edition, doc.edition),
        processes=(_n("{count} topic", "{count} topics", len(doc.sections)) if doc.edition == "stage1"
                   else _n("{count} process", "{count} processes", len(doc.sections))).format(count=len(doc.sections)),
        questions=_n("{count} question", "{count} questions", questions).format(count=questions)), err=True)
