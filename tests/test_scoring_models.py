"""Scoring-model files: the bundled ones load; malformed ones are rejected with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from itsm_assess.errors import InputError, NotFoundError
from itsm_assess.scoring import bundled_model_ids, load_scoring_model
from itsm_assess.scoring.model import models_dir

ISO_TEXT = (models_dir() / "iso33020.yaml").read_text(encoding="utf-8")


def test_bundled_models_load_and_ids_are_file_stems() -> None:
    assert bundled_model_ids() == ["compliance", "fitsm6", "iso33020", "maturity5"]
    kinds = {}
    for mid in bundled_model_ids():
        model = load_scoring_model(mid)
        assert model.id == mid
        kinds[mid] = model.kind
        assert model.title["en"] and model.title["fi"]
    assert kinds == {"compliance": "compliance", "fitsm6": "capability", "iso33020": "capability", "maturity5": "maturity"}
    assert load_scoring_model("compliance").max_level is None
    maturity = load_scoring_model("maturity5")
    assert maturity.levels is not None and maturity.levels.min_level == 1 and maturity.levels.lower == "L"


def test_default_values_are_band_midpoints() -> None:
    values = {k: float(v) for k, v in load_scoring_model("iso33020").scale.values.items()}
    assert values == {"N": 0.075, "P-": 0.2375, "P": 0.325, "P+": 0.4125,
                      "L-": 0.5875, "L": 0.675, "L+": 0.7625, "F": 0.925}


def test_unknown_model_id() -> None:
    with pytest.raises(NotFoundError, match="iso33020"):
        load_scoring_model("no-such-model")


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "model.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("{rating: P, min: 0.15, max: 0.50}", "{rating: P, min: 0.20, max: 0.50}", "{rating: N, min", "must start where N ends"),
        ("{rating: F, min: 0.85, max: 1.0}", "{rating: F, min: 0.85, max: 0.95}", "{rating: N, min", "F band must end at 1"),
        ("refined_splits: {P: 0.325, L: 0.675}", "refined_splits: {P: 0.6, L: 0.675}", "  bands:", "refined_splits.P: 0.6 must lie inside the P band"),
        ("conforming_ratings: [F]", "conforming_ratings: [L-, L, F]", "conforming_ratings", "add L+"),
        ("conforming_ratings: [F]", "conforming_ratings: [L, Q]", "conforming_ratings", "'Q'"),
        ("  current: L\n", "  current: L\n  colour: red\n", "colour", "unknown field"),
        ("  max_level: 5", "  max_level: 7", "max_level", "less than or equal to 5"),
        ("    shortfall: 10 ", "    shortfall: -1 ", "shortfall", "greater than or equal to 0"),
        ("  report_refined: false", "  report_refined: maybe", "report_refined", "valid boolean"),
        ("  # Ratings become achievements", "  values: {P: 0.9}\n  # Ratings become achievements", "  bands:", "outside the band of P"),
        ("  weighted: true", "  weighted: true\n  weighted: false", "weighted: false", "duplicate key"),
    ],
)
def test_malformed_model_rejected_with_file_line(tmp_path: Path, old: str, new: str, needle: str, message: str) -> None:
    assert old in ISO_TEXT
    text = ISO_TEXT.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_scoring_model(path)
    problem = str(exc.value)
    assert message in problem
    m = re.match(r"(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): ", problem)
    assert m and m["file"].endswith("model.yaml"), problem
    assert int(m["line"]) == line_of(text, needle), problem


def test_values_must_not_fall_with_a_higher_rating(tmp_path: Path) -> None:
    text = ISO_TEXT.replace("  # Ratings become achievements", "  values: {L+: 0.6, L-: 0.8}\n  # x", 1)
    with pytest.raises(InputError, match="below L-"):
        load_scoring_model(write(tmp_path, text))


def test_compliance_model_may_not_have_levels(tmp_path: Path) -> None:
    text = ISO_TEXT.replace("kind: capability", "kind: compliance")
    with pytest.raises(InputError, match="compliance model has no levels"):
        load_scoring_model(write(tmp_path, text))


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="model.yaml: expected a scoring model"):
        load_scoring_model(write(tmp_path, "- just\n- a list\n"))
