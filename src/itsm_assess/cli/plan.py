"""``itsm-assess plan``: sampling, the audit programme, the audit plan and what goes with it."""

from __future__ import annotations

import click

from itsm_assess.cli.options import _, emit, lang_option, output_option


@click.group()
def plan() -> None:
    """Plan an audit engagement: site and record samples, the certification programme, the audit plan."""


@plan.command()
@click.option("--sites", "sites_path", required=True, type=click.Path(dir_okay=False),
              help="sites.yaml: every site, one marked central: true; chosen: true for the auditor's picks.")
@click.option("--stage", type=click.Choice(["initial", "surveillance", "recertification"]), required=True,
              help="Audit of the cycle: sample ⌈√x⌉ initially, ⌈0.6√x⌉ at surveillance, ⌈0.8√x⌉ at recertification.")
@click.option("--seed", type=int, required=True, help="Seed of the random draw (write it down: it repeats the draw).")
@lang_option
@output_option
def sample(sites_path: str, stage: str, seed: int, lang: str, output: str | None) -> None:
    """Choose the sites to visit by IAF MD 1 and write down how each was chosen (Markdown)."""
    from itsm_assess.planning.sampling import load_sites, sample_sites, site_sample_markdown

    emit(site_sample_markdown(sample_sites(load_sites(sites_path), stage, seed), lang), output)


@plan.command()
@click.option("--population", type=click.IntRange(min=0), default=None,
              help="Number of records in the period (e.g. changes closed in the last 12 months).")
@click.option("--ids", "ids_path", type=click.Path(dir_okay=False), default=None,
              help="A text file of record ids, one a line: the sample is drawn from them.")
@click.option("--seed", type=int, default=None, help="Seed of the random draw (with --ids).")
@click.option("--table", "table_path", type=click.Path(dir_okay=False), default=None,
              help="Your own sample-size table (YAML bands), e.g. a certification body's; default: the square-root rule.")
@lang_option
@output_option
def records(population: int | None, ids_path: str | None, seed: int | None, table_path: str | None,
            lang: str, output: str | None) -> None:
    """How many records to sample from a population, and with --ids and --seed which ones (Markdown)."""
    from itsm_assess.errors import InputError
    from itsm_assess.loading import read_limited
    from itsm_assess.planning.sampling import load_sampling_table, record_sample_markdown, sample_records

    if (population is None) == (ids_path is None):
        raise InputError(_("give either --population N or --ids FILE"))
    if ids_path is not None and seed is None:
        raise InputError(_("--ids needs --seed (the draw is written down with its seed)"))
    table = load_sampling_table(table_path) if table_path else None
    if ids_path is not None:
        raw = read_limited(ids_path, 50_000_000, "a list of record ids")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{ids_path}: not UTF-8 text; expected one record id a line") from None
        result = sample_records([line.strip() for line in text.splitlines() if line.strip()], seed, table)
    else:
        assert population is not None
        result = sample_records(population, seed, table)
    emit(record_sample_markdown(result, lang), output)
