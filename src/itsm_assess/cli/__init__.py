"""The ``itsm-assess`` command line: parse, call the library, print. No domain logic here.

Each command group lives in its own module and imports its heavy dependencies (pydantic,
openpyxl, Jinja2) inside the command functions, so that ``itsm-assess --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from itsm_assess import __version__
from itsm_assess.cli.assess import assess
from itsm_assess.cli.catalogue import catalogue
from itsm_assess.cli.change import change
from itsm_assess.cli.checklist import checklist
from itsm_assess.cli.compare import compare
from itsm_assess.cli.findings import findings
from itsm_assess.cli.help import HelpGroup, language_asked
from itsm_assess.cli.metrics import metrics
from itsm_assess.cli.options import _, _n, interface_lang_option, shown
from itsm_assess.cli.plan import plan
from itsm_assess.cli.report import report
from itsm_assess.cli.schema import schema
from itsm_assess.cli.score import score
from itsm_assess.errors import InputError, ItsmAssessError

#: Problems listed before "... and N more": enough to fix a batch, never a screen-flood.
MAX_ERROR_LINES = 50


class CommandError(click.ClickException):
    """A library error shown as one line per problem, with the library's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it a class variable
        self.prefix = _("error")  # worded now: show() runs after the command's context (and --lang) is gone
        # How the library's "... and N more" begins (the plural form: the singular has no number).
        self.tail = _n("... and one more", "... and {count} more", 2).partition("{count}")[0]

    def show(self, file: Any = None) -> None:
        from itsm_assess.cli.options import echo_lines

        lines = self.format_message().splitlines()
        more = lines[-1] if lines and lines[-1].startswith(self.tail) else None
        if more is not None and len(lines) > MAX_ERROR_LINES:
            lines = lines[:-1]  # the library's own tail is recounted below
        echo_lines(lines, f"{self.prefix}: ", limit=MAX_ERROR_LINES)


class AppGroup(HelpGroup):
    """Turns the library's exceptions into one-line errors; ``--debug`` shows the traceback.
    Click's own messages (usage errors) are worded in the language of the run: ``--lang`` anywhere
    on the command line, else ``ITSM_ASSESS_LANG``, else the locale."""

    def main(self, args: Any = None, *pargs: Any, **kwargs: Any) -> Any:
        from itsm_assess.cli.click_messages import speaking
        from itsm_assess.cli.options import ui_language

        args = list(sys.argv[1:] if args is None else args)
        with speaking(language_asked(args) or ui_language()):
            return super().main(args, *pargs, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ItsmAssessError as exc:
            if ctx.meta.get("itsm_assess.debug"):
                raise
            first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            lines = exc.problems if isinstance(exc, InputError) else [first]
            raise CommandError("\n".join(shown(line) for line in lines), exc.exit_code) from None
        except BrokenPipeError:
            raise
        except OSError as exc:
            if ctx.meta.get("itsm_assess.debug"):
                raise
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise CommandError(f"{where}{exc.strerror or exc}", 2) from None


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # Click's version_option words its line when the module is imported, before --lang is known.
    if value and not ctx.resilient_parsing:
        click.echo(_("{program}, version {version}").format(program="itsm-assess", version=__version__))
        ctx.exit()


@click.group(cls=AppGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
@click.option("--debug", is_flag=True, help="Show the full traceback when a command fails.")
@interface_lang_option
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Assess IT service management against ISO/IEC 20000-1:2018.

    Browse the requirements catalogue, render auditor checklists, run assessments with
    fieldwork workbooks or surveys, score capability (ISO/IEC 33020) and conformity,
    classify changes against a change policy and write gap reports in English or Finnish.
    """
    ctx.meta["itsm_assess.debug"] = debug


cli.add_command(catalogue)
cli.add_command(checklist)
cli.add_command(assess)
cli.add_command(findings)
cli.add_command(score)
cli.add_command(report)
cli.add_command(change)
cli.add_command(compare)
cli.add_command(plan)
cli.add_command(schema)
cli.add_command(metrics)


def unknown_language_lines(problem: str) -> list[str]:
    """The error about an unsupported ``ITSM_ASSESS_LANG`` (``problem``, a library message): its
    language is unknown, so one line in each language the tool speaks, the locale's first."""
    import os

    from itsm_assess.i18n import ENV_VARIABLE, LANGUAGES, gettext_for, resolve_language, translate

    environ = {k: v for k, v in os.environ.items() if k != ENV_VARIABLE}
    first = resolve_language(None, environ)
    return [f"{gettext_for(lang)('error')}: {ENV_VARIABLE}: {translate(problem, lang)}"
            for lang in sorted(LANGUAGES, key=lambda lang: lang != first)]


def main() -> None:
    """Console-script entry point."""
    import os

    # openpyxl reads this when first imported (lazily, inside commands): keep its XML parsing
    # on defusedxml even where lxml happens to be installed.
    os.environ.setdefault("OPENPYXL_LXML", "False")
    from itsm_assess.i18n import resolve_language

    try:  # a --lang on the command line wins over the environment
        resolve_language(language_asked(sys.argv[1:]))
    except ValueError as exc:  # a bad ITSM_ASSESS_LANG, before anything runs
        click.echo("\n".join(unknown_language_lines(exc.args[0])), err=True)
        sys.exit(2)
    try:
        cli(prog_name="itsm-assess")
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)


if __name__ == "__main__":  # pragma: no cover
    main()
