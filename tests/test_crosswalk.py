"""The FitSM-1 <-> ISO/IEC 20000-1:2018 crosswalk: complete, checked against both catalogues, and
an assessment of either seen as the other (``score --view``) on hand-checked cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsm_assess.assessment import load_assessment
from itsm_assess.catalogue import load_catalogue
from itsm_assess.catalogue.crosswalk import bundled_crosswalks, crosswalk_between, load_crosswalk, side_coverage
from itsm_assess.cli import cli
from itsm_assess.errors import InputError
from itsm_assess.scoring import load_scoring_model, score
from itsm_assess.scoring.views import combined_conformity, crosswalk_view

ISO_ASSESSMENT = """\
schema_version: 1
assessment:
  id: cw-iso
  organisation: Testi Oy
  catalogue: iso20000-1-2018
  scope: {processes: [BRM, PERF, REP, CHG]}
  method: audit
  language: en
  scoring_model: compliance
responses:
  - {id: PERF-10, rating: F}
  - {id: BRM-02, rating: L, finding: minor-nc}
  - {id: REP-04, rating: F}
  - {id: CHG-11, rating: F}
  - {id: CHG-10, rating: P, finding: minor-nc}
  - {id: BRM-07, rating: NA, justification: "complaints go through the customer's own channel", na_accepted: true}
"""

FITSM_ASSESSMENT = """\
schema_version: 1
assessment:
  id: cw-fitsm
  organisation: Testi Oy
  catalogue: fitsm-1
  scope: {processes: [CRM, CHM]}
  method: audit
  language: fi
  scoring_model: compliance
responses:
  - {id: PR7.2, rating: F}
  - {id: PR7.4, rating: N, finding: minor-nc}
  - {id: PR12.6, rating: L, finding: minor-nc}
  - {id: PR12.4, rating: F}
"""


@pytest.fixture(scope="module")
def fitsm():  # type: ignore[no-untyped-def]
    return load_catalogue("fitsm-1")


@pytest.fixture(scope="module")
def iso():  # type: ignore[no-untyped-def]
    return load_catalogue("iso20000-1-2018")


def _results(tmp_path: Path, text: str, catalogue):  # type: ignore[no-untyped-def]
    path = tmp_path / "assessment.yaml"
    path.write_text(text, encoding="utf-8")
    return score(load_assessment(path), catalogue, load_scoring_model("compliance")).to_dict()


def test_the_bundled_crosswalk_reviews_every_fitsm_requirement_and_states_coverage_honestly(fitsm, iso) -> None:  # type: ignore[no-untyped-def]
    assert [p.name for p in bundled_crosswalks()] == ["fitsm-1_iso20000-1-2018.yaml"]
    cw = crosswalk_between(iso, fitsm)  # either order
    assert cw.side("fitsm-1") == "source" and cw.side("iso20000-1-2018") == "target"
    f, i = side_coverage(cw, "source", fitsm), side_coverage(cw, "target", iso)
    assert (len(f.equivalent), len(f.partial), len(f.none)) == (12, 68, 2)
    assert f.none == ["GR4.2", "PR6.5"] and all(cw.notes[rid] for rid in f.none)
    assert (len(i.equivalent), len(i.partial), len(i.none)) == (12, 143, 115)
    assert {"AST-01", "BUD-01", "DEM-01", "PLAN-01", "SUP-16", "CHG-06"} <= set(i.none)
    assert i.requirements == 270 and f.requirements == 82


def test_iso_assessment_seen_as_fitsm(tmp_path: Path, fitsm, iso) -> None:  # type: ignore[no-untyped-def]
    view = crosswalk_view(_results(tmp_path, ISO_ASSESSMENT, iso), crosswalk_between(iso, fitsm), iso, fitsm)
    req = view["requirements"]
    # Hand-checked: each through its equivalent ISO counterpart.
    assert req["GR1.3"]["conformity"] == "conforming"        # PERF-10 F
    assert req["PR7.2"]["conformity"] == "not-conforming"    # BRM-02 minor NC
    assert req["PR7.5"]["conformity"] == "not-applicable"    # BRM-07 NA accepted
    assert req["PR3.3"]["conformity"] == "conforming"        # REP-04 F
    assert req["PR12.6"]["conformity"] == "conforming"       # CHG-11 (ISO good practice) F; CHG-10 is only partial
    assert {c["id"]: c["conformity"] for c in req["PR12.6"]["counterparts"]} == {
        "CHG-11": "conforming", "CHG-10": "not-conforming"}
    assert req["PR7.4"]["conformity"] == "not-assessed"      # BRM-04 in scope, not rated
    assert req["PR4.4"]["conformity"] == "not-assessed"      # AVM-04 outside the scope
    assert req["PR4.4"]["counterparts"][0]["conformity"] == "outside-scope"
    assert req["PR12.4"]["match"] == "partial" and req["PR12.4"]["conformity"] == "not-derived"
    assert req["GR4.2"]["match"] == "none" and req["GR4.2"]["counterparts"] == []
    assert "align" in req["GR4.2"]["note"]
    crm = view["processes"]["CRM"]
    assert (crm["conforming"], crm["not_conforming"], crm["not_applicable"], crm["not_assessed"]) == (0, 1, 1, 1)
    assert crm["compliance"] == 0.0 and view["processes"]["SRM"]["compliance"] == 1.0
    assert view["coverage"]["viewed"] == {"requirements": 82, "equivalent": 12, "partial": 68, "none": 2, "derived": 12}
    assert len(view["coverage"]["assessed"]["without_counterpart"]) == 115


def test_fitsm_assessment_seen_as_iso(tmp_path: Path, fitsm, iso) -> None:  # type: ignore[no-untyped-def]
    view = crosswalk_view(_results(tmp_path, FITSM_ASSESSMENT, fitsm), crosswalk_between(fitsm, iso), fitsm, iso)
    req = view["requirements"]
    assert req["BRM-02"]["conformity"] == "conforming"       # PR7.2 F
    assert req["BRM-04"]["conformity"] == "not-conforming"   # PR7.4 N + minor NC
    assert req["CHG-11"]["conformity"] == "not-conforming"   # PR12.6 minor NC
    assert req["CHG-10"]["conformity"] == "not-derived"      # only partial (PR12.6)
    assert req["CHG-09"]["conformity"] == "not-derived"      # PR12.4 F, but only a partial match
    assert req["PERF-10"]["conformity"] == "not-assessed"    # GR1 outside the FitSM scope
    assert req["AST-01"]["match"] == "none" and req["AST-01"]["conformity"] == "not-derived"
    brm = view["processes"]["BRM"]
    assert (brm["conforming"], brm["not_conforming"], brm["compliance"]) == (1, 1, 0.5)
    assert view["coverage"]["viewed"]["equivalent"] == 12 and view["coverage"]["viewed"]["none"] == 115


def test_equivalent_counterparts_combine_to_the_most_severe() -> None:
    assert combined_conformity(["conforming", "not-conforming"]) == "not-conforming"
    assert combined_conformity(["conforming", "not-assessed"]) == "not-assessed"
    assert combined_conformity(["not-applicable", "conforming"]) == "conforming"
    assert combined_conformity(["not-applicable"]) == "not-applicable"
    assert combined_conformity([]) == "not-assessed"


def test_a_crosswalk_with_unknown_ids_or_gaps_is_refused_with_lines(tmp_path: Path, fitsm, iso) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "cw.yaml"
    bad.write_text(
        "schema_version: 1\n"
        "crosswalk:\n"
        "  id: t\n  title: {en: t, fi: t}\n  version: '1.0.0'\n"
        "  source: {catalogue: fitsm-1, version: '1.0.0'}\n  target: {catalogue: iso20000-1-2018, version: '1.0.0'}\n"
        "mappings:\n"
        "  - {source: GR1.1, targets: [{id: LEAD-99, match: partial}]}\n"
        "  - {source: GR1.1, targets: [{id: LEAD-13, match: partial}]}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_crosswalk(bad, fitsm, iso)
    text = str(err.value)
    assert "cw.yaml:9:" in text and "'LEAD-99' is not a requirement of iso20000-1-2018" in text
    assert "cw.yaml:10:" in text and "already mapped" in text
    assert "81 requirement(s) of fitsm-1 not reviewed" in text
    bad.write_text(bad.read_text(encoding="utf-8") + "  - {source: GR1.2, match: none}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cw.yaml:11:\d+: .*needs a note"):
        load_crosswalk(bad, fitsm, iso)


def test_score_view_cli_both_ways(tmp_path: Path) -> None:
    (tmp_path / "iso.yaml").write_text(ISO_ASSESSMENT, encoding="utf-8")
    (tmp_path / "fitsm.yaml").write_text(FITSM_ASSESSMENT, encoding="utf-8")
    run = CliRunner().invoke
    out = run(cli, ["score", str(tmp_path / "iso.yaml"), "--view", "fitsm-1", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["requirements"]["PR7.2"]["conformity"] == "not-conforming"
    table = run(cli, ["score", str(tmp_path / "fitsm.yaml"), "--view", "iso20000-1-2018"])
    assert table.exit_code == 0, table.output
    assert ("Arvioitu standardia FitSM-1 vasten; tulokset standardin ISO/IEC 20000-1:2018 vaatimuksina "
            "(vastaavuustaulukko FitSM-1 ↔ ISO/IEC 20000-1:2018, versio 1.0.0)") in table.output
    assert "BRM-02" in table.output and "täyttyy" in table.output
    bad = run(cli, ["score", str(tmp_path / "iso.yaml"), "--view", "fitsm-1", "--format", "oscal"])
    assert bad.exit_code == 2
    summary = run(cli, ["catalogue", "crosswalk", "--format", "json"])
    sides = json.loads(summary.output)["sides"]
    assert [(s["catalogue"], s["none"]) for s in sides] == [("fitsm-1", 2), ("iso20000-1-2018", 115)]


def test_a_crosswalk_reviewed_against_another_version_is_refused(tmp_path: Path, fitsm, iso) -> None:  # type: ignore[no-untyped-def]
    text = bundled_crosswalks()[0].read_text(encoding="utf-8")
    stale = tmp_path / "stale.yaml"
    stale.write_text(text.replace('target: {catalogue: iso20000-1-2018, version: "1.0.0"}',
                                  'target: {catalogue: iso20000-1-2018, version: "0.9.0"}'), encoding="utf-8")
    with pytest.raises(InputError, match=r"stale.yaml:\d+:\d+: crosswalk.target.version: reviewed against "
                                         r"iso20000-1-2018 0.9.0, but the catalogue is version 1.0.0"):
        load_crosswalk(stale, fitsm, iso)


def test_a_view_shows_the_capability_levels_of_the_assessed_processes_behind_each_viewed_process(
        tmp_path: Path, fitsm, iso) -> None:  # type: ignore[no-untyped-def]
    example = Path(__file__).resolve().parent.parent / "examples" / "revontuli" / "assessment-2026.yaml"
    results = score(load_assessment(example), iso, load_scoring_model("iso33020")).to_dict()
    view = crosswalk_view(results, crosswalk_between(iso, fitsm), iso, fitsm)
    assert view["view"]["capability_model"]["id"] == "iso33020"
    level = {pid: p["capability_level"] for pid, p in results["processes"].items()}
    # Hand-checked: GR1's counterparts are LEAD-13, LEAD-14, LEAD-10, LEAD-11 and PERF-10 … PERF-13 (4 each;
    # the tie goes in catalogue order).
    gr1 = view["processes"]["GR1"]
    assert [(a["process"], a["counterparts"], a["capability_level"]) for a in gr1["assessed_levels"]] == [
        ("LEAD", 4, level["LEAD"]), ("PERF", 4, level["PERF"])]
    assert gr1["compliance"] == 1.0  # the conformity figures stay as they were
    # Every viewed process with counterparts in scope lists their processes, and only those.
    for pid, proc in view["processes"].items():
        sources = {iso.requirements[c["id"]].process for r in view["requirements"].values() if r["process"] == pid
                   for c in r["counterparts"]}
        assert {a["process"] for a in proc["assessed_levels"]} == sources & set(results["processes"]), pid
        assert all(a["capability_level"] == level[a["process"]] for a in proc["assessed_levels"])
    # A compliance model has no levels: none are shown.
    plain = crosswalk_view(_results(tmp_path, ISO_ASSESSMENT, iso), crosswalk_between(iso, fitsm), iso, fitsm)
    assert plain["view"]["capability_model"] is None
    assert all(p["assessed_levels"] == [] for p in plain["processes"].values())


def test_score_view_table_puts_the_levels_beside_the_compliance(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "revontuli" / "assessment-2026.yaml"
    run = CliRunner().invoke
    fi = run(cli, ["score", str(example), "--view", "fitsm-1"])
    assert fi.exit_code == 0, fi.output
    assert ("Kyvykkyystasot ovat vastineet sisältävien arvioitujen prosessien (ISO/IEC 20000-1:2018) tasoja (malli: "
            "ISO/IEC 33020 -kyvykkyystasot ja ISO/IEC 20000-1 -vaatimustenmukaisuus); standardin FitSM-1 prosesseille "
            "tasoja ei johdeta.") in fi.output
    assert "FitSM-1: 12 vastaavaa, 68 vain osittaista, 2 ilman vastinetta (82 vaatimuksesta); ISO/IEC 20000-1:2018: " \
           "115/270 vaatimuksella ei ole vastinetta" in fi.output
    assert "(vaatimustenmukaisuus 100\u00a0%; taustalla olevien prosessien kyvykkyystasot: LEAD 1, PERF 1)" in fi.output
    en = run(cli, ["score", str(example), "--view", "fitsm-1", "--lang", "en"])
    assert en.output.startswith("Assessed against ISO/IEC 20000-1:2018; the results as FitSM-1 requirements "
                                "(crosswalk FitSM-1 ↔ ISO/IEC 20000-1:2018, version 1.0.0)\n")
    assert "(compliance 100%; capability levels of the processes behind it: LEAD 1, PERF 1)" in en.output
    (tmp_path / "iso.yaml").write_text(ISO_ASSESSMENT, encoding="utf-8")
    plain = run(cli, ["score", str(tmp_path / "iso.yaml"), "--view", "fitsm-1"])
    assert plain.exit_code == 0 and "capability levels" not in plain.output.lower()
