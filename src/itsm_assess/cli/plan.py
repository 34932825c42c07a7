"""``itsm-assess plan``: sampling, the audit programme, the audit plan and what goes with it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    DATE,
    _,
    catalogue_option,
    document_lang_option,
    emit,
    force_option,
    lang_option,
    messages_lang_option,
    output_option,
    processes_option,
)
from itsm_assess.i18n import message

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.planning.audit_plan import AuditPlan


@click.group(cls=HelpGroup)
def plan() -> None:
    """Plan an audit engagement: site and record samples, the certification programme, the audit plan."""


@plan.command()
@click.option("--sites", "sites_path", required=True, type=click.Path(dir_okay=False),
              help="sites.yaml: every site, one marked central: true; chosen: true for the auditor's picks.")
@click.option("--stage", type=click.Choice(["initial", "surveillance", "recertification"]), required=True,
              help="Audit of the cycle: sample ⌈√x⌉ initially, ⌈0.6√x⌉ at surveillance, ⌈0.8√x⌉ at recertification.")
@click.option("--seed", type=int, metavar="NUMBER", required=True, help="Seed of the random draw (write it down: it repeats the draw).")
@lang_option
@output_option(help_text="File to write: .md, or .xlsx for a workbook; default: standard output (Markdown).")
@force_option
def sample(sites_path: str, stage: str, seed: int, lang: str, output: str | None, force: bool) -> None:
    """Choose the sites to visit by IAF MD 1 and write down how each was chosen (Markdown, or .xlsx)."""
    from itsm_assess.planning.sampling import load_sites, sample_sites, site_sample_markdown, site_sample_table

    workbook = _text_or_workbook(output, workbook=True)
    drawn = sample_sites(load_sites(sites_path), stage, seed)
    if workbook and output is not None:
        from itsm_assess.files import refuse_overwrite
        from itsm_assess.planning.tables import write_tables_xlsx

        refuse_overwrite([output], force=force)
        write_tables_xlsx(output, [site_sample_table(drawn, lang)], lang=lang)
        click.echo(_("wrote {path}").format(path=output), err=True)
        return
    emit(site_sample_markdown(drawn, lang), output, force=force)


def _text_or_workbook(output: str | None, *, workbook: bool = False) -> bool:
    """Whether ``output`` names a workbook (.xlsx, where the command writes one); a file name of
    another binary format is refused, so that Markdown never lands in a file Excel cannot open."""
    from pathlib import Path

    from itsm_assess.errors import InputError

    suffix = Path(output).suffix.lower() if output else ""
    if workbook and suffix == ".xlsx":
        return True
    if suffix in (".xlsx", ".xls", ".ods", ".docx", ".odt", ".pptx", ".pdf", ".html", ".htm"):
        raise InputError(message("{path}: this command writes Markdown; give a .md file name", path=output)
                         if not workbook else
                         message("{path}: expected a .md or .xlsx file name", path=output))
    return False


@plan.command()
@click.option("--population", type=click.IntRange(min=0), metavar="COUNT", default=None,
              help="Number of records in the period (e.g. changes closed in the last 12 months).")
@click.option("--ids", "ids_path", type=click.Path(dir_okay=False), default=None,
              help="A text file of record ids, one a line: the sample is drawn from them.")
@click.option("--seed", type=int, metavar="NUMBER", default=None, help="Seed of the random draw (with --ids).")
@click.option("--table", "table_path", type=click.Path(dir_okay=False), default=None,
              help="Your own sample-size table (YAML bands), e.g. a certification body's; default: the square-root rule.")
@lang_option
@output_option
@force_option
def records(population: int | None, ids_path: str | None, seed: int | None, table_path: str | None,
            lang: str, output: str | None, force: bool) -> None:
    """How many records to sample from a population, and with --ids and --seed which ones (Markdown)."""
    from itsm_assess.errors import InputError
    from itsm_assess.loading import read_limited
    from itsm_assess.planning.sampling import load_sampling_table, record_sample_markdown, sample_records

    _text_or_workbook(output)
    if (population is None) == (ids_path is None):
        raise InputError(_("give either --population N or --ids FILE"))
    if ids_path is not None and seed is None:
        raise InputError(_("--ids needs --seed (the draw is written down with its seed)"))
    table = load_sampling_table(table_path) if table_path else None
    if ids_path is not None:
        raw = read_limited(ids_path, 50_000_000, message("a list of record ids"))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(message("{path}: not UTF-8 text; expected one record id a line", path=ids_path)) from None
        result = sample_records([line.strip() for line in text.splitlines() if line.strip()], seed, table)
    else:
        assert population is not None
        result = sample_records(population, seed, table)
    emit(record_sample_markdown(result, lang), output, force=force)


@plan.command()
@catalogue_option
@processes_option(help_text="Only these processes (default: every process of the catalogue)")
@click.option("--start", "stage1", required=True, type=DATE,
              help="Date of the stage 1 audit.")
@click.option("--stage2", type=DATE, default=None,
              help="Date of the stage 2 audit; default: six weeks after stage 1.")
@click.option("--decision", type=DATE, default=None,
              help="Date of the certification decision; default: four weeks after stage 2.")
@lang_option
@output_option(required=True, help_text="File to write: .xlsx or .md.")
@force_option
def programme(catalogue_ref: str, process_ids: list[str], stage1: dt.date, stage2: dt.date | None,
              decision: dt.date | None, lang: str, output: str, force: bool) -> None:
    """The three-year certification audit programme as a calendar matrix of visits and clauses."""
    from pathlib import Path

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.errors import InputError
    from itsm_assess.files import refuse_overwrite
    from itsm_assess.planning.programme import build_programme, programme_problems, programme_tables
    from itsm_assess.planning.tables import tables_markdown, write_tables_xlsx

    suffix = Path(output).suffix.lower()
    if suffix not in (".xlsx", ".md"):
        raise InputError(_("{path}: expected a .xlsx or .md file name").format(path=output))
    refuse_overwrite([output], force=force)
    cat = load_catalogue(catalogue_ref)
    for pid in process_ids:
        cat.process(pid)
    try:
        result = build_programme(cat, stage1, stage2=stage2,
                                 decision=decision, processes=process_ids or None)
    except ValueError as exc:
        raise InputError(_problem(exc)) from None
    problems = programme_problems(result)
    if problems:
        raise InputError(problems)
    tables = programme_tables(result, lang)
    if suffix == ".xlsx":
        write_tables_xlsx(output, tables, lang=lang)
    else:
        emit(tables_markdown(tables[0].title, tables), output, force=force)
        return
    click.echo(_("wrote {path}").format(path=output), err=True)


def _problem(exc: ValueError) -> str:
    """The problem a ValueError of the library carries, kept as the translatable message it was
    raised with (``str(exc)`` would fix it in English)."""
    from itsm_assess.i18n import Message

    return exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)


def _plan_folder(output: str, force: bool) -> None:
    from pathlib import Path

    from itsm_assess.errors import InputError
    from itsm_assess.files import refuse_overwrite

    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InputError(_("{path}: not a folder").format(path=output))
    names = ("plan.yaml", "plan.md", "plan.html", "plan.xlsx", "plan.ics")
    refuse_overwrite([folder / n for n in names], force=force)


@plan.command("new")
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(dir_okay=False, exists=True))
@click.option("--days", type=click.IntRange(1, 20), metavar="DAYS", required=True, help="Working days on site.")
@click.option("--start", required=True, type=DATE,
              help="First day of the audit; when it falls on a weekend, the audit starts on the following Monday.")
@click.option("--auditors", default=None, metavar="NAME[,NAME...]",
              help="Audit team, comma-separated, lead auditor first; default: the assessment's assessors.")
@processes_option(help_text="Only these processes (default: the assessment's scope)")
@click.option("--sites", "sites_path", default=None, type=click.Path(dir_okay=False, exists=True),
              help="sites.yaml of a multi-site organisation: the plan records the sites to visit, chosen by "
                   "IAF MD 1 (as `plan sample`), with --stage and --seed.")
@click.option("--stage", type=click.Choice(["initial", "surveillance", "recertification"]), default="initial",
              show_default=True, help="With --sites: the audit of the cycle, which sets the sample size.")
@click.option("--seed", type=int, metavar="NUMBER", default=None, help="With --sites: seed of the random draw (recorded in plan.yaml).")
@click.option("--travel", "travel", type=click.IntRange(0, 720), default=60, show_default=True, metavar="MINUTES",
              help="With --sites: minutes of travel to a site whose travel_minutes sites.yaml does not give; the "
                   "agenda puts the travel between sites in each auditor's day.")
@click.option("--min-on-site", "min_on_site", type=click.IntRange(0, 720), default=60, show_default=True,
              metavar="MINUTES",
              help="With --sites: minutes of audit a site visited needs at least (a short opening, one interview and "
                   "a closing); a site given less is warned of.")
@click.option("--time-zone", "time_zone", default=None, metavar="ZONE",
              help="Time zone of the agenda (IANA name, e.g. Europe/Helsinki), written into plan.ics so that calendars "
                   "abroad show the right hours; default: Europe/Helsinki for a Finnish plan, otherwise local times.")
@lang_option
@output_option(required=True, folder=True,
               help_text="Folder to write plan.yaml (the editable plan) and plan.md, .html, .xlsx and .ics into.")
@force_option
def new_plan(assessment_path: str, days: int, start: dt.date, auditors: str | None, process_ids: list[str],
             sites_path: str | None, stage: str, seed: int | None, travel: int, min_on_site: int, time_zone: str | None,
             lang: str, output: str, force: bool) -> None:
    """Draft the audit plan of an assessment: objectives, scope, criteria, dates and an agenda per auditor.

    With --sites the plan also holds the site sample (central function, judgement choices and the
    seeded random draw with its keys), rendered in every output.
    """
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.cli.options import parse_csv_list
    from itsm_assess.errors import InputError
    from itsm_assess.planning.audit_plan import build_plan, is_time_zone, plan_to_yaml
    from itsm_assess.planning.plan_render import write_plan_outputs

    if sites_path is not None and seed is None:
        raise InputError(_("--sites needs --seed (the draw is written down with its seed)"))
    if time_zone is not None and not is_time_zone(time_zone):
        raise InputError(message("--time-zone: {zone!r} is not a time zone of the IANA database (e.g. Europe/Helsinki)",
                                 zone=time_zone))
    _plan_folder(output, force)
    assessment = load_assessment(assessment_path)
    info = assessment.assessment
    cat = load_catalogue(info.catalogue)
    team = parse_csv_list(auditors) if auditors else list(info.assessors)
    if not team:
        raise InputError(_("{path}: no assessors listed; name the audit team with --auditors").format(path=assessment_path))
    processes = process_ids or list(info.scope.processes)
    outside = [p for p in processes if p not in info.scope.processes]
    if outside:
        raise InputError(_("{path}: processes outside the assessment's scope: {ids}").format(
            path=assessment_path, ids=", ".join(outside)))
    site_sample = None
    if sites_path is not None:
        from itsm_assess.planning.audit_plan import PlanSites
        from itsm_assess.planning.sampling import load_sites, sample_sites

        assert seed is not None
        site_sample = PlanSites.from_sample(sample_sites(load_sites(sites_path), stage, seed), travel_minutes=travel,
                                           min_on_site=min_on_site)
    try:
        draft = build_plan(cat, assessment_id=info.id, organisation=info.organisation, processes=processes,
                           start=start, days=days, auditors=team, language=lang,
                           scope_text=info.scope.description, sites=site_sample, time_zone=time_zone)
    except ValueError as exc:
        raise InputError(_problem(exc)) from None
    written = write_plan_outputs(draft, cat, output, plan_to_yaml(draft))
    for path in written:
        click.echo(_("wrote {path}").format(path=path), err=True)
    _warn(draft, cat)


def _warn(audit_plan: AuditPlan, catalogue: Catalogue) -> None:
    """What the plan's outputs list to check before it is sent: sites of the sample with no slot,
    what the agenda asks that an auditor cannot do (two places at once, no time to travel, a
    process left without time) and the sites it visits too briefly."""
    from itsm_assess.cli.options import shown
    from itsm_assess.planning.audit_plan import plan_warnings

    for problem in plan_warnings(audit_plan, catalogue):
        click.echo(_("warning: {problem}").format(problem=shown(problem)), err=True)


@plan.command("render")
@click.argument("plan_path", metavar="PLAN.yaml", type=click.Path(dir_okay=False, exists=True))
@output_option(folder=True,
               help_text="Folder to write plan.md, .html, .xlsx and .ics into; default: beside PLAN.yaml.")
@messages_lang_option()
def render_plan(plan_path: str, output: str | None) -> None:
    """Render an edited plan.yaml again as Markdown, HTML, xlsx and an iCalendar file."""
    from pathlib import Path

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.planning.audit_plan import load_plan
    from itsm_assess.planning.plan_render import write_plan_outputs

    edited = load_plan(plan_path)
    cat = load_catalogue(edited.catalogue)
    for pid in edited.processes:
        cat.process(pid)
    for path in write_plan_outputs(edited, cat, output or Path(plan_path).parent):
        click.echo(_("wrote {path}").format(path=path), err=True)
    _warn(edited, cat)


def _write_tables(kind: str, plan_path: str, output: str, lang: str | None, force: bool) -> None:
    from pathlib import Path

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.errors import InputError
    from itsm_assess.files import refuse_overwrite
    from itsm_assess.planning.audit_plan import load_plan
    from itsm_assess.planning.requests import guide_tables, guides_markdown, request_markdown, request_tables
    from itsm_assess.planning.tables import write_tables_xlsx

    suffix = Path(output).suffix.lower()
    if suffix not in (".xlsx", ".md"):
        raise InputError(_("{path}: expected a .xlsx or .md file name").format(path=output))
    refuse_overwrite([output], force=force)
    audit_plan = load_plan(plan_path)
    if lang:
        audit_plan = audit_plan.model_copy(update={"language": lang})
    cat = load_catalogue(audit_plan.catalogue)
    for pid in audit_plan.processes:
        cat.process(pid)
    documents = kind == "documents"
    if suffix == ".xlsx":
        tables = request_tables(cat, audit_plan) if documents else guide_tables(cat, audit_plan)
        write_tables_xlsx(output, tables, lang=audit_plan.language)
    else:
        from itsm_assess.files import write_text_atomic

        write_text_atomic(output, (request_markdown if documents else guides_markdown)(cat, audit_plan))
    click.echo(_("wrote {path}").format(path=output), err=True)


@plan.command()
@click.argument("plan_path", metavar="PLAN.yaml", type=click.Path(dir_okay=False, exists=True))
@output_option(required=True, help_text="File to write: .xlsx or .md.")
@document_lang_option("Language of the list and the messages; default: the plan's.")
@force_option
def documents(plan_path: str, output: str, lang: str | None, force: bool) -> None:
    """The pre-audit document request list: evidence of the plan's requirements, deduplicated, with the
    processes, roles and requirement ids each document or record serves."""
    _write_tables("documents", plan_path, output, lang, force)


@plan.command()
@click.argument("plan_path", metavar="PLAN.yaml", type=click.Path(dir_okay=False, exists=True))
@output_option(required=True, help_text="File to write: .xlsx (a sheet per role) or .md.")
@document_lang_option("Language of the guides and the messages; default: the plan's.")
@force_option
def guides(plan_path: str, output: str, lang: str | None, force: bool) -> None:
    """Interview guides, one per role: the questions of every requirement naming the role, in agenda order."""
    _write_tables("guides", plan_path, output, lang, force)
