"""The rules of one game: a loaded scenario compiled once for play, at one difficulty.

`Rules` never changes during a game. It holds the scenario's lookups (ids to items, the actions
each one closes, formulas), and the small operations every phase shares: reading the values a
formula sees, applying a change with its cause to a position, refreshing derived indicators.
The phases themselves are in game.engine.turn.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Mapping

from game.scenario.load import LoadedScenario
from game.scenario.model import Action, Effect, Indicator, Ladder, Power

from . import market as mk
from .calendar import add_months, quarter_label
from .conditions import Facts
from .position import Cause, Change, Position
from .views import EffectView


NO_LADDER = Ladder.model_construct(threshold=float("-inf"), patience=1, warning=0, accident_from=None,
                                   accident_chance=0.0, rungs=[])
"""The ladder of a power without one: no rungs, and a relation can never fall below its threshold."""


@dataclass(frozen=True)
class Difficulty:
    """How shrewd (softmax temperature factor), touchy (ladder threshold shift), patient and
    forgiving (back-down chance factor) the powers are, and how many more turns a loss ending's
    conditions must hold before it ends the game (`grace`)."""

    name: str
    temperature: float
    threshold: float
    patience: int
    backdown: float
    description: str
    grace: int = 0


DIFFICULTIES = {
    "easy": Difficulty("easy", 1.0, -15, 1, 1.4,
                       "Powers are thick-skinned, patient and quick to back down; a collapse takes a "
                       "turn longer to end your game.", grace=1),
    "normal": Difficulty("normal", 1.0, 0, 0, 1.0, "Powers play as the scenario describes them."),
    "hard": Difficulty("hard", 0.8, 10, -1, 0.6,
                       "Powers are shrewder, touchy, impatient and seldom back down."),
}


class Rules:
    """A scenario compiled for play at one difficulty (with fictional names already applied).

    Two variants serve analysis (game.analysis): `removed` takes actions out of the scenario, and
    `power_play` has a power follow a named strategy of the scenario (its priorities over its
    responses) instead of choosing by its payoff."""

    def __init__(self, scenario: LoadedScenario, difficulty: str = "normal",
                 removed: Iterable[str] = (), power_play: Mapping[str, str] | None = None):
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty '{difficulty}' (choose {', '.join(DIFFICULTIES)})")
        self.removed = frozenset(removed)
        unknown = self.removed - {a.id for a in scenario.model.actions}
        if unknown:
            raise ValueError(f"no action {', '.join(sorted(unknown))} to remove")
        strategies = {st.id: st for st in scenario.model.strategies.powers}
        self.power_priorities: dict[str, tuple[str, ...]] = {}
        for pid, sid in (power_play or {}).items():
            if sid not in strategies or strategies[sid].power != pid:
                raise ValueError(f"no strategy '{sid}' for power '{pid}' in the scenario")
            self.power_priorities[pid] = tuple(strategies[sid].priorities)
        self.scenario = scenario
        self.s = s = scenario.model
        self.difficulty = DIFFICULTIES[difficulty]
        self.state_ids = [st.id for st in s.states]
        self.states = {st.id: st for st in s.states}
        self.actions: dict[str, Action] = {a.id: a for a in s.actions}
        self.powers: dict[str, Power] = {p.id: p for p in s.powers}
        self.events = {e.id: e for e in s.events}
        self.indicators: dict[str, Indicator] = {i.id: i for i in s.indicators}
        self.order = {i.id: k for k, i in enumerate(s.indicators)}
        self.world_ids = [i.id for i in s.indicators if i.scope == "world"]
        self.state_indicator_ids = [i.id for i in s.indicators if i.scope == "state"]
        self.world_set = frozenset(self.world_ids)
        self.derived = [i for i in s.indicators if i.derived]
        self.money = s.money
        # What taking an action closes: the actions it excludes and those that exclude it.
        self.closes: dict[str, frozenset[str]] = {
            a.id: frozenset(a.excludes) | {b.id for b in s.actions if a.id in b.excludes} for a in s.actions}
        self.patience_max = {p.id: max(1, self.ladder(p).patience + self.difficulty.patience) for p in s.powers}
        self.names = {item.id: item.name for group in (s.indicators, s.actions, s.events, s.states, s.powers)
                      for item in group}
        # What each derived indicator reads, through other derived ones (declaration order is a
        # valid order: the loader checked it).
        self.derived_reads: dict[str, frozenset[str]] = {}
        for ind in self.derived:
            names = set(scenario.formula(ind.derived).names)  # type: ignore[arg-type]
            for n in list(names):
                names |= self.derived_reads.get(n, frozenset())
            self.derived_reads[ind.id] = frozenset(names)
        self.derived_cause = {ind.id: Cause("derived", ind.id, "follows " + ", ".join(
            self.indicators[n].name for n in sorted(scenario.formula(ind.derived).names)  # type: ignore[arg-type]
            if n in self.indicators)) for ind in self.derived}
        self.payoff_reads = {p.id: frozenset(p.payoff.weights) | (
            scenario.formula(p.payoff.formula).names if p.payoff.formula else frozenset()) for p in s.powers}
        self.bounds = {i.id: (i.min, i.max, i.scope == "world") for i in s.indicators}
        self.tables: dict = {}        # tables built once, on first use (see `table`)
        self.memo: dict | None = None  # while set (see `remembering`), pure results kept by their inputs
        values, world = self.start_values()
        self.start_price = world[s.market.price]
        self.ratio0 = mk.start_ratio(s.market, world[s.market.controls])

    def start_values(self) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
        """Every state's and the world's values at the start, derived indicators computed."""
        values = {sid: {ind.id: float(ind.start[sid] if isinstance(ind.start, dict) else ind.start)
                        for ind in self.s.indicators if ind.scope == "state"} for sid in self.state_ids}
        world = {ind.id: float(ind.start) for ind in self.s.indicators if ind.scope == "world"}  # type: ignore[arg-type]
        pos = Position(1, values, world, {}, {}, [], [], {}, {}, [], None)  # type: ignore[arg-type]
        for sid in self.state_ids:
            self.refresh_derived(pos, sid, record=False)
        return values, world

    def patience_after_crisis(self, power_id: str, climbs: int) -> int:
        """The patience a power has left after escalating against a state for the `climbs`-th time:
        full the first time, a turn less for each earlier escalation (never below one turn)."""
        return max(1, self.patience_max[power_id] - max(0, climbs - 1))

    def number(self, state: str, action: str) -> int:
        """The action's number for `state`, the same all game, in the window as in the terminal: the
        state's regular actions category by category (in the order the scenario first names each
        category, then the scenario's order), then the offers, so a list by category reads in
        number order and an offer arriving moves no other number."""
        def make() -> dict[str, int]:
            mine = [a for a in self.s.actions if a.who is None or state in a.who]
            regular = [a for a in mine if not a.offer_only]
            first = {c: i for i, c in reversed(list(enumerate(a.category for a in regular)))}
            ordered = [a.id for a in sorted(regular, key=lambda a: first[a.category])] + \
                [a.id for a in mine if a.offer_only]
            return {aid: i for i, aid in enumerate(ordered, 1)}
        return self.table(("numbers", state), make)[action]

    def ending_turns(self, ending) -> int:
        """Turns in a row an ending's conditions must hold to end the game, at this difficulty."""
        return ending.for_turns + (self.difficulty.grace if ending.kind == "loss" else 0)

    # --- words and dates ------------------------------------------------------------------------

    def name(self, ident: str) -> str:
        """Display name of an actor, indicator, action or event."""
        return self.names.get(ident, ident)

    def date(self, turn: int) -> dt.date:
        return add_months(self.s.meta.start, (turn - 1) * self.s.meta.turn_months)

    def date_label(self, turn: int) -> str:
        return quarter_label(self.date(turn), self.s.meta.turn_months)

    def threshold(self, power: Power) -> float:
        """The relation below which `power`'s patience drains, at this difficulty."""
        return self.ladder(power).threshold + self.difficulty.threshold

    @staticmethod
    def ladder(power: Power) -> Ladder:
        """The power's pressure ladder; a power the scenario gives none never escalates (a ladder
        without rungs, whose patience never drains)."""
        return power.ladder if power.ladder is not None else NO_LADDER

    def view(self, target: str, amount: float, delay: int = 0, phase_in: int = 1) -> EffectView:
        ind = self.indicators[target]
        return EffectView(target, self.name(target), amount, delay, phase_in, target in self.world_set,
                          ind.unit, ind.decimals, ind.good)

    def shown(self, state: str) -> list[str]:
        """The indicators a state's player sees, its own then the world's: none hidden, and only
        those `shown_for` it."""
        def make() -> list[str]:
            own = [i for i in self.state_indicator_ids if not self.indicators[i].hidden
                   and (self.indicators[i].shown_for is None or state in self.indicators[i].shown_for)]
            return own + [i for i in self.world_ids if not self.indicators[i].hidden]
        return self.table(("shown", state), make)

    def effect_views(self, effects: Iterable[Effect], env: Mapping[str, float],
                     extra_delay: int = 0) -> list[EffectView]:
        return [self.view(e.target, self.amount(e, env), e.delay + extra_delay, e.phase_in) for e in effects]

    # --- reading --------------------------------------------------------------------------------

    def env(self, pos: Position, state: str | None) -> dict[str, float]:
        """All names a formula or condition may read for `state`: world values, its own, `turn`."""
        env = dict(pos.world)
        if state is not None:
            env.update(pos.values[state])
        else:
            for ind in self.state_indicator_ids:
                env.setdefault(ind, 0.0)
        env["turn"] = float(pos.turn)
        return env

    def get(self, pos: Position, state: str | None, indicator: str) -> float:
        if indicator in self.world_set:
            return pos.world[indicator]
        return pos.values[state][indicator] if state is not None else 0.0

    def is_world(self, indicator: str) -> bool:
        return indicator in self.world_set

    def amount(self, e: Effect, env: Mapping[str, float]) -> float:
        """What an effect changes, read from `env` when it is a formula."""
        return e.change if e.change is not None else self.scenario.formula(e.formula)(env)  # type: ignore[arg-type]

    def payoff(self, p: Power, env: Mapping[str, float]) -> float:
        """A power's payoff for a set of values: its weights, plus its formula if any."""
        v = sum(wt * env.get(k, 0.0) for k, wt in p.payoff.weights.items())
        if p.payoff.formula:
            v += self.scenario.formula(p.payoff.formula)(env)
        return v

    def refresh_env_derived(self, env: dict[str, float], which: Iterable[Indicator] | None = None) -> None:
        """Recompute derived indicators (all, or `which`, in their order) inside a hypothetical set
        of values."""
        for ind in self.derived if which is None else which:
            env[ind.id] = min(ind.max, max(ind.min, self.scenario.formula(ind.derived)(env)))  # type: ignore[arg-type]

    def affected_derived(self, changed: frozenset[str] | set[str]) -> list[Indicator]:
        """The derived indicators that read any of `changed`, in the order they are computed."""
        return [ind for ind in self.derived if ind.id in changed or self.derived_reads[ind.id] & changed]

    def table(self, key, make):
        """A table of the rules built by `make()` the first time it is asked for."""
        hit = self.tables.get(key)
        if hit is None:
            hit = self.tables[key] = make()
        return hit

    def remember(self, key, make):
        """`make()`, kept under `key` while `remembering` (a forecast's copies mostly ask the same
        questions); computed afresh otherwise, since a single game seldom asks one twice."""
        memo = self.memo
        if memo is None:
            return make()
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = make()
        return hit

    @contextmanager
    def remembering(self):
        """Keep pure results by their inputs for the duration (nested uses share one memo)."""
        if self.memo is not None:
            yield
            return
        self.memo = {}
        try:
            yield
        finally:
            self.memo = None

    def building(self, pos: Position, state: str, ordered: Iterable[str] = ()) -> frozenset[str]:
        """The actions whose projects `state` has under way, with the projects among `ordered`
        (this turn's orders start theirs before the powers answer)."""
        return frozenset([p.action for p in pos.projects if p.state == state]
                         + [a for a in ordered if a in self.actions and self.actions[a].project_turns])

    def facts(self, pos: Position, state: str | None, env: Mapping[str, float] | None = None,
              taken: Iterable[str] | None = None, building: frozenset[str] | None = None) -> Facts:
        values = env if env is not None else self.env(pos, state)
        if state is None:
            return Facts(values, frozenset(), lambda p: 0, pos.turn)
        ladders = pos.ladders
        return Facts(values, set(taken) if taken is not None else set(pos.records[state].taken),
                     lambda p, s=state: ladders[(p, s)].rung, pos.turn,
                     building if building is not None else self.building(pos, state))

    # --- writing --------------------------------------------------------------------------------

    def apply(self, pos: Position, state: str | None, indicator: str, amount: float, cause: Cause) -> float:
        """Add `amount` (clamped to the range) and record it; returns what was really applied."""
        lo, hi, world = self.bounds[indicator]
        table = pos.world if world else pos.values[state]  # type: ignore[index]
        old = table[indicator]
        new = min(hi, max(lo, old + amount))
        applied = new - old
        if applied != 0.0:
            table[indicator] = new
            if pos.ledger is not None:
                pos.ledger.append(Change(pos.turn, None if world else state, indicator, applied, cause))
        return applied

    def set(self, pos: Position, state: str | None, indicator: str, value: float, cause: Cause) -> float:
        return self.apply(pos, state, indicator, value - self.get(pos, state, indicator), cause)

    def refresh_derived(self, pos: Position, state: str, record: bool = True) -> None:
        """Recompute derived indicators (in declaration order, which the loader checked is acyclic)."""
        if not self.derived:
            return
        for _ in range(len(self.derived)):
            changed = False
            env = self.env(pos, state)
            for ind in self.derived:
                formula = self.scenario.formula(ind.derived)  # type: ignore[arg-type]
                value = min(ind.max, max(ind.min, formula(env)))
                table = pos.world if ind.scope == "world" else pos.values[state]
                old = table[ind.id]
                if abs(value - old) > 1e-12:
                    changed = True
                    if record:
                        self.apply(pos, state, ind.id, value - old, self.derived_cause[ind.id])
                    else:
                        table[ind.id] = value
                    env[ind.id] = table[ind.id]  # the next derived indicator reads it as the position has it
            if not changed:
                break
