"""``itsm-assess assess``: start an assessment, fieldwork workbooks out and in, surveys."""

from __future__ import annotations

from typing import Any

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    DATE,
    OUTPUT_LANG_HELP,
    _,
    _n,
    document_lang_option,
    echo_lines,
    force_option,
    lang_option,
    messages_lang_option,
    output_option,
    processes_option,
    shown,
    terminal_safe,
    ui_language,
)
from itsm_assess.i18n import message

#: Console lists show this many lines, then say how many more there are.
SHOWN = 10


@click.group(cls=HelpGroup)
def assess() -> None:
    """Start assessments and merge fieldwork workbooks and surveys into assessment.yaml."""


def _print_report(report: Any, *, dry_run: bool, verb: str) -> None:
    note = _("note")
    for line in report.notices:
        click.echo(f"{note}: {terminal_safe(shown(line))}", err=True)
    for line in report.changes:
        click.echo(f"  + {terminal_safe(shown(line))}")
    for line in report.conflicts:
        click.echo(f"  ! {terminal_safe(shown(line))}")
    what = _("would merge") if dry_run else verb
    counts = ", ".join((
        _n("{count} new value", "{count} new values", len(report.changes)).format(count=len(report.changes)),
        _n("{count} conflict", "{count} conflicts", len(report.conflicts)).format(count=len(report.conflicts)),
        _("{count} unchanged").format(count=report.unchanged),
    ))
    click.echo(f"{what}: {counts}" + (" " + _("(dry run, nothing written)") if dry_run else ""), err=True)


def _show_conflicts(exc: Any) -> None:
    echo_lines([shown(line) for line in getattr(exc, "conflicts", [])], "  ! ", limit=200)


@assess.command()
@click.option("--org", default=None, metavar="NAME", help="Name of the organisation assessed (with --from: the previous one's).")
@processes_option(help_text="Processes in scope (e.g. CHG,INC); with --from: the previous scope by default")
@click.option("--from", "previous_path", default=None, type=click.Path(exists=True, dir_okay=False),
              metavar="PREVIOUS.yaml",
              help="Start the next round of this assessment: same organisation, scope, targets and respondents; "
                   "its answers and open findings carried over as the starting point, marked carried_from.")
@click.option("--id", "assessment_id", default=None, metavar="ID", help="Assessment id; default: the organisation name and the start date.")
@click.option("--method", type=click.Choice(["audit", "self-assessment"]), default=None,
              help="How the evidence is gathered. Default: audit (with --from: the previous one's).")
@click.option("--assessor", "assessors", multiple=True, metavar="NAME", help="An assessor's name (repeatable).")
@click.option("--target", "targets", multiple=True, metavar="PROCESS=LEVEL",
              help="Target capability level of a process, e.g. CHG=3 (repeatable). Indicator rows go up to it.")
@click.option("--start", type=DATE, default=None,
              help="Start date of the assessment; default: today.")
@click.option("--end", type=DATE, default=None, help="End date of the assessment.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Bundled catalogue id or the path of a catalogue folder. Default: iso20000-1-2018 "
                   "(with --from: the previous one's).")
@document_lang_option("Language of the assessment, its workbook and the messages. Default: with --from the "
                      "previous one's, else $ITSM_ASSESS_LANG, the language setting (LANG) or English (en).")
@click.option("--with-indicators/--no-indicators", default=True, show_default=True,
              help="Add capability-indicator rows (PA2.1 and up) to the workbook.")
@click.option("--edition", type=click.Choice(["fieldwork", "questionnaire"]), default=None,
              help="fieldwork: the assessor's workbook (fieldwork.xlsx); questionnaire: plain-language questions "
                   "for staff (questionnaire.xlsx). Default: questionnaire for --method self-assessment, else fieldwork.")
@click.option("--questions", type=click.Choice(["short", "full"]), default="short", show_default=True,
              help="Questionnaire: the short set (at most 60 questions) or every requirement in scope.")
@output_option(default=".", folder=True, dest="out_dir", help_text="Folder for assessment.yaml and the workbook.")
@force_option(help_text="Overwrite assessment.yaml and the workbook if they exist.")
def new(org: str | None, process_ids: list[str], previous_path: str | None, assessment_id: str | None,
        method: str | None, assessors: tuple[str, ...], targets: tuple[str, ...], start: Any, end: Any,
        catalogue_ref: str | None, lang: str | None, with_indicators: bool, edition: str | None,
        questions: str, out_dir: str, force: bool) -> None:
    """Start an assessment: write assessment.yaml and the workbook to fill in.

    An audit gets the fieldwork workbook fieldwork.xlsx; a self-assessment the questionnaire
    questionnaire.xlsx that every respondent fills in (merge them back with `assess survey`).
    With --from the next round starts from the previous one.
    """
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.errors import InputError
    from itsm_assess.fieldwork.create import create_assessment, new_assessment

    target_levels: dict[str, int] = {}
    for t in targets:
        pid, sep, level = t.partition("=")
        if not sep or not level.strip().isdigit():
            raise InputError(_("--target {value!r}: expected PROCESS=LEVEL, e.g. CHG=3").format(value=t))
        target_levels[pid.strip()] = int(level)
    start_date, end_date = start, end
    notices: list[str] = []
    if previous_path:
        from itsm_assess.assessment import load_assessment
        from itsm_assess.fieldwork.rounds import next_round

        previous = load_assessment(previous_path)
        cat = load_catalogue(catalogue_ref or previous.assessment.catalogue)
        assessment, notices = next_round(previous, cat, assessment_id=assessment_id, processes=process_ids,
                                         start=start_date, end=end_date)
        info = assessment.assessment
        if org:
            info.organisation = org
        if method:
            info.method = method  # type: ignore[assignment]
        if lang:
            info.language = lang
        info.assessors = list(assessors) or info.assessors
        info.target_profile.update(target_levels)
    else:
        if not org:
            raise InputError(message("--org is required (or start the next round of an assessment with --from PREVIOUS.yaml)"))
        if not process_ids:
            raise InputError(message("--processes is required, e.g. --processes CHG,INC (list them: itsm-assess catalogue processes)"))
        cat = load_catalogue(catalogue_ref or "iso20000-1-2018")
        assessment = new_assessment(cat, org, process_ids, assessment_id=assessment_id, method=method or "audit",
                                    assessors=assessors, targets=target_levels, lang=lang or ui_language(), today=start_date)
        if end_date is not None:
            if end_date < assessment.assessment.start_date:
                raise InputError(message("--end {end_date} is before the start date {start_date}", end_date=end_date, start_date=assessment.assessment.start_date))
            assessment.assessment.end_date = end_date
    method = assessment.assessment.method
    edition = edition or ("questionnaire" if method == "self-assessment" else "fieldwork")
    yaml_path, xlsx_path = create_assessment(out_dir, cat, assessment, with_indicators=with_indicators, force=force,
                                             edition=edition, full=questions == "full")
    note = _("note")
    for line in notices:
        click.echo(f"{note}: {terminal_safe(line)}", err=True)
    click.echo(_("wrote {assessment_file} and {workbook} (assessment {id})").format(
        assessment_file=yaml_path, workbook=xlsx_path, id=assessment.assessment.id), err=True)
    if previous_path:
        carried = sum(1 for r in assessment.responses if r.carried_from)
        click.echo(_("carried over from {previous}: {answers} answer(s), {findings} open finding(s)").format(
            previous=assessment.assessment.previous, answers=carried, findings=len(assessment.findings)), err=True)


@assess.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--assessment", "assessment_path", default=None, type=click.Path(dir_okay=False),
              help="assessment.yaml to merge into; default: assessment.yaml beside the workbook.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@force_option(help_text="Take the workbook's values where they differ from assessment.yaml, and merge by id "
                   "a workbook made from another catalogue version.")
@click.option("--dry-run", is_flag=True, help="Check and report what would change; write nothing.")
@messages_lang_option()
def import_(workbook: str, assessment_path: str | None, catalogue_ref: str | None, force: bool, dry_run: bool) -> None:
    """Merge a filled fieldwork workbook into assessment.yaml (conflicts need --force)."""
    from pathlib import Path

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.errors import ConflictError
    from itsm_assess.fieldwork.merging import import_fieldwork

    target = assessment_path or str(Path(workbook).parent / "assessment.yaml")
    if assessment_path is None and not Path(target).is_file():
        from itsm_assess.errors import InputError
        from itsm_assess.loading import display_path

        raise InputError(_("{path}: no such file; `assess import` merges into the assessment.yaml beside the "
                           "workbook unless --assessment names another").format(path=display_path(target)))
    cat = load_catalogue(catalogue_ref) if catalogue_ref else None
    try:
        report = import_fieldwork(workbook, target, catalogue=cat, force=force, dry_run=dry_run)
    except ConflictError as exc:
        _show_conflicts(exc)
        raise
    _print_report(report, dry_run=dry_run, verb=_("merged into {path}").format(path=target))


@assess.command()
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(exists=True, dir_okay=False))
@output_option(required=True, help_text="Workbook to write (.xlsx).")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@document_lang_option("Language of the workbook; default: the assessment's.")
@click.option("--with-indicators/--no-indicators", default=True, show_default=True,
              help="Add capability-indicator rows (PA2.1 and up).")
@force_option(help_text="Overwrite the output file if it exists.")
def export(assessment_path: str, output: str, catalogue_ref: str | None, lang: str | None,
           with_indicators: bool, force: bool) -> None:
    """Write a fieldwork workbook pre-filled with the answers in assessment.yaml."""
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.fieldwork.writing import write_fieldwork

    assessment = load_assessment(assessment_path)
    cat = load_catalogue(catalogue_ref or assessment.assessment.catalogue)
    write_fieldwork(cat, assessment, output, with_indicators=with_indicators, lang=lang, force=force)
    click.echo(_("wrote {path}").format(path=output), err=True)


@assess.command()
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(exists=True, dir_okay=False))
@click.option("--tool", type=click.Choice(["forms", "webropol"]), required=True,
              help="forms: a .docx for Microsoft Forms' quick import; webropol: an .xlsx question list for Webropol.")
@output_option(required=True, help_text="File to write (.docx or .xlsx).")
@click.option("--questions", type=click.Choice(["short", "full"]), default="short", show_default=True,
              help="The short set (at most 60 questions) or every requirement in scope.")
@click.option("--comments", is_flag=True, help="Add an optional comment question after each question.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@document_lang_option("Language of the questions; default: the assessment's.")
@force_option(help_text="Overwrite the output file if it exists.")
def form(assessment_path: str, tool: str, output: str, questions: str, comments: bool, catalogue_ref: str | None,
         lang: str | None, force: bool) -> None:
    """Write the questionnaire as a question list for Microsoft Forms or Webropol.

    The tools' response exports (Excel or CSV, one row per respondent) then merge with
    `assess survey` without a --map: headers are matched by question text, answers by label.
    """
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.fieldwork.forms import write_form

    assessment = load_assessment(assessment_path)
    cat = load_catalogue(catalogue_ref or assessment.assessment.catalogue)
    written = write_form(cat, assessment, output, tool=tool, full=questions == "full", lang=lang,
                         comments=comments, force=force)
    click.echo(_n("wrote {path}: {count} question for {tool}", "wrote {path}: {count} questions for {tool}",
                  len(written)).format(path=output, count=len(written), tool=tool), err=True)


@assess.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--assessment", "assessment_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="assessment.yaml to write the aggregated answers into.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@click.option("--map", "map_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="YAML file mapping column headers to item ids and answer texts to ratings.")
@click.option("--by", type=click.Choice(["auto", "id", "text"]), default="auto", show_default=True,
              help="Match export columns to items by item id in the header, by question text, or either (auto).")
@click.option("--min-group", type=click.IntRange(1), metavar="COUNT", default=3, show_default=True,
              help="Show results and comments by role only for roles with at least this many respondents.")
@click.option("--include-names", is_flag=True,
              help="Keep respondents' names (Response.respondent); by default names are dropped.")
@force_option(help_text="Take the survey's values where they differ from assessment.yaml.")
@click.option("--dry-run", is_flag=True, help="Aggregate and report; write nothing.")
@lang_option
def survey(files: tuple[str, ...], assessment_path: str, catalogue_ref: str | None, map_path: str | None,
           by: str, min_group: int, include_names: bool, force: bool, dry_run: bool, lang: str) -> None:
    """Aggregate filled workbooks or a survey export (CSV/XLSX, a row per respondent).

    Per item: the consensus rating (median on N < P < L < F, the lower middle value on a
    tie), the spread (interquartile range in scale steps), the number of respondents and a
    disagreement flag (spread of 2 steps or more).
    """
    import sys

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.errors import ConflictError
    from itsm_assess.fieldwork.survey import import_survey

    cat = load_catalogue(catalogue_ref) if catalogue_ref else None
    bar: Any = None
    shown = [0]

    def progress(done: int, total: int | None) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total or 0, label=_("respondents"), file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown[0])
        shown[0] = done

    use_bar = sys.stderr.isatty()
    try:
        report, tally = import_survey(files, assessment_path, catalogue=cat, by=by, map_path=map_path,
                                      include_names=include_names, force=force, dry_run=dry_run, min_group=min_group,
                                      progress=progress if use_bar else None)
    except ConflictError as exc:
        _show_conflicts(exc)
        raise
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    no_role = _("(no role)")
    roles = ", ".join(f"{r or no_role} {n}" for r, n in tally.roles.most_common(20))
    if len(tally.roles) > 20:
        roles += ", " + _("... ({count} roles)").format(count=len(tally.roles))
    click.echo(terminal_safe(_n("{count} respondent", "{count} respondents", tally.respondents)
                             .format(count=tally.respondents) + (f": {roles}" if roles else "")), err=True)
    from itsm_assess.fieldwork.survey import counts_text, polarised

    flagged, flagged_ids = [], []
    for item_id in tally.item_ids():
        s = tally.summary(item_id)
        counts = tally.counts_of(item_id)
        if s.disagreement or polarised(counts):
            flagged.append(f"{item_id} ({counts_text(counts, ui_language())})")
            flagged_ids.append(item_id)
    if flagged:
        click.echo(_n("to discuss, answers far apart on {count} item:", "to discuss, answers far apart on {count} items:",
                      len(flagged)).format(count=len(flagged)), err=True)
        for line in flagged[:SHOWN]:
            click.echo(f"  {line}", err=True)
        if len(flagged) > SHOWN:
            click.echo("  " + _n("… and one more", "… and {count} more", len(flagged) - SHOWN).format(
                count=len(flagged) - SHOWN), err=True)
        if any("DK" in tally.counts_of(item_id) for item_id in flagged_ids):
            from itsm_assess.fieldwork.survey import SHOWN_CODES
            from itsm_assess.i18n import pgettext_for

            click.echo("  " + _("({code} = don't know)").format(code=pgettext_for(ui_language())(*SHOWN_CODES["DK"])),
                       err=True)
    comments = sum(len(v) for v in tally.comments.values())
    if comments:
        click.echo(_n("{count} comment kept", "{count} comments kept", comments).format(count=comments), err=True)
    _print_report(report, dry_run=dry_run, verb=_("merged into {path}").format(path=assessment_path))


@assess.command()
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(exists=True, dir_okay=False))
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in assessment.yaml.")
@click.option("--model", "model_ref", default=None, metavar="ID|PATH",
              help="Scoring model whose severities apply; default: the assessment's scoring_model.")
@click.option("--previous", "previous_path", default=None, type=click.Path(exists=True, dir_okay=False),
              metavar="PREVIOUS.yaml",
              help="The previous round (the assessment this one was started from with `assess new --from`): "
                   "every finding open there must still be here, so that none disappears without a closure.")
@messages_lang_option(OUTPUT_LANG_HELP)
def check(assessment_path: str, catalogue_ref: str | None, model_ref: str | None, previous_path: str | None) -> None:
    """Check an assessment's consistency: one located line per problem.

    Contradictions an auditor would not sign (an NA carrying a nonconformity, a direct attribute
    rating far from its evidence with no reason) are errors: exit status 2. Gaps in the record
    (an NA without justification, a rating below F with no NC or OFI decision, a response grade the
    findings register contradicts) are warnings. The scoring model sets each rule's severity; the
    rules are in docs/scoring.md. The findings register is checked too: a nonconformity closed
    without a verification of effectiveness is an error; a status without its record or a
    skipped step is a warning. With --previous, a finding open in the previous round and absent
    from this one is an error.
    """
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_assessment_with_catalogue
    from itsm_assess.scoring.consistency import check_assessment, check_followup
    from itsm_assess.scoring.model import load_scoring_model

    assessment, cat = load_assessment_with_catalogue(assessment_path, catalogue_ref)
    model = load_scoring_model(model_ref or assessment.assessment.scoring_model)
    found = check_assessment(assessment, cat, model)
    if previous_path:
        found += check_followup(assessment, load_assessment(previous_path), model)
    lang = ui_language()
    for p in found:
        click.echo(p.line(lang=lang))
    errors = sum(1 for p in found if p.severity == "error")
    click.echo(_("{path}: {errors}, {warnings}").format(
        path=assessment_path, errors=_n("{count} error", "{count} errors", errors).format(count=errors),
        warnings=_n("{count} warning", "{count} warnings", len(found) - errors).format(count=len(found) - errors)),
        err=True)
    if errors:
        raise SystemExit(2)
