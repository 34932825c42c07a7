"""Batch classification at export scale: the decisions of :func:`classify`, memoised.

A change's category, impact, route, release, approvals, artefacts and missing attributes depend
only on the truth of each condition leaf (true, false, or unknown when the attribute is absent)
plus its kind and standard model. Exports repeat the same few texts per column, so:

* every distinct cell text of a column is converted once, and turned once into the *leaf bits* of
  that column: two bits per policy leaf on the attribute (true, unknown). A number is therefore
  keyed on which side of each threshold of the policy it lies, not on its value;
* a row's bits are OR-ed together in C (``map`` over per-column dicts), and each decision stage
  (the impact levels, emergency, the named standard model, release) is looked up by the row's
  bits restricted to that stage's leaves. A stage seen for the first time is evaluated with the
  policy's own compiled conditions on the row's record;
* the combination of stage results, kind and model is looked up in turn; the first time, the
  row's record is classified by :func:`classify` itself, so the decisions are those of
  ``classify`` by construction (and ``tests/test_change_impact.py`` checks it on random records);
* the rationale (the facts with each change's own values) is not built per row:
  :meth:`ClassifiedRow.classification` classifies the row's record in full when it is asked for
  (the workbook's *Rationale* column, JSON).

Every cache is bounded; past the bound, rows are still classified, only without storing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import reduce
from operator import getitem, itemgetter, or_
from typing import Any

from itsm_assess.change_impact.classify import (
    Classification,
    Decided,
    _derive_criticality,
    classify,
    failed_conditions,
    not_standard_reason,
)
from itsm_assess.change_impact.conditions import Compiled, Condition, Leaf, compile_condition
from itsm_assess.change_impact.policy import (
    CRITICALITY_ATTRIBUTE,
    SERVICES_ATTRIBUTE,
    Policy,
    PolicyMemo,
)

MAX_TEXTS_PER_COLUMN = 50_000
MAX_MEMO = 200_000
_NA = ("-",)  # a stage that does not apply (no such model, no emergency criteria)


class Verdict(Decided):
    """What :func:`classify` decides for a change, without its identity and rationale.

    Shared by every change classified alike; treat it (and ``missing_by``) as read-only.
    ``missing``, ``clause`` and ``complete`` are those of :class:`Classification`.
    """

    __slots__ = ("kind", "category", "standard_model", "impact", "route", "release_required", "approvals",
                 "artefacts", "project_expected", "outcome", "missing_by", "not_standard", "note_varies")

    def __init__(self, c: Classification) -> None:
        self.kind = c.kind
        self.category = c.category
        self.standard_model = c.standard_model
        self.impact = c.impact
        self.route = c.route
        self.release_required = c.release_required
        self.approvals = tuple(c.approvals)
        self.artefacts = tuple(c.artefacts)
        self.project_expected = c.project_expected
        self.outcome = c.outcome
        self.missing_by = {k: list(v) for k, v in c.missing_by.items()}
        #: Why the named standard model does not apply: the note key and arguments of that reason.
        self.not_standard = not_standard_reason(c.rationale)
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


class _Impact:
    """The impact levels evaluated for a change (highest first, up to the first that matched)."""

    __slots__ = ("cls", "major_ids", "matched", "levels")

    def __init__(self, levels: tuple[tuple[tuple[str, ...], Any], ...], ident: int) -> None:
        self.levels = levels
        self.cls = ident  # what classify's decisions depend on, as a small int
        self.major_ids = levels[0][0]  # the major-impact criteria met (the highest level comes first)
        self.matched = bool(levels[-1][1][0])


def _leaves(cond: Condition, out: dict[Leaf, None]) -> None:
    if isinstance(cond, Leaf):
        out[cond] = None
    else:
        for p in cond.parts:
            _leaves(p, out)


def _getter(indexes: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """``itemgetter`` that always returns a tuple; ``-1`` stands for a column the export lacks (None)."""
    if indexes and all(i >= 0 for i in indexes):
        if len(indexes) > 1:
            return itemgetter(*indexes)
        i = indexes[0]
        return lambda seq: (seq[i],)
    return lambda seq: tuple(None if i < 0 else seq[i] for i in indexes)


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

        self.level_bits = [stage_bits(crit.condition for crit in crits) for _, crits in policy.levels_desc]
        self.lower_bits = reduce(or_, self.level_bits[1:], 0)
        self.emergency_bits = stage_bits([policy.conditions["emergency"]] if "emergency" in policy.conditions else [])
        self.release_bits = stage_bits([policy.conditions["release"]] if "release" in policy.conditions else [])
        self.model_bits = {mid: stage_bits([cond]) for mid, (_, cond) in policy.standard_models.items()}
        # Emergency, release and the standard models are looked up together, with the model named.
        self.other_bits = reduce(or_, self.model_bits.values(), self.emergency_bits | self.release_bits)
        self.model_fields = {
            mid: tuple(dict.fromkeys(p.field for p, _ in parts if isinstance(p, Leaf)))
            for mid, parts in policy.model_parts.items()
        }

        # Each column's distinct cell texts are numbered (1, 2, ...); a row's codes sit above the leaf
        # bits of its mask, so that one integer holds the whole row (the record is rebuilt from it).
        # Narrow fields for choices and booleans (a few spellings each), wide ones for the rest; a
        # column with more distinct texts than its field holds sends its further rows down the
        # uncached path (same result, slower).
        self.widths = [NARROW_CODE if t in policy.attributes and policy.attributes[t].type in ("choice", "boolean")
                       else CODE_WIDTH for t in self.targets]
        self.offsets = []
        off = 2 * len(self.leaf_index)
        for w in self.widths:
            self.offsets.append(off)
            off += w
        field_of = {t: ((1 << w) - 1) << off for t, w, off in zip(self.targets, self.widths, self.offsets, strict=True)}
        self.kind_model_bits = field_of.get("kind", 0) | field_of.get("standard_model", 0)
        self.texts_bits = self.kind_model_bits | reduce(or_, (field_of.get(t, 0) for t in RECORDED), 0)
        self.model_code_bits = field_of.get("standard_model", 0)
        self.field_of = field_of
        self.values: list[list[Any]] = [[None] for _ in columns]  # code -> value
        self.text_bits: list[dict[str, int]] = [{} for _ in columns]  # cell text -> leaf bits | code
        self.pair_bits: dict[tuple[str, str], int] = {}
        self.ids: dict[Any, int] = {}  # stage results as small ints, so that keys hash quickly
        self.top_memo: dict[int, _Impact] = {}
        self.lower_memo: dict[tuple[_Impact, int], _Impact] = {}
        self.level_memo: list[dict[int, tuple[tuple[str, ...], Any]]] = [{} for _ in policy.levels_desc]
        self.emergency_memo: dict[int, int] = {}
        self.release_memo: dict[int, int] = {}
        self.model_memo: dict[tuple[Any, int], int] = {}
        self.model_text_bits: dict[Any, int] = {}
        self.rest_memo: dict[int, int] = {}
        self.verdicts: dict[tuple[Any, ...], Verdict] = {}
        self.decided: dict[tuple[Any, ...], tuple[Verdict, Any]] = {}
        self.failed_notes: dict[int, tuple[Any, ...]] = {}
        self.note_bits: dict[str, int] = {}

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
        return _derive_criticality({SERVICES_ATTRIBUTE: services}, self.policy, self.memo)[0].get(CRITICALITY_ATTRIBUTE)

    def column_bits(self, target: str, value: Any) -> int:
        if target == CRITICALITY_ATTRIBUTE and self.pair:
            return 0  # from the (services, criticality) pair instead
        out = self.bits(target, value)
        if target == SERVICES_ATTRIBUTE and self.derive_from_services:
            out |= self.bits(CRITICALITY_ATTRIBUTE, self._derived(value))
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
                problems.append((col, target, str(exc)))
                continue
            vals[-1] = v
            if v is not None:
                rec[target] = v
            code = tbits.get(text)
            if code is None and len(values) < min(MAX_TEXTS_PER_COLUMN + 1, 1 << width):
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
        return self.ids.setdefault(value, len(self.ids))

    @staticmethod
    def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
        if len(memo) < MAX_MEMO:
            memo[key] = value
        return value

    def stages(self, mask: int) -> tuple[_Impact, int]:
        """Impact, and emergency, model and release results for a row, evaluated where not yet memoised.

        A stage is evaluated with the policy's compiled conditions on the row's record, just as
        :func:`classify` does; what is kept is what classify's decisions depend on.
        """
        pol = self.policy
        remember = self._remember
        rec: dict[str, Any] | None = None

        def record() -> dict[str, Any]:
            nonlocal rec
            if rec is None:
                rec = dict(_derive_criticality(self.record(mask), pol, self.memo)[0])
            return rec

        def three(test: Compiled | None) -> int:
            if test is None:
                return self._id(_NA)
            miss: list[str] = []
            r = test(record(), [], miss)
            return self._id((r, tuple(miss)))

        def level(i: int) -> tuple[tuple[str, ...], Any]:
            lkey = mask & self.level_bits[i]
            found = self.level_memo[i].get(lkey)
            if found is None:
                found = remember(self.level_memo[i], lkey, self._level(record(), pol.levels_desc[i][1]))
            return found

        # The highest level alone first: when it matches, the lower levels are not looked at.
        key = mask & self.level_bits[0]
        imp = self.top_memo.get(key)
        if imp is None:
            first = (level(0),)
            imp = remember(self.top_memo, key, _Impact(first, self._id(tuple(lv[1] for lv in first))))
        if not imp.matched:
            lkey = (imp, mask & self.lower_bits)
            lower = self.lower_memo.get(lkey)
            if lower is None:
                levels = list(imp.levels)
                for i in range(1, len(pol.levels_desc)):
                    levels.append(level(i))
                    if levels[-1][1][0]:
                        break
                lower = remember(self.lower_memo, lkey, _Impact(tuple(levels), self._id(tuple(lv[1] for lv in levels))))
            imp = lower
        key = mask & self.emergency_bits
        em = self.emergency_memo.get(key)
        if em is None:
            em = remember(self.emergency_memo, key, three(pol.emergency))
        key = mask & self.release_bits
        rel = self.release_memo.get(key)
        if rel is None:
            rel = remember(self.release_memo, key, three(pol.release))
        model = self.value(mask, "standard_model")
        mkey = (model, mask & self.model_bits.get(model, 0))
        mm = self.model_memo.get(mkey)
        if mm is None:
            found = pol.standard_models.get(model) if model is not None else None
            mm = remember(self.model_memo, mkey, three(found[0] if found else None))
        rest = remember(self.rest_memo, mask & (self.other_bits | self.model_code_bits), self._id((em, mm, rel)))
        return imp, rest

    @staticmethod
    def _level(rec: dict[str, Any], criteria: list[Any]) -> tuple[tuple[str, ...], Any]:
        """The criteria of one level a change meets, or (none met) what they missed, as classify sees them."""
        matched: list[str] = []
        level_missing: dict[str, list[str]] = {}
        for crit in criteria:
            miss: list[str] = []
            r = crit.test(rec, [], miss)
            if r:
                matched.append(crit.id)
            elif r is None:
                for a in miss:
                    level_missing.setdefault(a, []).append(f"impact.{crit.id}")
        if matched:
            return tuple(matched), (True,)
        return (), (False, tuple((a, tuple(r)) for a, r in level_missing.items()))

    def decide(self, mask: int, key: tuple[int, int, int],
               deviation_specs: Callable[..., list[tuple[Any, ...]]]) -> tuple[Verdict, Any]:
        """The verdict for a row's stage results, kind and model, and its deviations from what was recorded.

        The first change with these stage results, kind and model is classified by :func:`classify`
        itself. The deviations are ``(type, recorded, expected, key, args)`` specs, or, for a change
        recorded as standard that is not one, a dict of them by the row's own reasons.
        """
        imp_cls, rest, _ = key
        vkey = (imp_cls, rest, mask & self.kind_model_bits)
        verdict = self.verdicts.get(vkey)
        if verdict is None:
            verdict = Verdict(classify(self.record(mask), self.policy, validate=False, memo=self.memo))
            self._remember(self.verdicts, vkey, verdict)
        specs: Any = ()
        if any(t in self.position for t in RECORDED):
            rc, ra, rr = (self.value(mask, t) for t in RECORDED)
            if rc == "standard" and verdict.category != "standard":
                specs = {}  # the reason names the row's major criteria or failed model conditions
            else:
                specs = tuple(deviation_specs(rc, ra, rr, verdict, tuple, tuple))  # neither callable asked for
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
            rec = dict(_derive_criticality(self.record(mask), self.policy, self.memo)[0])
            note = (failed_conditions(rec, self.policy, model),)
            self._remember(self.failed_notes, key, note)
        return note


RECORDED = ("recorded_category", "recorded_approvals", "recorded_route")


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
    tbits, lbits = plan.level_bits[0], plan.lower_bits
    obits = plan.other_bits | plan.model_code_bits
    texts_bits = plan.texts_bits
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
            got, problems, rec = plan.convert(raw)
            if problems:
                reject(n, problems)
                continue
            if got is None:  # the caches are full: classify this row on its own
                rec["id"] = cid
                if title_col is not None and raw[title_col].strip():
                    rec["title"] = raw[title_col].strip()
                c = classify(rec, plan.policy, validate=False, memo=plan.memo)
                append_row(_new_row(ClassifiedRow, (n, cid, Verdict(c), rec, None, plan)))
                deviations.extend(deviations_of(rec, c))
                continue
            mask = got
        imp = top_get(mask & tbits)
        if imp is not None and not imp.matched:
            imp = lower_get((imp, mask & lbits))
        rest = rest_get(mask & obits)
        if imp is None or rest is None:
            imp, rest = plan.stages(mask)
        key = (imp.cls, rest, mask & texts_bits)
        decided = decided_get(key)
        if decided is None:
            decided = plan.decide(mask, key, deviation_specs)
        verdict, specs = decided
        append_row(_new_row(ClassifiedRow, (n, cid, verdict, mask, raw[title_col] if title_col is not None else None,
                                            plan)))
        if specs.__class__ is dict:  # a recorded standard change that is not one: its own reasons
            detail = (imp.major_ids, plan.failed_note(mask) if verdict.note_varies else None)
            entry = specs
            specs = entry.get(detail)
            if specs is None:
                specs = _detail_specs(plan, verdict, mask, detail, entry, deviation_specs)
        for spec in specs:
            append_dev(_new_row(deviation_type, (cid, *spec)))
    if progress is not None and step:
        progress(step)


def _detail_specs(plan: FastPlan, verdict: Verdict, mask: int, detail: tuple[Any, ...],
                  entry: dict[Any, Any], deviation_specs: Callable[..., list[tuple[Any, ...]]]) -> Any:
    rc, ra, rr = (plan.value(mask, t) for t in RECORDED)
    major_ids, note = detail
    specs = deviation_specs(rc, ra, rr, verdict, lambda: major_ids,
                            lambda: (verdict.not_standard[0], note) if note is not None else verdict.not_standard)
    return plan._remember(entry, detail, specs)
