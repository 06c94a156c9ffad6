"""An instructor's hand in a game (docs/architecture.md, "Interventions"): an inject fires one of
the scenario's events now, into the open turn; an argued action is a move a team proposes that is
not on the menu, whose odds and effects the instructor sets and which a seeded roll decides.

Both are functions over the rules and a position, like the phases of the turn. They act while a
turn is open, before it resolves, so a game's record keeps them beside its orders and a replay
applies them at the same point (game.engine.save.replay): the same scenario, seed, orders and
interventions always give the same game.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from game.scenario.model import Effect

from .events import fire
from .orders import schedule_effect
from .position import Cause, Position
from .rules import Rules

ARGUED_SALT = 0xA7_6ED
MAX_ARGUED_TEXT = 300


class InterventionError(ValueError):
    """An inject or an argued action that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class Argued:
    """What an argued action came to: the odds set, the roll, and what it did."""

    state: str
    text: str
    chance: float
    roll: float
    effects: tuple[tuple[str, float], ...]

    @property
    def succeeded(self) -> bool:
        return self.roll < self.chance


def argued_targets(r: Rules) -> list[str]:
    """The indicators an argued action may move: every state indicator the rules do not derive
    from others (money, relations, dependence, the economy...)."""
    derived = {i.id for i in r.derived}
    return [i for i in r.state_indicator_ids if i not in derived]


def inject(r: Rules, pos: Position, event: str, states: Iterable[str] | None = None) -> list[str]:
    """Fire `event` now for `states` (default: every state it can reach), whatever its conditions
    and odds: its effects apply, its news and its question reach the states' players this turn.
    Returns the states it reached."""
    ev = r.events.get(event)
    if ev is None:
        raise InterventionError(f"the scenario has no event '{event}'")
    active = [sid for sid in r.state_ids if pos.records[sid].ending is None]
    wanted = set(states) if states is not None else None
    if wanted is not None and wanted - set(r.state_ids):
        raise InterventionError(f"unknown state '{sorted(wanted - set(r.state_ids))[0]}'")
    reached = [sid for sid in active if (ev.who is None or sid in ev.who) and (wanted is None or sid in wanted)]
    if not reached:
        raise InterventionError(f"'{ev.name}' reaches none of the states still playing")
    asked = {q.id for sid in reached for q in pos.records[sid].decisions}
    if ev.choices and f"event_{ev.id}" in asked:
        raise InterventionError(f"'{ev.name}' is already waiting for an answer this turn")
    if ev.scope == "world":
        fire(r, pos, ev, None, reached)
    else:
        for sid in reached:
            fire(r, pos, ev, sid, reached)
    return reached


def argued_roll(seed: int, turn: int, number: int) -> float:
    """The roll that decides the `number`-th argued action of a game (0, 1, ...): seeded by the
    game's seed and the turn, apart from the game's own streams, so it changes no other draw."""
    return float(np.random.default_rng([int(seed), int(turn), ARGUED_SALT, int(number)]).random())


def argue(r: Rules, pos: Position, state: str, text: str, chance: float,
          effects: Sequence[tuple[str, float]], roll: float) -> Argued:
    """Carry out an argued action for `state`: with probability `chance` (decided by `roll`, a
    number in [0, 1)) its `effects` (indicator, change) apply now, caused by the action's `text`.
    The state's news says what was argued, the odds, the roll and the outcome."""
    text = " ".join(str(text).split())
    if not text:
        raise InterventionError("say what the team argues for (a sentence)")
    if len(text) > MAX_ARGUED_TEXT:
        raise InterventionError(f"the argued action's text is {len(text)} characters; keep it under {MAX_ARGUED_TEXT}")
    if state not in r.states:
        raise InterventionError(f"unknown state '{state}'")
    if pos.records[state].ending is not None:
        raise InterventionError(f"{r.names.get(state, state)} is no longer playing")
    if not 0.0 <= float(chance) <= 1.0:
        raise InterventionError(f"odds of {chance!r}: give a chance between 0 and 1 (0.4 is 40 %)")
    allowed = set(argued_targets(r))
    checked: list[tuple[str, float]] = []
    for target, change in effects:
        if target not in allowed:
            raise InterventionError(f"'{target}' is not an indicator an argued action can move")
        lo, hi, _ = r.bounds[target]
        change = float(change)
        if not np.isfinite(change) or abs(change) > (hi - lo):
            raise InterventionError(f"a change of {change:g} to {r.names.get(target, target)} is larger than "
                                    f"its whole range ({lo:g} to {hi:g})")
        if change:
            checked.append((target, change))
    if not checked:
        raise InterventionError("pick at least one effect (an indicator and a change that is not 0)")
    result = Argued(state, text, float(chance), float(roll), tuple(checked))
    cause = Cause("argued", "argued", f"argued: {text}")
    done = []
    if result.succeeded:
        env = r.env(pos, state)
        for target, change in checked:
            amount = schedule_effect(r, pos, state, Effect.model_validate({"target": target, "change": change}),
                                     env, cause)
            done.append(r.view(target, amount, 0, 1).text())
        r.refresh_derived(pos, state)
    outcome = ("it succeeded" + (f" [{'; '.join(done)}]" if done else "")) if result.succeeded else \
        "it failed: nothing changes"
    pos.records[state].news.append(f"Argued action: {text}. The instructor set the odds at "
                                   f"{chance:.0%}; the roll was {roll:.2f}, so {outcome}.")
    return result
