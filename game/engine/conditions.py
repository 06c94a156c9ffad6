"""Testing scenario conditions against a game, and describing them in words for the player."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from game.scenario.model import Condition


@dataclass(frozen=True)
class Facts:
    """What a condition may look at for one state: values, actions taken, ladder rungs, turn."""

    values: Mapping[str, float]
    taken: frozenset[str] | set[str]
    rung: Callable[[str], int]
    turn: int
    building: frozenset[str] = frozenset()  # actions whose projects are under way


def holds(cond: Condition, facts: Facts) -> bool:
    return compiled(cond)(facts)


def all_hold(conds: Sequence[Condition], facts: Facts) -> bool:
    for c in conds:
        if not compiled(c)(facts):
            return False
    return True


_COMPILED: dict[int, tuple[Condition, Callable[[Facts], bool]]] = {}


def compiled(cond: Condition) -> Callable[[Facts], bool]:
    """The condition as one closure testing only what it names, built the first time it is
    tested (a scenario's conditions live as long as it does; each is compiled once)."""
    hit = _COMPILED.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit[1]
    tests: list[Callable[[Facts], bool]] = []
    if cond.indicator is not None:
        name = cond.indicator
        for bound, op in ((cond.above, "gt"), (cond.below, "lt"), (cond.at_least, "ge"), (cond.at_most, "le")):
            if bound is None:
                continue
            if op == "gt":
                tests.append(lambda f, b=bound: f.values.get(name, 0.0) > b)
            elif op == "lt":
                tests.append(lambda f, b=bound: f.values.get(name, 0.0) < b)
            elif op == "ge":
                tests.append(lambda f, b=bound: f.values.get(name, 0.0) >= b)
            else:
                tests.append(lambda f, b=bound: f.values.get(name, 0.0) <= b)
    if cond.taken is not None:
        tests.append(lambda f, a=cond.taken: a in f.taken)
    if cond.not_taken is not None:
        tests.append(lambda f, a=cond.not_taken: a not in f.taken)
    if cond.building is not None:
        tests.append(lambda f, a=cond.building: a in f.building)
    if cond.power is not None:
        power = cond.power
        if cond.rung_at_least is not None:
            tests.append(lambda f, n=cond.rung_at_least: f.rung(power) >= n)
        if cond.rung_below is not None:
            tests.append(lambda f, n=cond.rung_below: f.rung(power) < n)
    if cond.turn_from is not None:
        tests.append(lambda f, n=cond.turn_from: f.turn >= n)
    if cond.turn_to is not None:
        tests.append(lambda f, n=cond.turn_to: f.turn <= n)
    if cond.any is not None:
        parts = [compiled(c) for c in cond.any]
        tests.append(lambda f: any(p(f) for p in parts))
    if not tests:
        fn: Callable[[Facts], bool] = lambda f: True  # noqa: E731
    elif len(tests) == 1:
        fn = tests[0]
    else:
        def fn(f: Facts, tests=tuple(tests)) -> bool:
            for test in tests:
                if not test(f):
                    return False
            return True
    if len(_COMPILED) > 50_000:   # conditions made on the fly (tests): keep the table bounded
        _COMPILED.clear()
    _COMPILED[id(cond)] = (cond, fn)
    return fn


def flatten(conds: Sequence[Condition]) -> list[Condition]:
    """The conditions with every condition inside their `any`, depth first."""
    out: list[Condition] = []
    for c in conds:
        out.append(c)
        out.extend(flatten(c.any or []))
    return out


def nearness(cond: Condition, values: Mapping[str, float], indicators: Mapping) -> float:
    """How near a condition is to holding on its indicator tests: 1 when they hold, falling to 0
    at 15% of the indicator's range away. `any` takes its nearest item; other tests are ignored."""
    near = 1.0
    if cond.indicator is not None:
        ind = indicators[cond.indicator]
        v = values.get(cond.indicator, 0.0)
        span = 0.15 * (ind.max - ind.min)
        hi = cond.at_least if cond.at_least is not None else cond.above
        lo = cond.at_most if cond.at_most is not None else cond.below
        if hi is not None:
            near = min(near, max(0.0, 1 - max(0.0, hi - v) / span))
        if lo is not None:
            near = min(near, max(0.0, 1 - max(0.0, v - lo) / span))
    if cond.any:
        near = min(near, max(nearness(c, values, indicators) for c in cond.any))
    return near


def describe(cond: Condition, names: Mapping[str, str]) -> str:
    """A condition in words, e.g. 'Stability below 30'."""
    parts: list[str] = []
    if cond.indicator is not None:
        n = names.get(cond.indicator, cond.indicator)
        for key, word in (("above", "above"), ("below", "below"), ("at_least", "at least"),
                          ("at_most", "at most")):
            v = getattr(cond, key)
            if v is not None:
                parts.append(f"{n} {word} {v:g}")
    if cond.taken:
        parts.append(f"after '{names.get(cond.taken, cond.taken)}'")
    if cond.not_taken:
        parts.append(f"unless '{names.get(cond.not_taken, cond.not_taken)}' was taken")
    if cond.building:
        parts.append(f"while '{names.get(cond.building, cond.building)}' is being built")
    if cond.power:
        pn = names.get(cond.power, cond.power)
        if cond.rung_at_least is not None:
            parts.append(f"{pn} pressure at rung {cond.rung_at_least} or higher")
        if cond.rung_below is not None:
            parts.append(f"{pn} pressure below rung {cond.rung_below}")
    if cond.turn_from:
        parts.append(f"from turn {cond.turn_from}")
    if cond.turn_to:
        parts.append(f"until turn {cond.turn_to}")
    if cond.any:
        parts.append("(" + " or ".join(describe(c, names) for c in cond.any) + ")")
    return " and ".join(parts)
