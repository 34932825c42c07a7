"""The policy as guidance staff can follow and trainers can teach: html, Markdown or xlsx.

:func:`guide_view` builds one language-specific view model (plain data); the three renderers
only lay it out. The worked examples of the policy are classified with :func:`classify`, so
the guide always shows what the tool would decide.
"""

from __future__ import annotations

import os
from typing import Any

from itsm_assess.change_impact.classify import classify
from itsm_assess.change_impact.conditions import ATTRIBUTE_TYPES
from itsm_assess.change_impact.explain import explain, risk_text, tristate, vocabulary
from itsm_assess.change_impact.policy import Policy
from itsm_assess.change_impact.terms import (
    BUILTIN_ATTRIBUTES,
    CHANGE_MANAGEMENT,
    CRITICALITY_ATTRIBUTE,
    DESIGN_TRANSITION,
    RELEASE_DEPLOYMENT,
    ROUTE_CLAUSES,
)
from itsm_assess.errors import InputError
from itsm_assess.i18n import (
    Label,
    _p,
    check_language,
    label_table,
    localize,
    lower_first,
    message,
    pgettext_for,
    translations,
    worded,
)

FORMATS = ("html", "md", "xlsx")

TEXT: dict[str, Label] = label_table(
    _p("guide.subtitle", "Guidance for classifying, authorising and routing changes (ISO/IEC 20000-1:2018, "
                         "8.5.1–8.5.3)"),
    _p("guide.version", "Version"),
    _p("guide.info_sheet", "Info"),
    _p("guide.owner", "Owner"),
    _p("guide.scope", "Items under change control"),
    _p("guide.services", "Services"),
    _p("guide.criticality", "Criticality"),
    _p("guide.ci_classes", "Configuration item classes"),
    _p("guide.excluded", "Not under change control"),
    _p("guide.flow", "Decision flow: from request to authorisation and route"),
    _p("guide.step1", "Record the request for change with the attributes listed under “Attributes of a change”. A "
                      "service the policy does not list is flagged “not under change control?”: its criticality "
                      "stays unknown and the classification is incomplete until the list or the request is "
                      "corrected."),
    _p("guide.step2", "Assess the risk with the risk criteria: the highest level with a criterion met applies. If a "
                      "criterion cannot be checked because an attribute is missing, the risk is “undetermined (at "
                      "least …)”, and the change is authorised as the highest level it could reach until the "
                      "attribute is known."),
    _p("guide.step3", "Decide whether the change has potential major impact ({cond}). New services, service "
                      "removals, service transfers and changes with potential major impact also go through service "
                      "design and transition (8.5.2); they remain changes that change management records, "
                      "authorises, schedules and reviews (8.5.1). If the kind of change or these attributes are "
                      "unknown, the route is undetermined."),
    _p("guide.step4", "{question} Then it is an emergency change. {path}"),
    # The questions of steps 4 and 6 when the policy does not word them itself (its ``question``).
    _p("guide.emergency_question", "Does it meet the emergency criteria ({cond})?"),
    _p("guide.release_question", "Does it meet the release criteria ({cond})?"),
    _p("guide.step5", "Does it name a standard change model, is it a modification of an existing service known to "
                      "have no potential major impact, and does it meet all of the model’s conditions? Then it is a "
                      "standard change, pre-approved. Otherwise it is a normal change."),
    _p("guide.step6", "{question} Then release and deployment management (8.5.3) plans and deploys it; a standard "
                      "model may declare its release pre-approved."),
    _p("guide.step7", "The outcome table says who authorises the change by its category and risk; the design route, "
                      "the kind of change and the release add their approvals and artefacts. Approval by a role "
                      "that includes the one required (the CAB for the change manager, the full CAB for the ECAB) "
                      "is enough."),
    _p("guide.step_missing", "Every attribute a criterion needed but the request lacks is listed as missing: find "
                             "it out. The tool never assumes a value."),
    _p("guide.emergency_note", "Emergency changes: authorised by the ECAB before they are made; the record, the "
                               "risk assessment and the post-implementation review are completed afterwards. An "
                               "emergency change with potential major impact is done as an emergency first, and its "
                               "lasting effect on the service then goes through service design and transition "
                               "(8.5.2)."),
    _p("guide.risk", "Risk levels and criteria: who authorises"),
    _p("guide.level", "Level"),
    _p("guide.criterion", "Criterion"),
    _p("guide.condition", "Condition"),
    _p("guide.default_level", "applies when no criterion of a higher level is met"),
    _p("guide.major", "Potential major impact: service design and transition (8.5.2)"),
    _p("guide.models", "Standard change models"),
    _p("guide.model", "Model"),
    _p("guide.release_preapproved", "release pre-approved"),
    _p("guide.categories", "Change categories"),
    _p("guide.emergency_path", "Emergency approval path"),
    _p("guide.outcomes", "Who authorises what"),
    _p("guide.outcome", "Outcome"),
    _p("guide.applies", "Applies when"),
    _p("guide.approvals", "Approvals"),
    _p("guide.artefacts", "Artefacts"),
    _p("guide.risk_label", "risk"),
    _p("guide.any", "every other change"),
    # When an outcome applies by risk: "the risk is high", "the risk is medium or high".
    _p("guide.when_risk", "the risk is {levels}"),
    _p("guide.preapproved", "none (pre-approved)"),
    _p("guide.routes", "What each route adds"),
    _p("guide.route", "Route"),
    _p("guide.clause", "Clause"),
    _p("guide.when", "When"),
    _p("guide.route_dt", "new services, removals, transfers and changes with potential major impact"),
    _p("guide.route_cm", "every change (recorded, assessed, authorised, scheduled and reviewed)"),
    _p("guide.route_rd", "when {cond}"),
    _p("guide.governance", "How the change advisory board works"),
    _p("guide.rule", "Rule"),
    _p("guide.roles", "Roles"),
    _p("guide.role", "Role"),
    _p("guide.description", "Description"),
    _p("guide.includes", "Also approves for"),
    _p("guide.artefact_list", "Artefacts"),
    _p("guide.artefact", "Artefact"),
    _p("guide.attributes", "Attributes of a change"),
    _p("guide.attribute", "Attribute"),
    _p("guide.type", "Type"),
    _p("guide.values", "Values"),
    _p("guide.unit", "unit"),
    _p("guide.examples", "Worked examples"),
    _p("guide.example", "Example"),
    _p("guide.change", "Change"),
    _p("guide.result", "Result"),
    _p("guide.category", "Category"),
    _p("guide.major_short", "Potential major impact"),
    _p("guide.clauses", "Clauses"),
    _p("guide.release", "Release and deployment"),
    _p("guide.why", "Why"),
    _p("guide.missing", "Missing (to be found out)"),
    _p("guide.yes", "yes"),
    _p("guide.no", "no"),
    _p("guide.unknown", "unknown"),
    _p("guide.kind", "Kind"),
    _p("guide.note", "Note"),
    _p("guide.and", "and"),
    _p("guide.generated", "Generated by itsm-assess from the policy file"),
    _p("guide.id", "id"),
)
_TYPES = ATTRIBUTE_TYPES


def guide_view(policy: Policy, lang: str = "en") -> dict[str, Any]:
    """Everything the guide shows, localised, as plain data."""
    lang = check_language(lang)
    t = worded(TEXT, lang)
    types = worded(_TYPES, lang)
    pf = policy.file

    def L(text: Any) -> str:  # noqa: N802 - reads as "localised"
        return localize(text, lang)

    vocab = vocabulary(policy, lang)
    titles = vocab.titles

    def cond(key: str) -> str:
        """A condition inside a sentence, in lower case."""
        return vocab.describe(policy.conditions[key]) if key in policy.conditions else ""

    def cell(key: str) -> dict[str, Any]:
        """A condition standing in a table cell: one line (md), or its parts listed (html, xlsx)."""
        if key not in policy.conditions:
            return {"condition": "", "condition_intro": "", "condition_items": []}
        intro, items = vocab.describe_block(policy.conditions[key])
        return {"condition": vocab.describe_cell(policy.conditions[key]), "condition_intro": intro,
                "condition_items": items if intro else []}

    cats = vocab.categories
    levels = vocab.levels
    roles = vocab.roles
    arts = {k: L(a.title) for k, a in pf.artefacts.items()}
    routes = vocab.routes

    def match_text(out: Any) -> str:
        m = out.match
        parts = []
        if m.category:
            parts.append(" / ".join(cats[c] for c in m.category))
        if m.kind:
            parts.append(" / ".join(vocab.labels["kind"][k] for k in m.kind))
        if m.risk:
            parts.append(t["when_risk"].format(levels=vocab.listed([lower_first(levels[i]) for i in m.risk], "or")))
        return f" {t['and']} ".join(parts) or t["any"]

    # "alters A, alters B or alters C": one "or", before the last criterion.
    major_cond = vocab.listed([L(c.title).lower() for c in pf.major_impact.criteria], "or") if pf.major_impact.criteria else ""
    emergency = pf.categories.emergency
    flow = [
        t["step1"],
        t["step2"],
        t["step3"].format(cond=major_cond),
        t["step4"].format(question=L(emergency.question) or t["emergency_question"].format(cond=cond("emergency")),
                          path=L(emergency.approval_path) or L(emergency.description)),
        t["step5"],
        t["step6"].format(question=L(pf.release.question) or t["release_question"].format(cond=cond("release"))),
        t["step7"],
        t["step_missing"],
    ]
    risk = []
    for lv in reversed(pf.risk.levels):
        if not lv.criteria:
            # The level's description says when it applies; the condition cell says it once more only
            # when the policy gives no description.
            risk.append({"level": levels[lv.id], "id": "", "title": L(lv.description) or t["default_level"],
                         "condition": "" if L(lv.description) else t["default_level"][:1].upper() + t["default_level"][1:],
                         "condition_intro": "",
                         "condition_items": []})
        for c in lv.criteria:
            risk.append({"level": levels[lv.id], "id": c.id, "title": L(c.title), **cell(f"risk.{c.id}")})
    major = [{"id": c.id, "title": L(c.title), **cell(f"major.{c.id}")} for c in pf.major_impact.criteria]
    models = [{"id": m.id, "title": L(m.title) + (f" ({t['release_preapproved']})" if m.release_preapproved else ""),
               **cell(f"standard.{m.id}"), "artefacts": [arts[a] for a in m.artefacts]}
              for m in pf.categories.standard.models]
    outcomes = [{
        "title": L(o.title), "applies": match_text(o),
        "approvals": [roles[a] for a in o.approvals] or [t["preapproved"]],
        "artefacts": [arts[a] for a in o.artefacts], "note": L(o.note),
    } for o in pf.outcomes]

    route_rows = [
        {"route": routes[CHANGE_MANAGEMENT], "when": t["route_cm"], "approvals": [], "artefacts": [], "note": ""},
        {"route": routes[DESIGN_TRANSITION], "when": t["route_dt"],
         "approvals": [roles[a] for a in pf.design_transition.approvals],
         "artefacts": [arts[a] for a in pf.design_transition.artefacts], "note": L(pf.design_transition.description)},
    ]
    for kind, adds in pf.kinds.items():
        route_rows.append({"route": f"{routes[DESIGN_TRANSITION]}: {vocab.labels['kind'][kind]}", "when": vocab.labels["kind"][kind],
                           "approvals": [roles[a] for a in adds.approvals], "artefacts": [arts[a] for a in adds.artefacts],
                           "note": L(adds.note)})
    route_rows.append({"route": routes[RELEASE_DEPLOYMENT], "when": t["route_rd"].format(cond=cond("release")),
                       "approvals": [roles[a] for a in pf.release.approvals],
                       "artefacts": [arts[a] for a in pf.release.artefacts], "note": L(pf.release.description)})
    attributes = []
    for name, spec in BUILTIN_ATTRIBUTES.items():
        attributes.append({"name": name, "title": vocab.titles[name], "type": types[spec["type"]],
                           "values": vocab.values(name)})
    for name, a in pf.attributes.items():
        unit = f"{t['unit']}: {vocab.units[name]}" if name in vocab.units else ""
        vals = "; ".join(part for part in (vocab.values(name), unit) if part)  # "A, B, C; unit: services"
        attributes.append({"name": name, "title": L(a.title), "type": types[a.type], "values": vals})

    examples = []
    for ex in pf.examples:
        r = classify(ex.change, policy)
        # As classify says it: "kyllä (julkaisun- ja käyttöönotonhallinta, 8.5.3)", no colon after "kyllä".
        rel = (f"{t['yes']} ({vocab.route_titles[RELEASE_DEPLOYMENT]}, {ROUTE_CLAUSES[RELEASE_DEPLOYMENT]})"
               if r.release_required else tristate(r.release_required, lang))
        examples.append({
            "title": L(ex.title), "note": L(ex.note),
            "change": [{"name": titles.get(k, k), "value": vocab.value(k, v)} for k, v in ex.change.items()],
            "category": cats[r.category] + (f" ({vocab.value('standard_model', r.standard_model)})"
                                            if r.category == "standard" else ""),
            "risk": risk_text(r, policy, lang), "major": tristate(r.major_impact, lang), "route": routes[r.route],
            "clauses": ", ".join(r.clauses), "release": rel,
            # The row's own label agrees with its clauses: "Kohta: 8.5.1", "Kohdat: 8.5.1, 8.5.3".
            "clauses_label": translations(lang).npgettext("guide.example_clauses", "Clause", "Clauses", len(r.clauses)),
            "approvals": [roles[a] for a in r.approvals] or [t["preapproved"]],
            "artefacts": [arts[a] for a in r.artefacts],
            "why": explain(r.rationale, policy, lang),
            "missing": [titles.get(a, a) for a in r.missing],
        })
    return {
        "lang": lang,
        "t": t,
        "title": L(pf.policy.title),
        "version": pf.policy.version,
        "owner": L(pf.policy.owner),
        "description": L(pf.policy.description),
        "scope": {
            "description": L(pf.change_control.description),
            "services": [{"id": s.id, "title": L(s.title), "criticality": vocab.value(CRITICALITY_ATTRIBUTE, s.criticality)}
                         for s in pf.change_control.services],
            "ci_classes": [{"id": c.id, "title": L(c.title)} for c in pf.change_control.ci_classes],
            "excluded": [L(x) for x in pf.change_control.excluded],
        },
        "categories": [
            {"title": cats["standard"], "description": L(pf.categories.standard.description)},
            {"title": cats["normal"], "description": L(pf.categories.normal.description)},
            {"title": cats["emergency"], "description": L(pf.categories.emergency.description)},
        ],
        "emergency_path": L(pf.categories.emergency.approval_path),
        "emergency_note": t["emergency_note"],
        "flow": flow,
        "risk": risk,
        "risk_description": L(pf.risk.description),
        "major": major,
        "major_description": L(pf.major_impact.description),
        "models": models,
        "outcomes": outcomes,
        "routes": route_rows,
        "governance": [{"title": L(g.title), "description": L(g.description)} for g in pf.governance],
        "roles": [{"title": roles[k], "description": L(r.description),
                   "includes": ", ".join(roles[i] for i in r.includes)} for k, r in pf.roles.items()],
        "artefacts": [{"title": arts[k], "description": L(a.description)} for k, a in pf.artefacts.items()],
        "attributes": attributes,
        "examples": examples,
    }


def render_html(view: dict[str, Any]) -> str:
    """The guide as one self-contained HTML page (Jinja2, autoescaped, no external assets)."""
    from itsm_assess._io.templates import template_environment

    env = template_environment("change_impact", "templates")
    return env.get_template("guide.html.j2").render(v=view, t=view["t"])


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


_MD_ACTIVE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]"}


def _md_escaped(value: Any) -> Any:
    """``value`` with every text made inert in Markdown: raw HTML (``<script>``, ``<img onerror>``)
    shown as text, and no link syntax (``[x](javascript:...)``) from the policy's wording."""
    if isinstance(value, str):
        return "".join(_MD_ACTIVE.get(ch, ch) for ch in value) if any(ch in value for ch in _MD_ACTIVE) else value
    if isinstance(value, dict):
        return {k: _md_escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_md_escaped(v) for v in value]
    return value


def render_md(view: dict[str, Any]) -> str:
    """The guide as Markdown; the policy's text cannot inject HTML or links into it."""
    view = _md_escaped(view)
    t = view["t"]
    lines = [f"# {view['title']}", "", f"*{t['subtitle']}*", "",
             f"{t['version']} {view['version']}" + (f" · {t['owner']}: {view['owner']}" if view["owner"] else ""), ""]
    if view["description"]:
        lines += [view["description"], ""]
    lines += [f"## {t['flow']}", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(view["flow"], 1)] + [""]
    lines += [f"> {view['emergency_note']}", ""]
    lines += [f"## {t['scope']}", ""]
    if view["scope"]["description"]:
        lines += [view["scope"]["description"], ""]
    lines += [f"### {t['services']}", ""]
    lines += _md_table([t["services"], t["criticality"]],
                       [[s["title"], s["criticality"]] for s in view["scope"]["services"]])
    lines += [f"### {t['ci_classes']}", ""]
    lines += _md_table([t["ci_classes"]], [[c["title"]] for c in view["scope"]["ci_classes"]])
    if view["scope"]["excluded"]:
        lines += [f"### {t['excluded']}", ""] + [f"- {x}" for x in view["scope"]["excluded"]] + [""]
    lines += [f"## {t['categories']}", ""]
    lines += [f"- **{c['title']}**: {c['description']}" for c in view["categories"]] + [""]
    if view["emergency_path"]:
        lines += [f"**{t['emergency_path']}**: {view['emergency_path']}", ""]
    lines += [f"### {t['models']}", ""]
    lines += _md_table([t["model"], t["condition"]], [[m["title"], m["condition"]] for m in view["models"]])
    lines += [f"## {t['risk']}", ""]
    if view["risk_description"]:
        lines += [view["risk_description"], ""]
    lines += _md_table([t["level"], t["criterion"], t["condition"]],
                       [[c["level"], c["title"], c["condition"]] for c in view["risk"]])
    lines += [f"## {t['major']}", ""]
    if view["major_description"]:
        lines += [view["major_description"], ""]
    lines += _md_table([t["criterion"], t["condition"]], [[c["title"], c["condition"]] for c in view["major"]])
    lines += [f"## {t['outcomes']}", ""]
    lines += _md_table([t["outcome"], t["applies"], t["approvals"], t["artefacts"], t["note"]],
                       [[o["title"], o["applies"], ", ".join(o["approvals"]), ", ".join(o["artefacts"]), o["note"]]
                        for o in view["outcomes"]])
    lines += [f"## {t['routes']}", ""]
    lines += _md_table([t["route"], t["when"], t["approvals"], t["artefacts"], t["note"]],
                       [[r["route"], r["when"], ", ".join(r["approvals"]), ", ".join(r["artefacts"]), r["note"]]
                        for r in view["routes"]])
    if view["governance"]:
        lines += [f"## {t['governance']}", ""]
        lines += [f"- **{g['title']}**: {g['description']}" for g in view["governance"]] + [""]
    lines += [f"### {t['roles']}", ""]
    lines += _md_table([t["role"], t["description"], t["includes"]],
                       [[r["title"], r["description"], r["includes"]] for r in view["roles"]])
    lines += [f"### {t['artefact_list']}", ""]
    lines += _md_table([t["artefact"], t["description"]], [[a["title"], a["description"]] for a in view["artefacts"]])
    lines += [f"## {t['examples']}", ""]
    for i, ex in enumerate(view["examples"], 1):
        lines += [f"### {i}. {ex['title']}", ""]
        if ex["note"]:
            lines += [f"> {ex['note']}", ""]
        lines += _md_table([t["attribute"], t["change"]], [[c["name"], c["value"]] for c in ex["change"]])
        lines += [f"- **{t['category']}**: {ex['category']}", f"- **{t['risk_label'].capitalize()}**: {ex['risk']}",
                  f"- **{t['major_short']}**: {ex['major']}", f"- **{t['route']}**: {ex['route']}",
                  f"- **{ex['clauses_label']}**: {ex['clauses']}", f"- **{t['release']}**: {ex['release']}",
                  f"- **{t['approvals']}**: {', '.join(ex['approvals'])}",
                  f"- **{t['artefacts']}**: {', '.join(ex['artefacts'])}", f"- **{t['why']}**:"]
        lines += [f"  - {w}" for w in ex["why"]]
        if ex["missing"]:
            lines += [f"- **{t['missing']}**: {', '.join(ex['missing'])}"]
        lines += [""]
    lines += [f"## {t['attributes']}", ""]
    lines += _md_table([t["attribute"], t["description"], t["type"], t["values"]],
                       [[a["name"], a["title"], a["type"], a["values"]] for a in view["attributes"]])
    lines += [f"*{t['generated']}.*", ""]
    return "\n".join(lines)


def write_xlsx(view: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """The guide as a workbook: one sheet per section."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from itsm_assess._io.xlsx_cells import set_value, sheet_title
    from itsm_assess.files import atomic_path

    t = view["t"]
    wb = Workbook()
    first = wb.active
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def listed(row: dict[str, Any]) -> str:
        """A condition cell: its parts one a line under the intro, or the one line."""
        if row.get("condition_items"):
            return "\n".join([row["condition_intro"], *(f"• {i}" for i in row["condition_items"])])
        return str(row["condition"])

    def sheet(title: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        ws = wb.create_sheet(sheet_title(title, view["lang"]))
        ws.append(headers)
        for c in ws[1]:
            c.font = bold
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=col)
                set_value(cell, value)
                cell.alignment = wrap
        for i, w in enumerate(widths):
            ws.column_dimensions[chr(65 + i)].width = w
        ws.freeze_panes = "A2"

    sheet(t["flow"].split(":")[0], ["#", t["flow"]],
          [[i, s] for i, s in enumerate(view["flow"], 1)] + [["!", view["emergency_note"]]], [5, 110])
    sheet(t["risk"].split(":")[0], [t["level"], t["criterion"], t["condition"]],
          [[c["level"], c["title"], listed(c)] for c in view["risk"]], [14, 45, 70])
    sheet(t["major_short"], [t["criterion"], t["condition"]],
          [[c["title"], listed(c)] for c in view["major"]], [45, 70])
    sheet(t["models"], [t["model"], t["condition"]],
          [[m["title"], listed(m)] for m in view["models"]], [45, 80])
    sheet(t["outcomes"], [t["outcome"], t["applies"], t["approvals"], t["artefacts"], t["note"]],
          [[o["title"], o["applies"], ", ".join(o["approvals"]), ", ".join(o["artefacts"]), o["note"]]
           for o in view["outcomes"]], [32, 45, 40, 60, 50])
    sheet(t["routes"], [t["route"], t["when"], t["approvals"], t["artefacts"], t["note"]],
          [[r["route"], r["when"], ", ".join(r["approvals"]), ", ".join(r["artefacts"]), r["note"]]
           for r in view["routes"]], [45, 50, 30, 60, 50])
    if view["governance"]:
        sheet(t["governance"], [t["rule"], t["description"]],
              [[g["title"], g["description"]] for g in view["governance"]], [30, 110])
    sheet(t["roles"], [t["role"], t["description"], t["includes"]],
          [[r["title"], r["description"], r["includes"]] for r in view["roles"]], [32, 90, 40])
    sheet(t["artefact_list"], [t["artefact"], t["description"]],
          [[a["title"], a["description"]] for a in view["artefacts"]], [45, 100])
    sheet(t["scope"], [t["services"], t["criticality"]],
          [[s["title"], s["criticality"]] for s in view["scope"]["services"]]
          + [[c["title"], ""] for c in view["scope"]["ci_classes"]], [50, 14])
    sheet(t["examples"], [t["example"], t["category"], t["risk_label"], t["major_short"], t["route"], t["clauses"],
                          t["release"], t["approvals"], t["artefacts"], t["why"]],
          [[e["title"], e["category"], e["risk"], e["major"], e["route"], e["clauses"], e["release"],
            ", ".join(e["approvals"]), ", ".join(e["artefacts"]), "\n".join(e["why"])] for e in view["examples"]],
          [36, 22, 14, 12, 36, 14, 30, 30, 50, 90])
    sheet(t["attributes"], [t["attribute"], t["description"], t["type"], t["values"]],
          [[a["name"], a["title"], a["type"], a["values"]] for a in view["attributes"]], [24, 55, 12, 50])
    first.title = sheet_title(t["info_sheet"], view["lang"])
    for row in ([view["title"]], [t["subtitle"]], [t["version"], view["version"]], [t["owner"], view["owner"]],
                [view["description"]]):
        first.append([None] * len(row))
        for col, value in enumerate(row, start=1):
            set_value(first.cell(row=first.max_row, column=col), value)
    first["A1"].font = Font(bold=True, size=14)
    first.column_dimensions["A"].width = 30
    with atomic_path(path) as tmp:
        wb.save(tmp)


#: Fields of a worked example that pose it; everything else answers it, and an exercise edition
#: leaves those blank.
QUESTION_FIELDS: tuple[str, ...] = ("title", "note", "change")
EXERCISE_TITLE = _p("guide_exercise_title", "{title} — exercise edition")


def without_answers(view: dict[str, Any]) -> dict[str, Any]:
    """The guide as an exercise: the worked examples keep their change data, their answers are blank."""
    blank = dict(view)
    blank["title"] = pgettext_for(view["lang"])(*EXERCISE_TITLE).format(title=view["title"])
    blank["examples"] = [
        {k: v if k in QUESTION_FIELDS else [] if isinstance(v, list) else "" for k, v in ex.items()}
        for ex in view["examples"]
    ]
    return blank


def write_guide(policy: Policy, fmt: str, path: str | os.PathLike[str], lang: str = "en", *,
                exercise: bool = False) -> None:
    """Render the guide in ``fmt`` (html, md, xlsx) and write it atomically to ``path``;
    ``exercise`` leaves the answers of the worked examples blank for course participants."""
    from itsm_assess.files import write_text_atomic

    if fmt not in FORMATS:
        raise InputError(message("unknown guide format {fmt!r}; expected one of {names}", fmt=fmt, names=', '.join(FORMATS)))
    view = guide_view(policy, lang)
    if exercise:
        view = without_answers(view)
    if fmt == "xlsx":
        write_xlsx(view, path)
    elif fmt == "html":
        write_text_atomic(path, render_html(view))
    else:
        write_text_atomic(path, render_md(view))
