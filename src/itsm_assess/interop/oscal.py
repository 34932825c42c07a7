"""OSCAL 1.2 documents: the catalogue as a ``catalog`` and scored results as ``assessment-results``.

Catalog: one group per clause (nested as the clause tree, id ``c8.5.1``, the clause number as a
``label`` property), one control per requirement (id the requirement id in lower case,
``chg-01``, its own id as the ``label``), with the parts OSCAL defines for controls:
``statement``, ``guidance``, an ``assessment-objective`` (the requirement's title, which states
what must hold) and one ``assessment-method`` per method (EXAMINE with the evidence to sample,
INTERVIEW with the roles to ask, TEST with the record samples of the checklist). OSCAL strings have
no language variants, so each language is its own catalog with the same ids.

Assessment results: one result; an observation per requirement that was rated or given a verdict
(methods: those the checklist plans for the requirement, INTERVIEW for a self-assessment), and a
finding per requirement with a conformity verdict, its objective satisfied or not-satisfied, the
finding grade (major-nc, minor-nc, observation, ofi, good-practice) as a property.

Every uuid is a version-5 uuid derived from the content, so the same input gives the same
document; only ``metadata.last-modified`` carries the time given by the caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import Label, _p, label_table, message, worded
from itsm_assess.interop.outline import clause_outline, parent_clause

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue, Requirement
    from itsm_assess.scoring.contract import AssessmentInfo, FindingEntry, RequirementEntry, ResultsContract

OSCAL_VERSION = "1.2.3"
#: Namespace of our own properties (OSCAL's own names need no ns; others must carry one).
NS = "urn:itsm-assess:oscal"
RMF_NS = "http://csrc.nist.gov/ns/rmf"
_UUID_NAMESPACE = uuid.UUID("6d1f7a52-3c1e-5b8e-9f4a-2b7c0d9e8a41")

#: Checklist audit methods as OSCAL assessment methods. Record sampling re-performs a control on
#: a sample and compares with what should have happened: a test, in OSCAL's sense.
METHODS = {"document-review": "EXAMINE", "observation": "EXAMINE", "interview": "INTERVIEW",
           "record-sampling": "TEST"}
METHOD_ORDER = ("EXAMINE", "INTERVIEW", "TEST")
STATE = {"conforming": "satisfied", "not-conforming": "not-satisfied"}

_WORDS: dict[str, Label] = label_table(
    _p("oscal.rating", "Rating"),
    _p("oscal.verdict", "Verdict"),
    _p("oscal.evidence", "Evidence seen"),
    _p("oscal.notes", "Notes"),
    _p("oscal.results", "Assessment results"),
    _p("oscal.scope", "Processes in scope"),
    _p("oscal.not_tied", "findings not tied to a requirement are kept in the itsm-assess results only"),
    _p("oscal.plan", "No OSCAL assessment plan was made; this resource names the itsm-assess assessment "
                     "the results come from."),
    _p("oscal.assessment", "itsm-assess assessment"),
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def markdown(text: str) -> str:
    """Plain text as OSCAL markup (CommonMark) that shows the same text: special characters
    escaped, so user text can neither format nor inject HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.strip())


def line(text: str) -> str:
    """A single line of markup (titles, property-free lines): whitespace runs become one space."""
    return markdown(" ".join(text.split()))


def stable_uuid(*parts: str) -> str:
    """A version-5 uuid of ``parts``: the same parts give the same uuid."""
    return str(uuid.uuid5(_UUID_NAMESPACE, "\x1f".join(parts)))


def timestamp(moment: dt.datetime) -> str:
    """An OSCAL date-time with time zone, in UTC to the second (``2026-10-07T12:00:00Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def control_id(requirement_id: str) -> str:
    """``CHG-01`` → ``chg-01`` (OSCAL ids start with a letter; lower case by convention)."""
    return requirement_id.lower()


def group_id(clause: str) -> str:
    """``8.5.1`` → ``c8.5.1`` (an OSCAL id cannot start with a digit)."""
    return f"c{clause}"


def _prop(name: str, value: object, *, ns: str | None = NS) -> dict[str, str]:
    prop = {"name": name, "value": " ".join(str(value).split())}
    if ns:
        prop["ns"] = ns
    return prop


def _text(value: Mapping[str, str] | str | None, lang: str) -> str:
    from itsm_assess.i18n import localize

    return localize(value, lang).strip()


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {markdown(i)}" for i in items if i.strip())


def _checklist_methods(cat: Catalogue) -> dict[str, dict[str, list[Any]]]:
    """Per requirement id: the OSCAL methods its checklist items plan, and those items."""
    planned: dict[str, dict[str, list[Any]]] = {}
    for checklist in cat.checklists.values():
        for item in checklist.items:
            for rid in item.requirements:
                for method in item.methods:
                    planned.setdefault(rid, {}).setdefault(METHODS[method], []).append(item)
    return planned


def _method_part(cid: str, method: str, objects: str, title: str | None = None) -> dict[str, Any]:
    part: dict[str, Any] = {"id": f"{cid}_asm-{method.lower()}", "name": "assessment-method",
                            "props": [_prop("method", method, ns=RMF_NS)]}
    if title:
        part["title"] = title
    part["parts"] = [{"id": f"{cid}_asm-{method.lower()}_obj", "name": "assessment-objects", "prose": objects}]
    return part


def _control(cat: Catalogue, req: Requirement, lang: str, planned: dict[str, list[Any]]) -> dict[str, Any]:
    cid = control_id(req.id)
    props = [_prop("label", req.id, ns=None), _prop("clause", req.clause), _prop("process", req.process),
             _prop("basis", req.basis), _prop("attribute", req.attribute), _prop("weight", req.weight)]
    parts: list[dict[str, Any]] = [
        {"id": f"{cid}_smt", "name": "statement", "prose": markdown(_text(req.statement, lang))},
        {"id": f"{cid}_gdn", "name": "guidance", "prose": markdown(_text(req.guidance, lang))},
        {"id": f"{cid}_obj", "name": "assessment-objective", "prose": markdown(_text(req.title, lang))},
    ]
    evidence = _bullets([_text(e, lang) for e in req.evidence])
    if evidence:
        parts.append(_method_part(cid, "EXAMINE", evidence))
    roles = _bullets([_text(cat.roles.get(r), lang) or r for r in req.interviewees])
    if roles:
        parts.append(_method_part(cid, "INTERVIEW", roles))
    samples = _bullets([_text(i.sampling, lang) for i in planned.get("TEST", []) if i.sampling])
    if samples:
        parts.append(_method_part(cid, "TEST", samples))
    return {"id": cid, "class": "requirement", "title": line(_text(req.title, lang)), "props": props, "parts": parts}


def oscal_catalog(cat: Catalogue, lang: str, last_modified: dt.datetime) -> dict[str, Any]:
    """The catalogue in ``lang`` as an OSCAL catalog document (``{"catalog": ...}``)."""
    if lang not in cat.info.languages:
        raise InputError(message("catalogue {id} has no text in {lang!r}; its languages are {names}", id=cat.id, lang=lang, names=', '.join(cat.info.languages)))
    clauses, by_clause = clause_outline(cat)
    planned = _checklist_methods(cat)
    groups: dict[str, dict[str, Any]] = {}
    top: list[dict[str, Any]] = []
    for clause in clauses:
        group: dict[str, Any] = {"id": group_id(clause), "class": "clause",
                                 "title": line(_text(cat.clauses.get(clause), lang) or clause),
                                 "props": [_prop("label", clause, ns=None)]}
        groups[clause] = group
        parent = parent_clause(clause)
        (groups[parent].setdefault("groups", []) if parent in groups else top).append(group)
    for clause, reqs in by_clause.items():
        group = groups[clause]
        controls = [_control(cat, r, lang, planned.get(r.id, {})) for r in reqs]
        if any(parent_clause(c) == clause for c in clauses):
            # a group holds either groups or controls: the clause's own requirements get a group of their own
            group.setdefault("groups", []).insert(0, {"id": f"{group_id(clause)}-own", "class": "clause",
                                                      "title": group["title"], "props": list(group["props"]),
                                                      "controls": controls})
        else:
            group["controls"] = controls
    metadata: dict[str, Any] = {
        "title": line(_text(cat.info.title, lang)),
        "last-modified": timestamp(last_modified),
        "version": cat.version,
        "oscal-version": OSCAL_VERSION,
        "props": [_prop("catalogue", cat.id), _prop("language", lang), _prop("content-hash", cat.content_hash)],
        "remarks": markdown(_text(cat.info.copyright, lang)),
    }
    return {"catalog": {"uuid": stable_uuid("catalog", cat.id, cat.version, cat.content_hash, lang),
                        "metadata": metadata, "groups": top}}


def _verdict(req: RequirementEntry, lang: str) -> str:
    from itsm_assess.assessment import VERDICT_NAMES, verdict_name

    verdict = str(req.get("verdict"))
    return verdict_name(verdict, lang) if verdict in VERDICT_NAMES else verdict


def document_time(source_date_epoch: str | None = None) -> dt.datetime:
    """The time a document is written: ``SOURCE_DATE_EPOCH`` (seconds since 1970, the
    reproducible-builds convention) when given, else now."""
    if source_date_epoch:
        try:
            return dt.datetime.fromtimestamp(int(source_date_epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ValueError(message("SOURCE_DATE_EPOCH={source_date_epoch!r} is not a number of seconds since 1970-01-01", source_date_epoch=source_date_epoch)) from None
    return dt.datetime.now(dt.UTC)


def _date_time(value: str | None, end_of_day: bool = False) -> dt.datetime | None:
    if not value:
        return None
    day = dt.date.fromisoformat(value)
    return dt.datetime.combine(day, dt.time(23, 59, 59) if end_of_day else dt.time(0, 0), tzinfo=dt.UTC)


def _open_findings_by_requirement(findings: list[FindingEntry]) -> dict[str, list[FindingEntry]]:
    """The open findings, by the requirements they name (one finding may name several)."""
    by_req: dict[str, list[FindingEntry]] = {}
    for f in findings:
        if f.get("status") == "open":
            for rid in f.get("requirements", []):
                by_req.setdefault(rid, []).append(f)
    return by_req


@dataclass(frozen=True)
class _Evidence:
    """What every observation and finding of one document shares: uuid seed, language, methods."""

    seed: tuple[str, ...]
    lang: str
    words: dict[str, str]
    planned: dict[str, dict[str, list[Any]]]
    self_assessment: bool
    collected: str

    def title(self, rid: str, req: RequirementEntry) -> str:
        return line(f"{rid} {_text(req.get('title'), self.lang)}")

    def observation(self, rid: str, req: RequirementEntry) -> dict[str, Any] | None:
        """What the assessor observed on a requirement (a rating or a verdict); None when nothing was."""
        if req.get("rating") is None and req.get("verdict") in (None, "not-audited"):
            return None
        words = self.words
        lines = [f"{words['rating']}: {req.get('rating') or '-'}", f"{words['verdict']}: {_verdict(req, self.lang)}"]
        notes = req.get("notes")
        if notes:
            lines.append(f"{words['notes']}: {notes}")
        if self.self_assessment:
            methods = ["INTERVIEW"]
        else:
            methods = [m for m in METHOD_ORDER if m in self.planned.get(rid, {})] or (
                ["EXAMINE"] if req.get("evidence") else ["UNKNOWN"])
        rating = req.get("rating")
        observation: dict[str, Any] = {
            "uuid": stable_uuid(*self.seed, "observation", rid), "title": self.title(rid, req),
            "description": "\n\n".join(markdown(x) for x in lines),
            "props": [_prop("requirement", rid), _prop("verdict", req.get("verdict")),
                      _prop("verdict-source", req.get("verdict_source"))]
            + ([_prop("rating", rating)] if rating else []),
            "methods": methods, "types": ["control-objective"],
        }
        evidence = req.get("evidence")
        if evidence:
            observation["relevant-evidence"] = [{"description": markdown(evidence)}]
        observation["collected"] = self.collected
        return observation

    def finding(self, rid: str, req: RequirementEntry, related: list[FindingEntry],
                observation: dict[str, Any] | None) -> dict[str, Any] | None:
        """The requirement's objective satisfied or not, citing its open findings; None when not assessed."""
        state = STATE.get(req.get("conformity") or "")
        if state is None:
            return None
        text = [f"{self.words['verdict']}: {_verdict(req, self.lang)}"]
        text += [f"{f['id']}: {f.get('statement', '')}" for f in related]
        props = [_prop("verdict", req.get("verdict")), _prop("basis", req.get("basis"))]
        grade = req.get("finding")
        if grade:
            props.append(_prop("grade", grade))
        props += [_prop("finding-id", f["id"]) for f in related]
        finding: dict[str, Any] = {
            "uuid": stable_uuid(*self.seed, "finding", rid), "title": self.title(rid, req),
            "description": "\n\n".join(markdown(x) for x in text), "props": props,
            "target": {"type": "objective-id", "target-id": f"{control_id(rid)}_obj",
                       "status": {"state": state, "reason": "pass" if state == "satisfied" else "fail"}},
        }
        if observation is not None:
            finding["related-observations"] = [{"observation-uuid": observation["uuid"]}]
        return finding


def _result(results: ResultsContract, seed: tuple[str, ...], words: dict[str, str], start: dt.datetime,
            end: dt.datetime | None) -> dict[str, Any]:
    """The result's head: title, scope, period, method, model, readiness and the controls reviewed."""
    info: AssessmentInfo = results["assessment"]
    in_scope = [control_id(rid) for rid in results["requirements"]]
    scope_description = info.get("scope_description")
    result: dict[str, Any] = {
        "uuid": stable_uuid(*seed, "result"),
        "title": line(f"{words['results']}: {info.get('organisation', '')} ({info['id']})"),
        "description": markdown(f"{words['scope']}: {', '.join(info.get('scope', []))}"
                                + (f". {scope_description}" if scope_description else "")),
        "start": timestamp(start),
    }
    if end:
        result["end"] = timestamp(end)
    result["props"] = [_prop("method", info.get("method", "audit")), _prop("scoring-model", results["model"]["id"])]
    verdict = results["readiness"].get("verdict")
    if verdict:
        result["props"].append(_prop("readiness", verdict))
    result["reviewed-controls"] = {"control-selections": [
        {"include-controls": [{"control-id": c} for c in in_scope]} if in_scope else {"include-all": {}}]}
    return result


def oscal_assessment_results(results: ResultsContract, cat: Catalogue, last_modified: dt.datetime,
                             lang: str | None = None) -> dict[str, Any]:
    """Scored results (the ``itsm-assess/results`` JSON of :meth:`Results.to_dict`) as an OSCAL
    assessment-results document, written in ``lang`` (default: the assessment's language)."""
    info = results["assessment"]
    lang = lang or info.get("language") or "en"
    words = worded(_WORDS, lang)
    digest = hashlib.sha256(json.dumps(results, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    seed = ("assessment-results", info["id"], digest)
    start = _date_time(info.get("start_date")) or _date_time(info.get("end_date")) or last_modified
    end = _date_time(info.get("end_date"), end_of_day=True)
    evidence = _Evidence(seed, lang, words, _checklist_methods(cat), info.get("method") == "self-assessment",
                         timestamp(end or start))

    open_findings = _open_findings_by_requirement(results.get("findings", []))
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for rid, req in results["requirements"].items():
        observation = evidence.observation(rid, req)
        if observation is not None:
            observations.append(observation)
        finding = evidence.finding(rid, req, open_findings.get(rid, []), observation)
        if finding is not None:
            findings.append(finding)

    result = _result(results, seed, words, start, end)
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    not_tied = sum(1 for f in results.get("findings", []) if not f.get("requirements"))
    if not_tied:
        result["remarks"] = markdown(f"{not_tied} {words['not_tied']}.")
    resource_uuid = stable_uuid(*seed, "assessment-resource")
    metadata: dict[str, Any] = {
        "title": line(f"{words['results']}: {info.get('organisation', '')}"),
        "last-modified": timestamp(last_modified),
        "version": digest[:12],
        "oscal-version": OSCAL_VERSION,
        "props": [_prop("assessment", info["id"]), _prop("catalogue", info.get("catalogue", cat.id)),
                  _prop("language", lang)],
    }
    resource_props = [_prop("catalogue", info.get("catalogue", cat.id))]
    if info.get("catalogue_version"):
        resource_props.append(_prop("catalogue-version", info["catalogue_version"]))
    return {"assessment-results": {
        "uuid": stable_uuid(*seed, "document"),
        "metadata": metadata,
        "import-ap": {"href": f"#{resource_uuid}", "remarks": markdown(words["plan"])},
        "results": [result],
        "back-matter": {"resources": [{"uuid": resource_uuid, "title": line(f"{words['assessment']} {info['id']}"),
                                       "props": resource_props}]},
    }}
