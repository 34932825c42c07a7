"""``itsm-assess change``: classify changes against a change policy, in one or thousands, and guide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    _,
    _n,
    force_option,
    format_option,
    lang_option,
    messages_lang_option,
    output_option,
    shown,
    terminal_safe,
    ui_language,
)
from itsm_assess.i18n import lower_first, message

POLICY_HELP = "Change policy YAML file (default: the bundled default policy; see `change init-policy`)."


def _policy_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--policy", "-p", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
                        help=POLICY_HELP)(f)


@click.group(cls=HelpGroup)
def change() -> None:
    """Classify changes against the change policy (ISO/IEC 20000-1:2018 8.5.1-8.5.3).

    The policy names the items under change control, the categories (standard models,
    emergency criteria) and the impact criteria. Each change gets its category, impact,
    route (8.5.2 or 8.5.1.3, plus 8.5.3 for deployments), approvals and artefacts, with the
    reasons.
    """


@change.command("init-policy")
@output_option(default="change-policy.yaml", help_text="Where to write the copy of the default policy.")
@force_option
@messages_lang_option()
def init_policy(output: str, force: bool) -> None:
    """Copy the documented default policy (English and Finnish) for editing; its guidance comments
    follow --lang."""
    from itsm_assess.change_impact.policy import policy_template
    from itsm_assess.files import refuse_overwrite, write_text_atomic

    refuse_overwrite([output], force=force)
    write_text_atomic(output, policy_template(ui_language()))
    click.echo(_("wrote {path}; edit it, then check it with `itsm-assess change guide --policy {path} --format md`")
               .format(path=output), err=True)


@change.command()
@click.argument("change_file", metavar="[CHANGE.yaml]", required=False, type=click.Path(dir_okay=False))
@_policy_option
@click.option("--set", "assignments", multiple=True, metavar="ATTR=VALUE",
              help="Set an attribute of the change (repeatable), e.g. --set outage_minutes=90; "
                   "overrides the same attribute in CHANGE.yaml. Lists are comma-separated.")
@click.option("--kind", type=click.Choice(["new-service", "service-removal", "service-transfer", "modification"]),
              help="Kind of change (same as --set kind=...).")
@format_option(["text", "json"], default="text",
               help_text="text for people; json is the stable contract (category, impact, route, "
                   "release_required, approvals, artefacts, rationale, missing); ids stay as they are, "
                   "each rationale entry also has its text in --lang.")
@lang_option
def classify(change_file: str | None, policy_path: str | None, assignments: tuple[str, ...], kind: str | None,
             fmt: str, lang: str) -> None:
    """Classify one change: from a YAML file of attributes, from --set options, or both."""
    from itsm_assess.change_impact import classify as run_classify
    from itsm_assess.change_impact import (
        format_classification,
        load_policy,
        record_from_mapping,
    )
    from itsm_assess.errors import InputError
    from itsm_assess.loading import load_yaml

    policy = load_policy(policy_path)
    problems: list[str] = []
    record = {}
    if change_file:
        doc = load_yaml(change_file)
        data = doc.data
        if isinstance(data, dict) and set(data) == {"change"}:
            data = data["change"]
            record = record_from_mapping(data, policy, lambda key: doc.where(("change", *key)), problems)
        else:
            record = record_from_mapping(data, policy, lambda key: doc.where(key), problems)
    extra: dict[str, str] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            problems.append(_("--set {item}: expected ATTR=VALUE").format(item=item))
            continue
        extra[key.strip()] = value
    if kind:
        extra["kind"] = kind
    record.update(record_from_mapping(extra, policy, lambda key: f"--set {key[0]}", problems))
    if problems:
        raise InputError(problems)
    if not change_file and not extra:
        raise click.UsageError(_("give a CHANGE.yaml file or attributes with --set / --kind"))
    result = run_classify(record, policy, validate=False)
    if fmt == "json":
        import json

        from itsm_assess.change_impact.explain import localized_rationale

        data = result.to_dict()
        data["rationale"] = localized_rationale(result.rationale, policy, lang)  # adds each reason's text in --lang
        click.echo(terminal_safe(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        click.echo(terminal_safe(format_classification(result, policy, lang)), nl=False)


@change.command()
@click.argument("export", metavar="EXPORT.csv|EXPORT.xlsx", type=click.Path(dir_okay=False))
@_policy_option
@click.option("--map", "map_ref", default="servicenow", show_default=True, metavar="servicenow|jira|FILE",
              help="Column map: a bundled one (servicenow, jira) or your own YAML map file.")
@output_option(required=True,
               help_text="Workbook to write: every change classified, summary, deviations, rejected rows.")
@click.option("--summary-json", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write the summary (totals by category, route, impact; deviations) as JSON; "
                   "each deviation's reason is in --lang.")
@click.option("--listing", "listing_path", type=click.Path(dir_okay=False), metavar="FILE.csv",
              help="Write the listing of every change to this CSV instead of the workbook's Changes sheet; "
                   "automatic (OUTPUT-changes.csv) for exports of more than 50,000 changes.")
@click.option("--strict", is_flag=True,
              help="Exit with code 1 when any row is rejected or classified incomplete (attributes missing, a "
                   "service not under change control); the outputs are still written.")
@force_option
@lang_option
def batch(export: str, policy_path: str | None, map_ref: str, output: str, summary_json: str | None,
          listing_path: str | None, strict: bool, force: bool, lang: str) -> None:
    """Classify every change record of a service management tool export and find deviations.

    Rows with values that do not fit, or with no attribute to classify by, are rejected and reported
    by row and column; the rest are classified. A deviation is a change whose recorded category,
    approvals or route fall short of what the policy requires (e.g. recorded as standard but with
    potential major impact), or that names a service the policy does not list under change control.

    Exit codes: 0 done; 1 with --strict when any row is rejected or incomplete; 2 bad input, or
    every row rejected (no output is written then).

    An export of more than 50,000 changes gets its per-change listing (and deviations, when
    that many) as CSV beside the workbook, which keeps the summary; all outputs are written as
    a set: every one in full, or none.
    """
    import contextlib
    import sys
    from pathlib import Path

    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.batch import (
        WORKBOOK_LISTING_MAX,
        ListingCsv,
        classify_export,
        summary,
        write_batch_workbook,
        write_deviations_csv,
        write_summary_json,
    )
    from itsm_assess.change_impact.maps import load_column_map
    from itsm_assess.errors import InputError
    from itsm_assess.files import atomic_path, refuse_overwrite
    from itsm_assess.loading import check_regular_file

    policy = load_policy(policy_path)
    cmap = load_column_map(map_ref)
    check_regular_file(export, message("a .csv or .xlsx export"))
    lines = None
    if export.lower().endswith((".csv", ".txt")):
        with open(export, "rb") as fh:  # rows ~ lines: a quick count (progress bar, where the listing goes)
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))

    def beside(suffix: str) -> str:
        return str(Path(output).with_name(Path(output).stem + suffix))

    if listing_path is None and lines is not None and lines - 1 > WORKBOOK_LISTING_MAX:
        listing_path = beside("-changes.csv")
    refuse_overwrite([output] + [p for p in (summary_json, listing_path) if p], force=force)
    deviations_path = None
    # Every output is written in full to a temporary file before any is put in place: all, or none.
    with contextlib.ExitStack() as outputs:
        def temporary(path: str) -> Path:
            return outputs.enter_context(atomic_path(path, claim_unnamed=False))

        xlsx_tmp = temporary(output)
        json_tmp = temporary(summary_json) if summary_json else None
        with contextlib.ExitStack() as stack:
            listing = stack.enter_context(ListingCsv(temporary(listing_path), policy, lang)) if listing_path else None
            bar = (stack.enter_context(click.progressbar(length=max(lines - 1, 1), label=_("classifying"),
                                                         file=sys.stderr, show_pos=True))
                   if sys.stderr.isatty() and lines is not None else None)
            result = classify_export(export, policy, cmap, progress=bar.update if bar else None,
                                     listing=listing.add if listing else None)
        for row in result.rejected:
            for problem in row.problems:
                click.echo(_("warning: {problem}; the row is rejected").format(problem=shown(problem)), err=True)
        if result.rejected and not result.total:
            raise InputError(_("{export}: every row ({count}) was rejected; nothing classified, nothing written "
                               "(check the map {map} against the export)").format(
                export=export, count=len(result.rejected), map=repr(cmap.file.map.id)))
        if listing_path is None and len(result.rows) > WORKBOOK_LISTING_MAX:  # an xlsx export: listed after
            listing_path = beside("-changes.csv")
            refuse_overwrite([listing_path], force=force)
            _write_listing(result, policy, lang, temporary(listing_path))
        if len(result.deviations) > WORKBOOK_LISTING_MAX:
            deviations_path = beside("-deviations.csv")
            refuse_overwrite([deviations_path], force=force)
            write_deviations_csv(result, policy, temporary(deviations_path), lang)
        data = summary(result, policy, lang, with_deviations=False)
        write_batch_workbook(result, policy, xlsx_tmp, lang, data, listed_in=listing_path,
                             deviations_in=deviations_path)
        if json_tmp is not None:
            # Past the summary's bound the deviations are listed in full in the CSV, or in the workbook.
            write_summary_json(json_tmp, data, result, policy, lang, listed_in=Path(deviations_path or output).name)
    names = data["labels"][lang]
    cats = ", ".join(f"{lower_first(names['category'].get(k, k))} {v}" for k, v in data["by_category"].items())
    routes = ", ".join(f"{names['route'].get(k, k)} {v}" for k, v in data["by_route"].items())
    # Each count worded for its number: "1 change classified", "1 deviation in 1 change" (fi "1 kerran").
    changes = data["changes_with_deviations"]
    in_changes = _n("in {count} change", "in {count} changes", changes).format(count=changes)
    click.echo("; ".join((
        _n("{count} change classified ({categories}; {routes})", "{count} changes classified ({categories}; {routes})",
           data["total"]).format(count=data["total"], categories=cats, routes=routes),
        _("{count} incomplete").format(count=data["incomplete"]),
        _n("{count} deviation {in_changes}", "{count} deviations {in_changes}", len(result.deviations)).format(
            count=len(result.deviations), in_changes=in_changes),
        _("rejected rows: {count}").format(count=data["rejected_rows"]),
    )))
    csvs = [p for p in (listing_path, deviations_path) if p]
    if summary_json and not csvs:
        click.echo(_("wrote {path} and {summary}").format(path=output, summary=summary_json), err=True)
    else:
        click.echo(_("wrote {path}").format(path=", ".join([output] + [p for p in (summary_json, *csvs) if p])),
                   err=True)
    if strict and (result.rejected or data["incomplete"]):
        click.echo(_("error: --strict: rejected rows: {rejected}, incomplete: {incomplete}").format(
            rejected=data["rejected_rows"], incomplete=data["incomplete"]), err=True)
        raise SystemExit(1)


def _write_listing(result: Any, policy: Any, lang: str, path: Any) -> None:
    """The listing of an export read whole (xlsx) and too long for the workbook, as CSV."""
    from itsm_assess.change_impact.batch import ListingCsv

    by_id: dict[str, list[Any]] = {}
    for d in result.deviations:
        by_id.setdefault(d.change_id, []).append(d)
    with ListingCsv(path, policy, lang, result.memo) as listing:
        for row in result.rows:
            listing.add(row, by_id.get(row[1], []))


@change.command("init-map")
@click.option("--from", "source", type=click.Choice(["servicenow", "jira"]), default="servicenow", show_default=True,
              help="The bundled map to copy.")
@output_option(default="change-map.yaml", help_text="Where to write the copy.")
@force_option
@messages_lang_option()
def init_map(source: str, output: str, force: bool) -> None:
    """Copy a bundled column map (ServiceNow or Jira export) for editing."""
    from itsm_assess.change_impact.maps import bundled_map_path
    from itsm_assess.files import refuse_overwrite, write_text_atomic

    refuse_overwrite([output], force=force)
    write_text_atomic(output, bundled_map_path(source).read_bytes())
    click.echo(_("wrote {path}; edit it, then use it with `itsm-assess change batch EXPORT --map {path} -o out.xlsx`")
               .format(path=output), err=True)


@change.command()
@_policy_option
@format_option(["html", "md", "xlsx"], default="html",
               help_text="html (one self-contained page), md (Markdown) or xlsx (one sheet per section).")
@output_option(required=True, help_text="File to write.")
@click.option("--exercise", is_flag=True,
              help="Exercise edition for course participants: the worked examples without their answers.")
@force_option
@lang_option
def guide(policy_path: str | None, fmt: str, output: str, exercise: bool, force: bool, lang: str) -> None:
    """Render the policy as guidance: decision flow, criteria, approvals, artefacts, worked examples."""
    from itsm_assess.change_impact import load_policy
    from itsm_assess.change_impact.guide import write_guide
    from itsm_assess.files import refuse_overwrite

    refuse_overwrite([output], force=force)
    write_guide(load_policy(policy_path), fmt, output, lang, exercise=exercise)
    click.echo(_("wrote {path}").format(path=output), err=True)
