"""Every output rendered in Finnish shows Finnish: no visible string equal to its English source,
no code id a reader would see, and (in any language) no leaked placeholders or Python reprs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from itsm_assess import i18n
from itsm_assess.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples" / "revontuli"
ENV = {"ITSM_ASSESS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}

#: Ids of the data model that a Finnish reader must never see on their own.
CODE_IDS = {
    "standard", "normal", "emergency", "change-management", "service-design-transition", "release-deployment",
    "major-nc", "minor-nc", "ofi", "observation", "good-practice", "conforming", "not-conforming",
    "not-assessed", "not-applicable", "ready", "not-ready", "ready-with-conditions", "self-assessment", "audit",
    "significant", "major", "minor", "(none)", "cab", "service-owner", "in-progress", "open", "done", "closed",
    "capability", "compliance", "maturity", "shall", "derived", "yes", "no", "true", "false", "none",
}
#: Visible strings that are the same in English and Finnish on purpose.
SAME_IN_BOTH = {
    "ISO/IEC 20000-1:2018", "SHA-256", "CMDB", "SLA", "OLA", "CAB", "ITIL 4", "FitSM", "PA", "N", "P", "L", "F",
    "NA", "Id", "OK",
}


def _english_sources() -> set[str]:
    """Every English interface string whose Finnish translation differs from it."""
    po = next(i18n.LOCALE_DIR.glob(f"fi/LC_MESSAGES/{i18n.DOMAIN}.po"))
    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = set()
    for m in catalog:
        if m.id and isinstance(m.id, str) and m.string != m.id and "{" not in m.id and len(m.id) > 2:
            out.add(m.id.strip())
    return out


class _Text(HTMLParser):
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


def visible_strings(path: Path) -> list[str]:
    """The strings a reader sees in an output file, one per text node, cell or line."""
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        return [p.strip() for p in parser.parts]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        hidden_sheets = {ws.title for ws in wb.worksheets if ws.sheet_state != "visible"}
        cells = [str(c).strip() for ws in wb.worksheets if ws.title not in hidden_sheets
                 for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str) and c.strip()]
        names = [ws.title for ws in wb.worksheets if ws.title not in hidden_sheets]
        wb.close()
        return cells + names
    return [line.strip(" #*|-") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _render_all(out: Path, lang: str) -> dict[str, Path]:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args), env=ENV, prog_name="itsm-assess")
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    # The batch runs in English on purpose: the Finnish report words it from the codes.
    run("change", "batch", str(EX / "change-export.csv"), "--policy", str(EX / "change-policy.yaml"), "--lang", "en",
        "-o", str(out / "batch.xlsx"), "--summary-json", str(out / "summary.json"))
    run("report", str(EX / "assessment-2026.yaml"), "--baseline", str(EX / "assessment-2025.yaml"), "--changes",
        str(out / "summary.json"), "--format", "xlsx,html", "--lang", lang, "-o", str(out / "reports"))
    files = {f"report{p.suffix}": p for p in (out / "reports").iterdir()}
    for fmt in ("html", "md", "xlsx"):
        run("checklist", "render", "-p", "CHG", "-p", "SCM", "--edition", "trainer", "--lang", lang,
            "-o", str(out / f"checklist.{fmt}"))
        files[f"checklist.{fmt}"] = out / f"checklist.{fmt}"
    for fmt in ("html", "md"):
        run("change", "guide", "--policy", str(EX / "change-policy.yaml"), "--format", fmt, "--lang", lang,
            "-o", str(out / f"guide.{fmt}"))
        files[f"guide.{fmt}"] = out / f"guide.{fmt}"
    (out / "score.txt").write_text(run("score", str(EX / "assessment-2026.yaml"), "--lang", lang), encoding="utf-8")
    files["score.txt"] = out / "score.txt"
    (out / "show.txt").write_text(run("catalogue", "show", "-p", "CHG", "--lang", lang), encoding="utf-8")
    files["show.txt"] = out / "show.txt"
    for method, book in (("audit", "fieldwork.xlsx"), ("self-assessment", "questionnaire.xlsx")):
        run("assess", "new", "--org", "Revontuli Palvelut Oy", "--processes", "CHG,INC", "--method", method,
            "--target", "CHG=3", "--lang", lang, "-o", str(out / method))
        files[book] = out / method / book
    return files


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _render_all(tmp_path_factory.mktemp("fi"), "fi")


@pytest.fixture(scope="module")
def english_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _render_all(tmp_path_factory.mktemp("en"), "en")


NAMES = ["report.html", "report.xlsx", "checklist.html", "checklist.md", "checklist.xlsx", "guide.html", "guide.md",
         "score.txt", "show.txt", "fieldwork.xlsx", "questionnaire.xlsx"]


@pytest.mark.parametrize("name", NAMES)
def test_finnish_output_shows_no_english_interface_string_and_no_code(outputs: dict[str, Path], name: str) -> None:
    english = _english_sources() - SAME_IN_BOTH
    shown = visible_strings(outputs[name])
    assert len(shown) > 20
    untranslated = sorted({s for s in shown if s in english})
    assert untranslated == [], untranslated[:20]
    codes = sorted({s for s in shown if s.casefold() in CODE_IDS})
    assert codes == [], codes[:20]
    # Findings recorded on a requirement's row are named in Finnish ("CHG-05-havainto").
    assert not [s for s in shown if "-finding" in s]


ENGLISH_WORDS = re.compile(r"\b(the|and|of|is|are|not|with|for|to|from|by|this|that|each|every|no)\b", re.I)


@pytest.mark.parametrize("name", NAMES)
def test_no_english_sentence_survives_into_finnish(outputs: dict[str, Path], english_outputs: dict[str, Path],
                                                   name: str) -> None:
    # A string shown in both renderings that reads as English was never translated (data the
    # client wrote, ids and names stay the same in both and contain no English function words).
    both = set(visible_strings(outputs[name])) & set(visible_strings(english_outputs[name]))
    english = sorted(s for s in both if len(ENGLISH_WORDS.findall(s)) >= 2)
    assert english == [], english[:10]


def test_the_check_would_see_english(english_outputs: dict[str, Path]) -> None:
    # The same outputs in English are full of the strings and codes the Finnish check refuses.
    english = _english_sources() - SAME_IN_BOTH
    shown = visible_strings(english_outputs["report.html"])
    assert len({s for s in shown if s in english}) > 50


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_no_placeholder_or_python_repr_leaks(outputs: dict[str, Path], english_outputs: dict[str, Path], name: str,
                                             lang: str) -> None:
    leaks = [s for s in visible_strings((outputs if lang == "fi" else english_outputs)[name])
             if "<built-in" in s or "<bound method" in s or re.search(r"\bNone\b", s)
             or re.search(r"\{[a-z_]*\}", s)]
    assert leaks == [], leaks[:10]
