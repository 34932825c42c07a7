"""`make i18n-update` cannot drop a message the code uses.

The test runs the Makefile's own extraction options (EXTRACT_OPTIONS, keywords in babel.cfg)
through Babel's command line in-process, and checks that every entry of each PO file is in the
template it writes: `pybabel update --ignore-obsolete` keeps exactly those, so a msgid the code
passes to ``_()``, ``_n()``, ``_p()``, ``message()``, ``N_()`` or ``N_plural()`` but the configuration misses
would be dropped from the translations.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from itsm_assess import i18n

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = sorted(i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"))


def _key(context: str | None, msgid: str | tuple[str, ...]) -> tuple[str | None, str]:
    return context, msgid if isinstance(msgid, str) else msgid[0]


def _makefile_extract_options() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^EXTRACT_OPTIONS\s*:=\s*(.+)$", text, re.MULTILINE)
    assert found, "Makefile: EXTRACT_OPTIONS is what `make i18n-extract` passes to pybabel"
    assert "$(EXTRACT_OPTIONS)" in text.split("i18n-extract:", 1)[1].split("\n\n", 1)[0]
    return shlex.split(found.group(1))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str | None, str]]:
    pot = tmp_path_factory.mktemp("i18n") / "itsm_assess.pot"
    cwd = Path.cwd()
    os.chdir(ROOT)  # babel.cfg's patterns are relative to the folder extracted, as in `make`
    try:
        CommandLineInterface().run(["pybabel", "-q", "extract", *_makefile_extract_options(), "-o", str(pot), "."])
    finally:
        os.chdir(cwd)
    with pot.open("rb") as fh:
        return {_key(m.context, m.id) for m in read_po(fh) if m.id}


def test_extraction_finds_every_kind_of_call(template: set[tuple[str | None, str]]) -> None:
    assert (None, "{path}: not a folder") in template  # _() in cli/plan.py
    assert (None, "… and one more") in template  # _n() in cli/assess.py
    assert (None, "... and one more") in template  # plural_message() in the library (a plural entry)
    assert (None, "{count} conflict") in template  # _n() in cli/
    assert (None, "1 open major nonconformity: {items}") in template  # N_plural() in scoring/reasons.py
    assert ("and_more_actions", "and one more action") in template  # npgettext() in reports/labels.py (a plural entry)
    assert ("and_more_processes", "and one more process") in template  # _counted() in reports/labels.py
    assert ("count_word", "two") in template  # pgettext() on a catalogue object in reports/labels.py
    assert (None, "Show this message and exit.") in template  # a --help text (cli/help.py walks the commands)
    assert ("metavar", "ASSESSMENT.yaml") in template  # a metavar of a --help page
    assert ("msg_strengths", "Strongest areas: {items}.") in template  # _p() in reports/labels.py
    assert any("zip bomb" in text for _context, text in template)  # message() in the private _io package


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_update_keeps_every_entry_of_the_po_file(po_path: Path, template: set[tuple[str | None, str]]) -> None:
    with po_path.open("rb") as fh:
        entries = {_key(m.context, m.id) for m in read_po(fh) if m.id}
    dropped = sorted(entries - template, key=str)
    assert dropped == [], f"`make i18n-update` would drop {len(dropped)} entries the code uses: {dropped[:10]}"
