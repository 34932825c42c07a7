"""``itsm-assess schema``: the JSON Schema of a JSON contract the tool writes and reads back."""

from __future__ import annotations

import click

from itsm_assess.cli.help import HelpCommand
from itsm_assess.cli.options import force_option, messages_lang_option, output_option


@click.command(cls=HelpCommand)
@click.argument("contract", type=click.Choice(["results", "changes"]))
@output_option(help_text="Write the schema to this file instead of standard output.")
@force_option
@messages_lang_option()
def schema(contract: str, output: str | None, force: bool) -> None:
    """Print the JSON Schema (draft 2020-12) of a JSON contract.

    results: what `score --format json` writes and `report --results/--baseline` read
    (itsm-assess/results). changes: the change batch summary, what `change batch --summary-json`
    writes and `report --changes` reads (itsm-assess/change-batch-summary).
    """
    if output:
        from itsm_assess.files import refuse_overwrite

        refuse_overwrite([output], force=force)
    import json

    from itsm_assess.cli.options import emit
    from itsm_assess.json_inputs import json_schema

    emit(json.dumps(json_schema(contract), ensure_ascii=False, indent=2) + "\n", output, force=force)
