"""Batch classification at export scale: :func:`evaluate_group`, :func:`evaluate_test` and :func:`decide`, memoised.

There is one set of rules, in :mod:`~itsm_assess.change_impact.classify`; this module only decides
when they need to run. A change's decision depends only on the truth of each condition leaf (true,
false, or unknown when the attribute is absent), whether it names a service outside change control,
its kind and its standard model. Exports repeat the same few texts per column, so:

* every distinct cell text of a column is converted once, and turned once into the *leaf bits* of
  that column: two bits per policy leaf on the attribute (true, unknown). A number is therefore
  keyed on which side of each threshold of the policy it lies, not on its value;
* a row's bits are added together in C (``map`` over per-column dicts); each stage of
  :func:`~itsm_assess.change_impact.classify.evaluate_stages` (a risk level, the major-impact
  criteria, emergency, the named model, release) is looked up by the row's bits restricted to that
  stage's leaves, and evaluated by the same stage function on the row's record the first time;
* the stages with the kind and model are looked up in turn, and the first time decided by
  :func:`~itsm_assess.change_impact.classify.decide` itself, so the decisions are those of
  ``classify`` by construction (``tests/test_change_batch.py`` checks it row by row anyway);
* the rationale (the facts with each change's own values) is not built per row:
  :meth:`ClassifiedRow.classification` classifies the row's record in full when it is asked for.

Every cache is bounded; past the bound, rows are still classified, only without storing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import reduce
from operator import getitem, itemgetter, or_
from typing import Any

from itsm_assess.change_impact.classify import (
    NO_ATTRIBUTES,
    Classification,
    Decided,
    Decision,
    GroupResult,
    Stages,
    classify,
    decide,
    derive_criticality,
    evaluate_group,
    evaluate_test,
    failed_conditions,
    has_attributes,
    risk_key,
    unknown_services,
)
from itsm_assess.change_impact.conditions import Compiled, Condition, Leaf, compile_condition
from itsm_assess.change_impact.policy import Policy, PolicyMemo
from itsm_assess.change_impact.terms import CRITICALITY_ATTRIBUTE, RECORD_FIELDS, SERVICES_ATTRIBUTE

MAX_TEXTS_PER_COLUMN = 50_000
MAX_MEMO = 200_000
RECORDED = ("recorded_category", "recorded_approvals", "recorded_route")


class Verdict(Decided):
    """What :func:`decide` concludes for a change, without its identity and rationale.

    Shared by every change classified alike; treat it (and ``missing_by``) as read-only.
    ``missing``, ``clause``, ``clauses``, ``risk_shown`` and ``complete`` are those of :class:`Classification`.
    """

    __slots__ = ("kind", "category", "standard_model", "risk", "risk_at_most", "major_impact", "route",
                 "release_required", "approvals", "approvals_at_least", "artefacts", "outcome", "missing_by", "warnings",
                 "major_ids",
                 "not_standard", "note_varies")

    def __init__(self, d: Decision) -> None:
        self.kind = d.kind
        self.category = d.category
        self.standard_model = d.standard_model
        self.risk = d.risk
        self.risk_at_most = d.risk_at_most
        self.major_impact = d.major_impact
        self.route = d.route
        self.release_required = d.release_required
        self.approvals = d.approvals
        self.approvals_at_least = d.approvals_at_least
        self.artefacts = d.artefacts
        self.outcome = d.outcome
        self.missing_by = d.missing_by
        self.warnings = d.warnings
        #: The major-impact criteria met (ids).
        self.major_ids = tuple(r.rule.removeprefix("major.") for r in d.reasons if r.effect == "major impact")
        #: Why the named standard model does not apply: the note key and arguments of that reason.
        self.not_standard: tuple[str, tuple[Any, ...]] = next(
            ((r.key, r.args) for r in d.reasons if r.effect == "not standard"), ("", ()))
        # The one note that names the change's own values (the failed parts of a standard model).
        self.note_varies = self.not_standard[0] == "model-failed"


class ClassifiedRow(tuple[int, str, Verdict, Any, Any, "FastPlan"]):
    """One classified row of an export: ``row`` number, ``change_id``, its :class:`Verdict`.

    ``record`` (the converted attributes) and :meth:`classification` (the full result with
    rationale, the same as ``classify(record)``) are computed when asked for. A tuple, so that
    100,000 of them are cheap to create; it keeps the row's cell texts as codes in one integer.
    """

    __slots__ = ()

    row = property(itemgetter(0))
    change_id = property(itemgetter(1))
    verdict = property(itemgetter(2))

    @property
    def record(self) -> dict[str, Any]:
        return self[5].record(self[3], self[1], self[4])

    def classification(self) -> Classification:
        return classify(self.record, self[5].policy, validate=False, memo=self[5].memo)


_new_row = tuple.__new__
CODE_WIDTH = 16  # bits per column for the code of its cell text (MAX_TEXTS_PER_COLUMN must fit)
NARROW_CODE = 6  # for choice and boolean columns


def _leaves(cond: Condition, out: dict[Leaf, None]) -> None:
    if isinstance(cond, Leaf):
        out[cond] = None
    else:
        for p in cond.parts:
            _leaves(p, out)


def _getter(indexes: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """``itemgetter`` that always returns a tuple."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    i = indexes[0] if indexes else 0
    return (lambda seq: (seq[i],)) if indexes else (lambda seq: ())


class FastPlan:
    """The columns of one export under one policy, with the caches that make rows cheap."""

    def __init__(self, policy: Policy, columns: list[tuple[str, int, Callable[[str], Any]]],
                 id_col: int | None, title_col: int | None) -> None:
        self.policy = policy
        #: This run's memo of what is worked out from the policy (derived criticality, wording).
        self.memo = PolicyMemo()
        self.columns = columns  # (target, column index, converter) for every cached column
        self.targets = tuple(t for t, _, _ in columns)
        self.id_col = id_col
        self.title_col = title_col
        self.position = {t: i for i, t in enumerate(self.targets)}
        self.column_of = {t: col for t, col, _ in columns}

        # Every leaf of every condition, two bits each: 1 << 2i (true), 2 << 2i (unknown).
        found: dict[Leaf, None] = {}
        for cond in policy.conditions.values():
            _leaves(cond, found)
        self.leaf_index = {leaf: i for i, leaf in enumerate(found)}
        self.by_field: dict[str, list[tuple[int, Compiled]]] = {}
        for leaf, i in self.leaf_index.items():
            self.by_field.setdefault(leaf.field, []).append((i, compile_condition(leaf, policy.attributes)))
        # One more bit: the row names a service that the policy does not list under change control.
        self.unknown_bit = 1 << 2 * len(self.leaf_index)

        has = self.position.__contains__
        self.pair = has(SERVICES_ATTRIBUTE) and has(CRITICALITY_ATTRIBUTE)
        self.derive_from_services = has(SERVICES_ATTRIBUTE) and not has(CRITICALITY_ATTRIBUTE)
        base = 0
        for fld in self.by_field:
            if has(fld) or (fld == CRITICALITY_ATTRIBUTE and has(SERVICES_ATTRIBUTE)):
                continue
            base |= self.bits(fld, None)  # never in this export: always unknown
        self.base = base

        def stage_bits(conds: Iterable[Condition]) -> int:
            leaves: dict[Leaf, None] = {}
            for c in conds:
                _leaves(c, leaves)
            return reduce(or_, (3 << 2 * self.leaf_index[x] for x in leaves), 0)

        self.risk_bits = [stage_bits(c.condition for c in crits) for _, crits in policy.risk_desc[:-1]]
        self.major_bits = stage_bits(c.condition for c in policy.major_criteria)
        # The highest risk level with the major-impact criteria first; the lower levels only matter when
        # the highest is not met.
        self.top_bits = (self.risk_bits[0] if self.risk_bits else 0) | self.major_bits
        self.lower_bits = reduce(or_, self.risk_bits[1:], 0)
        self.emergency_bits = stage_bits([policy.conditions["emergency"]] if "emergency" in policy.conditions else [])
        self.release_bits = stage_bits([policy.conditions["release"]] if "release" in policy.conditions else [])
        self.model_bits = {mid: stage_bits([cond]) for mid, (_, cond) in policy.standard_models.items()}
        self.model_fields = {
            mid: tuple(dict.fromkeys(p.field for p, _ in parts if isinstance(p, Leaf)))
            for mid, parts in policy.model_parts.items()
        }

        # Each column's distinct cell texts are numbered (1, 2, ...; 0 for a text that is empty once
        # converted); a row's codes sit above the leaf bits of its mask, so that one integer holds the
        # whole row (the record is rebuilt from it). Narrow fields for choices and booleans, wide ones
        # for the rest; a column with more distinct texts than its field holds sends its further rows
        # down the uncached path (same result, slower).
        self.widths = [NARROW_CODE if t in policy.attributes and policy.attributes[t].type in ("choice", "boolean")
                       else CODE_WIDTH for t in self.targets]
        self.offsets = []
        off = 2 * len(self.leaf_index) + 1
        for w in self.widths:
            self.offsets.append(off)
            off += w
        field_of = {t: ((1 << w) - 1) << off for t, w, off in zip(self.targets, self.widths, self.offsets, strict=True)}
        self.field_of = field_of
        self.kind_model_bits = field_of.get("kind", 0) | field_of.get("standard_model", 0)
        self.texts_bits = self.kind_model_bits | reduce(or_, (field_of.get(t, 0) for t in RECORDED), 0)
        self.model_code_bits = field_of.get("standard_model", 0)
        self.rest_bits = reduce(or_, self.model_bits.values(), self.emergency_bits | self.release_bits) \
            | self.model_code_bits | self.unknown_bit
        #: Which codes are the row's attributes (identity and recorded handling are not).
        self.attribute_bits = reduce(or_, (f for t, f in field_of.items() if t not in RECORD_FIELDS), 0)
        self.values: list[list[Any]] = [[None] for _ in columns]  # code -> value
        self.text_bits: list[dict[str, int]] = [{} for _ in columns]  # cell text -> leaf bits | code
        self.pair_bits: dict[tuple[str, str], int] = {}
        self.ids: dict[Any, int] = {}  # stage results as small ints, so that keys hash quickly
        self.by_id: list[Any] = []
        self.top_memo: dict[int, tuple[int | None, int]] = {}
        self.lower_memo: dict[tuple[int, int], int] = {}
        self.rest_memo: dict[int, int] = {}
        self.risk_memo: list[dict[int, GroupResult]] = [{} for _ in self.risk_bits]
        self.major_memo: dict[int, GroupResult] = {}
        self.test_memo: dict[tuple[str, int], Any] = {}
        self.stages_of: dict[tuple[int, int], Stages] = {}
        self.verdicts: dict[tuple[int, int, int], Verdict] = {}
        self.decided: dict[tuple[int, int, int], tuple[Verdict, Any]] = {}
        self.failed_notes: dict[int, tuple[Any, ...]] = {}
        self.note_bits: dict[str, int] = {}
        self.unknown_of: dict[int, tuple[Any, ...]] = {}

    # --- leaf bits -------------------------------------------------------------------
    def bits(self, fld: str, value: Any) -> int:
        rec = {} if value is None else {fld: value}
        out = 0
        for i, test in self.by_field.get(fld, ()):
            r = test(rec, [], [])
            if r is None:
                out |= 2 << 2 * i
            elif r:
                out |= 1 << 2 * i
        return out

    def _derived(self, services: Any) -> Any:
        if not services:
            return None
        return derive_criticality({SERVICES_ATTRIBUTE: services}, self.policy, self.memo)[0].get(CRITICALITY_ATTRIBUTE)

    def column_bits(self, target: str, value: Any) -> int:
        if target == CRITICALITY_ATTRIBUTE and self.pair:
            return 0  # from the (services, criticality) pair instead
        out = self.bits(target, value)
        if target == SERVICES_ATTRIBUTE:
            if self.derive_from_services:
                out |= self.bits(CRITICALITY_ATTRIBUTE, self._derived(value))
            if value and unknown_services({SERVICES_ATTRIBUTE: value}, self.policy):
                out |= self.unknown_bit
        return out

    def criticality_bits(self, services: Any, criticality: Any) -> int:
        return self.bits(CRITICALITY_ATTRIBUTE, criticality if criticality is not None else self._derived(services))

    # --- values and records ----------------------------------------------------------
    def record(self, mask: int | dict[str, Any], change_id: str | None = None, title: str | None = None
               ) -> dict[str, Any]:
        """The record of a row, rebuilt from the codes in its mask (``change_id`` and ``title`` as read)."""
        if isinstance(mask, dict):  # a row classified without the caches (they were full)
            return dict(mask)
        rec: dict[str, Any] = {}
        for target, off, width, values in zip(self.targets, self.offsets, self.widths, self.values, strict=True):
            v = values[(mask >> off) & ((1 << width) - 1)]
            if v is not None:
                rec[target] = v
        if change_id is not None:
            rec["id"] = change_id
        title = title.strip() if title else ""
        if title:
            rec["title"] = title
        return rec

    def value(self, mask: int, target: str) -> Any:
        i = self.position.get(target)
        if i is None:
            return None
        return self.values[i][(mask >> self.offsets[i]) & ((1 << self.widths[i]) - 1)]

    def convert(self, raw: list[str]) -> tuple[int | None, list[tuple[int, str, str]], dict[str, Any]]:
        """Mask of a row whose texts are not all known yet, numbering new texts while there is room.

        Returns ``(mask or None, problems, record)``; the mask is None when a text could not be
        numbered (the caches are full): the row is then classified from ``record`` directly.
        """
        vals: list[Any] = []
        mask: int | None = self.base
        problems: list[tuple[int, str, str]] = []
        rec: dict[str, Any] = {}
        for (target, col, conv), off, width, values, tbits in zip(self.columns, self.offsets, self.widths, self.values,
                                                                 self.text_bits, strict=True):
            text = raw[col]
            vals.append(None)
            try:
                v = conv(text)
            except ValueError as exc:
                problems.append((col, target, exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)))  # a Message stays translatable
                continue
            vals[-1] = v
            if v is not None:
                rec[target] = v
            code = tbits.get(text)
            if code is None and v is None:
                code = tbits[text] = self.column_bits(target, v)  # code 0: nothing recorded
            elif code is None and len(values) < min(MAX_TEXTS_PER_COLUMN + 1, 1 << width):
                values.append(v)
                code = tbits[text] = self.column_bits(target, v) | (len(values) - 1) << off
            if code is None or mask is None:
                mask = None
            else:
                mask |= code
        if self.pair and not problems and mask is not None:
            s, c = self.position[SERVICES_ATTRIBUTE], self.position[CRITICALITY_ATTRIBUTE]
            b = self.criticality_bits(vals[s], vals[c])
            if len(self.pair_bits) < MAX_MEMO:
                self.pair_bits[(raw[self.columns[s][1]], raw[self.columns[c][1]])] = b
            mask |= b
        return mask, problems, rec

    # --- stages --------------------------------------------------------------------
    def _id(self, value: Any) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.by_id)
            self.by_id.append(value)
        return found

    @staticmethod
    def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
        if len(memo) < MAX_MEMO:
            memo[key] = value
        return value

    def stages(self, mask: int) -> tuple[int, int]:
        """The row's stage results as two ids (the criteria groups; the rest), each stage evaluated by the
        shared stage functions on the row's record where its bits were not seen before."""
        pol = self.policy
        remember = self._remember
        rec: dict[str, Any] | None = None

        def record() -> dict[str, Any]:
            nonlocal rec
            if rec is None:
                rec = dict(derive_criticality(self.record(mask), pol, self.memo)[0])
            return rec

        def group(memo: dict[int, GroupResult], bits: int, criteria: Any, prefix: str) -> GroupResult:
            key = mask & bits
            found = memo.get(key)
            if found is None:
                found = remember(memo, key, evaluate_group(criteria, record(), prefix))
            return found

        def test(name: str, bits: int, compiled: Compiled | None) -> Any:
            key = (name, mask & bits)
            if key in self.test_memo:
                return self.test_memo[key]
            return remember(self.test_memo, key, evaluate_test(compiled, record()))

        # Criteria groups: ids keyed on what decide() reads of them (risk_key), holding the first results seen.
        top_key = mask & self.top_bits
        top = self.top_memo.get(top_key)
        if top is None:
            levels: tuple[GroupResult, ...] = tuple(
                group(self.risk_memo[0], bits, pol.risk_desc[0][1], "risk") for bits in self.risk_bits[:1])
            major = group(self.major_memo, self.major_bits, pol.major_criteria, "major")
            final = len(self.risk_bits) <= 1 or any(lv.matched for lv in levels)
            partial = self._id(("top", risk_key(levels), major))
            self.by_id[partial] = ("top", levels, major)
            top = remember(self.top_memo, top_key, (self._groups(levels, major) if final else None, partial))
        groups_id = top[0]
        if groups_id is None:
            lower_key = (top[1], mask & self.lower_bits)
            groups_id = self.lower_memo.get(lower_key)
            if groups_id is None:
                _, levels, major = self.by_id[top[1]]
                for i in range(1, len(self.risk_bits)):
                    levels += (group(self.risk_memo[i], self.risk_bits[i], pol.risk_desc[i][1], "risk"),)
                    if levels[-1].matched:
                        break
                groups_id = remember(self.lower_memo, lower_key, self._groups(levels, major))
        groups = groups_id
        key = mask & self.rest_bits
        rest = self.rest_memo.get(key)
        if rest is None:
            model_id = self.value(mask, "standard_model")
            model = pol.standard_models.get(model_id) if model_id is not None else None
            em = test("emergency", self.emergency_bits, pol.emergency)
            rel = test("release", self.release_bits, pol.release)
            mod = test(f"standard.{model_id}", self.model_bits[model_id], model[0]) if model else None
            rest = remember(self.rest_memo, key, self._id((em, mod, rel, bool(mask & self.unknown_bit))))
        return groups, rest

    def _groups(self, levels: tuple[GroupResult, ...], major: GroupResult) -> int:
        """The id of the criteria groups' results, keyed on what decide() reads; the full results are kept
        (those of the first change seen), padded with the levels not looked at."""
        found = self._id(("groups", risk_key(levels), major))
        if self.by_id[found] == ("groups", risk_key(levels), major):
            pad = (GroupResult((), ()),) * (len(self.risk_bits) - len(levels))
            self.by_id[found] = (levels + pad, major)
        return found

    def decide(self, mask: int, key: tuple[int, int, int],
               deviation_specs: Callable[..., list[tuple[Any, ...]]]) -> tuple[Verdict, Any]:
        """The verdict for a row's stage results, kind and model, and its deviations from what was recorded.

        The first change with these stage results, kind and model is decided by :func:`decide` itself.
        The deviations are ``(type, recorded, expected, key, args)`` specs, or, for a change recorded
        as standard whose model's failed conditions name the row's values, a dict of them by those notes.
        """
        groups, rest, _ = key
        vkey = (groups, rest, mask & self.kind_model_bits)
        verdict = self.verdicts.get(vkey)
        if verdict is None:
            (risk, major), (em, mod, rel, unknown) = self.by_id[groups], self.by_id[rest]
            stages = Stages(risk, major, em, mod, rel, unknown)
            verdict = Verdict(decide(stages, self.value(mask, "kind"), self.value(mask, "standard_model"), self.policy))
            self._remember(self.verdicts, vkey, verdict)
        specs: Any = ()
        if any(t in self.position for t in RECORDED):
            rc, ra, rr = (self.value(mask, t) for t in RECORDED)
            if rc == "standard" and verdict.note_varies:
                specs = {}  # the reason names the row's failed model conditions
            else:
                specs = tuple(deviation_specs(rc, ra, rr, verdict, lambda: verdict.major_ids,
                                              lambda: verdict.not_standard))
        decided: tuple[Verdict, Any] = self._remember(self.decided, key, (verdict, specs))
        return decided

    def failed_note(self, mask: int) -> tuple[Any, ...]:
        """Why the row's standard model does not apply: the arguments of its ``model-failed`` note, naming
        the row's values (cached on those cells)."""
        model = self.value(mask, "standard_model")
        bits = self.note_bits.get(model)
        if bits is None:
            fields = set(self.model_fields.get(model, ()))
            if CRITICALITY_ATTRIBUTE in fields:
                fields.add(SERVICES_ATTRIBUTE)  # the criticality may be derived from the services
            bits = self.note_bits[model] = self.model_code_bits | reduce(
                or_, (self.field_of.get(f, 0) for f in fields), 0)
        key = mask & bits
        note = self.failed_notes.get(key)
        if note is None:
            rec = dict(derive_criticality(self.record(mask), self.policy, self.memo)[0])
            note = (failed_conditions(rec, self.policy, model),)
            self._remember(self.failed_notes, key, note)
        return note

    def unknown_services(self, mask: int) -> tuple[Any, ...]:
        """The services of the row that the policy does not list, and all it names (cached on the cell)."""
        key = mask & self.field_of.get(SERVICES_ATTRIBUTE, 0)
        found = self.unknown_of.get(key)
        if found is None:
            services = self.value(mask, SERVICES_ATTRIBUTE) or ()
            found = self._remember(self.unknown_of, key,
                                   (unknown_services({SERVICES_ATTRIBUTE: services}, self.policy), services))
        return found


def run(
    plan: FastPlan,
    body: Iterator[list[str]],
    width: int,
    reject: Callable[[int, list[tuple[int, str, str]]], None],
    deviation_specs: Callable[..., list[tuple[Any, ...]]],
    deviation_type: type[tuple[Any, ...]],
    rows: list[ClassifiedRow],
    deviations: list[Any],
    max_rows: int,
    too_many: Callable[[], None],
    progress: Callable[[int], None] | None,
    deviations_of: Callable[[dict[str, Any], Classification], list[Any]],
) -> None:
    """Classify every row of ``body`` into ``rows`` and ``deviations``; bad rows go to ``reject``."""
    getter = _getter([col for _, col, _ in plan.columns])
    text_bits = plan.text_bits
    base, pair = plan.base, plan.pair
    pair_bits = plan.pair_bits
    sc = cc = 0
    if pair:
        sc, cc = plan.column_of[SERVICES_ATTRIBUTE], plan.column_of[CRITICALITY_ATTRIBUTE]
    tbits, lbits, rbits = plan.top_bits, plan.lower_bits, plan.rest_bits
    texts_bits, attribute_bits = plan.texts_bits, plan.attribute_bits
    top_get, lower_get, rest_get = plan.top_memo.get, plan.lower_memo.get, plan.rest_memo.get
    decided_get = plan.decided.get
    id_col, title_col = plan.id_col, plan.title_col
    append_row = rows.append
    append_dev = deviations.append
    step = 0
    for n, raw in enumerate(body, start=2):
        if n - 1 > max_rows:
            too_many()
        if not any(raw):
            continue
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        if progress is not None:
            step += 1
            if step == 500:
                progress(step)
                step = 0
        cid = (raw[id_col].strip() if id_col is not None else "") or f"row {n}"
        try:
            # Leaf bits and text codes of distinct columns never overlap: the sum is their union.
            # A text not seen before (KeyError) is converted, and the row rejected if it does not fit.
            mask = sum(map(getitem, text_bits, getter(raw)), base)
            if pair:
                mask |= pair_bits[(raw[sc], raw[cc])]
        except KeyError:
            got = _with_new_texts(plan, raw, n, cid, reject, rows, deviations, deviations_of)
            if got is None:  # rejected, or classified on its own
                continue
            mask = got
        if not mask & attribute_bits:
            reject(n, [(-1, "", NO_ATTRIBUTES)])
            continue
        top = top_get(mask & tbits)
        groups = None if top is None else top[0] if top[0] is not None else lower_get((top[1], mask & lbits))
        rest = rest_get(mask & rbits)
        if groups is None or rest is None:
            groups, rest = plan.stages(mask)
        key = (groups, rest, mask & texts_bits)
        decided = decided_get(key)
        if decided is None:
            decided = plan.decide(mask, key, deviation_specs)
        verdict, specs = decided
        append_row(_new_row(ClassifiedRow, (n, cid, verdict, mask, raw[title_col] if title_col is not None else None,
                                            plan)))
        if specs or specs.__class__ is dict or verdict.warnings:  # an empty dict: its specs come per row
            _add_deviations(plan, cid, verdict, mask, specs, deviation_specs, deviation_type, append_dev)
    if progress is not None and step:
        progress(step)


def _with_new_texts(plan: FastPlan, raw: list[str], n: int, cid: str,
                    reject: Callable[[int, list[tuple[int, str, str]]], None], rows: list[ClassifiedRow],
                    deviations: list[Any], deviations_of: Callable[[dict[str, Any], Classification], list[Any]],
                    ) -> int | None:
    """The mask of a row with a text not seen before, converted now; None when the row is rejected
    (a value that does not fit, no attribute) or, the caches being full, classified on its own."""
    got, problems, rec = plan.convert(raw)
    if problems:
        reject(n, problems)
        return None
    if got is not None:
        return got
    if not has_attributes(rec):
        reject(n, [(-1, "", NO_ATTRIBUTES)])
        return None
    rec["id"] = cid
    title_col = plan.title_col
    if title_col is not None and raw[title_col].strip():
        rec["title"] = raw[title_col].strip()
    c = classify(rec, plan.policy, validate=False, memo=plan.memo)
    rows.append(_new_row(ClassifiedRow, (n, cid, _VerdictFromClassification(c), rec, None, plan)))
    deviations.extend(deviations_of(rec, c))
    return None


def _add_deviations(plan: FastPlan, cid: str, verdict: Verdict, mask: int, specs: Any,
                    deviation_specs: Callable[..., list[tuple[Any, ...]]], deviation_type: type[tuple[Any, ...]],
                    append_dev: Callable[[Any], None]) -> None:
    """The row's deviations from its verdict's specs, and a scope deviation for unknown services."""
    if specs.__class__ is dict:  # a recorded standard change whose model fails on the row's own values
        note = plan.failed_note(mask)
        entry = specs
        specs = entry.get(note)
        if specs is None:
            specs = _detail_specs(plan, verdict, mask, note, entry, deviation_specs)
    for spec in specs:
        append_dev(_new_row(deviation_type, (cid, *spec)))
    if verdict.warnings:
        unknown, services = plan.unknown_services(mask)
        append_dev(_new_row(deviation_type, (cid, "scope", services, (), "unknown-service", (unknown,))))


class _VerdictFromClassification(Verdict):
    __slots__ = ()

    def __init__(self, c: Classification) -> None:  # the fields of a Verdict, from a Classification
        self.kind = c.kind
        self.category = c.category
        self.standard_model = c.standard_model
        self.risk = c.risk
        self.risk_at_most = c.risk_at_most
        self.major_impact = c.major_impact
        self.route = c.route
        self.release_required = c.release_required
        self.approvals = tuple(c.approvals)
        self.approvals_at_least = tuple(c.approvals_at_least)
        self.artefacts = tuple(c.artefacts)
        self.outcome = c.outcome
        self.missing_by = c.missing_by
        self.warnings = c.warnings
        self.major_ids = tuple(r.rule.removeprefix("major.") for r in c.rationale if r.effect == "major impact")
        self.not_standard = next(((r.key, r.args) for r in c.rationale if r.effect == "not standard"), ("", ()))
        self.note_varies = self.not_standard[0] == "model-failed"


def _detail_specs(plan: FastPlan, verdict: Verdict, mask: int, note: tuple[Any, ...],
                  entry: dict[Any, Any], deviation_specs: Callable[..., list[tuple[Any, ...]]]) -> Any:
    rc, ra, rr = (plan.value(mask, t) for t in RECORDED)
    specs = deviation_specs(rc, ra, rr, verdict, lambda: verdict.major_ids, lambda: (verdict.not_standard[0], note))
    return plan._remember(entry, note, specs)
