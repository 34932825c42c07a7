"""``itsm-assess catalogue``: list, show, validate, export and count the requirements catalogues."""

from __future__ import annotations

from typing import Any

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    OUTPUT_LANG_HELP,
    _,
    emit,
    force_option,
    format_option,
    lang_option,
    messages_lang_option,
    output_option,
    processes_option,
    shown,
    ui_language,
)


@click.group(cls=HelpGroup)
def catalogue() -> None:
    """Browse, validate and export requirements catalogues."""


@catalogue.command("list")
@messages_lang_option(OUTPUT_LANG_HELP)
def list_() -> None:
    """List the bundled catalogues with their version and size."""
    from itsm_assess.catalogue import bundled_catalogue_ids, load_catalogue

    for cid in bundled_catalogue_ids():
        cat = load_catalogue(cid)
        counts = _("{processes} processes\t{requirements} requirements").format(
            processes=len(cat.processes), requirements=len(cat.requirements))
        click.echo(f"{cid}\t{cat.version}\t{counts}\t{cat.info.standard}")


@catalogue.command()
@click.argument("catalogue_ref", metavar="ID|PATH", default="iso20000-1-2018")
@processes_option()
@lang_option
def show(catalogue_ref: str, process_ids: list[str], lang: str) -> None:
    """Show a catalogue's processes and requirements, marking those that are not obligations."""
    from itsm_assess.catalogue import basis_name, good_practice_source_name, load_catalogue
    from itsm_assess.i18n import _p, localize, pgettext_for

    cat = load_catalogue(catalogue_ref)
    wanted = [cat.process(p).id for p in process_ids] or list(cat.processes)
    heading = pgettext_for(lang)(*_p("catalogue_show.heading", "{title}, version {version}"))
    click.echo(heading.format(title=localize(cat.info.title, lang), version=cat.version))
    for pid in wanted:
        proc = cat.processes[pid]
        click.echo("")
        click.secho(f"{pid}  {', '.join(proc.clauses)}  {localize(proc.title, lang)}", bold=True)
        for req in cat.requirements_of(pid):
            weight = _("weight {weight}").format(weight=req.weight)
            basis = ""
            if req.basis != "shall":
                why = ", ".join(req.serves) or good_practice_source_name(req.source, lang)
                basis = f"  [{basis_name(req.basis, lang)}: {why}]"
            click.echo(f"  {req.id:<9} {req.clause:<9} {req.attribute:<6} {weight}  {localize(req.title, lang)}{basis}")
            click.echo(f"            {localize(req.statement, lang)}")


@catalogue.command()
@click.argument("catalogue_ref", metavar="ID|PATH", default="iso20000-1-2018")
@lang_option
def processes(catalogue_ref: str, lang: str) -> None:
    """List the process ids with their clauses and titles, for --processes / -p."""
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.fieldwork.questionnaire import load_questionnaire
    from itsm_assess.i18n import localize, pgettext_for

    cat = load_catalogue(catalogue_ref)
    plain = load_questionnaire(cat.id)
    # One line of tab-separated column names (a translation keeps the tabs).
    pgettext = pgettext_for(lang)
    click.echo(pgettext("processes_header", "id\tclauses\trequirements\tquestions\ttitle"))
    for pid, proc in cat.processes.items():
        reqs = cat.requirements_of(pid)
        asked = sum(1 for r in reqs if r.id in plain and plain[r.id].short)
        click.echo(f"{pid}\t{', '.join(proc.clauses)}\t{len(reqs)}\t{asked}\t{localize(proc.title, lang)}")


@catalogue.command("validate")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@messages_lang_option()
def validate_(paths: tuple[str, ...]) -> None:
    """Validate catalogue folders, single YAML files, or all bundled catalogues.

    A folder with catalogue.yaml is checked as a whole (schema, unique ids, clauses inside
    their process, cross-references, checklist coverage). A single file is checked against
    the schema its top-level keys declare.
    """
    from pathlib import Path

    from itsm_assess.catalogue import bundled_catalogue_ids, load_catalogue
    from itsm_assess.errors import InputError
    from itsm_assess.validation import validate_file

    targets = list(paths) or bundled_catalogue_ids()
    problems: list[str] = []
    for target in targets:
        p = Path(target)
        try:
            if p.is_file():
                validate_file(p)
                click.echo(_("ok  {target}").format(target=target))
            else:
                cat = load_catalogue(target)
                click.echo(_("ok  {target}: {processes} processes, {requirements} requirements, "
                             "{items} checklist items").format(
                    target=target, processes=len(cat.processes), requirements=len(cat.requirements),
                    items=sum(len(c.items) for c in cat.checklists.values())))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)


@catalogue.command()
@click.argument("catalogue_ref", metavar="ID|PATH", default="iso20000-1-2018")
@format_option(["json", "yaml", "xlsx", "ciso-assistant", "oscal"], default="json",
               help_text="Output format; xlsx needs -o. ciso-assistant: a library file CISO Assistant imports; "
                   "oscal: an OSCAL 1.2 catalog in the --lang language (see docs/interop.md).")
@click.option("--scores", type=click.Choice(["nplf", "capability"]), default="nplf", show_default=True,
              help="ciso-assistant only: score each requirement N/P/L/F (0-3) or by capability level (0-5).")
@output_option
@force_option
@lang_option
def export(catalogue_ref: str, fmt: str, scores: str, output: str | None, force: bool, lang: str) -> None:
    """Export a catalogue as JSON, YAML, an Excel workbook, a CISO Assistant library or an OSCAL catalog.

    The JSON is a stable contract: each requirement has id, clause, process, attribute,
    weight, basis (shall, derived or good-practice; derived ones name what they serve, good
    practice its source) and its localised fields as {"en": ..., "fi": ...}.
    """
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.catalogue.export import catalogue_as_dict, write_catalogue_xlsx

    if output:
        from itsm_assess.files import refuse_overwrite

        refuse_overwrite([output], force=force)
    cat = load_catalogue(catalogue_ref)
    if fmt == "xlsx":
        if not output:
            raise click.UsageError(_("--format xlsx needs -o FILE.xlsx"))
        write_catalogue_xlsx(cat, output, lang)
        click.echo(_("wrote {path}").format(path=output), err=True)
        return
    if fmt == "ciso-assistant":
        from itsm_assess.interop.ciso_assistant import ciso_assistant_library
        from itsm_assess.loading import dump_yaml

        emit(dump_yaml(ciso_assistant_library(cat, "capability" if scores == "capability" else "nplf")), output, force=force)
        return
    if fmt == "oscal":
        import json
        import os

        from itsm_assess.interop.oscal import document_time, oscal_catalog

        try:
            moment = document_time(os.environ.get("SOURCE_DATE_EPOCH"))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        emit(json.dumps(oscal_catalog(cat, lang, moment), ensure_ascii=False, indent=2) + "\n", output, force=force)
        return
    data = catalogue_as_dict(cat)
    if fmt == "json":
        import json

        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, force=force)
    else:
        from itsm_assess.loading import dump_yaml

        emit(dump_yaml(data), output, force=force)


@catalogue.command()
@click.argument("catalogue_ref", metavar="ID|PATH", default="iso20000-1-2018")
@format_option(["table", "json"], default="table", help_text="A readable table or JSON for other tools.")
@messages_lang_option(OUTPUT_LANG_HELP)
def stats(catalogue_ref: str, fmt: str) -> None:
    """Count requirements per clause, process, attribute and basis, and language coverage."""
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.catalogue.export import catalogue_stats

    catalogue = load_catalogue(catalogue_ref)
    data = catalogue_stats(catalogue)
    if fmt == "json":
        import json

        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(_("{catalogue} (catalogue version {version}): {requirements} requirements, {processes} processes, "
                 "{items} checklist items, {indicators} capability indicators").format(
        catalogue=catalogue.name, version=data["version"], requirements=data["requirements"],
        processes=data["processes"], items=data["checklist_items"], indicators=data["indicators"]))
    for line in _stats_sections(catalogue, data, ui_language()):
        click.echo(line)


def _stats_sections(cat: Any, data: dict[str, Any], lang: str) -> list[str]:
    """The counts of ``catalogue stats`` as sections of lines, each row named in words in ``lang``
    (clause and process titles, the basis and source names, the language's name), never by code alone."""
    from itsm_assess.catalogue import basis_name, good_practice_source_name
    from itsm_assess.i18n import localize
    from itsm_assess.i18n.formats import format_number, format_percent, language_name, shorten

    def titled(code: str, title: dict[str, str]) -> str:
        worded = localize(title, lang)
        return code if worded == code else f"{code:<5} {shorten(worded, 44)}"

    sections = (
        (_("By top-level clause"), [(titled(c, cat.clause_title(c)), n) for c, n in data["per_clause"].items()]),
        (_("By process"), [(titled(p, cat.processes[p].title), n) for p, n in data["per_process"].items()]),
        (_("By process attribute"), list(data["per_attribute"].items())),
        (_("By basis"), [(basis_name(b, lang), n) for b, n in data["per_basis"].items()]),
        (_("Good practice by source"),
         [(good_practice_source_name(s, lang) or s, n) for s, n in data["good_practice_per_source"].items()]),
    )
    lines = []
    for title, rows in sections:
        width = max((len(name) for name, _n in rows), default=0)
        lines += ["", f"{title}:", *(f"  {name[:1].upper() + name[1:]:<{width}}  {format_number(n, lang):>5}"
                                     for name, n in rows)]
    languages = [(language_name(code, lang), format_percent(share, lang, 1))
                 for code, share in data["language_coverage"].items()]
    width = max((len(name) for name, _share in languages), default=0)
    lines += ["", _("Language coverage (localised fields with text):"),
              *(f"  {name:<{width}}  {share:>7}" for name, share in languages)]
    return lines


@catalogue.command()
@click.argument("catalogue_ref", metavar="ID|PATH", default="iso20000-1-2018")
@format_option(["table", "md", "xlsx", "json"], default="table",
               help_text="A readable table, Markdown, an Excel workbook (needs -o) or JSON.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when a leaf clause has no shall requirement.")
@output_option
@force_option
@lang_option
def coverage(catalogue_ref: str, fmt: str, strict: bool, output: str | None, force: bool, lang: str) -> None:
    """Show, clause by clause, the requirements and checklist questions that verify the standard.

    Every leaf clause of catalogue.yaml is judged: covered by at least one shall requirement,
    flagged (only derived or good-practice requirements, or none), or exempt because the
    catalogue records that the clause states no obligation of its own.
    """
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.catalogue.clause_coverage import (
        clause_coverage,
        coverage_as_dict,
        coverage_labels,
        render_coverage_markdown,
        status_name,
        write_coverage_xlsx,
    )
    from itsm_assess.files import refuse_overwrite

    if output:
        refuse_overwrite([output], force=force)
    report = clause_coverage(load_catalogue(catalogue_ref))
    if fmt == "xlsx":
        if not output:
            raise click.UsageError(_("--format xlsx needs -o FILE.xlsx"))
        write_coverage_xlsx(report, output, lang)
        click.echo(_("wrote {path}").format(path=output), err=True)
    elif fmt == "md":
        emit(render_coverage_markdown(report, lang), output, force=force)
    elif fmt == "json":
        import json

        emit(json.dumps(coverage_as_dict(report), ensure_ascii=False, indent=2) + "\n", output, force=force)
    else:
        words = coverage_labels(lang)
        statuses = {row.status: status_name(row.status, lang) for row in report.rows}
        width = max(map(len, statuses.values()), default=0)
        lines = []
        for row in report.rows:
            reqs = ", ".join(f"{r.id} ({words['basis_' + r.basis]})" if r.basis != "shall" else r.id
                             for r in row.requirements)
            mark = "!!" if row.flagged else "  "
            lines.append(f"{mark} {row.clause:<9} {statuses[row.status]:<{width}}  {reqs}".rstrip())
        counts = report.counts()
        lines.append("")
        lines.append(_(
            "{leaf} leaf clauses: {covered} covered by a shall requirement, {no_shall} with no shall requirement, "
            "{uncovered} with no requirement, {no_obligation} with no obligation of their own"
        ).format(leaf=counts["leaf_clauses"], covered=counts["covered"], no_shall=counts["no-shall"],
                 uncovered=counts["uncovered"], no_obligation=counts["no-obligation"]))
        emit("\n".join(lines) + "\n", output, force=force)
    if strict and report.flagged:
        raise SystemExit(1)


@catalogue.command()
@click.argument("first_ref", metavar="ID|PATH", default="fitsm-1")
@click.argument("second_ref", metavar="ID|PATH", default="iso20000-1-2018")
@click.option("--crosswalk", "crosswalk_path", metavar="FILE", type=click.Path(dir_okay=False), default=None,
              help="Crosswalk file. Default: the bundled crosswalk between the two catalogues.")
@format_option(["table", "json", "ciso-assistant"], default="table",
               help_text="A readable summary, JSON for other tools, or ciso-assistant: the pairs as a CISO "
                         "Assistant mapping library (load both catalogues' libraries first; docs/interop.md).")
@output_option
@force_option
@messages_lang_option(OUTPUT_LANG_HELP)
def crosswalk(first_ref: str, second_ref: str, crosswalk_path: str | None, fmt: str, output: str | None,
              force: bool) -> None:
    """How far a crosswalk reaches each side: requirements with an equivalent, only a partial or no
    counterpart in the other catalogue, and which have none; or the crosswalk as CISO Assistant mappings."""
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.catalogue.crosswalk import crosswalk_between, side_coverage

    if output:
        from itsm_assess.files import refuse_overwrite

        refuse_overwrite([output], force=force)
    first, second = load_catalogue(first_ref), load_catalogue(second_ref)
    cw = crosswalk_between(first, second, crosswalk_path)
    if fmt == "ciso-assistant":
        from itsm_assess.interop.ciso_assistant import ciso_assistant_mapping_library
        from itsm_assess.loading import dump_yaml

        emit(dump_yaml(ciso_assistant_mapping_library(cw, first, second)), output, force=force)
        return
    sides = [side_coverage(cw, cw.side(_base(cat)), cat) for cat in (first, second)]
    if fmt == "json":
        import json

        emit(json.dumps({"crosswalk": cw.id, "version": cw.info.version, "sides": [s.as_dict() for s in sides]},
                        ensure_ascii=False, indent=2) + "\n", output, force=force)
        return
    from itsm_assess.i18n import localize

    names = {first.id: first.name, second.id: second.name}
    lines = [_("Crosswalk {title}, version {version}").format(title=localize(cw.info.title, ui_language()),
                                                              version=cw.info.version)]
    for s in sides:
        lines.append("\n" + _("{catalogue}: {requirements} requirements: {equivalent} with an equivalent, {partial} "
                              "with only a partial, {none} with no counterpart").format(
            catalogue=names.get(s.catalogue, s.catalogue), requirements=s.requirements, equivalent=len(s.equivalent),
            partial=len(s.partial), none=len(s.none)))
        if s.none:
            lines.append("  " + _("no counterpart:") + " " + ", ".join(s.none))
    emit("\n".join(lines) + "\n", output, force=force)


def _base(cat: object) -> str:
    from itsm_assess.catalogue import Catalogue
    from itsm_assess.catalogue.crosswalk import base_id

    assert isinstance(cat, Catalogue)
    return base_id(cat)


@catalogue.command("import")
@click.argument("workbook", metavar="TAILORED.xlsx", type=click.Path(exists=True, dir_okay=False))
@output_option(required=True, folder=True, metavar="FOLDER",
               help_text="Folder to write the tailored catalogue to (catalogue.yaml, processes/, checklists/).")
@click.option("--base", "base_ref", metavar="ID|PATH", default=None,
              help="The catalogue the workbook was exported from. Default: the one its Catalogue sheet names.")
@force_option(help_text="Replace the output folder if it holds a catalogue already.")
@messages_lang_option()
def import_(workbook: str, output: str, base_ref: str | None, force: bool) -> None:
    """Read a catalogue workbook (`catalogue export --format xlsx`) that a consultant tailored in
    Excel (questions, weights, evidence, roles, own requirements) into a validated catalogue
    folder usable with --catalogue FOLDER everywhere; problems are reported as Sheet!Cell."""
    from itsm_assess.catalogue.tailoring import import_tailored

    result = import_tailored(workbook, output, base_ref=base_ref, force=force)
    cat = result.catalogue
    assert cat.tailoring is not None
    click.echo(_("wrote {path}: catalogue {catalogue}, tailored from {base} version {version} ({summary})").format(
        path=output, catalogue=cat.id, base=cat.info.standard, version=cat.tailoring.version,
        summary=shown(result.summary)))
