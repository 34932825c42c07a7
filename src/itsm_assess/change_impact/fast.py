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
    MODEL_FAILED_NOTE,
    Classification,
    _derive_criticality,
    _failed_parts,
    classify,
)
from itsm_assess.change_impact.conditions import Compiled, Condition, Leaf, compile_condition
from itsm_assess.change_impact.policy import (
    CRITICALITY_ATTRIBUTE,
    ROUTE_CLAUSES,
    SERVICES_ATTRIBUTE,
    Policy,
)

MAX_TEXTS_PER_COLUMN = 50_000
MAX_MEMO = 200_000
_NA = ("-",)  # a stage that does not apply (no such model, no emergency criteria)


class Verdict:
    """What :func:`classify` decides for a change, without its identity and rationale.

    Shared by every change classified alike; treat it (and ``missing_by``) as read-only.
    """

    __slots__ = ("kind", "category", "standard_model", "impact", "route", "release_required", "approvals",
                 "artefacts", "project_expected", "outcome", "missing_by", "not_standard_note", "note_varies")

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
        note = next((r.note for r in c.rationale if r.effect == "not standard"), "")
        self.not_standard_note = note
        # The one note that names the change's own values (the failed parts of a standard model).
        self.note_varies = note.startswith(MODEL_FAILED_NOTE)

    @property
    def missing(self) -> list[str]:
        return sorted(self.missing_by)

    @property
    def clause(self) -> str:
        return ROUTE_CLAUSES[self.route]

    @property
    def complete(self) -> bool:
        return not self.missing_by


class ClassifiedRow:
    """One classified row of an export: row number, change id, its :class:`Verdict`.

    ``record`` (the converted attributes) and :meth:`classification` (the full result with
    rationale, the same as ``classify(record)``) are computed when asked for.
    """

    __slots__ = ("row", "change_id", "verdict", "_vals", "_raw", "_plan")

    def __init__(self, row: int, change_id: str, verdict: Verdict, vals: tuple[Any, ...], raw: list[str],
                 plan: FastPlan) -> None:
        self.row = row
        self.change_id = change_id
        self.verdict = verdict
        self._vals = vals
        self._raw = raw
        self._plan = plan

    @property
    def record(self) -> dict[str, Any]:
        return self._plan.record(self.row, self._raw, self._vals)

    def classification(self) -> Classification:
        return classify(self.record, self._plan.policy, validate=False)


class _Stage:
    __slots__ = ("levels", "cls", "major_ids")

    def __init__(self, levels: tuple[tuple[tuple[str, ...], Any], ...]) -> None:
        self.levels = levels
        self.cls = tuple(lv[1] for lv in levels)
        self.major_ids = levels[0][0] if levels else ()


def _leaves(cond: Condition, out: dict[Leaf, None]) -> None:
    if isinstance(cond, Leaf):
        out[cond] = None
    else:
        for p in cond.parts:
            _leaves(p, out)


class FastPlan:
    """The columns of one export under one policy, with the caches that make rows cheap."""

    def __init__(self, policy: Policy, columns: list[tuple[str, int, Callable[[str], Any]]],
                 id_col: int | None, title_col: int | None) -> None:
        self.policy = policy
        self.columns = columns  # (target, column index, converter) for every cached column
        self.targets = tuple(t for t, _, _ in columns)
        self.id_col = id_col
        self.title_col = title_col
        self.position = {t: i for i, t in enumerate(self.targets)}

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
        self.impact_bits = reduce(or_, self.level_bits, 0)
        self.emergency_bits = stage_bits([policy.conditions["emergency"]] if "emergency" in policy.conditions else [])
        self.release_bits = stage_bits([policy.conditions["release"]] if "release" in policy.conditions else [])
        self.model_bits = {mid: stage_bits([cond]) for mid, (_, cond) in policy.standard_models.items()}
        self.model_fields = {
            mid: tuple(dict.fromkeys(p.field for p, _ in parts if isinstance(p, Leaf)))
            for mid, parts in policy.model_parts.items()
        }

        self.texts: list[dict[str, Any]] = [{} for _ in columns]  # cell text -> value
        self.text_bits: list[dict[str, int]] = [{} for _ in columns]  # cell text -> leaf bits
        self.pair_bits: dict[tuple[str, str], int] = {}
        self.impact_memo: dict[int, _Stage] = {}
        self.level_memo: list[dict[int, tuple[tuple[str, ...], Any]]] = [{} for _ in policy.levels_desc]
        self.emergency_memo: dict[int, Any] = {}
        self.release_memo: dict[int, Any] = {}
        self.model_memo: dict[tuple[Any, int], Any] = {}
        self.verdicts: dict[tuple[Any, ...], Verdict] = {}
        self.deviation_specs: dict[tuple[Any, ...], list[tuple[str, str, str, str]]] = {}
        self.failed_notes: dict[tuple[Any, ...], str] = {}
        self.note_cells: dict[str, Callable[[Any], tuple[Any, ...]]] = {}

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
        return _derive_criticality({SERVICES_ATTRIBUTE: services}, self.policy)[0].get(CRITICALITY_ATTRIBUTE)

    def column_bits(self, target: str, value: Any) -> int:
        if target == CRITICALITY_ATTRIBUTE and self.pair:
            return 0  # from the (services, criticality) pair instead
        out = self.bits(target, value)
        if target == SERVICES_ATTRIBUTE and self.derive_from_services:
            out |= self.bits(CRITICALITY_ATTRIBUTE, self._derived(value))
        return out

    def criticality_bits(self, services: Any, criticality: Any) -> int:
        return self.bits(CRITICALITY_ATTRIBUTE, criticality if criticality is not None else self._derived(services))

    # --- records -------------------------------------------------------------------
    def record(self, n: int, raw: list[str], vals: tuple[Any, ...]) -> dict[str, Any]:
        rec = {t: v for t, v in zip(self.targets, vals) if v is not None}
        ident = raw[self.id_col].strip() if self.id_col is not None else ""
        rec["id"] = ident or f"row {n}"
        if self.title_col is not None:
            title = raw[self.title_col].strip()
            if title:
                rec["title"] = title
        return rec

    def convert(self, raw: list[str]) -> tuple[tuple[Any, ...], int, list[tuple[int, str, str]]]:
        """Values and bits of a row without relying on the caches (filling them while there is room)."""
        vals: list[Any] = []
        mask = self.base
        problems: list[tuple[int, str, str]] = []
        for (target, col, conv), texts, tbits in zip(self.columns, self.texts, self.text_bits):
            text = raw[col]
            try:
                v = conv(text)
            except ValueError as exc:
                problems.append((col, target, str(exc)))
                vals.append(None)
                continue
            b = self.column_bits(target, v)
            if len(texts) < MAX_TEXTS_PER_COLUMN:
                texts[text] = v
                tbits[text] = b
            vals.append(v)
            mask |= b
        if self.pair and not problems:
            s, c = self.position[SERVICES_ATTRIBUTE], self.position[CRITICALITY_ATTRIBUTE]
            b = self.criticality_bits(vals[s], vals[c])
            if len(self.pair_bits) < MAX_MEMO:
                self.pair_bits[(raw[self.columns[s][1]], raw[self.columns[c][1]])] = b
            mask |= b
        return tuple(vals), mask, problems

    # --- stages --------------------------------------------------------------------
    def stages(self, n: int, raw: list[str], vals: tuple[Any, ...], mask: int) -> tuple[_Stage, Any, Any, Any]:
        """Impact, emergency, model and release results for a row, evaluated where not yet memoised."""
        pol = self.policy
        rec: dict[str, Any] | None = None

        def record() -> dict[str, Any]:
            nonlocal rec
            if rec is None:
                rec = dict(_derive_criticality(self.record(n, raw, vals), pol)[0])
            return rec

        def remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
            if len(memo) < MAX_MEMO:
                memo[key] = value
            return value

        def three(test: Compiled | None) -> Any:
            if test is None:
                return _NA
            miss: list[str] = []
            r = test(record(), [], miss)
            return (r, tuple(miss))

        key = mask & self.impact_bits
        imp = self.impact_memo.get(key)
        if imp is None:
            levels = []
            for (_, criteria), lbits, lmemo in zip(pol.levels_desc, self.level_bits, self.level_memo):
                lkey = mask & lbits
                level = lmemo.get(lkey)
                if level is None:
                    level = remember(lmemo, lkey, self._level(record(), criteria))
                levels.append(level)
                if level[0]:
                    break
            imp = remember(self.impact_memo, key, _Stage(tuple(levels)))
        key = mask & self.emergency_bits
        em = self.emergency_memo.get(key)
        if em is None:
            em = remember(self.emergency_memo, key, three(pol.emergency))
        key = mask & self.release_bits
        rel = self.release_memo.get(key)
        if rel is None:
            rel = remember(self.release_memo, key, three(pol.release))
        model = self.value(vals, "standard_model")
        mkey = (model, mask & self.model_bits.get(model, 0))
        mm = self.model_memo.get(mkey)
        if mm is None:
            found = pol.standard_models.get(model) if model is not None else None
            mm = remember(self.model_memo, mkey, three(found[0] if found else None))
        return imp, em, mm, rel

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

    def value(self, vals: tuple[Any, ...], target: str) -> Any:
        i = self.position.get(target)
        return None if i is None else vals[i]

    def verdict(self, n: int, raw: list[str], vals: tuple[Any, ...], key: tuple[Any, ...]) -> Verdict:
        rec = self.record(n, raw, vals)
        v = Verdict(classify(rec, self.policy, validate=False))
        if len(self.verdicts) < MAX_MEMO:
            self.verdicts[key] = v
        return v

    def failed_note(self, n: int, raw: list[str], vals: tuple[Any, ...], model: str) -> str:
        """Why the row's standard model does not apply, naming the row's values (cached on those cells)."""
        getter = self.note_cells.get(model)
        if getter is None:
            fields = set(self.model_fields.get(model, ()))
            if CRITICALITY_ATTRIBUTE in fields:
                fields.add(SERVICES_ATTRIBUTE)  # the criticality may be derived from the services
            getter = self.note_cells[model] = _getter(
                [col for t, col, _ in self.columns if t in fields])
        key = (model, getter(raw))
        note = self.failed_notes.get(key)
        if note is None:
            rec = dict(_derive_criticality(self.record(n, raw, vals), self.policy)[0])
            note = MODEL_FAILED_NOTE + _failed_parts(rec, self.policy, model)
            if len(self.failed_notes) < MAX_MEMO:
                self.failed_notes[key] = note
        return note


def _getter(indexes: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """``itemgetter`` that always returns a tuple."""
    if len(indexes) > 1:
        return itemgetter(*indexes)  # type: ignore[return-value]
    if len(indexes) == 1:
        i = indexes[0]
        return lambda seq: (seq[i],)
    return lambda seq: ()


def run(
    plan: FastPlan,
    body: Iterator[list[str]],
    width: int,
    reject: Callable[[int, list[tuple[int, str, str]]], None],
    deviation_specs: Callable[..., list[tuple[str, str, str, str]]],
    make_deviation: Callable[..., Any],
    rows: list[ClassifiedRow],
    deviations: list[Any],
    max_rows: int,
    too_many: Callable[[], None],
    progress: Callable[[int], None] | None,
) -> None:
    """Classify every row of ``body`` into ``rows`` and ``deviations``; bad rows go to ``reject``."""
    getter = _getter([col for _, col, _ in plan.columns])
    texts, tbits = plan.texts, plan.text_bits
    base, pair = plan.base, plan.pair
    pair_bits = plan.pair_bits
    if pair:
        sc = plan.columns[plan.position[SERVICES_ATTRIBUTE]][1]
        cc = plan.columns[plan.position[CRITICALITY_ATTRIBUTE]][1]
    ibits, ebits, rbits, mbits = plan.impact_bits, plan.emergency_bits, plan.release_bits, plan.model_bits
    imemo, ememo, rmemo, mmemo = plan.impact_memo, plan.emergency_memo, plan.release_memo, plan.model_memo
    verdicts, dmemo = plan.verdicts, plan.deviation_specs
    km_get = _getter([plan.position.get(t, -1) for t in ("kind", "standard_model")])
    if "kind" not in plan.position or "standard_model" not in plan.position:
        km_get = lambda vals: (plan.value(vals, "kind"), plan.value(vals, "standard_model"))  # noqa: E731
    recorded = [t for t in ("recorded_category", "recorded_approvals", "recorded_route") if t in plan.position]
    rec_get = lambda vals: tuple(plan.value(vals, t) for t in  # noqa: E731
                                 ("recorded_category", "recorded_approvals", "recorded_route"))
    if len(recorded) == 3:
        rec_get = _getter([plan.position[t] for t in recorded])
    id_col = plan.id_col
    mbits_get = mbits.get
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
        cells = getter(raw)
        try:
            vals = tuple(map(getitem, texts, cells))
            mask = reduce(or_, map(getitem, tbits, cells), base)
            if pair:
                mask |= pair_bits[(raw[sc], raw[cc])]
        except KeyError:
            vals, mask, problems = plan.convert(raw)
            if problems:
                reject(n, problems)
                if progress is not None:
                    step += 1
                continue
        cid = (raw[id_col].strip() if id_col is not None else "") or f"row {n}"
        km = km_get(vals)
        imp = imemo.get(mask & ibits)
        em = ememo.get(mask & ebits)
        rel = rmemo.get(mask & rbits)
        mm = mmemo.get((km[1], mask & mbits_get(km[1], 0)))
        if imp is None or em is None or rel is None or mm is None:
            imp, em, mm, rel = plan.stages(n, raw, vals, mask)
        key = (imp.cls, em, km, mm, rel)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = plan.verdict(n, raw, vals, key)
        append_row(ClassifiedRow(n, cid, verdict, vals, raw, plan))
        if recorded:
            rc, ra, rr = rec_get(vals)
            detail = None
            if rc == "standard" and verdict.category != "standard":
                note = plan.failed_note(n, raw, vals, km[1]) if verdict.note_varies else None
                detail = (imp.major_ids, note)
            dkey = (verdict, rc, ra, rr, detail)
            specs = dmemo.get(dkey)
            if specs is None:
                major = list(detail[0]) if detail else []
                why = detail[1] if detail and detail[1] is not None else verdict.not_standard_note
                specs = deviation_specs(rc, ra, rr, verdict, lambda: major, lambda: why)
                if len(dmemo) < MAX_MEMO:
                    dmemo[dkey] = specs
            for spec in specs:
                append_dev(make_deviation(cid, *spec))
        if progress is not None:
            step += 1
            if step == 500:
                progress(step)
                step = 0
    if progress is not None and step:
        progress(step)
