"""``itsm-assess findings``: the findings register and the follow-up of findings across rounds."""

from __future__ import annotations

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import _, document_lang_option, force_option, output_option


@click.group(cls=HelpGroup)
def findings() -> None:
    """The findings register (nonconformities from open to closed, OFIs apart) and its follow-up."""


@findings.command()
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(exists=True, dir_okay=False))
@output_option(required=True,
               help_text="File to write: .xlsx (a sheet each for nonconformities, OFIs and observations, history) or .html.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@document_lang_option("Language of the register; default: the assessment's.")
@force_option(help_text="Overwrite the output file if it exists.")
def register(assessment_path: str, output: str, catalogue_ref: str | None, lang: str | None, force: bool) -> None:
    """Write the findings register of ASSESSMENT.yaml.

    Each nonconformity with its statement, evidence, correction, root cause, corrective action,
    owner, due date, status (open, correction done, action done, verified effective, closed),
    verification of effectiveness and history; what the register rules find wrong with it
    (closed without verification, a status without its record, skipped steps) beside it.
    Opportunities for improvement and observations are listed apart.
    """
    from itsm_assess.catalogue import load_assessment_with_catalogue
    from itsm_assess.cli.options import shown
    from itsm_assess.reports.register import register_view, write_register

    assessment, cat = load_assessment_with_catalogue(assessment_path, catalogue_ref)
    view = register_view(assessment, cat, lang)
    path = write_register(view, output, force=force)
    warning = _("warning")
    for line in view["problems"]:
        click.echo(f"{warning}: {shown(line)}", err=True)
    ncs = view["nonconformities"]
    click.echo(_("wrote {path}: {ncs} nonconformities ({open} open), {others} other findings").format(
        path=path, ncs=len(ncs), open=sum(1 for r in ncs if r["open"]), others=len(view["others"])), err=True)


@findings.command("follow-up")
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(exists=True, dir_okay=False))
@click.option("--previous", "previous_path", required=True, type=click.Path(exists=True, dir_okay=False),
              metavar="PREVIOUS.yaml", help="The previous round (the assessment this one was started from).")
@output_option(required=True, help_text="File to write: .xlsx or .html.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@document_lang_option("Language of the report; default: the assessment's.")
@force_option(help_text="Overwrite the output file if it exists.")
def follow_up(assessment_path: str, previous_path: str, output: str, catalogue_ref: str | None, lang: str | None,
              force: bool) -> None:
    """Write the follow-up of PREVIOUS.yaml's findings in ASSESSMENT.yaml, its next round.

    Every previous finding with its status then and now, the verification made in this round,
    its history and the outcome (closed, verified effective, in progress, no progress recorded,
    still open because the action was not effective, reopened after a closure); the findings
    opened in this round apart. A finding open in the previous round and
    absent from this one has disappeared without a closure: the report marks it and the command
    prints it as an error (exit status 2) after writing the report.
    """
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_assessment_with_catalogue
    from itsm_assess.reports.register import followup_view, write_followup

    assessment, cat = load_assessment_with_catalogue(assessment_path, catalogue_ref)
    previous = load_assessment(previous_path)
    view = followup_view(assessment, previous, cat, lang)
    path = write_followup(view, output, force=force)
    click.echo(_("wrote {path}: {count} previous findings followed up, {new} new").format(
        path=path, count=len(view["rows"]), new=len(view["new"])), err=True)
    if view["problems"]:
        from itsm_assess.cli.options import echo_lines

        echo_lines(view["problems"], "", limit=50)
        raise SystemExit(2)
