"""Phone and desktop layout in headless Chromium: nothing sticks out of a 390 px viewport (WCAG 1.4.10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_probe import chromium_available, measure

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not chromium_available(), reason="Chromium is not installed")]

ROOT = Path(__file__).resolve().parent.parent


def _no_sideways_scroll(html: str, tmp_path: Path) -> None:
    found = measure(html, tmp_path, width=390)
    assert found["viewport"] <= 390
    assert found["outside"] == [] and found["scroll_width"] <= found["viewport"], found


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_change_guide_reflows_at_390_px_and_has_landmarks(lang: str, tmp_path: Path) -> None:
    from itsm_assess.change_impact.guide import guide_view, render_html
    from itsm_assess.change_impact.policy import load_policy

    html = render_html(guide_view(load_policy(ROOT / "examples" / "revontuli" / "change-policy.yaml"), lang))
    assert 'name="viewport"' in html
    for landmark in ("<header>", "<main>", "<footer>"):
        assert html.count(landmark) == 1, landmark
    _no_sideways_scroll(html, tmp_path)


@pytest.mark.parametrize("edition", ["auditor", "trainer", "participant"])
def test_checklist_reflows_at_390_px(edition: str, tmp_path: Path) -> None:
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.catalogue.checklist_render import build_checklist_document, render_html

    doc = build_checklist_document(load_catalogue(), processes=["CHG", "SDT"], edition=edition, lang="fi")
    html = render_html(doc)
    assert 'name="viewport"' in html
    _no_sideways_scroll(html, tmp_path)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_report_reflows_at_390_px_with_tables_in_their_own_scroll_box(lang: str, tmp_path: Path) -> None:
    import json

    from itsm_assess.assessment import load_for_catalogue
    from itsm_assess.catalogue import load_catalogue
    from itsm_assess.reports import build_report_view
    from itsm_assess.reports.html import render_report_html

    fix = ROOT / "tests" / "fixtures" / "reports"
    catalogue = load_catalogue(fix / "catalogue")
    assessment = load_for_catalogue(fix / "assessment.yaml", catalogue)
    results = json.loads((fix / "results.json").read_text(encoding="utf-8"))
    baseline = json.loads((fix / "baseline_results.json").read_text(encoding="utf-8"))
    changes = json.loads((fix / "changes.json").read_text(encoding="utf-8"))
    view = build_report_view(results, assessment, catalogue, lang, baseline, changes)
    # With the evidence from ticket data (`report --metrics`): its KPI table is the widest.
    from itsm_assess.metrics.compute import compute_kpis, metrics_json
    from itsm_assess.metrics.evidence import attach_metrics_evidence
    from itsm_assess.metrics.exports import load_metrics_map, read_export

    exports = {k: read_export(ROOT / "tests" / "fixtures" / "metrics" / f"{k}s.csv", k,
                              load_metrics_map(f"servicenow-{k}", k)) for k in ("incident", "change")}
    attach_metrics_evidence(view, metrics_json(compute_kpis(exports, ["2025-01", "2025-02"], None)))
    html = render_report_html(view)
    assert '<section id="metrics"' in html
    _no_sideways_scroll(html, tmp_path)
    wide = measure(html, tmp_path, width=1366)
    assert wide["outside"] == [] and wide["scroll_width"] <= wide["viewport"], wide
