"""Scoring: ratings to process attributes and capability levels (ISO/IEC 33020), conformity
and compliance, findings, certification readiness and gaps to the target profile.

    >>> from itsm_assess.scoring import score, load_scoring_model
    >>> results = score(assessment, catalogue, load_scoring_model("iso33020"))
    >>> results.to_dict()["processes"]["CHG"]["capability_level"]

The rules are in ``docs/scoring.md`` and in the model files under ``scoring/models/``.
"""

from __future__ import annotations

from itsm_assess.scoring.model import (
    ScoringModel,
    ScoringModelFile,
    bundled_model_ids,
    load_scoring_model,
)
from itsm_assess.scoring.results import (
    RESULTS_FORMAT,
    RESULTS_SCHEMA_VERSION,
    Results,
    score,
)
from itsm_assess.scoring.text import results_table

__all__ = [
    "RESULTS_FORMAT",
    "RESULTS_SCHEMA_VERSION",
    "Results",
    "ScoringModel",
    "ScoringModelFile",
    "bundled_model_ids",
    "load_scoring_model",
    "results_table",
    "score",
]
