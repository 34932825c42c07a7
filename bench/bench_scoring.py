"""Scoring a whole assessment (every requirement and indicator rated) against validating it."""

from __future__ import annotations

import json
import random

from common import Measurement, best_of


def synthetic_catalogue(processes: int, requirements_each: int):  # noqa: ANN201
    """A catalogue the size of the full standard, built in memory (the bundled one is still growing)."""
    from pathlib import Path

    from itsm_assess.catalogue import (
        CapabilityIndicator,
        Catalogue,
        CatalogueInfo,
        Process,
        ReferenceVocabulary,
        Requirement,
    )

    text = {"en": "x", "fi": "x"}
    procs, reqs = {}, {}
    for n in range(processes):
        pid = f"P{n:02d}"
        clause = f"8.{n % 9 + 1}.{n // 9 + 1}"
        procs[pid] = Process(id=pid, clauses=[clause], title=text, purpose=text)
        for k in range(requirements_each):
            rid = f"{pid}-{k:02d}"
            reqs[rid] = Requirement(id=rid, clause=f"{clause}.{k % 4 + 1}", process=pid, title=text, statement=text,
                                    guidance=text, evidence=[text], attribute="PA1.1" if k % 5 else "PA2.1",
                                    weight=k % 5 + 1)
    indicators = {f"GP{a}.{j}": CapabilityIndicator(id=f"GP{a}.{j}", attribute=f"PA{a}", title=text, statement=text)
                  for a in ("2.1", "2.2", "3.1", "3.2", "4.1") for j in (1, 2)}
    info = CatalogueInfo(id="bench", title=text, standard="x", edition="x", version="1.0.0", languages=["en"],
                         copyright=text)
    return Catalogue(info=info, root=Path("."), roles={}, clauses={}, references=ReferenceVocabulary(),
                     processes=procs, requirements=reqs, indicators=indicators, checklists={}, content_hash="0")


def response(item: str, rating: str, draw: float) -> dict[str, object]:
    """One answer; a tenth carry a minor NC (never an NA: scoring refuses that contradiction)."""
    entry: dict[str, object] = {"id": item, "rating": rating}
    if rating == "NA":
        entry.update(justification="Not part of the service", na_accepted=True)
    elif draw < 0.1:
        entry["finding"] = "minor-nc"
    return entry


def run() -> list[Measurement]:
    from itsm_assess.assessment import Assessment
    from itsm_assess.scoring import load_scoring_model, score

    cat = synthetic_catalogue(processes=30, requirements_each=20)
    model = load_scoring_model("iso33020")
    rng = random.Random(20)
    ratings = ["N", "P", "L", "F", "L+", "NA"]
    items = list(cat.requirements) + [f"{p}:{i}" for p in cat.processes for i in cat.indicators]
    data = {
        "schema_version": 1,
        "assessment": {"id": "bench", "organisation": "Bench Oy", "catalogue": "bench", "scope": {"processes": list(cat.processes)},
                       "target_profile": dict.fromkeys(cat.processes, 3)},
        "responses": [response(i, rng.choice(ratings), rng.random()) for i in items],
    }
    assessment = Assessment.model_validate(data)
    # Floor: validating the same assessment (pydantic), which every command that scores does anyway.
    floor = best_of(lambda: Assessment.model_validate(data), repeat=7)
    work = best_of(lambda: json.dumps(score(assessment, cat, model).to_dict()), repeat=7)
    return [Measurement("score + JSON of a full assessment", work, "validating the same assessment", floor, 10.0,
                        note=f"{len(cat.requirements)} requirements, {len(items) - len(cat.requirements)} indicator responses")]
