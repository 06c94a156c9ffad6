"""Loading a scenario: read safe YAML, build the typed model, check every reference, in one pass.

`load_scenario(path)` returns a `LoadedScenario` or raises `ScenarioInvalid` carrying every
diagnostic. `check_scenario(path)` returns the diagnostics without raising (for `validate`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from .diagnostics import Diagnostic, ScenarioInvalid, did_you_mean
from .formula import Formula, FormulaError, parse_formula
from .source import SourceMap, read_yaml

FORMAT = 1
SCHEMA_FILE = "scenario.schema.json"


@dataclass
class LoadedScenario:
    """A valid scenario, with its formulas parsed and its content hash for saves."""

    model: m.Scenario
    path: Path
    digest: str
    formulas: dict[str, Formula] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"LoadedScenario({self.model.meta.id!r}, {str(self.path)!r})"

    def formula(self, text: str) -> Formula:
        return self.formulas[text]


def check_scenario(path: Path, display: str | None = None) -> tuple[LoadedScenario | None, list[Diagnostic]]:
    """Load and validate; return the scenario (None if any error) and all diagnostics.

    Raises OSError if the file cannot be read.
    """
    data, smap, problems = read_yaml(path, display)
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        problems.append(smap.diag((), "a scenario file must be a mapping of keys (format, meta, …)",
                                  "start from a shipped scenario under scenarios/"))
        return None, problems
    if data.get("format") not in (None, FORMAT):
        problems.append(smap.diag(("format",), f"unknown format {data.get('format')!r}",
                                  f"this version of the game reads format {FORMAT}"))
        return None, problems
    try:
        scenario = m.Scenario.model_validate(data)
    except ValidationError as exc:
        problems.extend(_pydantic_diagnostics(exc, smap, data))
        # Check references on whatever parsed, so authors see everything in one pass.
        problems.extend(_references_partial(data, smap))
        return None, _dedupe(problems)
    formulas: dict[str, Formula] = {}
    problems.extend(_check(scenario, smap, formulas))
    if _has_shebang_schema(path) is False:
        problems.append(Diagnostic(smap.path, 1, 1, "warning",
                                   "no `# yaml-language-server: $schema=` line",
                                   f"add `# yaml-language-server: $schema={SCHEMA_FILE}` as the first "
                                   "line for editor completion"))
    problems = _dedupe(problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    loaded = LoadedScenario(scenario, path, digest, formulas,
                            [p for p in problems if p.severity == "warning"])
    return loaded, problems


def load_scenario(path: Path | str) -> LoadedScenario:
    """Load a valid scenario or raise `ScenarioInvalid` with every problem found."""
    loaded, problems = check_scenario(Path(path))
    if loaded is None:
        raise ScenarioInvalid(problems)
    return loaded


def _has_shebang_schema(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(400).decode("utf-8", "replace")
    return "yaml-language-server: $schema=" in head


def _dedupe(problems: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(problems), key=lambda d: (d.line, d.col, d.message))


# --- pydantic errors into diagnostics -----------------------------------------------------------

def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class expected at a location of the document, following field annotations."""
    import typing

    current: Any = m.Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = current.model_fields.get(part)
        if fld is None:
            return None
        current = _inner(fld.annotation, typing)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner(annotation: Any, typing: Any) -> Any:
    for _ in range(4):
        args = typing.get_args(annotation)
        if not args:
            return annotation
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        annotation = args[0]
    return annotation


_TYPE_WORDS = {
    "float_parsing": "a number", "float_type": "a number", "int_parsing": "a whole number",
    "int_type": "a whole number", "int_from_float": "a whole number", "string_type": "text",
    "bool_parsing": "true or false", "bool_type": "true or false", "list_type": "a list (- item)",
    "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_from_datetime_parsing": "a date YYYY-MM-DD", "date_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD",
}


def _pydantic_diagnostics(exc: ValidationError, smap: SourceMap, data: Any) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    union_seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        # Unions report one error per branch; keep the first branch and strip the branch name.
        clean = tuple(p for p in loc if not (isinstance(p, str) and (p in ("float", "int", "str", "bool")
                                                                      or p.startswith(("dict[", "list[")))))
        if clean != loc:
            if clean in union_seen:
                continue
            union_seen.add(clean)
        loc = clean
        field_name = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            parent = _model_at(loc[:-1])
            allowed = list(parent.model_fields) if parent else []
            hint = did_you_mean(str(field_name), allowed) or (
                "allowed here: " + ", ".join(allowed) if allowed else "remove it")
            out.append(smap.diag(loc, f"unknown key '{field_name}'", hint, key=True))
        elif kind == "missing":
            parent = _model_at(loc[:-1])
            desc = ""
            if parent and field_name in parent.model_fields:
                desc = parent.model_fields[field_name].description or ""
            where = _describe(loc[:-1], data)
            out.append(smap.diag(loc[:-1], f"missing required key '{field_name}'{where}",
                                 f"add `{field_name}:` ({desc.rstrip('.')})" if desc else f"add `{field_name}:`"))
        elif kind in _TYPE_WORDS:
            out.append(smap.diag(loc, f"'{field_name}' must be {_TYPE_WORDS[kind]}, not "
                                 f"{_show(err.get('input'))}", _type_hint(kind)))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            out.append(smap.diag(loc, f"'{field_name}' must be one of {expected}, not "
                                 f"{_show(err.get('input'))}",
                                 did_you_mean(str(err.get("input")), _literal_words(expected))))
        elif kind == "string_pattern_mismatch":
            if str(field_name) == "color":
                out.append(smap.diag(loc, f"colour {_show(err.get('input'))} is not a hex colour",
                                     "write it as \"#rrggbb\" in quotes"))
            else:
                out.append(smap.diag(loc, f"id {_show(err.get('input'))} is not a valid id",
                                     "use lower case letters, digits and _, starting with a letter"))
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            out.append(smap.diag(loc, f"'{field_name}' is {_show(err.get('input'))}: {err['msg'].lower()}",
                                 "see docs/scenario-format.md for the allowed range"))
        elif kind in ("too_short",):
            out.append(smap.diag(loc, f"'{field_name}' must not be empty", "add at least one item"))
        elif kind == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
            out.append(smap.diag(loc, msg, "see docs/scenario-format.md"))
        else:
            out.append(smap.diag(loc, f"'{field_name}': {err['msg']}", "see docs/scenario-format.md"))
    return out


def _literal_words(expected: str) -> list[str]:
    return [w.strip(" '\"") for w in expected.replace(" or ", ",").split(",") if w.strip(" '\"")]


def _type_hint(kind: str) -> str:
    if "date" in kind:
        return "write dates as YYYY-MM-DD, e.g. 2025-11-01"
    if "float" in kind or "int" in kind:
        return "write a plain number without quotes or units"
    if "list" in kind:
        return "start each item on its own line with '- '"
    return "see docs/scenario-format.md"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def _describe(loc: tuple[Any, ...], data: Any) -> str:
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        return f" in '{node['id']}'"
    return ""


# --- semantic checks ----------------------------------------------------------------------------

class _Checker:
    def __init__(self, smap: SourceMap):
        self.smap = smap
        self.problems: list[Diagnostic] = []

    def error(self, loc, message, hint="", key=False):
        self.problems.append(self.smap.diag(loc, message, hint, key=key))

    def warn(self, loc, message, hint=""):
        self.problems.append(self.smap.diag(loc, message, hint, severity="warning"))

    def ref(self, loc, value, known, what):
        if value is not None and value not in known:
            self.error(loc, f"unknown {what} '{value}'",
                       did_you_mean(value, known) or f"declare it under the {what}s first")


def _check(s: m.Scenario, smap: SourceMap, formulas: dict[str, Formula]) -> list[Diagnostic]:
    c = _Checker(smap)
    ind = {i.id: i for i in s.indicators}
    state_ind = {k for k, v in ind.items() if v.scope == "state"}
    world_ind = {k for k, v in ind.items() if v.scope == "world"}
    states = {st.id for st in s.states}
    powers = {p.id for p in s.powers}
    actions = {a.id for a in s.actions}
    sources = {src.id for src in s.meta.sources}
    names = set(ind) | {"turn"}

    # Unique ids within each list.
    for key, items in (("indicators", s.indicators), ("states", s.states), ("powers", s.powers),
                       ("actions", s.actions), ("events", s.events), ("links", s.links)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                c.error((key, i, "id"), f"duplicate id '{item.id}'",
                        f"item {seen[item.id] + 1} of {key} already uses it; rename one")
            seen[item.id] = i
    clash = (set(ind) & (states | powers)) | (states & powers)
    for name in sorted(clash):
        c.error(("indicators",), f"id '{name}' is used for two kinds of thing", "give each its own id")

    if not any(st.playable for st in s.states):
        c.error(("states",), "no state is playable", "set `playable: true` on at least one state")

    def formula(loc, text):
        if text is None:
            return
        try:
            formulas[text] = parse_formula(text, names)
        except FormulaError as exc:
            line, col = smap.where(loc)
            c.problems.append(Diagnostic(smap.path, line, col, "error", str(exc), exc.hint))

    def condition(loc, cond: m.Condition):
        c.ref(loc + ("indicator",), cond.indicator, ind, "indicator")
        c.ref(loc + ("taken",), cond.taken, actions, "action")
        c.ref(loc + ("not_taken",), cond.not_taken, actions, "action")
        c.ref(loc + ("power",), cond.power, powers, "power")
        if cond.indicator in ind:
            i = ind[cond.indicator]
            for key in ("above", "below", "at_least", "at_most"):
                v = getattr(cond, key)
                if v is not None and not (i.min <= v <= i.max):
                    c.warn(loc + (key,), f"{v:g} is outside the range of '{i.id}' "
                           f"({i.min:g} to {i.max:g}), so this test never changes",
                           "pick a value inside the range")
        for j, sub in enumerate(cond.any or []):
            condition(loc + ("any", j), sub)

    def effect(loc, e: m.Effect):
        c.ref(loc + ("target",), e.target, ind, "indicator")
        if e.target in ind and ind[e.target].derived:
            c.error(loc + ("target",), f"'{e.target}' is derived from a formula and cannot be changed "
                    "directly", "change one of the indicators its formula reads")
        formula(loc + ("formula",), e.formula)

    def cost(loc, cst: m.Cost):
        pass

    def source(loc, sid):
        c.ref(loc, sid, sources, "source")

    # Indicators.
    for i, indicator in enumerate(s.indicators):
        loc = ("indicators", i)
        if indicator.min >= indicator.max:
            c.error(loc + ("max",), f"'{indicator.id}': max ({indicator.max:g}) must be greater than min "
                    f"({indicator.min:g})", "swap them or widen the range")
        starts = indicator.start if isinstance(indicator.start, dict) else {None: indicator.start}
        if isinstance(indicator.start, dict):
            if indicator.scope == "world":
                c.error(loc + ("start",), f"world indicator '{indicator.id}' has one start value, "
                        "not one per state", "write a single number")
            for sid in indicator.start:
                c.ref(loc + ("start", sid), sid, states, "state")
            missing = states - set(indicator.start)
            if missing and indicator.scope == "state":
                c.error(loc + ("start",), f"'{indicator.id}' has no start value for "
                        + ", ".join(sorted(missing)), "add one line per state")
        for sid, v in starts.items():
            if indicator.min < indicator.max and not (indicator.min <= v <= indicator.max):
                c.error(loc + (("start", sid) if sid else ("start",)),
                        f"start value {v:g} of '{indicator.id}' is outside its range "
                        f"{indicator.min:g} to {indicator.max:g}", "fix the value or the range")
        formula(loc + ("derived",), indicator.derived)
        source(loc + ("source",), indicator.source)
        if indicator.drift and not (indicator.min <= indicator.drift.toward <= indicator.max):
            c.error(loc + ("drift", "toward"), f"drift target {indicator.drift.toward:g} is outside "
                    f"the range of '{indicator.id}'", "pick a value inside the range")
    c.ref(("money",), s.money, state_ind, "state indicator")

    # Derived indicators must not depend on themselves.
    derived = {i.id: formulas[i.derived].names for i in s.indicators
               if i.derived and i.derived in formulas}
    for i, indicator in enumerate(s.indicators):
        if indicator.id in derived and _reaches(indicator.id, derived):
            c.error(("indicators", i, "derived"), f"derived indicator '{indicator.id}' depends on itself",
                    "break the cycle with a plain indicator")

    # Powers.
    for p, power in enumerate(s.powers):
        loc = ("powers", p)
        c.ref(loc + ("relation",), power.relation, state_ind, "state indicator")
        c.ref(loc + ("dependence",), power.dependence, state_ind, "state indicator")
        for k, w in power.payoff.weights.items():
            c.ref(loc + ("payoff", "weights", k), k, ind, "indicator")
        formula(loc + ("payoff", "formula"), power.payoff.formula)
        rids: set[str] = set()
        for r, resp in enumerate(power.responses):
            rloc = loc + ("responses", r)
            if resp.id in rids:
                c.error(rloc + ("id",), f"duplicate response id '{resp.id}'", "rename one")
            rids.add(resp.id)
            for j, cond in enumerate(resp.when):
                condition(rloc + ("when", j), cond)
            for j, e in enumerate(resp.effects):
                effect(rloc + ("effects", j), e)
            formula(rloc + ("appeal",), resp.appeal)
        lad = power.ladder
        if lad.accident_from is not None and lad.accident_from > len(lad.rungs):
            c.warn(loc + ("ladder", "accident_from"), f"rung {lad.accident_from} does not exist "
                   f"(the ladder has {len(lad.rungs)})", "lower it")
        for r, rung in enumerate(lad.rungs):
            rloc = loc + ("ladder", "rungs", r)
            for j, e in enumerate(rung.effects):
                effect(rloc + ("effects", j), e)
            for opt in ("concede", "compensate", "stand_firm"):
                o = getattr(rung, opt)
                for j, e in enumerate(o.effects):
                    effect(rloc + (opt, "effects", j), e)
            for j, e in enumerate(rung.stand_firm.backdown_effects):
                effect(rloc + ("stand_firm", "backdown_effects", j), e)

    # Actions.
    for a, action in enumerate(s.actions):
        loc = ("actions", a)
        for j, sid in enumerate(action.who or []):
            c.ref(loc + ("who", j), sid, states, "state")
        c.ref(loc + ("with_power",), action.with_power, powers, "power")
        for j, cond in enumerate(action.visible_when):
            condition(loc + ("visible_when", j), cond)
        for j, cond in enumerate(action.available_when):
            condition(loc + ("available_when", j), cond)
        for j, e in enumerate(action.effects):
            effect(loc + ("effects", j), e)
        for j, x in enumerate(action.excludes):
            c.ref(loc + ("excludes", j), x, actions, "action")
            if x == action.id:
                c.error(loc + ("excludes", j), f"'{action.id}' excludes itself", "use `once: true` instead")
        source(loc + ("source",), action.source)
        if not action.effects:
            c.warn(loc, f"action '{action.id}' has no effects", "add effects or remove it")

    # Events.
    last_turn_end = _add_months(s.meta.start, s.meta.turn_months * s.meta.turns)
    for e_i, event in enumerate(s.events):
        loc = ("events", e_i)
        for j, cond in enumerate(event.when):
            condition(loc + ("when", j), cond)
        for j, cond in enumerate(event.rearm_when):
            condition(loc + ("rearm_when", j), cond)
        for j, e in enumerate(event.effects):
            effect(loc + ("effects", j), e)
        cids: set[str] = set()
        for j, ch in enumerate(event.choices):
            if ch.id in cids:
                c.error(loc + ("choices", j, "id"), f"duplicate choice id '{ch.id}'", "rename one")
            cids.add(ch.id)
            for k, e in enumerate(ch.effects):
                effect(loc + ("choices", j, "effects", k), e)
        source(loc + ("source",), event.source)
        if event.date and not (s.meta.start <= event.date < last_turn_end):
            c.warn(loc + ("date",), f"{event.date} falls outside the game "
                   f"({s.meta.start} to {last_turn_end}), so the event never fires",
                   "move the date or the game's length")
        if event.kind != "triggered" and event.rearm_when:
            c.warn(loc + ("rearm_when",), "`rearm_when` only applies to triggered events", "remove it")
        if event.scope == "world" and event.choices:
            pass  # each state answers for itself

    # Links.
    for k, link in enumerate(s.links):
        loc = ("links", k)
        c.ref(loc + ("target",), link.target, ind, "indicator")
        formula(loc + ("formula",), link.formula)
        for j, cond in enumerate(link.when):
            condition(loc + ("when", j), cond)

    # Market.
    mk = s.market
    c.ref(("market", "price"), mk.price, world_ind, "world indicator")
    c.ref(("market", "controls"), mk.controls, world_ind, "world indicator")
    c.ref(("market", "china_share"), mk.china_share, world_ind, "world indicator")
    c.ref(("market", "revenue_to"), mk.revenue_to, state_ind, "state indicator")
    c.ref(("market", "value_added"), mk.value_added, state_ind, "state indicator")
    source(("market", "source"), mk.source)
    for j, stage in enumerate(mk.stages):
        c.ref(("market", "stages", j, "capacity"), stage.capacity, state_ind, "state indicator")

    # Scoring.
    for j, axis in enumerate(s.scoring.axes):
        formula(("scoring", "axes", j, "formula"), axis.formula)
    thresholds = [v.at_least for v in s.scoring.verdicts]
    if thresholds != sorted(thresholds, reverse=True):
        c.error(("scoring", "verdicts"), "verdicts must be listed from the highest `at_least` down",
                "reorder them")
    for j, ending in enumerate(s.scoring.endings):
        for k, cond in enumerate(ending.when):
            condition(("scoring", "endings", j, "when", k), cond)
    return c.problems


def _reaches(start: str, graph: dict[str, frozenset[str]]) -> bool:
    seen: set[str] = set()
    stack = list(graph.get(start, ()))
    while stack:
        n = stack.pop()
        if n == start:
            return True
        if n in seen:
            continue
        seen.add(n)
        stack.extend(graph.get(n, ()))
    return False


def _add_months(d, months: int):
    import datetime as dt

    y, mo = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, mo + 1, 1)


def _references_partial(data: Any, smap: SourceMap) -> list[Diagnostic]:
    """Reference checks on raw data when the model did not parse, so typos surface together."""
    out: list[Diagnostic] = []
    if not isinstance(data, dict):
        return out
    inds = data.get("indicators")
    known = {i.get("id") for i in inds if isinstance(i, dict)} if isinstance(inds, list) else set()
    known.discard(None)
    if not known:
        return out

    def visit(node, loc):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("target", "indicator") and isinstance(value, str) and value not in known:
                    out.append(smap.diag(loc + (key,), f"unknown indicator '{value}'",
                                         did_you_mean(value, known) or "declare it under indicators"))
                else:
                    visit(value, loc + (key,))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, loc + (i,))

    for section in ("actions", "events", "powers", "links"):
        visit(data.get(section), (section,))
    return out
