"""A catalogue as a CISO Assistant library (the YAML its library loader reads).

Only the file format of CISO Assistant is followed (field names, URN pattern, required fields);
none of its code is used. Clauses become non-assessable requirement nodes, requirements
assessable nodes under their clause; the first catalogue language is the library's locale and the
others are ``translations``. URNs are in our own namespace (``urn:itsm-assess:risk:...``): the
``intuitem`` packager is reserved for CISO Assistant's own libraries.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from itsm_assess.errors import InputError
from itsm_assess.i18n import Label, _p, in_languages, message, translated
from itsm_assess.interop.outline import clause_outline, parent_clause

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue, Requirement
    from itsm_assess.catalogue.crosswalk import Crosswalk

PACKAGER = "itsm-assess"
URN_PREFIX = f"urn:{PACKAGER}:risk"
ScoreScale = Literal["nplf", "capability"]
SCORE_SCALES: tuple[str, ...] = ("nplf", "capability")

#: The N/P/L/F rating of ISO/IEC 33020 as scores 0-3, with its achievement bands.
NPLF_SCORES: list[dict[str, Any]] = [
    {"score": 0, "name": _p("ciso_score", "N - not achieved"),
     "description": _p("ciso_score", "Little or no evidence that the requirement is met (0 to 15 % achieved).")},
    {"score": 1, "name": _p("ciso_score", "P - partially achieved"),
     "description": _p("ciso_score", "Some evidence of an approach and some achievement; parts are unpredictable "
                                     "(over 15 to 50 %).")},
    {"score": 2, "name": _p("ciso_score", "L - largely achieved"),
     "description": _p("ciso_score", "A systematic approach and significant achievement; some weaknesses remain "
                                     "(over 50 to 85 %).")},
    {"score": 3, "name": _p("ciso_score", "F - fully achieved"),
     "description": _p("ciso_score", "A complete, systematic approach and full achievement; no significant "
                                     "weaknesses (over 85 to 100 %).")},
]

#: What each ISO/IEC 33020 capability level adds, in our words (the names come from the model).
CAPABILITY_DESCRIPTIONS: list[Label] = [
    _p("ciso_capability", "The process is not carried out or does not achieve its purpose."),
    _p("ciso_capability", "The process achieves its purpose and outcomes."),
    _p("ciso_capability", "Performance is planned, monitored and adjusted; its work products are controlled."),
    _p("ciso_capability", "A defined standard process is deployed with the resources and competence it needs."),
    _p("ciso_capability", "The process is run within quantitative limits, analysed and controlled with measurements."),
    _p("ciso_capability", "The process is continually improved to meet current and projected business goals."),
]

#: Implementation groups: the basis of each requirement, so a CISO Assistant audit can be
#: limited to the obligations of the standard.
BASIS_GROUPS: list[dict[str, Any]] = [
    {"ref_id": "shall", "name": _p("ciso_group", "Obligations of the standard"),
     "description": _p("ciso_group", "Requirements that restate an obligation of the standard.")},
    {"ref_id": "derived", "name": _p("ciso_group", "Derived requirements"),
     "description": _p("ciso_group", "Requirements an auditor checks because an obligation depends on them.")},
    {"ref_id": "good-practice", "name": _p("ciso_group", "Good practice"),
     "description": _p("ciso_group", "Recommended practice beyond the standard; never a nonconformity.")},
]


def _texts(label: Label, base: str, others: list[str]) -> dict[str, str]:
    """``label`` as localised text: the base language (English where it has no translation) and
    each other language that translates it."""
    return in_languages(label, others) | {base: translated(label, base) or label[1]}


def library_version(version: str) -> int:
    """The catalogue's version as the integer CISO Assistant compares (raise it to update):
    ``major * 10000 + minor * 100 + patch``, so 1.0.0 is 10000 and 1.2.3 is 10203."""
    numbers = [int(p) for p in re.split(r"[-+]", version, maxsplit=1)[0].split(".")][:3]
    numbers += [0] * (3 - len(numbers))
    major, minor, patch = numbers
    if minor > 99 or patch > 99:
        raise InputError(message("catalogue version {version!r}: minor and patch must be below 100 to map onto CISO Assistant's integer version", version=version))
    return major * 10000 + minor * 100 + patch


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z._-]+", "-", text.lower()).strip("-")


def _text(value: dict[str, str] | None, lang: str) -> str:
    return (value or {}).get(lang, "").strip()


def _evidence(req: Requirement, lang: str) -> str:
    return "\n".join(f"- {_text(e, lang)}" for e in req.evidence if _text(e, lang))


def _scores(scale: str, base: str, others: list[str], model_id: str = "iso33020") -> tuple[int, int, list[dict[str, Any]]]:
    if scale == "nplf":
        source = [{"score": item["score"], "name": _texts(item["name"], base, others),
                   "description": _texts(item["description"], base, others)} for item in NPLF_SCORES]
    else:
        from itsm_assess.scoring import load_scoring_model

        model = load_scoring_model(model_id)
        names = [dict(n) for n in model.levels.names] if model.levels else []
        source = [{"score": level, "name": {lang: f"{level} - {name.get(lang) or name['en']}" for lang in (base, *others)},
                   "description": _texts(CAPABILITY_DESCRIPTIONS[level], base, others)}
                  for level, name in enumerate(names)]
    definitions = []
    for item in source:
        entry: dict[str, Any] = {"score": item["score"], "name": _text(item["name"], base),
                                 "description": _text(item["description"], base)}
        translations = {lang: {"name": _text(item["name"], lang), "description": _text(item["description"], lang)}
                        for lang in others if _text(item["name"], lang)}
        if translations:
            entry["translations"] = translations
        definitions.append(entry)
    return source[0]["score"], source[-1]["score"], definitions


#: How an answer to a checklist question counts in CISO Assistant: our N/P/L/F (and NA) as its
#: ``compute_result`` values, so the requirement's result follows the answers.
ANSWER_CHOICES: tuple[tuple[str, Label, str], ...] = (
    ("f", _p("ciso_answer", "Fully (F): met as the look-fors describe"), "compliant"),
    ("l", _p("ciso_answer", "Largely (L): met with minor gaps"), "partially_compliant"),
    ("p", _p("ciso_answer", "Partly (P): some evidence, major gaps"), "partially_compliant"),
    ("n", _p("ciso_answer", "Not (N): no or hardly any evidence"), "non_compliant"),
    ("na", _p("ciso_answer", "Not applicable (justify it)"), "not_applicable"),
)


def _questions(cat: Catalogue, req: Requirement, node_urn: str, base: str, others: list[str]) -> dict[str, Any]:
    """The checklist questions that verify ``req`` as CISO Assistant ``questions`` (keyed by URN):
    single-choice N/P/L/F/NA answers, what to look for as the annotation, other languages as
    translations."""
    checklist = cat.checklists.get(req.process)
    out: dict[str, Any] = {}
    for item in checklist.items_for(req.id) if checklist is not None else []:
        q_urn = f"{node_urn}:question:{_slug(item.id)}"

        def look_for(lang: str, item: Any = item) -> str:
            lines = [f"- {_text(t, lang)}" for t in (*item.look_for, *item.advice) if _text(t, lang)]
            return "\n".join(lines)

        question: dict[str, Any] = {"type": "unique_choice", "text": _text(item.question, base)}
        if look_for(base):
            question["annotation"] = look_for(base)
        choices = []
        for key, label, result in ANSWER_CHOICES:
            value = _texts(label, base, others)
            choice: dict[str, Any] = {"urn": f"{q_urn}:choice:{key}", "value": value[base], "compute_result": result}
            tr = {lang: {"value": value[lang]} for lang in others if lang in value}
            if tr:
                choice["translations"] = tr
            choices.append(choice)
        question["choices"] = choices
        tr = {lang: {k: v for k, v in (("text", _text(item.question, lang)), ("annotation", look_for(lang))) if v}
              for lang in others if _text(item.question, lang)}
        if tr:
            question["translations"] = tr
        out[q_urn] = question
    return out


def _translations(fields: dict[str, dict[str, str] | str | None], others: list[str]) -> dict[str, Any]:
    """``{lang: {field: text}}`` of the fields that have text in each other language."""
    out: dict[str, Any] = {}
    for lang in others:
        entry = {}
        for name, value in fields.items():
            text = value.get(lang, "").strip() if isinstance(value, dict) else ""
            if text:
                entry[name] = text
        if entry:
            out[lang] = entry
    return out


def library_urn(cat: Catalogue) -> str:
    """The URN of the library :func:`ciso_assistant_library` makes of ``cat``."""
    return f"{URN_PREFIX}:library:{_slug(cat.id)}"


def framework_urn(cat: Catalogue) -> str:
    """The URN of the framework in ``cat``'s library."""
    return f"{URN_PREFIX}:framework:{_slug(cat.id)}"


def requirement_urn(cat: Catalogue, requirement_id: str) -> str:
    """The URN of a requirement's (assessable) node in ``cat``'s framework."""
    return f"{URN_PREFIX}:req_node:{_slug(cat.id)}:{_slug(requirement_id)}"


def ciso_assistant_library(cat: Catalogue, scale: ScoreScale = "nplf") -> dict[str, Any]:
    """The catalogue as a CISO Assistant library (plain data; dump it as YAML).

    ``scale`` picks the scores an auditor gives each requirement in CISO Assistant: ``nplf``
    (N/P/L/F as 0-3, as our assessments rate requirements) or ``capability`` (ISO/IEC 33020
    levels 0-5).
    """
    if scale not in SCORE_SCALES:
        raise ValueError(message("unknown score scale {scale!r} (expected one of {names})", scale=scale, names=', '.join(SCORE_SCALES)))
    langs = list(cat.info.languages)
    base, others = langs[0], langs[1:]
    ref = _slug(cat.id)
    node_prefix = f"{URN_PREFIX}:req_node:{ref}"
    min_score, max_score, scores = _scores(scale, base, others, cat.profile.scoring_model)

    def group_entry(g: dict[str, Any]) -> dict[str, Any]:
        name, description = _texts(g["name"], base, others), _texts(g["description"], base, others)
        entry: dict[str, Any] = {"ref_id": g["ref_id"], "name": name[base], "description": description[base]}
        tr = _translations({"name": name, "description": description}, others)
        if tr:
            entry["translations"] = tr
        return entry

    clauses, by_clause = clause_outline(cat)
    nodes: list[dict[str, Any]] = []
    for clause in clauses:
        depth = clause.count(".") + 1
        title = cat.clauses.get(clause, {})
        node: dict[str, Any] = {"urn": f"{node_prefix}:{clause}", "assessable": False, "depth": depth}
        parent = parent_clause(clause)
        if parent is not None:
            node["parent_urn"] = f"{node_prefix}:{parent}"
        node["ref_id"] = clause
        node["name"] = _text(title, base) or clause
        tr = _translations({"name": title}, others)
        if tr:
            node["translations"] = tr
        nodes.append(node)
        for req in by_clause.get(clause, []):
            fields: dict[str, Any] = {"name": req.title, "description": req.statement, "annotation": req.guidance,
                                      "typical_evidence": {lang: _evidence(req, lang) for lang in langs}}
            rnode: dict[str, Any] = {
                "urn": requirement_urn(cat, req.id), "assessable": True, "depth": depth + 1,
                "parent_urn": f"{node_prefix}:{clause}", "ref_id": req.id,
                "name": _text(req.title, base), "description": _text(req.statement, base),
                "annotation": _text(req.guidance, base), "typical_evidence": _evidence(req, base),
                "implementation_groups": [req.basis], "weight": req.weight,
            }
            tr = _translations(fields, others)
            if tr:
                rnode["translations"] = tr
            questions = _questions(cat, req, rnode["urn"], base, others)
            if questions:
                rnode["questions"] = questions
            nodes.append(rnode)

    framework: dict[str, Any] = {
        "urn": framework_urn(cat), "ref_id": cat.id,
        "name": _text(cat.info.title, base), "description": _text(cat.info.description, base),
        "min_score": min_score, "max_score": max_score, "scores_definition": scores,
        "implementation_groups_definition": [group_entry(g) for g in BASIS_GROUPS],
    }
    tr = _translations({"name": cat.info.title, "description": cat.info.description}, others)
    if tr:
        framework["translations"] = tr
    framework["requirement_nodes"] = nodes

    library: dict[str, Any] = {
        "urn": library_urn(cat), "locale": base, "ref_id": cat.id,
        "name": _text(cat.info.title, base), "description": _text(cat.info.description, base),
        "copyright": _text(cat.info.copyright, base), "version": library_version(cat.version),
        "provider": PACKAGER, "packager": PACKAGER,
    }
    tr = _translations({"name": cat.info.title, "description": cat.info.description}, others)
    if tr:
        library["translations"] = tr
    library["objects"] = {"framework": framework}
    return library


#: How a crosswalk pair reads as a CISO Assistant relationship: an equivalent pair states the same
#: obligation (``equal``); a partial one overlaps (``intersect``: neither contains the other for
#: certain). Both read the same way back, so the reverse set keeps them.
RELATIONSHIPS: dict[str, str] = {"equivalent": "equal", "partial": "intersect"}


def ciso_assistant_mapping_library(crosswalk: Crosswalk, first: Catalogue, second: Catalogue) -> dict[str, Any]:
    """A crosswalk as a CISO Assistant mapping library (plain data; dump it as YAML).

    Two ``requirement_mapping_sets``, the crosswalk's direction and its reverse, between the
    frameworks of the libraries :func:`ciso_assistant_library` makes of the two catalogues (both
    must be loaded in CISO Assistant first: they are the library's ``dependencies``). Each pair is
    one requirement mapping; a requirement with no counterpart has none. Rationale ``semantic``:
    the pairs were reviewed by meaning, not by wording.
    """
    from itsm_assess.catalogue.crosswalk import base_id

    source, target = (first, second) if crosswalk.side(base_id(first)) == "source" else (second, first)
    langs = [lang for lang in source.info.languages if lang in target.info.languages] or list(source.info.languages)
    base, others = langs[0], langs[1:]
    name, note = dict(crosswalk.info.title), dict(crosswalk.info.note or {})
    ref = f"mapping-{_slug(source.id)}-to-{_slug(target.id)}"

    def mapping_set(src: Catalogue, dst: Catalogue, pairs: list[tuple[str, str, str]], suffix: str) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "urn": f"{URN_PREFIX}:req_mapping_set:{ref}{suffix}", "ref_id": f"{ref}{suffix}",
            "name": _text(name, base), "description": _text(note, base),
            "source_framework_urn": framework_urn(src), "target_framework_urn": framework_urn(dst),
        }
        tr = _translations({"name": name, "description": note}, others)
        if tr:
            entry["translations"] = tr
        mappings = []
        for src_id, dst_id, match in pairs:
            mapping: dict[str, Any] = {"source_requirement_urn": requirement_urn(src, src_id),
                                       "target_requirement_urn": requirement_urn(dst, dst_id),
                                       "relationship": RELATIONSHIPS[match], "rationale": "semantic"}
            remark = crosswalk.notes.get(src_id if src is source else dst_id)
            if remark:
                mapping["annotation"] = remark
            mappings.append(mapping)
        entry["requirement_mappings"] = mappings
        return entry

    forward = list(crosswalk.pairs)
    library: dict[str, Any] = {
        "urn": f"{URN_PREFIX}:library:{ref}", "locale": base, "ref_id": ref,
        "name": _text(name, base), "description": _text(note, base),
        "copyright": " ".join(t for t in (_text(source.info.copyright, base), _text(target.info.copyright, base)) if t),
        "version": library_version(crosswalk.info.version), "provider": PACKAGER, "packager": PACKAGER,
    }
    tr = _translations({"name": name, "description": note}, others)
    if tr:
        library["translations"] = tr
    library["dependencies"] = [library_urn(source), library_urn(target)]
    library["objects"] = {"requirement_mapping_sets": [
        mapping_set(source, target, forward, ""),
        mapping_set(target, source, [(t, s, m) for s, t, m in forward], "-revert"),
    ]}
    return library
