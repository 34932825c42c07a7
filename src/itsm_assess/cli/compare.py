"""``itsm-assess compare``: several assessments of one catalogue side by side."""

from __future__ import annotations

from pathlib import Path

import click

from itsm_assess.cli.help import HelpCommand
from itsm_assess.cli.options import _, document_lang_option, force_option, formats_option, output_option
from itsm_assess.i18n import message


@click.command(cls=HelpCommand)
@click.argument("assessments", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False),
                metavar="A.yaml B.yaml ...")
@click.option("--key", "key_path", default=None, type=click.Path(exists=True, dir_okay=False), metavar="KEY.yaml",
              help="The reference assessment (a trainer's answer key): agreement and outliers are measured against it.")
@formats_option(default="html,xlsx", choices=("html", "xlsx"), help_text="Comma-separated: html, xlsx.")
@output_option(default=".", folder=None, flag="--output-dir", dest="out_dir", metavar="PATH",
               help_text="Folder for comparison.html and comparison.xlsx, or a file name ending .html or .xlsx: that "
                         "file, and the other format beside it under the same name.")
@click.option("--catalogue", "catalogue_ref", default=None, metavar="ID|PATH",
              help="Catalogue folder or id; default: the catalogue named in the assessments.")
@document_lang_option("Language of the comparison; default: the first assessment's.")
@force_option(help_text="Overwrite existing outputs.")
def compare(assessments: tuple[str, ...], key_path: str | None, formats: list[str], out_dir: str,
            catalogue_ref: str | None, lang: str | None, force: bool) -> None:
    """Compare assessments of one catalogue: a matrix of ratings per requirement and per
    process attribute, agreement with --key, and outliers. Columns with the same assessment id
    are told apart by folder or file name."""
    from itsm_assess.assessment import load_assessment
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.files import refuse_overwrite
    from itsm_assess.reports.compare import compare_view, load_compared, write_compare_html, write_compare_xlsx

    targets = _targets(Path(out_dir), formats)
    refuse_overwrite(targets.values(), force=force)
    cat = load_catalogue(catalogue_ref) if catalogue_ref else None
    compared, cat = load_compared(list(assessments), cat)
    key = None
    if key_path:
        key_list, _key_catalogue = load_compared([key_path], cat)
        key = key_list[0]
    language = lang or load_assessment(assessments[0]).assessment.language
    view = compare_view(compared, cat, key, language)
    for target in targets.values():
        target.parent.mkdir(parents=True, exist_ok=True)
    if "html" in targets:
        write_compare_html(view, targets["html"])
    if "xlsx" in targets:
        write_compare_xlsx(view, targets["xlsx"])
    for p in targets.values():  # "Kirjoitettu: vertailu/comparison.html", as every command says it
        click.echo(_("wrote {path}").format(path=p), err=True)


#: File names -o takes as a file of its own (any other suffix of a document names no folder either).
WRITTEN = (".html", ".xlsx")
DOCUMENTS = (".htm", ".xls", ".ods", ".md", ".pdf", ".docx", ".odt", ".pptx", ".json", ".csv")


def _targets(path: Path, formats: list[str]) -> dict[str, Path]:
    """Format -> file: ``x.html`` (or ``x.xlsx``) is that file and its sibling in the other format
    asked for; any other path is a folder holding comparison.html and comparison.xlsx."""
    from itsm_assess.errors import InputError

    suffix = path.suffix.lower()
    if suffix in WRITTEN:
        return {fmt: path.with_suffix(f".{fmt}") for fmt in formats}
    if suffix in DOCUMENTS:
        raise InputError(message("{path}: expected a folder or a .html or .xlsx file name", path=str(path)))
    return {fmt: path / f"comparison.{fmt}" for fmt in formats}
