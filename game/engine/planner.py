"""The strong adviser: it looks ahead by playing the game out on copies of the position.

`Planner` starts from the quick adviser's orders (game.engine.policies.Adviser) and a handful of
alternatives to them: the same orders without one of their actions, with one more action the
quick adviser ranked next, with another answer to one question, or no action at all; and the first
orders of whole courses (toward each power in turn, or keeping every relation level). It plays each
alternative out six turns ahead (the rest estimated at the rate reached) on the same few copies of
the position (common random numbers: copy k of every alternative meets the same dice), the state
playing on with the quick adviser (or with the course it began) and the others with their own
policies, and keeps the orders whose games end with the best mean score for the state.
This is one step of policy improvement over the quick adviser and a choice among whole courses
(policy switching): by construction it never expects to do worse on those copies than the orders
it started from or any of the courses, and it sees what the quick
adviser's one-turn estimate cannot (projects finishing, revenue earned, the powers' replies,
ladders, events, endings), because the copies run the game's own rules (game.engine.turn).

The copies draw from streams of their own, seeded from the game's seed and turn, so advice
reveals none of the dice the real turn will roll, and the same position always gets the same
advice. `advise` returns the orders with the alternatives' results and a sentence saying why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .forecast import forecast_streams
from .orders import action_status, decisions, order_problems
from .policies import Adviser, Policy, action_values
from .position import Position, Streams
from .rules import Rules
from .turn import active_states, is_over, open_turn, resolve_turn, score
from .views import Orders

SAMPLES = 3
"""Copies each alternative is played out on."""
WIDTH = 10
"""Most alternatives tried in a turn (the quick adviser's orders always among them)."""
HORIZON = 6
"""Most turns a copy is played ahead; past that, the rest is estimated at the last turn's rate."""
QUICK = "the first estimate's choice"
COURSE = "a course "
"""How the label of a whole course (game.engine.planner.courses) begins."""
KEEP_MARGIN = 0.05
"""Points by which an alternative must beat the quick adviser's orders to replace them (below
it, the difference is the copies' noise)."""


@dataclass(frozen=True)
class Trial:
    """One alternative and how it fared: `label` in words, `mean` final score over the copies."""

    label: str
    orders: Orders
    mean: float
    scores: tuple[float, ...]


@dataclass(frozen=True)
class Advice:
    """What the planner recommends and why: the chosen orders, every trial (best first), and a
    sentence for the player."""

    orders: Orders
    trials: tuple[Trial, ...]
    why: str


def play_out(r: Rules, pos: Position, state: str, orders: Orders, streams: Streams,
             base: Policy, horizon: int = HORIZON, others: Mapping[str, Policy] | None = None) -> float:
    """`state`'s final score when it gives `orders` now and plays on with `base`, the other states
    with their policy in `others` (default `base`), on a copy of `pos` with `streams` (`pos` is
    left untouched)."""
    others = others or {}
    c = pos.copy(rng=streams)
    c.ledger = None
    first = True
    last_rate = 0.0
    played = 0
    while not is_over(r, c) and c.records[state].ending is None and played < horizon:
        turn_orders = {}
        for sid in active_states(r, c):
            chooser = base if sid == state else others.get(sid, base)
            turn_orders[sid] = orders if (first and sid == state) else chooser.orders(r, c, sid, c.rng.ai)
        out = resolve_turn(r, c, turn_orders)
        last_rate = out.score_turn.get(state, 0.0)
        first = False
        played += 1
        open_turn(r, c)
    total = score(r, c, state)["total"]
    if c.records[state].ending is None and c.turn <= r.s.meta.turns:
        total += last_rate * (r.s.meta.turns - c.turn + 1)  # a turn's points are already per game
    return total


def _key(orders: Orders) -> tuple:
    """Orders as a set of actions and answers (the same orders in another order are the same)."""
    return frozenset(orders.actions), tuple(sorted(orders.answers.items()))


def _legal(r: Rules, pos: Position, state: str, orders: Orders) -> bool:
    return not order_problems(r, pos, state, orders)


def alternatives(r: Rules, pos: Position, state: str, base_orders: Orders,
                 width: int = WIDTH) -> list[tuple[str, Orders]]:
    """The orders worth playing out, in words: the quick adviser's, then the same without one of
    its actions, with one more of the actions it ranked next (in place of its weakest if the
    budget is short), with another answer to a question, and no action at all."""
    name = r.name
    chosen = list(base_orders.actions)
    answers = dict(base_orders.answers)
    out: list[tuple[str, Orders]] = [(QUICK, base_orders)]
    seen = {_key(base_orders)}

    def add(label: str, orders: Orders) -> None:
        key = _key(orders)
        if key not in seen and len(out) < width and _legal(r, pos, state, orders):
            seen.add(key)
            out.append((label, orders))

    status = action_status(r, pos, state)
    values = action_values(r, pos, state, status)
    add("no action at all", Orders((), answers))
    others = sorted((a for a in values if a not in chosen), key=lambda a: (-values[a], a))[:3]
    weakest = min(chosen, key=lambda a: (values.get(a, 0.0), a)) if chosen else None
    for b in others:
        before = len(out)
        add(f"{name(b)} as well", Orders(tuple(chosen + [b]), answers))
        if len(out) == before and weakest is not None:
            add(f"{name(b)} instead of {name(weakest)}",
                Orders(tuple([a for a in chosen if a != weakest] + [b]), answers))
    for a in chosen:
        add(f"without {name(a)}", Orders(tuple(x for x in chosen if x != a), answers))
    for d in decisions(r, pos, state):
        for o in d.options:
            if o.available and o.id != answers.get(d.id):
                add(f"'{o.label}' to {d.title}", Orders(tuple(chosen), {**answers, d.id: o.id}))
    return out


def courses(r: Rules) -> list[tuple[str, Policy]]:
    """Whole courses the planner also plays out, each followed to the end of the look-ahead: toward
    each power in turn (its deals and neutral ones, conceding to its crises), and keeping every
    relation level. Trying them beside the small changes to the quick adviser's orders lets the
    planner see a road the quick adviser would not take one step at a time (a window that closes, a
    chain of plants that pays only as a whole), so it does at least as well as the best of them
    on its copies."""
    return r.table(("planner courses",), lambda: [
        *((f"{COURSE}toward {p.name}", Adviser(lean=p.id)) for p in r.s.powers),
        (f"{COURSE}that keeps every relation level", Adviser(goal="hedge"))])


class Planner:
    """The strong adviser (see the module's docstring); a policy like the others."""

    legal = True

    def __init__(self, samples: int = SAMPLES, width: int = WIDTH, horizon: int = HORIZON,
                 others: Mapping[str, Policy] | None = None):
        """`others`: how the other states play in the copies (default: the quick adviser)."""
        self.samples, self.width, self.horizon = samples, width, horizon
        self.base = Adviser()
        self.others = dict(others or {})
        self.name = "planner"

    def advise(self, r: Rules, pos: Position, state: str, seed: int) -> Advice:
        """The orders the planner recommends for `state` in `pos`, the trials behind them and why.
        The same position and seed always give the same advice; `pos` is left untouched."""
        base_rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, pos.turn, 0xBA5E])
        base_orders = self.base.orders(r, pos, state, base_rng)
        alts = [(label, orders, self.base) for label, orders in alternatives(r, pos, state, base_orders, self.width)]
        seen = {_key(orders) for _, orders, _ in alts}
        for label, course in courses(r):
            orders = course.orders(r, pos, state, np.random.default_rng([int(seed) & 0xFFFFFFFF, pos.turn, 0xC0]))
            if _key(orders) not in seen and _legal(r, pos, state, orders):
                seen.add(_key(orders))
                alts.append((label, orders, course))
        streams = forecast_streams(seed, pos.turn, self.samples, salt=0xAD115E)
        trials = []
        with r.remembering():
            for label, orders, then in alts:
                scores = tuple(play_out(r, pos, state, orders, s.copy(), then, self.horizon, self.others)
                               for s in streams)
                trials.append(Trial(label, orders, float(np.mean(scores)), scores))
        best = trials[0]
        for t in trials[1:]:
            if t.mean > best.mean + KEEP_MARGIN:
                best = t
        ranked = tuple(sorted(trials, key=lambda t: (t is not best, -t.mean)))  # the chosen first
        return Advice(best.orders, ranked, _why(r, pos, state, best, ranked, self.samples, self.horizon))

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders:
        return self.advise(r, pos, state, int(rng.integers(2**32))).orders


def _why(r: Rules, pos: Position, state: str, best: Trial, ranked: tuple[Trial, ...], samples: int,
         horizon: int) -> str:
    labels = {d.id: (d.title, {o.id: o.label for o in d.options}) for d in decisions(r, pos, state)}

    def described(orders: Orders) -> str:
        """The orders in words, whole: their actions, or none."""
        names = [r.name(a) for a in orders.actions]
        return _join(names) if names else "no action"

    names = [r.name(a) for a in best.orders.actions]
    what = ("Take " + _join(names)) if names else "Take no action this turn"
    said = [f"answer '{labels[did][1][oid]}' to {labels[did][0]}" for did, oid in best.orders.answers.items()
            if did in labels and oid in labels[did][1]]
    if said:
        what += ", and " + _join(said)
    left = r.s.meta.turns - pos.turn + 1
    ahead = (" played to its end" if horizon >= left else
             f", played {horizon} turns ahead and the rest estimated at the rate reached")
    step = f", the first step of {best.label}" if best.label.startswith(COURSE) else ""
    text = (f"{what}{step}. Tried on {samples} copies of the game{ahead}, these orders end it with "
            f"{best.mean:.1f} points on average")
    quick = next(t for t in ranked if t.label == QUICK)
    if quick is not best:
        if set(quick.orders.actions) == set(best.orders.actions):
            first = f"the same actions with another answer ({described(quick.orders)})"
        else:
            first = described(quick.orders)
        text += (f", better than the {quick.mean:.1f} of its first idea, chosen by each action's worth alone: "
                 f"{first}")
    rest = [t for t in ranked if t is not best and t is not quick]
    if rest:
        runner = max(rest, key=lambda t: t.mean)
        other = runner.label if runner.label.startswith(COURSE) else described(runner.orders)
        if runner.mean > best.mean:   # kept because the difference is the copies' noise
            kept = "its first idea" if best is quick else "the orders above"
            text += (f"; another try ({other}) scored {runner.mean:.1f}, too close to count (the copies' "
                     f"luck), so the adviser keeps {kept}")
        else:
            text += f"; the best other try ({other}) scored {runner.mean:.1f}"
        nothing = next((t for t in rest if t.label == "no action at all"), None)
        if nothing is not None and nothing is not runner:
            text += f"; no action at all {nothing.mean:.1f}"
    if not best.orders.actions and all(t.mean <= best.mean for t in ranked if t is not best):
        text += ". Every action tried ended the game lower: the capital left over is worth less than what " \
                "spending it would cost"
    return text + "."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
