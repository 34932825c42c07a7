"""Every user-text field in every HTML output stays text.

A hostile string (a script element, an attribute break-out with an ``onerror`` image, a Jinja2
expression) goes into every free-text field of an assessment, the catalogue and the change
policy; each HTML output is rendered and parsed with ``html.parser``. No element or attribute may
come from the user's text, and the text must read back exactly as typed (so a template that used
``|safe`` on any of these fields, or rendered user text as a template, fails here).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_copies import Marks, hostile_assessment, hostile_catalogue, hostile_policy

from itsm_assess.cli import cli


def payload(marker: str) -> str:
    return f'<script>alert("{marker}")</script>"><img src=x onerror=alert("{marker}")>{{{{7*7}}}}'


MARKER = re.compile(r"MK\d+K")


class Parsed(HTMLParser):
    """Elements, attributes and text of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"
        self.text.extend(v for _, v in attrs if v)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.script_text if self._in_script else self.text).append(data)


def check_page(html: str, marks: Marks) -> set[str]:
    """Assert nothing in ``html`` was built from user text; returns the markers shown as text."""
    page = Parsed()
    page.feed(html)
    page.close()
    for tag, attrs in page.tags:
        names = {name for name, _ in attrs}
        assert tag != "img" or "onerror" not in names, f"an <img onerror> element came from user text: {attrs}"
        assert not any(n.startswith("on") for n in names if n not in {"onload"}), f"<{tag}> has an event handler: {attrs}"
    for script in page.script_text:
        found = set(MARKER.findall(script)) & set(marks.places)
        assert not found, f"user text inside a script element: {[marks.places[m] for m in found]}"
    text = "".join(page.text)
    shown = set(MARKER.findall(text)) & set(marks.places)
    for marker in shown:
        # The text a reader sees is the hostile string exactly as typed: escaped, not evaluated.
        assert payload(marker) in text, (
            f"{marks.places[marker]} is not shown as the text typed"
        )
    assert "alert(" not in "".join(page.script_text)
    return shown


def page_text(html: str) -> str:
    page = Parsed()
    page.feed(html)
    page.close()
    return "".join(page.text)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Marks]:
    tmp = tmp_path_factory.mktemp("hostile")
    marks = Marks(payload)
    hostile_catalogue(tmp, marks)
    hostile_assessment(tmp / "a.yaml", marks)
    hostile_assessment(tmp / "b.yaml", marks, assessment_id="acme-2026")
    hostile_policy(tmp / "policy.yaml", marks)
    return tmp, marks


def run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_the_hostile_copies_reach_every_kind_of_field(workspace: tuple[Path, Marks]) -> None:
    _, marks = workspace
    places = " ".join(marks.places.values())
    for field_name in ("organisation", "assessors", "evidence", "notes", "justification", "statement",
                       "recommendation", "owner", "comments", "attribute_rating_reasons", "history",
                       "actions", "title.en", "guidance", "question", "look_for", "examples"):
        assert field_name in places, f"no hostile text in {field_name}"


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_report_html_shows_every_user_text_as_text(workspace: tuple[Path, Marks], lang: str) -> None:
    tmp, marks = workspace
    out = tmp / f"report-{lang}"
    run("report", "write", str(tmp / "a.yaml"), "--catalogue", str(tmp / "catalogue"), "--baseline",
        str(tmp / "b.yaml"), "--format", "html", "--lang", lang, "--include-names", "--min-group", "1",
        "--doc-version", payload("OPT1"), "--distribution", payload("OPT2"), "--confidentiality",
        payload("OPT3"), "-o", str(out))
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    shown = check_page(html, marks)
    # The fields a report is about: a change of template that drops them would go unnoticed here.
    shown_places = " ".join(marks.places[m] for m in shown)
    for field_name in ("organisation", "findings[0].statement", "findings[0].recommendation", "responses[1].evidence",
                       "responses[1].notes", "title.en" if lang == "en" else "title.fi"):
        assert field_name in shown_places, f"{field_name} is not in the report at all"
    text = page_text(html)
    for option in ("OPT1", "OPT2", "OPT3"):  # --doc-version, --distribution, --confidentiality
        assert payload(option) in text
    assert "<script>alert(" not in html


@pytest.mark.parametrize("edition", ["auditor", "trainer", "participant"])
def test_checklist_html_shows_catalogue_text_as_text(workspace: tuple[Path, Marks], edition: str) -> None:
    tmp, marks = workspace
    out = tmp / f"checklist-{edition}.html"
    run("checklist", "render", "--catalogue", str(tmp / "catalogue"), "--edition", edition, "--title",
        payload("OPT4"), "--brand", payload("OPT5"), "-o", str(out), "--force")
    html = out.read_text(encoding="utf-8")
    shown = check_page(html, marks)
    assert any("question" in marks.places[m] for m in shown)
    assert payload("OPT4") in page_text(html) and payload("OPT5") in page_text(html)  # --title, --brand
    assert "<script>alert(" not in html


@pytest.mark.parametrize("exercise", [False, True])
def test_change_guide_html_shows_policy_text_as_text(workspace: tuple[Path, Marks], exercise: bool) -> None:
    tmp, marks = workspace
    out = tmp / f"guide-{exercise}.html"
    run("change", "guide", "--policy", str(tmp / "policy.yaml"), "-o", str(out), "--force",
        *(["--exercise"] if exercise else []))
    html = out.read_text(encoding="utf-8")
    shown = check_page(html, marks)
    assert any("examples" in marks.places[m] for m in shown)
    assert "<script>alert(" not in html


def test_compare_html_shows_user_text_as_text(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "compare"
    run("compare", str(tmp / "a.yaml"), str(tmp / "b.yaml"), "--catalogue", str(tmp / "catalogue"), "--format",
        "html", "-o", str(out))
    html = (out / "comparison.html").read_text(encoding="utf-8")
    shown = check_page(html, marks)
    assert shown, "the comparison shows no catalogue or assessment text at all"
    assert "<script>alert(" not in html


def test_the_check_fails_on_an_unescaped_field(workspace: tuple[Path, Marks]) -> None:
    """The checker itself notices a field rendered raw (as ``|safe`` would)."""
    _, marks = workspace
    marker = next(iter(marks.places))
    with pytest.raises(AssertionError):
        check_page(f"<p>{payload(marker)}</p>", marks)
    with pytest.raises(AssertionError):
        check_page(f'<p title="{payload(marker)}">x</p>', marks)
    with pytest.raises(AssertionError):
        check_page(f"<p>{payload(marker).replace('{{7*7}}', '49')}</p>".replace("<", "&lt;"), marks)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_findings_register_html_shows_user_text_as_text(workspace: tuple[Path, Marks], lang: str) -> None:
    tmp, marks = workspace
    out = tmp / f"register-{lang}.html"
    run("findings", "register", str(tmp / "a.yaml"), "--catalogue", str(tmp / "catalogue"), "--lang", lang,
        "-o", str(out), "--force")
    html = out.read_text(encoding="utf-8")
    shown = " ".join(marks.places[m] for m in check_page(html, marks))
    for field_name in ("assessment.organisation", "findings[0].statement", "findings[2].statement",
                       "findings[2].evidence", "findings[2].correction", "findings[2].root_cause",
                       "findings[2].corrective_action", "findings[2].owner", "findings[2].verification.auditor",
                       "findings[2].verification.evidence", "findings[0].history[0].note"):
        assert f"assessment.yaml.{field_name}" in shown.split(), f"{field_name} is not in the register"
    assert "<script>alert(" not in html


def test_findings_follow_up_html_shows_user_text_as_text(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "follow-up.html"
    run("findings", "follow-up", str(tmp / "b.yaml"), "--previous", str(tmp / "a.yaml"), "--catalogue",
        str(tmp / "catalogue"), "-o", str(out), "--force")
    html = out.read_text(encoding="utf-8")
    shown = check_page(html, marks)
    assert any(marks.places[m].endswith("].statement") for m in shown), "no finding statement in the follow-up"
    assert "<script>alert(" not in html


def test_audit_plan_html_shows_user_text_as_text(workspace: tuple[Path, Marks]) -> None:
    import datetime as dt

    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.planning.audit_plan import AuditPlan, build_plan
    from itsm_assess.planning.plan_render import plan_html

    tmp, marks = workspace
    catalogue = load_catalogue(tmp / "catalogue")
    auditors = [marks.text("plan.auditors[0]"), marks.text("plan.auditors[1]")]
    plan = build_plan(catalogue, assessment_id="acme-2025", organisation=marks.text("plan.organisation"),
                      processes=list(catalogue.processes), start=dt.date(2027, 3, 8), days=1, auditors=auditors)
    data = plan.model_dump(mode="json")
    data.update(title=marks.text("plan.title"), scope=marks.text("plan.scope"), location=marks.text("plan.location"),
                objectives=[marks.text("plan.objectives[0]")], criteria=[marks.text("plan.criteria[0]")])
    data["agenda"][0]["note"] = marks.text("plan.agenda[0].note")
    html = plan_html(AuditPlan.model_validate(data), catalogue)
    shown = " ".join(marks.places[m] for m in check_page(html, marks))
    for field_name in ("title", "scope", "location", "objectives[0]", "criteria[0]", "auditors[0]", "agenda[0].note"):
        assert f"plan.{field_name}" in shown.split(), f"{field_name} is not in the plan"
    # Agenda activities are the catalogue's process titles.
    assert any(".title." in place for place in shown.split()), "no process title in the agenda"
    assert "<script>alert(" not in html


def test_metrics_scorecard_html_shows_team_names_as_text(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "metrics"
    marks = Marks(payload)
    team = marks.text("incidents.csv assignment_group")
    for name in ("incidents.csv", "staffing.yaml"):
        text = (fixtures / name).read_text(encoding="utf-8")
        quoted = f"'{team}'" if name.endswith(".yaml") else '"' + team.replace('"', '""') + '"'
        (tmp_path / name).write_text(text.replace("Palvelupiste", quoted), encoding="utf-8")
    run("metrics", "compute", "--incidents", str(tmp_path / "incidents.csv"), "--staffing",
        str(tmp_path / "staffing.yaml"), "--period", "2025-01..2025-02", "-o", str(tmp_path / "metrics.json"))
    run("metrics", "report", "--metrics", str(tmp_path / "metrics.json"), "-o", str(tmp_path / "scorecard.html"))
    html = (tmp_path / "scorecard.html").read_text(encoding="utf-8")
    assert check_page(html, marks) == set(marks.places), "the team is not in the scorecard"
    assert "<script>alert(" not in html


def test_markdown_checklist_keeps_catalogue_html_as_text(workspace: tuple[Path, Marks]) -> None:
    tmp, marks = workspace
    out = tmp / "checklist.md"
    run("checklist", "render", "--catalogue", str(tmp / "catalogue"), "--edition", "auditor", "--format", "md",
        "-o", str(out), "--force")
    md = out.read_text(encoding="utf-8")
    assert MARKER.search(md), "no catalogue text in the Markdown checklist"
    # A Markdown reader passes raw HTML through: none may come from the catalogue's text.
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;alert" in md
