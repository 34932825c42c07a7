"""Sampling: how many sites (IAF MD 1) and records to examine, and which, reproducibly.

Every random choice is a *draw*: candidates are ordered by the SHA-256 of ``"<seed>:<id>"`` and
taken from the top. Anyone can repeat the draw with the seed and the list of ids, in any language
or by hand with ``sha256sum``; the order does not depend on the Python version.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, model_validator

from itsm_assess.errors import InputError
from itsm_assess.i18n import Label, _p, label_table, message, pgettext_for, plural_message, translate, worded
from itsm_assess.loading import load_yaml, validate
from itsm_assess.planning.tables import Cell, Table
from itsm_assess.schema import Identifier, SchemaVersion, StrictModel

AuditStage = Literal["initial", "surveillance", "recertification"]
AUDIT_STAGES: tuple[str, ...] = ("initial", "surveillance", "recertification")


#: IAF MD 1 multipliers of the square root of the number of sites, per audit.
SITE_FACTORS: dict[str, float] = {"initial": 1.0, "surveillance": 0.6, "recertification": 0.8}
#: IAF MD 1: at least this share of the sampled sites is chosen at random.
RANDOM_SHARE = 0.25


def site_sample_size(sites: int, stage: str) -> int:
    """Sites to visit besides the central function: ⌈factor·√sites⌉ (IAF MD 1), never more than ``sites``."""
    if sites < 0:
        raise ValueError(message("number of sites must not be negative, got {sites}", sites=sites))
    try:
        factor = SITE_FACTORS[stage]
    except KeyError:
        raise ValueError(message("unknown audit stage {stage!r}; expected one of {names}", stage=stage, names=', '.join(AUDIT_STAGES))) from None
    if sites == 0:
        return 0
    # round() first: 0.6*sqrt(25) is 3.0000000000000004 in floating point, which must stay 3.
    return min(sites, math.ceil(round(factor * math.sqrt(sites), 9)))


def random_share_size(sample: int) -> int:
    """How many of ``sample`` sites at least are drawn at random: ⌈25 % of the sample⌉."""
    return math.ceil(round(RANDOM_SHARE * sample, 9))


def draw_key(seed: int, item_id: str) -> str:
    """The draw key of one candidate: hex SHA-256 of ``"<seed>:<id>"`` (the lowest keys are drawn)."""
    return hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest()


def draw(candidates: list[str], count: int, seed: int) -> list[str]:
    """``count`` of ``candidates`` in draw order (ascending draw key): reproducible from the seed."""
    return sorted(candidates, key=lambda c: (draw_key(seed, c), c))[:max(0, count)]


# --------------------------------------------------------------------------- sites file


class Site(StrictModel):
    """One site of a multi-site organisation."""

    id: Identifier
    name: StrictStr
    #: The central function (head office) that controls the management system: visited every time.
    central: StrictBool = False
    #: The auditor chose this site on judgement (risk, complexity, previous findings, not yet visited).
    chosen: StrictBool = False
    reason: StrictStr | None = None
    #: Left out of this audit (e.g. the site has no activity in scope): never sampled.
    excluded: StrictBool = False
    #: Minutes of travel from the central function, door to door (the audit plan's travel blocks).
    travel_minutes: StrictInt | None = Field(default=None, ge=0, le=720)


class SitesFile(StrictModel):
    """``sites.yaml``: the sites of the certified organisation."""

    schema_version: SchemaVersion
    organisation: StrictStr | None = None
    sites: list[Site] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_central_function(self) -> SitesFile:
        seen: set[str] = set()
        for site in self.sites:
            if site.id in seen:
                raise ValueError(message("site id {id!r} is listed twice", id=site.id))
            seen.add(site.id)
        central = [s.id for s in self.sites if s.central]
        if len(central) != 1:
            raise ValueError(message("exactly one site is the central function (central: true); found {count} ({sites})",
                                     count=len(central), sites=", ".join(central)) if central else
                             message("exactly one site is the central function (central: true); found none"))
        return self


def load_sites(path: str | os.PathLike[str]) -> SitesFile:
    """Read and validate ``sites.yaml``; raises InputError naming file and line."""
    return validate(SitesFile, load_yaml(path))


# --------------------------------------------------------------------------- site sample


SelectionBasis = Literal["central", "judgement", "random"]


@dataclass(frozen=True)
class SampledSite:
    id: str
    name: str
    basis: SelectionBasis
    #: Draw key for random picks (so that the draw can be repeated by hand).
    draw_key: str | None = None
    reason: str | None = None
    #: Minutes of travel from the central function (from ``sites.yaml``), if given.
    travel_minutes: int | None = None


@dataclass(frozen=True)
class SiteSample:
    """The sites to visit at one audit, with how each was chosen."""

    stage: str
    seed: int
    population: int
    size: int
    random_minimum: int
    sites: list[SampledSite] = field(default_factory=list)
    #: Sites the auditor marked ``chosen`` that the sample had no room for.
    left_out_choices: list[str] = field(default_factory=list)

    @property
    def random_count(self) -> int:
        return sum(1 for s in self.sites if s.basis == "random")


def sample_sites(sites: SitesFile, stage: str, seed: int) -> SiteSample:
    """Choose the sites of one audit (IAF MD 1).

    The central function is always visited. Of the other (non-excluded) sites, ``x``, the sample is
    ⌈factor·√x⌉. At least ⌈25 %⌉ of it is drawn at random; the rest are the auditor's judgement
    choices (``chosen: true``, in file order) and any room they leave is drawn at random too.
    """
    central = next(s for s in sites.sites if s.central)
    others = [s for s in sites.sites if not s.central and not s.excluded]
    size = site_sample_size(len(others), stage)
    minimum = random_share_size(size)
    chosen = [s for s in others if s.chosen]
    judgement = chosen[: size - minimum]
    taken = {s.id for s in judgement}
    drawn = draw([s.id for s in others if s.id not in taken], size - len(judgement), seed)
    by_id = {s.id: s for s in others}
    picked = [SampledSite(central.id, central.name, "central", reason=central.reason)]
    picked += [SampledSite(s.id, s.name, "judgement", reason=s.reason, travel_minutes=s.travel_minutes)
               for s in judgement]
    picked += [SampledSite(i, by_id[i].name, "random", draw_key=draw_key(seed, i), travel_minutes=by_id[i].travel_minutes)
               for i in drawn]
    left_out = [s.id for s in chosen[len(judgement):] if s.id not in drawn]
    return SiteSample(stage=stage, seed=seed, population=len(others), size=size, random_minimum=minimum,
                      sites=picked, left_out_choices=left_out)


# --------------------------------------------------------------------------- record sample


class SizeBand(StrictModel):
    """Populations up to ``up_to`` records take ``size`` samples."""

    up_to: StrictInt = Field(ge=1)
    size: StrictInt = Field(ge=1)


class SamplingTable(StrictModel):
    """A user's own sample-size table (e.g. a certification body's): bands in rising order."""

    schema_version: SchemaVersion
    name: StrictStr
    source: StrictStr
    bands: list[SizeBand] = Field(min_length=1)
    #: Size for populations above the last band.
    above: StrictInt = Field(ge=1)

    @model_validator(mode="after")
    def _rising(self) -> SamplingTable:
        limits = [b.up_to for b in self.bands]
        if limits != sorted(set(limits)):
            raise ValueError(message("bands are listed by rising up_to, each limit once"))
        return self


def load_sampling_table(path: str | os.PathLike[str]) -> SamplingTable:
    return validate(SamplingTable, load_yaml(path))


#: The default record rule: the square root of the population, at least this many.
SQRT_RULE_MINIMUM = 3
_SQRT_RULE = _p("sampling.sqrt_rule",
                "sqrt: n = min(N, max(3, ⌈√N⌉)); the square-root rule IAF MD 1 uses for sites, applied to records "
                "as a judgement-sampling convention (ISO 19011 A.6), with a floor of 3 so that a pattern can show")
#: The rule a record sample follows without a sampling table (in English; shown in the record's language).
SQRT_RULE = _SQRT_RULE[1]


def record_sample_size(population: int, table: SamplingTable | None = None) -> int:
    """Records to examine from a population of ``population`` by the stated rule (see :data:`SQRT_RULE`)."""
    if population < 0:
        raise ValueError(message("population must not be negative, got {population}", population=population))
    if population == 0:
        return 0
    if table is not None:
        size = next((b.size for b in table.bands if population <= b.up_to), table.above)
    else:
        size = max(SQRT_RULE_MINIMUM, math.ceil(round(math.sqrt(population), 9)))
    return min(population, size)


@dataclass(frozen=True)
class RecordSample:
    population: int
    size: int
    rule: str
    seed: int | None
    #: Drawn record ids with their draw keys (only when the ids were given).
    drawn: list[tuple[str, str]] = field(default_factory=list)


def sample_records(population: int | list[str], seed: int | None = None,
                   table: SamplingTable | None = None) -> RecordSample:
    """The sample size for a population (a count, or the record ids) and, given ids and a seed, the draw."""
    ids = population if isinstance(population, list) else None
    if ids is not None:
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dupes:
            raise InputError(message("record ids listed more than once: {names}", names=', '.join(dupes[:10])))
    count = len(ids) if ids is not None else population
    assert isinstance(count, int)
    size = record_sample_size(count, table)
    rule = f"{table.name} ({table.source})" if table is not None else SQRT_RULE
    drawn = [(i, draw_key(seed, i)) for i in draw(ids, size, seed)] if ids is not None and seed is not None else []
    return RecordSample(population=count, size=size, rule=rule, seed=seed, drawn=drawn)


# --------------------------------------------------------------------------- written record

_WORDS: dict[str, Label] = label_table(
    _p("sampling.title", "Site sample"),
    _p("sampling.stage", "Audit"),
    _p("sampling.seed", "Seed"),
    _p("sampling.population", "Sites besides the central function"),
    _p("sampling.size", "Sample size"),
    _p("sampling.site", "Site"),
    _p("sampling.basis", "Basis of selection"),
    _p("sampling.key", "Draw key (SHA-256)"),
    _p("sampling.key_note", "The draw can be repeated: each draw key is the SHA-256 hash of the seed and the id "
                            "(for {id}, of the text “{text}”), and those with the lowest keys are drawn."),
    _p("sampling.central", "central function (every audit)"),
    _p("sampling.judgement", "auditor's judgement"),
    _p("sampling.random", "random draw"),
    _p("sampling.left_out", "Judgement choices with no room left"),
    _p("sampling.rule", "Rule: IAF MD 1; sample = ⌈{factor}·√{x}⌉ = {size}; the central function is visited in "
                        "addition."),
    _p("sampling.initial", "initial certification"),
    _p("sampling.surveillance", "surveillance"),
    _p("sampling.recertification", "recertification"),
    _p("sampling.records", "Record sample"),
    _p("sampling.record_population", "Population"),
    _p("sampling.rule_name", "Rule"),
    _p("sampling.drawn", "Drawn records"),
    _p("sampling.record", "Record"),
)


def random_minimum_text(count: int, lang: str) -> str:
    """How many of the sites visited the draw picks at least, the noun and verb agreeing with the count."""
    return translate(plural_message("At least {count} site is drawn at random", "At least {count} sites are drawn at random",
                                    count), lang)


def _factor(stage: str, lang: str) -> str:
    """The stage's IAF MD 1 factor as ``lang`` writes it (``0.6``, Finnish ``0,6``)."""
    from itsm_assess.i18n.formats import format_number

    factor = SITE_FACTORS[stage]
    return format_number(factor, lang, 0 if factor == int(factor) else 1)


def _key_note(sample: SiteSample, w: dict[str, str]) -> list[str]:
    """How to repeat the draw, in words, with the first random pick as the example (none without one)."""
    first = next((s.id for s in sample.sites if s.basis == "random"), None)
    return [w["key_note"].format(id=first, text=f"{sample.seed}:{first}")] if first is not None else []


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def site_sample_markdown(sample: SiteSample, lang: str = "en") -> str:
    """The site sample as a Markdown record: the rule, the sizes, each site and how it was chosen."""
    w = worded(_WORDS, lang)
    factor = _factor(sample.stage, lang)
    lines = [
        f"# {w['title']}: {w[sample.stage]}", "",
        f"- {w['seed']}: {sample.seed}",
        f"- {w['population']}: {sample.population}",
        f"- {w['size']}: {sample.size}",
        f"- {random_minimum_text(sample.random_minimum, lang)}",
        f"- {w['rule'].format(factor=factor, x=sample.population, size=sample.size)}",
        *[f"- {note}" for note in _key_note(sample, w)], "",
        f"| {w['site']} | {w['basis']} | {w['key']} |", "| --- | --- | --- |",
    ]
    for s in sample.sites:
        basis = w[s.basis] + (f": {s.reason}" if s.reason else "")
        lines.append(f"| {_md_cell(s.id)} {_md_cell(s.name)} | {_md_cell(basis)} | {s.draw_key or ''} |")
    if sample.left_out_choices:
        lines += ["", f"{w['left_out']}: {', '.join(sample.left_out_choices)}"]
    return "\n".join(lines) + "\n"


def site_sample_table(sample: SiteSample, lang: str = "en") -> Table:
    """The site sample as a table (for the audit plan's outputs): the rule, seed and sizes as notes,
    each site visited with how it was chosen and, for a random pick, its draw key."""
    w = worded(_WORDS, lang)
    factor = _factor(sample.stage, lang)
    notes = [f"{w['stage']}: {w[sample.stage]}", f"{w['seed']}: {sample.seed}",
             f"{w['population']}: {sample.population}", f"{w['size']}: {sample.size}",
             random_minimum_text(sample.random_minimum, lang),
             w["rule"].format(factor=factor, x=sample.population, size=sample.size), *_key_note(sample, w)]
    if sample.left_out_choices:
        notes.append(f"{w['left_out']}: {', '.join(sample.left_out_choices)}")
    rows: list[list[Cell]] = [
        [f"{s.id} {s.name}", w[s.basis] + (f": {s.reason}" if s.reason else ""), s.draw_key] for s in sample.sites]
    return Table(w["title"], [w["site"], w["basis"], w["key"]], rows, notes)


def record_sample_markdown(sample: RecordSample, lang: str = "en") -> str:
    """The record sample as a Markdown record: population, rule, size and the drawn ids."""
    w = worded(_WORDS, lang)
    from itsm_assess.i18n.formats import format_number

    rule = pgettext_for(lang)(*_SQRT_RULE) if sample.rule == SQRT_RULE else sample.rule
    lines = [f"# {w['records']}", "", f"- {w['record_population']}: {format_number(sample.population, lang)}",
             f"- {w['rule_name']}: {rule}", f"- {w['size']}: {format_number(sample.size, lang)}"]
    if sample.seed is not None:
        lines.append(f"- {w['seed']}: {sample.seed}")
    if sample.drawn:
        first = sample.drawn[0][0]
        lines += ["", w["key_note"].format(id=first, text=f"{sample.seed}:{first}"),
                  "", f"| {w['record']} | {w['key']} |", "| --- | --- |"]
        lines += [f"| {_md_cell(i)} | {k} |" for i, k in sample.drawn]
    return "\n".join(lines) + "\n"
