"""``itsm-assess metrics``: KPIs from ticket exports, the staff survey and the scorecard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    _,
    force_option,
    format_option,
    lang_option,
    messages_lang_option,
    output_option,
    terminal_safe,
)

KINDS = {"incidents": "incident", "requests": "request", "changes": "change", "problems": "problem"}
#: What --map KIND=FILE can name: an export, or the customer-satisfaction results (--csat).
MAP_KINDS = {**KINDS, "csat": "csat"}


@click.group(cls=HelpGroup)
def metrics() -> None:
    """Productivity and wellbeing of a service organisation: KPIs, staff survey, scorecard.

    `compute` reads incident, service request, change and problem exports (ServiceNow, Jira
    Service Management or any CSV/XLSX through a column map) into KPIs per month and team;
    `survey` summarises the staff wellbeing survey; `report` joins both into a scorecard.
    """


@metrics.command()
@click.option("--incidents", "incidents_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Incident export (CSV or XLSX).")
@click.option("--requests", "requests_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Service request export (CSV or XLSX).")
@click.option("--changes", "changes_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Change export (CSV or XLSX).")
@click.option("--problems", "problems_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Problem export (CSV or XLSX).")
@click.option("--tool", type=click.Choice(["servicenow", "jira"]), default="servicenow", show_default=True,
              help="Which stock column maps read the exports (servicenow-incident, jira-change, ...).")
@click.option("--map", "maps", multiple=True, metavar="KIND=FILE",
              help="Your own column map for one export, e.g. --map incidents=incident-map.yaml (repeatable).")
@click.option("--period", metavar="YYYY-MM[..YYYY-MM]",
              help="Months to report, e.g. 2026-01..2026-04 (also written 1–4/2026). Default: the months of the data.")
@click.option("--staffing", "staffing_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="staffing.yaml: FTE per team and month, cost per FTE (for productivity and cost KPIs).")
@click.option("--csat", "csat_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Customer-satisfaction survey results (CSV or XLSX, a row per response with the ticket number), "
                   "joined to the incidents and requests. Columns and scale: --map csat=FILE (see init-map --from csat).")
@click.option("--per-person", is_flag=True,
              help="Add a breakdown per pseudonymised assignee (only after the co-operation procedure and the "
                   "workplace agreement that labour law requires).")
@click.option("--pseudonym-key", envvar="ITSM_ASSESS_PSEUDONYM_KEY", metavar="KEY",
              help="Secret that keeps pseudonyms stable between runs ($ITSM_ASSESS_PSEUDONYM_KEY). "
                   "Default: a new random key each run.")
@output_option(help_text="Write metrics.json here.")
@format_option(["text", "json"], default="text", help_text="What to print: a text summary, or the JSON itself.")
@force_option
@lang_option
def compute(incidents_path: str | None, requests_path: str | None, changes_path: str | None,
            problems_path: str | None, tool: str, maps: tuple[str, ...], period: str | None,
            staffing_path: str | None, csat_path: str | None, per_person: bool, pseudonym_key: str | None,
            output: str | None, fmt: str, force: bool, lang: str) -> None:
    """KPIs per month and team from ticket exports (docs/metrics.md defines each).

    A KPI whose fields the exports lack is reported as not computable, with the reason, never as
    zero. Figures are per team; --per-person adds pseudonymised individuals. --csat joins
    customer-satisfaction survey results to the tickets on the ticket number.
    """

    from itsm_assess.errors import InputError
    from itsm_assess.metrics.compute import compute_kpis, fields_needed, metrics_json, parse_period
    from itsm_assess.metrics.exports import bundled_map_name, load_metrics_map, read_export

    paths = {"incident": incidents_path, "request": requests_path, "change": changes_path, "problem": problems_path}
    map_refs: dict[str, str] = {}
    for item in maps:
        key, sep, value = item.partition("=")
        kind = MAP_KINDS.get(key.strip()) or (key.strip() if key.strip() in KINDS.values() else None)
        if not sep or kind is None or not value:
            raise click.UsageError(_("--map {item}: expected KIND=FILE with KIND one of {kinds}").format(
                item=item, kinds=", ".join(MAP_KINDS)))
        map_refs[kind] = value
    if not any(paths.values()):
        raise click.UsageError(_("give at least one export: --incidents, --requests, --changes or --problems"))
    if output:
        from itsm_assess.files import refuse_overwrite

        refuse_overwrite([output], force=force)
    months = parse_period(period) if period else None
    exports = {}
    for kind, path in paths.items():
        if path:
            cmap = load_metrics_map(map_refs.get(kind, bundled_map_name(tool, kind)), kind)
            exports[kind] = read_export(path, kind, cmap, fields=fields_needed(kind, per_person=per_person,
                                                                              csat=bool(csat_path)), check=False)
    responses = None
    if csat_path:
        from itsm_assess.metrics.csat import load_csat_map, read_responses

        responses = read_responses(csat_path, load_csat_map(map_refs.get("csat")))
    unused = sorted(set(map_refs) - set(exports) - ({"csat"} if csat_path else set()))
    if unused:
        raise InputError(_("--map {kinds}: no such export given").format(kinds=", ".join(unused)))
    staffing = None
    if staffing_path:
        from itsm_assess.metrics.staffing import load_staffing

        staffing = load_staffing(staffing_path)
    secret = None
    if per_person:
        from itsm_assess.metrics.people import new_key

        click.echo(_("warning: the per-person breakdown monitors individual employees: it needs the agreement "
                     "your labour rules require (in Finland the co-operation procedure and the Act on the "
                     "Protection of Privacy in Working Life) before it is used. Names are pseudonymised."), err=True)
        secret = pseudonym_key.encode("utf-8") if pseudonym_key else new_key()
    result = compute_kpis(exports, months, staffing, responses, people_key=secret)
    from itsm_assess.metrics.summary import summary_text

    _deliver(metrics_json(result), output, fmt, summary_text, lang)


@metrics.command("init-map")
@click.option("--from", "source", required=True, metavar="TOOL-KIND",
              type=click.Choice([f"{t}-{k}" for t in ("servicenow", "jira") for k in KINDS.values()] + ["csat"]),
              help="The bundled map to copy.")
@output_option(required=True, help_text="Where to write the copy.")
@force_option
@messages_lang_option()
def init_map(source: str, output: str, force: bool) -> None:
    """Copy a bundled column map to edit for your own export's columns."""
    from itsm_assess.files import refuse_overwrite, write_text_atomic
    from itsm_assess.resources import package_data

    refuse_overwrite([output], force=force)
    write_text_atomic(output, package_data("metrics", "maps", f"{source}.yaml").read_bytes())
    click.echo(_("wrote {path}").format(path=terminal_safe(output)), err=True)


@metrics.command()
@click.argument("responses", nargs=-1, required=True, metavar="EXPORT.csv|EXPORT.xlsx...",
                type=click.Path(dir_okay=False))
@click.option("--instrument", "instrument_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Your own instrument YAML (e.g. a licensed validated questionnaire). Default: the bundled one.")
@click.option("--group-column", metavar="HEADER", help="The column naming each respondent's team. "
              "Default: a column headed Team / Tiimi or the instrument's group question.")
@click.option("--min-group", type=int, metavar="COUNT", default=5, show_default=True,
              help="Smallest group reported; can be raised, never lowered below 5.")
@click.option("--previous", "previous_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="survey.json of the previous round: change since then per construct.")
@output_option(help_text="Write survey.json here.")
@format_option(["text", "json"], default="text", help_text="What to print: a text summary, or the JSON itself.")
@force_option
@lang_option
def survey(responses: tuple[str, ...], instrument_path: str | None, group_column: str | None, min_group: int,
           previous_path: str | None, output: str | None, fmt: str, force: bool, lang: str) -> None:
    """Staff wellbeing survey: results per construct from Forms, Webropol or workbook exports.

    A workplace development survey, not a validated clinical instrument. No group under
    --min-group respondents is reported; open answers only for groups that are.
    """

    from itsm_assess.metrics.wellbeing import load_instrument, read_responses, summarise

    if output:
        from itsm_assess.files import refuse_overwrite

        refuse_overwrite([output], force=force)
    inst = load_instrument(instrument_path)
    previous = None
    if previous_path:
        from itsm_assess.json_inputs import read_json

        previous = read_json(previous_path)
    data = summarise(read_responses(list(responses), inst, group_column=group_column), inst, min_group=min_group,
                     previous=previous)
    from itsm_assess.metrics.summary import survey_text

    _deliver(data, output, fmt, survey_text, lang)


@metrics.command("survey-form")
@click.option("--tool", type=click.Choice(["forms", "webropol", "workbook"]), required=True,
              help="forms: Word file for Microsoft Forms quick import; webropol: question sheet; "
                   "workbook: an Excel sheet with a row per respondent.")
@click.option("--instrument", "instrument_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Your own instrument YAML. Default: the bundled one.")
@output_option(required=True, help_text="Where to write the form.")
@force_option
@lang_option
def survey_form(tool: str, instrument_path: str | None, output: str, force: bool, lang: str) -> None:
    """Write the staff survey's questions for Forms, Webropol or as a response workbook."""
    from itsm_assess.files import refuse_overwrite
    from itsm_assess.metrics.wellbeing import load_instrument, write_survey_form

    refuse_overwrite([output], force=force)
    count = write_survey_form(load_instrument(instrument_path), output, tool=tool, lang=lang)
    click.echo(_("wrote {path} ({count} questions)").format(path=terminal_safe(output), count=count), err=True)


@metrics.command("report")
@click.option("--metrics", "metrics_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="metrics.json from `metrics compute`.")
@click.option("--survey", "survey_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="survey.json from `metrics survey`.")
@click.option("--scorecard", "scorecard_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Scorecard model YAML (default: the bundled balanced scorecard; see `metrics init-scorecard`).")
@output_option(required=True, multiple=True, dest="outputs",
               help_text="Write here; the suffix chooses the format: .html, .xlsx or .json (repeatable).")
@force_option
@lang_option
def report_(metrics_path: str | None, survey_path: str | None, scorecard_path: str | None, outputs: tuple[str, ...],
            force: bool, lang: str) -> None:
    """The scorecard: KPIs and survey constructs against targets, by perspective, with RAG status,
    monthly trend and team comparison (HTML, Excel with native charts, JSON)."""
    import json
    from pathlib import Path

    from itsm_assess.json_inputs import read_json
    from itsm_assess.metrics.scorecard import evaluate, load_scorecard

    if not metrics_path and not survey_path:
        raise click.UsageError(_("give --metrics, --survey or both"))
    suffixes = {".html", ".xlsx", ".json"}
    for out in outputs:
        if Path(out).suffix.lower() not in suffixes:
            raise click.UsageError(_("{path}: write .html, .xlsx or .json").format(path=out))
    from itsm_assess.files import refuse_overwrite

    refuse_overwrite(outputs, force=force)
    metrics_data = _read_kind(read_json(metrics_path), "itsm-assess-metrics", metrics_path) if metrics_path else None
    survey_data = _read_kind(read_json(survey_path), "itsm-assess-wellbeing", survey_path) if survey_path else None
    view = evaluate(load_scorecard(scorecard_path), metrics_data, survey_data, lang)
    for out in outputs:
        suffix = Path(out).suffix.lower()
        if suffix == ".json":
            from itsm_assess.files import write_text_atomic

            write_text_atomic(out, json.dumps(view, ensure_ascii=False, indent=2) + "\n")
        elif suffix == ".html":
            from itsm_assess.files import write_text_atomic
            from itsm_assess.metrics.render import render_scorecard_html

            write_text_atomic(out, render_scorecard_html(view))
        else:
            from itsm_assess.metrics.render import write_scorecard_xlsx

            write_scorecard_xlsx(view, out)
        click.echo(_("wrote {path}").format(path=terminal_safe(out)), err=True)


def _read_kind(data: object, kind: str, path: str) -> dict[str, object]:
    from itsm_assess.errors import InputError

    if not isinstance(data, dict) or data.get("format") != kind:
        raise InputError(_("{path}: not a {kind} file (its format field says otherwise)").format(path=path, kind=kind))
    return data


@metrics.command("init-scorecard")
@output_option(default="scorecard.yaml", help_text="Where to write the copy of the default scorecard.")
@force_option
@messages_lang_option()
def init_scorecard(output: str, force: bool) -> None:
    """Copy the bundled balanced scorecard (targets, weights) to edit."""
    from itsm_assess.files import refuse_overwrite, write_text_atomic
    from itsm_assess.metrics.scorecard import default_scorecard_path

    refuse_overwrite([output], force=force)
    write_text_atomic(output, default_scorecard_path().read_bytes())
    click.echo(_("wrote {path}").format(path=terminal_safe(output)), err=True)


def _deliver(data: dict[str, Any], output: str | None, fmt: str,
             summary: Callable[[dict[str, Any], str], str], lang: str) -> None:
    """Write the JSON to ``output`` (refused earlier when it exists without --force), print it when
    no file is named and JSON is asked, and print the text summary when text is asked."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output:
        from itsm_assess.files import write_text_atomic

        write_text_atomic(output, text)
        click.echo(_("wrote {path}").format(path=terminal_safe(output)), err=True)
    if fmt == "json" and not output:
        click.echo(terminal_safe(text), nl=False)
    elif fmt == "text":
        click.echo(terminal_safe(summary(data, lang)), nl=False)
