"""The mutable numbers of one game and the ledger of every change with its cause.

`World` owns indicator values (per state and world-wide), clamps them to their ranges, keeps
derived indicators current and records each change as a `Change` carrying a `Cause`, so the sum of
a turn's causes always equals the net change the player sees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from game.scenario.load import LoadedScenario
from game.scenario.model import Indicator


@dataclass(frozen=True)
class Cause:
    """Why a number moved: the kind of thing (action, response, event…), its id and words."""

    kind: str
    id: str
    text: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "text": self.text}


@dataclass(frozen=True)
class Change:
    """One recorded change: on turn `turn`, `indicator` of `state` (None = world) moved by `amount`."""

    turn: int
    state: str | None
    indicator: str
    amount: float
    cause: Cause

    def as_dict(self) -> dict:
        return {"turn": self.turn, "state": self.state, "indicator": self.indicator,
                "amount": round(self.amount, 6), "cause": self.cause.as_dict()}


@dataclass
class World:
    """Indicator values and the change ledger."""

    scenario: LoadedScenario
    state_ids: list[str]
    values: dict[str, dict[str, float]] = field(default_factory=dict)
    world: dict[str, float] = field(default_factory=dict)
    ledger: list[Change] = field(default_factory=list)
    turn: int = 1

    def __post_init__(self) -> None:
        s = self.scenario.model
        self.indicators: dict[str, Indicator] = {i.id: i for i in s.indicators}
        self.world_ids = [i.id for i in s.indicators if i.scope == "world"]
        self.state_indicator_ids = [i.id for i in s.indicators if i.scope == "state"]
        self.derived = [i for i in s.indicators if i.derived]
        if not self.values:
            for sid in self.state_ids:
                self.values[sid] = {}
                for ind in s.indicators:
                    if ind.scope == "state":
                        start = ind.start[sid] if isinstance(ind.start, dict) else ind.start
                        self.values[sid][ind.id] = float(start)
            for ind in s.indicators:
                if ind.scope == "world":
                    self.world[ind.id] = float(ind.start)  # type: ignore[arg-type]
            for sid in self.state_ids:
                self.refresh_derived(sid, record=False)

    # --- reading ---------------------------------------------------------------------------------

    def env(self, state: str | None) -> dict[str, float]:
        """All names a formula or condition may read for `state`: world values, its own, `turn`."""
        env = dict(self.world)
        if state is not None:
            env.update(self.values[state])
        else:
            for ind in self.state_indicator_ids:
                env.setdefault(ind, 0.0)
        env["turn"] = float(self.turn)
        return env

    def get(self, state: str | None, indicator: str) -> float:
        if indicator in self.world:
            return self.world[indicator]
        return self.values[state][indicator] if state is not None else 0.0

    def is_world(self, indicator: str) -> bool:
        return self.indicators[indicator].scope == "world"

    # --- writing ---------------------------------------------------------------------------------

    def apply(self, state: str | None, indicator: str, amount: float, cause: Cause) -> float:
        """Add `amount` (clamped to the range) and record it; returns what was really applied."""
        ind = self.indicators[indicator]
        world = ind.scope == "world"
        table = self.world if world else self.values[state]  # type: ignore[index]
        old = table[indicator]
        new = min(ind.max, max(ind.min, old + amount))
        applied = new - old
        if applied != 0.0:
            table[indicator] = new
            self.ledger.append(Change(self.turn, None if world else state, indicator, applied, cause))
        return applied

    def set(self, state: str | None, indicator: str, value: float, cause: Cause) -> float:
        return self.apply(state, indicator, value - self.get(state, indicator), cause)

    def refresh_derived(self, state: str, record: bool = True) -> None:
        """Recompute derived indicators (in declaration order, which the loader checked is acyclic)."""
        if not self.derived:
            return
        for _ in range(len(self.derived)):
            changed = False
            for ind in self.derived:
                formula = self.scenario.formula(ind.derived)  # type: ignore[arg-type]
                env = self.env(state)
                value = min(ind.max, max(ind.min, formula(env)))
                table = self.world if ind.scope == "world" else self.values[state]
                old = table[ind.id]
                if abs(value - old) > 1e-12:
                    changed = True
                    if record:
                        inputs = ", ".join(self.indicators[n].name for n in sorted(formula.names)
                                           if n in self.indicators)
                        self.apply(state, ind.id, value - old,
                                   Cause("derived", ind.id, f"follows {inputs}"))
                    else:
                        table[ind.id] = value
            if not changed:
                break

    def changes(self, turn: int | None = None, state: str | None = None,
                indicator: str | None = None) -> Iterable[Change]:
        for ch in self.ledger:
            if turn is not None and ch.turn != turn:
                continue
            if state is not None and ch.state not in (state, None):
                continue
            if indicator is not None and ch.indicator != indicator:
                continue
            yield ch
