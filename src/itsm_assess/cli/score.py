"""``itsm-assess score``: capability levels, compliance, findings, readiness and gaps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from itsm_assess.cli.help import HelpCommand
from itsm_assess.cli.options import _, _n, document_lang_option, force_option, format_option, output_option, ui_language


@click.command(cls=HelpCommand)
@click.argument("assessment_path", metavar="ASSESSMENT.yaml", required=False,
                type=click.Path(dir_okay=False))
@click.option("--model", "model_ref", metavar="ID|PATH", default=None,
              help="Scoring model: a bundled id (iso33020, compliance, maturity5, fitsm6) or the path of a model "
                   "YAML file. Default: the model the assessment names (field scoring_model, normally iso33020).")
@click.option("--catalogue", "catalogue_ref", metavar="ID|PATH", default=None,
              help="Bundled catalogue id or catalogue folder. Default: the catalogue the assessment names.")
@format_option(["table", "json", "oscal"], default="table",
               help_text="table: readable text for a terminal; json: the itsm-assess/results contract; oscal: OSCAL 1.2 "
                   "assessment results (see docs/interop.md).")
@click.option("--fail-under", "fail_under", type=click.IntRange(0, 5), metavar="LEVEL", default=None,
              help="Exit with status 1 when any process in scope is below this capability level.")
@document_lang_option("Language of the table and messages. Default: the assessment's language.")
@output_option(help_text="Write the results to this file instead of standard output.")
@force_option(help_text="Overwrite the --output file if it exists.")
@click.option("--list-models", is_flag=True, help="List the bundled scoring models and exit.")
@click.option("--view", "view_ref", metavar="ID|PATH", default=None,
              help="Show the results as another catalogue sees them, through a crosswalk (e.g. an ISO/IEC "
                   "20000-1 assessment as fitsm-1, or the other way round); table or json.")
@click.option("--crosswalk", "crosswalk_path", metavar="FILE", type=click.Path(dir_okay=False), default=None,
              help="Crosswalk file for --view. Default: the bundled crosswalk between the two catalogues.")
def score(assessment_path: str | None, model_ref: str | None, catalogue_ref: str | None, fmt: str,
          fail_under: int | None, lang: str | None, output: str | None, force: bool, list_models: bool,
          view_ref: str | None, crosswalk_path: str | None) -> None:
    """Score an assessment: capability levels, compliance, findings, readiness and gaps.

    Reads ASSESSMENT.yaml, rates every process attribute (ISO/IEC 33020), derives capability
    levels, conformity per requirement, compliance per clause and process, the certification
    readiness verdict and the gaps to the target profile. See docs/scoring.md for the rules.
    """
    if list_models:
        from itsm_assess.i18n import localize
        from itsm_assess.scoring import bundled_model_ids, load_scoring_model
        from itsm_assess.scoring.text import model_kind_word

        shown_in = lang or ui_language()
        for mid in bundled_model_ids():
            m = load_scoring_model(mid)
            click.echo(f"{mid}\t{model_kind_word(m.kind, shown_in)}\t{localize(m.title, shown_in)}")
        return
    if assessment_path is None:
        raise click.UsageError(_("missing argument ASSESSMENT.yaml"))
    if output:
        from itsm_assess.files import refuse_overwrite

        refuse_overwrite([output], force=force)

    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.cli.options import emit
    from itsm_assess.scoring import load_scoring_model, results_table
    from itsm_assess.scoring import score as score_assessment

    assessment = load_assessment(assessment_path)
    catalogue = load_catalogue(catalogue_ref or assessment.assessment.catalogue)
    model = load_scoring_model(model_ref or assessment.assessment.scoring_model)
    if fail_under is not None and model.max_level is None:
        from itsm_assess.i18n import localize, quoted

        raise click.UsageError(_("--fail-under needs a model with capability levels; {model} has none")
                               .format(model=quoted(localize(model.title, ui_language()), ui_language())))
    results = score_assessment(assessment, catalogue, model)  # cross-check errors name file:line
    data = results.to_dict()
    if view_ref is not None:
        _emit_view(data, catalogue, view_ref, crosswalk_path, fmt, lang or assessment.assessment.language, output,
                   force)
    elif fmt == "json":
        import json

        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, force=force)
    elif fmt == "oscal":
        import json
        import os

        from itsm_assess.interop.oscal import document_time, oscal_assessment_results

        try:
            moment = document_time(os.environ.get("SOURCE_DATE_EPOCH"))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        document = oscal_assessment_results(data, catalogue, moment, lang or assessment.assessment.language)
        emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output, force=force)
    else:
        emit(results_table(data, lang or assessment.assessment.language, catalogue_name=catalogue.info.standard),
             output, force=force)
    if fail_under is not None:
        below = results.processes_below(fail_under)
        if below:
            levels = ", ".join(f"{pid} ({results.processes[pid].capability_level})" for pid in below)
            click.echo(_n("{count} process is below capability level {level}: {processes}",
                          "{count} processes are below capability level {level}: {processes}", len(below))
                       .format(count=len(below), level=fail_under, processes=levels), err=True)
            raise SystemExit(1)



def _emit_view(data: Mapping[str, Any], catalogue: object, view_ref: str, crosswalk_path: str | None, fmt: str,
               lang: str, output: str | None, force: bool) -> None:
    """The results through a crosswalk as the catalogue ``view_ref`` sees them (``score --view``)."""
    import json

    from itsm_assess.catalogue import Catalogue, load_catalogue
    from itsm_assess.catalogue.crosswalk import crosswalk_between
    from itsm_assess.cli.options import emit
    from itsm_assess.scoring.views import crosswalk_view, view_table

    assert isinstance(catalogue, Catalogue)
    if fmt == "oscal":
        raise click.UsageError(_("--view gives a table or json, not oscal"))
    viewed = load_catalogue(view_ref)
    view = crosswalk_view(data, crosswalk_between(catalogue, viewed, crosswalk_path), catalogue, viewed)
    if fmt == "json":
        emit(json.dumps(view, ensure_ascii=False, indent=2) + "\n", output, force=force)
    else:
        emit(view_table(view, lang), output, force=force)
