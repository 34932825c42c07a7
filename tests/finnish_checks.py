"""What the Finnish checks share (test_finnish_outputs, test_finnish_inputs, test_cli_finnish_lines,
test_cli_finnish_forms, test_change_errors_finnish): the CLI run without the machine's language,
the English sources of the Finnish PO file, the strings a reader sees in an output file, and the
loop that looks for classes of defect, each a ``(what is wrong, pattern)`` pair, in texts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from itsm_assess import i18n
from itsm_assess.cli import cli
from itsm_assess.docgen import iter_commands

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples" / "revontuli"
M = EX / "metrics"
#: No language from the environment of whoever runs the tests: each run says its own.
ENV = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}

Defects = Iterable[tuple[str, re.Pattern[str]]]


def invoke(args: Iterable[str], env: dict[str, str] | None = None) -> Result:
    """One run of the CLI as ``itsm-assess``, in :data:`ENV` (plus ``env``)."""
    return CliRunner().invoke(cli, list(args), env={**ENV, **(env or {})}, prog_name="itsm-assess")


def run_ok(*args: str) -> str:
    """The standard output of a run that must succeed."""
    result = invoke(args)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def commands() -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command of the CLI (not the groups), with the names that reach it."""
    return ((path, command) for path, command in iter_commands(cli) if not isinstance(command, click.Group))


def defects_in(texts: Iterable[str], defects: Defects) -> list[tuple[str, str]]:
    """``(what is wrong, the text's first 120 characters)`` for each defect found in each text."""
    defects = list(defects)
    return [(what, text[:120]) for text in texts for what, pattern in defects if pattern.search(text)]


def defects_named(texts: Iterable[str], defects: Defects) -> list[str]:
    """What is wrong in ``texts``, in order: the old texts of a check name each of its classes."""
    return [what for what, _text in defects_in(texts, defects)]


@cache
def finnish_catalog() -> Catalog:
    po = i18n.LOCALE_DIR / "fi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with po.open("rb") as fh:
        return read_po(fh)


@cache
def english_sources() -> frozenset[str]:
    """Every English interface string (singular, no placeholder) whose Finnish translation differs from it."""
    return frozenset(m.id.strip() for m in finnish_catalog()
                     if m.id and isinstance(m.id, str) and m.string != m.id and "{" not in m.id and len(m.id) > 2)


@cache
def _english_fragments() -> frozenset[str]:
    """The literal text between placeholders of every English msgid whose Finnish differs:
    two words or more, so that a name or a unit shared by both languages is not counted."""
    fragments = set()
    for m in finnish_catalog():
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not m.id or any(s == i for s, i in zip(strings, ids, strict=False)):
            continue
        for msgid in ids:
            for part in re.split(r"\{[^}]*\}|\n", msgid):
                part = part.strip(" .,:;()")
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= 2 and " " in part and not any(c in part for c in "`/"):
                    fragments.add(part)
    return frozenset(fragments)


#: English a Finnish line must not hold (words of messages, not of data or names).
ENGLISH_WORDS = re.compile(
    r"\b(wrote|written|write|error|errors|warning|warnings|note|missing|expected|found|no such|merged|merge|would|"
    r"invalid|must|cannot|should|the|and|with|from|of|is|are|not|does|file|files|row|rows|column|value|values|"
    r"usage|options|try|help|required|default|range|integer|kept|added|rejected|changes|respondents?|ok|"
    r"rating|notes|spread|counts|verdict|disagreement|capability)\b",
    re.IGNORECASE)
#: What is set aside before looking for English words: commands in backticks and on a usage line,
#: quoted values, option names, file names, paths, codes in parentheses, a rule's id in brackets and
#: a YAML field's place (``responses[0].rating``: the keys the user wrote).
ASIDE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|”[^”]*”|(?<!\w)--?[A-Za-z][\w-]*|[\w.-]+\.(?:yaml|yml|json|xlsx|csv|md|html|"
                   r"docx|pptx|ics|txt)\b|\S+/\S*|itsm-assess( [a-z][a-z-]*)*|\([a-z-]+\)|\[[a-z-]+\]|"
                   r"\b[a-z_]+(?:\[\d+\]|\.[a-z_]+)+(?=: )")


def english_in(line: str) -> list[str]:
    """The English a Finnish line holds: English source fragments, then English words."""
    found = sorted(f for f in _english_fragments() if f in line)
    return found or ENGLISH_WORDS.findall(ASIDE.sub(" ", line))


def visible_strings(path: Path) -> list[str]:
    """The strings a reader sees in an output file, one per text node, cell or line."""
    stat = path.stat()
    return list(_visible_strings(path, stat.st_mtime_ns, stat.st_size))


def sheet_names(path: Path) -> list[str]:
    """The visible sheet names of a workbook."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    names = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    wb.close()
    return names


@cache
def _visible_strings(path: Path, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    """:func:`visible_strings`, read once per version of the file (many checks read each output)."""
    if path.suffix == ".html":
        return tuple(_html_text(path.read_text(encoding="utf-8")))
    if path.suffix == ".xlsx":
        return tuple(_workbook_text(path))
    if path.suffix == ".pptx":
        return tuple(_slides_text(path))
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ics":  # a calendar shows each value unfolded (RFC 5545 3.1), its \n as line breaks
        text = text.replace("\n ", "").replace("\\n", "\n")  # (read_text has made CRLF a \n)
    return tuple(line.strip(" #*|-") for line in text.splitlines() if line.strip())


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):  # <code>: identifiers shown as such (a map's field names)
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data)


def _html_text(html: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(html)
    return [p.strip() for p in parser.parts]


def _workbook_text(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    shown = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    # Hidden rows (a workbook's row of stable machine keys) are not seen by a reader.
    cells = [str(c.value).strip() for ws in shown for row in ws.iter_rows()
             for c in row if isinstance(c.value, str) and c.value.strip() and not ws.row_dimensions[c.row].hidden]
    names = [ws.title for ws in shown]
    # What Excel shows on top of the cells: drop-down prompts and refusals, and comments.
    popups = [text.strip() for ws in shown for dv in ws.data_validations.dataValidation
              for text in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) if text and text.strip()]
    notes = [c.comment.text.strip() for ws in shown for row in ws.iter_rows() for c in row if c.comment]
    return cells + names + popups + notes


def _slides_text(path: Path) -> list[str]:
    from pptx import Presentation

    texts: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts += ["".join(r.text for r in para.runs) for para in shape.text_frame.paragraphs]
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return [t.strip() for t in texts if t.strip()]
