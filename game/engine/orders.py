"""Orders: what makes an action available, what orders cost, and carrying out actions and answers.

A mixin of `Game` (game.engine.game); it reads and writes the game's state through `self`.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Iterable, Mapping

from game.scenario.model import Action, Effect

from .conditions import Facts, all_hold
from .records import Project, Scheduled
from .views import DecisionOption, Orders
from .world import Cause


def _floor2(x: float) -> str:
    """Money shown to two decimals, rounded down, so a shortfall never reads as enough."""
    return f"{math.floor(x * 100 + 1e-9) / 100:.2f}"


class OrdersError(ValueError):
    """Orders that cannot be carried out; the message says why in the player's words."""


class OrderRules:
    """Availability, costs and legality of orders; applying actions, answers and effects."""

    def _unavailable_reason(self, state: str, a: Action, facts: Facts,
                            spent: tuple[int, float] = (0, 0.0)) -> str | None:
        rec = self.records[state]
        if a.id in rec.excluded:
            by, turn = rec.excluded[a.id]
            return f"Closed by '{self.name(by)}' (turn {turn})."
        if a.once and a.id in rec.taken:
            return f"Already done (turn {rec.taken[a.id][0]})."
        if a.cooldown and a.id in rec.taken:
            since = self.turn - rec.taken[a.id][-1]
            if since <= a.cooldown:
                left = a.cooldown - since + 1
                return f"Available again in {left} turn{'s' if left != 1 else ''}."
        if any(p.state == state and p.action == a.id for p in self.projects):
            return "Already under way."
        for req in a.available_when:
            if not all_hold([req], facts):
                return req.reason
        capital = self._state(state).capital - spent[0]
        money = self.world.values[state][self.s.money] - spent[1]
        if a.cost.capital > capital:
            return f"Needs {a.cost.capital} political capital; you have {capital}."
        if a.cost.money > money + 1e-9:
            unit = self.world.indicators[self.s.money].unit
            return f"Needs {a.cost.money:g} {unit} of money; you have {_floor2(money)} {unit}."
        return None

    def _order_costs(self, state: str, orders: Orders) -> tuple[int, float]:
        cap = 0
        money = 0.0
        for aid in orders.actions:
            a = self.actions.get(aid)
            if a:
                cap += a.cost.capital
                money += a.cost.money
        for did, oid in orders.answers.items():
            opt = self._decision_option(state, did, oid)
            if opt:
                cap += opt[2].capital
                money += opt[2].money
        return cap, money

    def _order_problems(self, state: str, orders: Orders) -> list[str]:
        problems: list[str] = []
        seen: list[str] = []
        facts = self._facts(state)
        visible = {a.id for a, _ in self.action_status(state)} if orders.actions else set()
        for aid in orders.actions:
            if aid in seen:
                problems.append(f"'{self.name(aid)}' is chosen twice.")
                continue
            a = self.actions.get(aid)
            if a is None or aid not in visible:
                problems.append(f"There is no action '{aid}' for {self.name(state)} this turn.")
                continue
            reason = self._unavailable_reason(state, a, facts)
            if reason:
                problems.append(f"'{a.name}' is unavailable: {reason}")
            for other in seen:  # in the order given, so the first problem is always the same
                if aid in self.actions[other].excludes or other in a.excludes:
                    problems.append(f"'{a.name}' cannot be combined with '{self.name(other)}'.")
            seen.append(aid)
        pending = {d.id: d for d in self.decisions(state)}
        for did, oid in orders.answers.items():
            if did not in pending:
                problems.append(f"There is no open question '{did}'.")
                continue
            if not any(o.id == oid and o.available for o in pending[did].options):
                choices = ", ".join(o.id for o in pending[did].options if o.available)
                problems.append(f"'{oid}' is not an answer to '{pending[did].title}' (answers: {choices}).")
        for did, d in pending.items():
            if did not in orders.answers:
                problems.append(f"Answer '{d.title}' first.")
        # Answers to this turn's questions come first and can never block the turn (a state
        # facing two crises must be able to answer both); actions use what is left.
        cap, money = self._order_costs(state, orders)
        capital = self._state(state).capital
        action_cap = sum(self.actions[a].cost.capital for a in orders.actions if a in self.actions)
        if action_cap > 0 and cap > capital:
            answers_cap = cap - action_cap
            problems.append(f"These orders need {cap} political capital; you have {capital} per turn"
                            + (f", {answers_cap} of it spent on your answers." if answers_cap else "."))
        have = self.world.values[state][self.s.money]
        action_money = sum(self.actions[a].cost.money for a in orders.actions if a in self.actions)
        if action_money > 0 and money > have + 1e-9:
            unit = self.world.indicators[self.s.money].unit
            problems.append(f"These orders cost {money:.2f} {unit}; you have {_floor2(have)} {unit}.")
        return problems

    def _decision_option(self, state: str, did: str, oid: str):
        """(label, effects, cost) of an answer, or None."""
        d = next((d for d in self.records[state].decisions if d.id == did), None)
        if d is None:
            return None
        if d.kind == "event":
            ev = next(e for e in self.s.events if e.id == d.source)
            ch = next((c for c in ev.choices if c.id == oid), None)
            return (f"{ev.name}: {ch.label}", ch.effects, ch.cost) if ch else None
        power = self.powers[d.source]
        rung = self._crisis_rung(power, state)
        opt = getattr(rung, oid, None) if oid in ("concede", "compensate", "stand_firm") else None
        if opt is None:
            return None
        return (f"{self.name(power.id)} crisis: {oid.replace('_', ' ')}", opt.effects, opt.cost)

    def _apply_answer(self, state: str, did: str, oid: str, ladder_lines: list[str]) -> str:
        w = self.world
        d = next(d for d in self.records[state].decisions if d.id == did)
        label, effects, cost = self._decision_option(state, did, oid)  # type: ignore[misc]
        cause = Cause("answer", did, label)
        if cost.money:
            w.apply(state, self.s.money, -cost.money, cause)
        env = w.env(state)
        for e in effects:
            self._schedule_effect(state, e, env, cause)
        if d.kind == "crisis":
            p = self.powers[d.source]
            lad = self.ladders[(p.id, state)]
            rung = self._crisis_rung(p, state)
            pmax = self.patience_max[p.id]
            if oid == "concede":
                lad.rung = max(0, lad.rung - 1)
                lad.patience = pmax
                ladder_lines.append(f"You conceded to {self.name(p.id)}: pressure eases to "
                                    f"{self._rung_name(p, lad.rung)}.")
            elif oid == "compensate":
                lad.patience = pmax
                ladder_lines.append(f"You compensated {self.name(p.id)}: pressure holds at '{rung.name}'.")
            else:
                chance = min(1.0, rung.stand_firm.backdown * self.difficulty.backdown)
                if self.rng_ladders.random() < chance:
                    lad.rung = max(0, lad.rung - 1)
                    lad.patience = pmax
                    bcause = Cause("backdown", p.id, f"{self.name(p.id)} backs down")
                    for e in rung.stand_firm.backdown_effects:
                        self._schedule_effect(state, e, env, bcause)
                    ladder_lines.append(f"You stood firm and {self.name(p.id)} backed down "
                                        f"({chance:.0%} chance); it loses credibility.")
                else:
                    lad.climb_next = True
                    ladder_lines.append(f"You stood firm; {self.name(p.id)} did not back down "
                                        f"({1 - chance:.0%} chance) and escalates again.")
        return f"{d.title}: {label.split(': ', 1)[-1]}"

    def _schedule_effect(self, state: str | None, e: Effect, env: Mapping[str, float], cause: Cause,
                         extra_delay: int = 0, states: Iterable[str] | None = None) -> float:
        """Apply now what is due now; queue the rest. World targets apply once. Returns the amount
        (a formula's value at this moment), so that what is shown is what was applied."""
        amount = self._amount(e, env)
        if e.note:
            cause = Cause(cause.kind, cause.id, f"{cause.text} ({e.note})")
        part = amount / e.phase_in
        targets: list[str | None]
        if self.world.is_world(e.target):
            targets = [None]
        elif state is None:
            targets = list(states or [])
        else:
            targets = [state]
        for k in range(e.phase_in):
            due = self.turn + extra_delay + e.delay + k
            for tgt in targets:
                if due <= self.turn:
                    self.world.apply(tgt, e.target, part, cause)
                else:
                    self.scheduled.append(Scheduled(due, tgt, e.target, part, cause))
        return amount

    def _take_action(self, state: str, a: Action) -> None:
        rec = self.records[state]
        rec.offers.pop(a.id, None)  # an accepted offer is off the table
        rec.taken.setdefault(a.id, []).append(self.turn)
        for x in a.excludes:
            rec.excluded.setdefault(x, (a.id, self.turn))
        for other in self.s.actions:
            if a.id in other.excludes:
                rec.excluded.setdefault(other.id, (a.id, self.turn))
        cause = Cause("action", a.id, a.name)
        env = self.world.env(state)
        if a.project_turns:
            self.projects.append(Project(state, a.id, a.name, self.turn, self.turn + a.project_turns))
            cause = Cause("project", a.id, f"{a.name} (project completed)")
        for e in a.effects:
            self._schedule_effect(state, e, env, cause, extra_delay=a.project_turns)

    def _mark_affordable(self, state: str, opts: list[DecisionOption]) -> list[DecisionOption]:
        money = self.world.values[state][self.s.money]
        cap = self._state(state).capital
        out = []
        for o in opts:
            if (o.cost.money > 0 and o.cost.money > money + 1e-9) or o.cost.capital > cap:
                out.append(dataclasses.replace(o, available=False, reason="You cannot afford it."))
            else:
                out.append(dataclasses.replace(o, available=True, reason=None))
        if not any(o.available for o in out):
            # Someone has to answer: when nothing is affordable, the first answer stays open.
            out[0] = dataclasses.replace(out[0], available=True, reason=None)
        return out
