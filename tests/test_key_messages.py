"""The audit summary's "Strongest areas": only processes green by the stated RAG rule.

Hand-worked cases: the rule (reports/summary.py, docs/reports.md) is no open nonconformity, at
or above the target level, and compliance of at least 85 %. A process without a target or a
nonconformity is not strong at 6 % (seen in a Finnish report: "Muutoksenhallinta (6 %)").
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from itsm_assess.reports.labels import labels
from itsm_assess.reports.summary import key_messages


def _process(pid: str, compliance: float | None, level: int | None = None, target: int | None = None) -> dict[str, Any]:
    return {"id": pid, "title": pid, "compliance": compliance, "capability_level": level, "target_level": target}


def _strengths(processes: list[dict[str, Any]], findings: list[dict[str, Any]] | None = None) -> str | None:
    view = SimpleNamespace(labels=labels("en"), lang="en", comparison=None, processes=processes, findings=findings or [],
                           actions=[])
    texts = [m["text"] for m in key_messages(view, lambda v: f"{round(v * 100)} %")
             if m["kind"] == "strength" and m["text"].startswith("Strongest")]
    assert len(texts) <= 1
    return texts[0] if texts else None


def test_low_compliance_without_target_or_finding_is_not_strong() -> None:
    assert _strengths([_process("CHG", 0.06), _process("INC", 0.60), _process("PRB", 0.84)]) is None


def test_green_processes_only_best_first() -> None:
    processes = [_process("CHG", 0.06), _process("INC", 0.85), _process("SLM", 0.97, level=2, target=2),
                 _process("PRB", 0.99, level=1, target=2),  # one level short: amber
                 _process("SCM", 1.0), _process("BRM", 0.90)]
    minor = {"id": "F-1", "grade": "minor-nc", "status": "open", "processes": ["SCM"], "clauses": ["8.2"]}
    # SLM first (level 2), then INC and BRM by compliance; the boundary 85 % counts as green,
    # SCM at 100 % is held back by its open minor nonconformity, PRB by its target.
    assert _strengths(processes, [minor]) == "Strongest areas: SLM (97 %), BRM (90 %) and INC (85 %)."
    closed = {**minor, "status": "closed"}
    assert _strengths(processes, [closed]) == "Strongest areas: SLM (97 %), SCM (100 %) and BRM (90 %)."


def test_one_more_area_is_said_in_words() -> None:
    minor = [{"id": f"F-{n}", "grade": "minor-nc", "status": "open", "processes": [pid], "clauses": ["8.1"]}
             for n, pid in enumerate(["AST", "CFG", "SUP", "SLM"])]
    view = SimpleNamespace(labels=labels("en"), lang="en", comparison=None, findings=minor, actions=[],
                           processes=[_process(p, 0.9) for p in ("AST", "CFG", "SUP", "SLM")])
    risk = next(m["text"] for m in key_messages(view, lambda v: f"{round(v * 100)} %") if m["kind"] == "risk")
    assert "AST, CFG, SUP and one more" in risk
    view.labels, view.lang = labels("fi"), "fi"
    risk = next(m["text"] for m in key_messages(view, lambda v: f"{round(v * 100)} %") if m["kind"] == "risk")
    assert "AST, CFG, SUP ja yksi muu" in risk
