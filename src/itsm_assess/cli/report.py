"""``itsm-assess report``: the gap report of an assessment in Excel, HTML, JSON (and PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from itsm_assess.cli.help import HelpGroup
from itsm_assess.cli.options import (
    _,
    document_lang_option,
    force_option,
    formats_option,
    messages_lang_option,
    output_option,
)

if TYPE_CHECKING:
    from itsm_assess.scoring.contract import ResultsContract


class ReportGroup(HelpGroup):
    """``report ASSESSMENT.yaml`` writes the report; ``report import-actions`` reads the plan back.

    Arguments that do not start with a subcommand's name go to ``write``, so the command line
    of earlier releases keeps working.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["write", *args]
        return super().parse_args(ctx, args)


@click.group(cls=ReportGroup)
def report() -> None:
    """Gap reports: `report ASSESSMENT.yaml` (same as `report write`) writes the report;
    `report import-actions` reads the edited action plan back into the assessment."""


@report.command("write")
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", type=click.Path(dir_okay=False, exists=True))
@formats_option(default="xlsx,html",
                help_text="Comma-separated formats to write: xlsx, html, json, pdf, pptx (pdf prints the HTML report "
                   "with WeasyPrint if installed, else headless Chromium; pptx, the closing-meeting slides, "
                   "needs python-pptx: pip install 'itsm-assess[pptx]').")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="EARLIER.yaml|.json",
              help="An earlier assessment of the same organisation (assessment YAML, or its results JSON "
                   "from `itsm-assess score --format json`); adds the comparison section.")
@click.option("--changes", "changes_path", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="SUMMARY.json",
              help="Change batch results (`itsm-assess change batch --summary-json`); adds the change "
                   "analysis section.")
@click.option("--metrics", "metrics_path", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="METRICS.json",
              help="KPIs from `itsm-assess metrics compute`; adds them beside the requirements they evidence, "
                   "with the data checks.")
@click.option("--scorecard", "scorecard_path", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="FILE",
              help="With --metrics: the scorecard model whose targets give each KPI its RAG status "
                   "(default: the bundled balanced scorecard; see `metrics init-scorecard`).")
@click.option("--model", "model_ref", metavar="ID|PATH", default=None,
              help="Scoring model id or model YAML path. Default: the assessment's scoring_model.")
@click.option("--catalogue", "catalogue_ref", metavar="ID|PATH", default=None,
              help="Bundled catalogue id or catalogue folder. Default: the catalogue the assessment names.")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="RESULTS.json",
              help="Use results already computed by `itsm-assess score --format json` instead of scoring "
                   "the assessment again.")
@document_lang_option("Language of the report and messages. Default: the assessment's language.")
@output_option(default=".", folder=True, flag="--output-dir", dest="out_dir",
               help_text="Folder to write the reports to; file names follow the assessment id "
                   "(<id>-report.xlsx, <id>-report-fi.html, ...).")
@click.option("--no-annex", is_flag=True, help="Leave out the requirements annex (the table of every requirement).")
@click.option("--doc-version", metavar="VERSION", default=None,
              help="Version of the report shown on the cover and in page footers. Default: 1.0.")
@click.option("--distribution", metavar="NAMES", default=None,
              help="Who receives the report, comma-separated, for the cover page (e.g. \"Management team, SMS owner\").")
@click.option("--confidentiality", metavar="MARK", default=None,
              help="Confidentiality mark on the cover and every page header. Default: Confidential / Luottamuksellinen.")
@click.option("--include-names", is_flag=True,
              help="Show respondents' names (kept in assessment.yaml) in the survey section; default: roles only.")
@click.option("--min-group", type=click.IntRange(1), metavar="COUNT", default=3, show_default=True,
              help="Show survey results by role only for roles with at least this many respondents.")
@force_option(help_text="Overwrite reports that already exist.")
def write(assessment_path: str, formats: list[str], baseline_path: str | None, changes_path: str | None,
           metrics_path: str | None, scorecard_path: str | None, model_ref: str | None, catalogue_ref: str | None, results_path: str | None, lang: str | None,
           out_dir: str, no_annex: bool, doc_version: str | None, distribution: str | None,
           confidentiality: str | None, include_names: bool, min_group: int,
           force: bool) -> None:
    """Write the gap report of ASSESSMENT.yaml: executive summary, findings, corrective-action plan.

    Sections in order: executive summary (verdict, key messages, red/amber/green overview),
    comparison with a baseline, findings, corrective-action plan, capability profile and heat
    map, one page per process, change analysis, method, and the requirements annex (unless
    --no-annex). The Excel workbook follows the same order with a dashboard first and an
    editable action plan (read back with `report import-actions`); the HTML report is one
    self-contained file that reads on a phone and prints on A4 with a cover page. The JSON
    holds the scoring results and the report's view model. Existing reports are kept unless
    --force is given.
    """
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.errors import InputError
    from itsm_assess.loading import display_path
    from itsm_assess.reports import (
        build_report_view,
        load_change_summary,
        load_results,
        parse_formats,
        write_reports,
    )

    if scorecard_path and not metrics_path:
        raise InputError(_("--scorecard needs --metrics (its targets are for the KPIs of metrics.json)"))
    wanted = parse_formats(formats)
    assessment = load_assessment(assessment_path)
    catalogue = load_catalogue(catalogue_ref or assessment.assessment.catalogue)
    model = None

    def scored(path: str, assessment_obj: object) -> ResultsContract:
        nonlocal model
        from itsm_assess.scoring import load_scoring_model, score

        if model is None:
            model = load_scoring_model(model_ref or assessment.assessment.scoring_model)
        return score(assessment_obj, catalogue, model).to_dict()  # type: ignore[arg-type]

    if results_path:
        results = load_results(results_path)
        if results["assessment"].get("id") != assessment.assessment.id:
            raise InputError(_("{path}: results of assessment {found!r}, not of {wanted!r}").format(
                path=display_path(results_path), found=results["assessment"].get("id"),
                wanted=assessment.assessment.id))
    else:
        results = scored(assessment_path, assessment)
    baseline = None
    previous = None
    if baseline_path:
        if baseline_path.lower().endswith(".json"):
            baseline = load_results(baseline_path)
        else:
            earlier = load_assessment(baseline_path)
            baseline = scored(baseline_path, earlier)
            # The round this one was started from: its findings are followed up one by one.
            if earlier.assessment.id == assessment.assessment.previous:
                previous = earlier
    changes = load_change_summary(changes_path) if changes_path else None
    document = {
        "version": doc_version,
        "distribution": [d.strip() for d in (distribution or "").split(",") if d.strip()],
        "confidentiality": confidentiality,
    }
    view = build_report_view(results, assessment, catalogue, lang or assessment.assessment.language,
                             baseline, changes, annex=not no_annex, document=document,
                             include_names=include_names, min_group=min_group, previous=previous)
    if metrics_path:
        from itsm_assess.json_inputs import read_json
        from itsm_assess.metrics.evidence import attach_metrics_evidence, check_metrics

        attach_metrics_evidence(view, check_metrics(read_json(metrics_path), display_path(metrics_path)), scorecard_path)
    paths = write_reports(view, results, out_dir, wanted, force=force)
    for path in paths.values():
        click.echo(str(path))


@report.command("import-actions")
@click.argument("workbook", metavar="REPORT.xlsx", type=click.Path(exists=True, dir_okay=False))
@click.option("--assessment", "assessment_path", required=True, type=click.Path(exists=True, dir_okay=False),
              metavar="ASSESSMENT.yaml", help="The assessment the report was written from.")
@force_option(help_text="Take the workbook's values where assessment.yaml was changed too since the report was written.")
@click.option("--dry-run", is_flag=True, help="Check and report what would change; write nothing.")
@messages_lang_option()
def import_actions(workbook: str, assessment_path: str, force: bool, dry_run: bool) -> None:
    """Read owner, due date, status and notes edited in the report's action plan into ASSESSMENT.yaml.

    Rows are matched by their action id (sorting and filtering the plan is fine); a row added
    without an id but with an action text becomes an action of its own (OWN-1, ...). Bad cells
    are named Sheet!Cell and nothing is written; a value changed both in the workbook and in
    the assessment since the report was written is a conflict that needs --force.
    """
    from itsm_assess.cli.assess import _print_report, _show_conflicts
    from itsm_assess.errors import ConflictError
    from itsm_assess.reports.import_actions import import_actions as run_import

    try:
        result = run_import(workbook, assessment_path, force=force, dry_run=dry_run)
    except ConflictError as exc:
        _show_conflicts(exc)
        raise
    _print_report(result, dry_run=dry_run, verb=_("merged into {path}").format(path=assessment_path))
