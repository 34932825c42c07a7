"""Copies of the test catalogue, an assessment and the default change policy with a hostile
string in every free-text field, for the escaping and formula-prefix tests.

Each field gets its own marker (``MK0K``, ``MK1K``, …) inside the hostile text, so that a failure
names the field (``marks`` maps a marker to the field's place). A field counts as free text when
the tool accepts the hostile value there: identifiers, ratings, dates and other constrained
values refuse it and keep their original value, so a new free-text field is covered without
editing this list.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent
REPORTS = ROOT / "fixtures" / "reports"
DEFAULT_POLICY = ROOT.parent / "src" / "itsm_assess" / "change_impact" / "policies" / "default.yaml"


@dataclass
class Marks:
    """Hands out one marker per field and remembers where it went."""

    make: Callable[[str], str]
    places: dict[str, str] = field(default_factory=dict)

    def text(self, place: str) -> str:
        marker = f"MK{len(self.places)}K"
        self.places[marker] = place
        return self.make(marker)


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def inject_localized(data: Any, marks: Marks, place: str) -> Any:
    """Every localised text (a mapping with an ``en`` string) gets hostile English and Finnish."""
    if isinstance(data, dict):
        if isinstance(data.get("en"), str) and all(len(k) == 2 for k in data):
            # A phrase with a slot (a policy attribute's ``says``) keeps it: the slot is not free text.
            return {lang: marks.text(f"{place}.{lang}") + (" {value}" if "{value}" in text else "")
                    for lang, text in data.items()}
        return {k: inject_localized(v, marks, f"{place}.{k}") for k, v in data.items()}
    if isinstance(data, list):
        return [inject_localized(v, marks, f"{place}[{i}]") for i, v in enumerate(data)]
    return data


def hostile_catalogue(tmp_path: Path, marks: Marks) -> Path:
    """The report fixtures' catalogue with every localised text replaced."""
    folder = tmp_path / "catalogue"
    shutil.copytree(REPORTS / "catalogue", folder)
    for path in sorted(folder.rglob("*.yaml")):
        data = _read(path)
        _write(path, inject_localized(data, marks, path.name))
    return folder


#: Assessment fields that are strings to the schema but choose behaviour, not free text.
_NOT_FREE_TEXT = {"scoring_model", "catalogue_hash", "language", "catalogue", "catalogue_version"}


def _rich_assessment() -> dict[str, Any]:
    """The report fixture's assessment with every optional text field filled in."""
    data = _read(REPORTS / "assessment.yaml")
    info = data["assessment"]
    info["scope"]["description"] = "scope"
    info["scope"]["services"] = ["service"]
    info["respondents"] = [{"name": "name", "role": "role", "source": "source.xlsx"}]
    extra = {
        "CHG-03": {"justification": "why", "respondent": "who", "notes": "notes", "evidence": "evidence",
                   "comments": [{"text": "comment", "role": "role", "respondent": "who"}]},
        "SLM-01": {"justification": "why", "na_accepted": True},
    }
    for response in data["responses"]:
        response.update(extra.get(response["id"], {}))
    data["attribute_rating_reasons"] = {"CHG": {"PA2.1": "reason"}}
    data["findings"][0]["history"] = [{"assessment": "acme-2024", "status": "open", "note": "note"}]
    data["findings"].append({"id": "F-03", "grade": "major-nc", "requirements": ["INC-02"],
                             "statement": "statement", "evidence": "evidence", "recommendation": "rec",
                             "owner": "owner", "status": "action-done", "correction": "correction",
                             "root_cause": "cause", "corrective_action": "action",
                             "verification": {"date": "2025-06-02", "auditor": "auditor", "effective": False,
                                              "evidence": "evidence"}})
    data["actions"] = [{"id": "F-01", "action": "action", "owner": "owner", "status": "in-progress", "notes": "notes"},
                       {"id": "OWN-1", "action": "own action", "owner": "owner"}]
    return data


def hostile_assessment(path: Path, marks: Marks, catalogue_id: str = "mini-reports",
                       assessment_id: str = "acme-2025") -> Path:
    """An assessment of the report catalogue with every free-text field hostile; written to ``path``."""
    from itsm_assess.assessment import Assessment

    data = _rich_assessment()
    data["assessment"]["id"] = assessment_id
    data["assessment"]["catalogue"] = catalogue_id

    def walk(node: Any, place: str) -> Any:
        if isinstance(node, dict):
            return {k: v if k in _NOT_FREE_TEXT else walk(v, f"{place}.{k}") for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, f"{place}[{i}]") for i, v in enumerate(node)]
        return ("STR", place) if isinstance(node, str) else node

    skeleton = walk(data, "assessment.yaml")
    # Try each string field on its own: the hostile value stays where the schema accepts it.
    accepted: list[tuple[tuple[Any, ...], str]] = []

    def strings(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                strings(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                strings(v, (*path, i))
        elif isinstance(node, tuple) and node[:1] == ("STR",):
            accepted.append((path, node[1]))

    strings(skeleton, ())

    def set_at(root: Any, path: tuple[Any, ...], value: Any) -> None:
        for key in path[:-1]:
            root = root[key]
        root[path[-1]] = value

    def get_at(root: Any, path: tuple[Any, ...]) -> Any:
        for key in path:
            root = root[key]
        return root

    for loc, place in accepted:
        original = get_at(data, loc)
        set_at(data, loc, marks.make("PROBE"))
        try:
            Assessment.model_validate(data)
        except ValueError:
            set_at(data, loc, original)
            continue
        # Findings that point at requirements, ids of actions: the probe passed, so it is free text.
        set_at(data, loc, marks.text(place))
    _write(path, data)
    return path


def hostile_policy(path: Path, marks: Marks) -> Path:
    """The default change policy with every localised text hostile."""
    _write(path, inject_localized(_read(DEFAULT_POLICY), marks, "policy.yaml"))
    return path
