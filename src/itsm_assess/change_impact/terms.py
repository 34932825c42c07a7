"""The fixed vocabulary of change classification: kinds, categories, routes and their clauses.

Imported by every other module of the package and importing none of them.
"""

from __future__ import annotations

from typing import Any

from itsm_assess.i18n import Label, _p, label_table

KINDS = ("new-service", "service-removal", "service-transfer", "modification")
CATEGORIES = ("standard", "normal", "emergency")
DESIGN_TRANSITION = "service-design-and-transition"
CHANGE_MANAGEMENT = "change-management"
RELEASE_DEPLOYMENT = "release-and-deployment"
#: A route or risk level the data does not settle (an attribute a criterion needs is missing).
UNDETERMINED = "undetermined"
ROUTES = (CHANGE_MANAGEMENT, DESIGN_TRANSITION, UNDETERMINED)
#: The clause each route adds. Every change, whatever its route, is recorded, assessed, authorised,
#: scheduled and reviewed by change management (8.5.1); 8.5.2 and 8.5.3 come on top of it.
ROUTE_CLAUSES = {CHANGE_MANAGEMENT: "8.5.1", DESIGN_TRANSITION: "8.5.2", RELEASE_DEPLOYMENT: "8.5.3",
                 UNDETERMINED: "8.5.1"}


ROUTE_TITLES: dict[str, Label] = {
    DESIGN_TRANSITION: _p("change_route.service-design-and-transition", "service design and transition"),
    CHANGE_MANAGEMENT: _p("change_route.change-management", "change management"),
    RELEASE_DEPLOYMENT: _p("change_route.release-and-deployment", "release and deployment management"),
    UNDETERMINED: _p("change_route.undetermined", "undetermined (attributes missing)"),
}
KIND_TITLES: dict[str, Label] = label_table(
    _p("change_kind.new-service", "new service"),
    _p("change_kind.service-removal", "service removal"),
    _p("change_kind.service-transfer", "service transfer"),
    _p("change_kind.modification", "modification of an existing service"),
)
#: Fields a change record may carry that are not policy attributes: identity and what was recorded.
RECORD_FIELDS = ("id", "title", "recorded_category", "recorded_approvals", "recorded_route")
BUILTIN_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "kind": {"type": "choice", "values": list(KINDS),
             "title": _p("change_attribute.kind", "Kind of change"),
             # A condition on the kind as a clause (fi "muutos on uusi palvelu tai palvelun poisto").
             "says": _p("change_attribute.kind_says", "the change is a {value}"),
             "says_not": _p("change_attribute.kind_says_not", "the change is not a {value}")},
    "standard_model": {"type": "text",
                       "title": _p("change_attribute.standard_model", "Standard change model named")},
}
CRITICALITY_ATTRIBUTE = "service_criticality"
SERVICES_ATTRIBUTE = "services"


def route_clauses(route: str, release_required: bool | None) -> list[str]:
    """Every clause a change goes through: 8.5.1 always, 8.5.2 on the design route, 8.5.3 for a release."""
    out = ["8.5.1"]
    if route == DESIGN_TRANSITION:
        out.append("8.5.2")
    if release_required:
        out.append("8.5.3")
    return out
