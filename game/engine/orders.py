"""Orders: what makes an action available, what orders cost, and carrying out actions and answers.

Functions over the rules and a position (see docs/architecture.md, "Rules as phases").
"""
from __future__ import annotations

import dataclasses
import math
from typing import Iterable, Mapping

from game.scenario.model import Action, Effect

from .conditions import Facts, all_hold
from .position import Cause, Position, Project, Scheduled
from .rules import Rules
from .views import CostView, Decision, DecisionOption, Orders


def _floor2(x: float) -> str:
    """Money shown to two decimals, rounded down, so a shortfall never reads as enough."""
    return f"{math.floor(x * 100 + 1e-9) / 100:.2f}"


class OrdersError(ValueError):
    """Orders that cannot be carried out; the message says why in the player's words."""


def money(r: Rules, pos: Position, state: str) -> float:
    return pos.values[state][r.money]


def capital(r: Rules, state: str) -> int:
    """Political capital `state` gets each turn."""
    return r.states[state].capital


def offer_open(pos: Position, state: str, action: str) -> bool:
    offer = pos.records[state].offers.get(action)
    return offer is not None and pos.turn <= offer[1]


def action_status(r: Rules, pos: Position, state: str) -> list[tuple[Action, str | None]]:
    """The visible actions of `state` with the reason each is unavailable (None if available)."""
    facts = r.facts(pos, state)
    return [(a, unavailable_reason(r, pos, state, a, facts)) for a in r.s.actions
            if (a.who is None or state in a.who) and a.id not in r.removed and all_hold(a.visible_when, facts)
            and (not a.offer_only or offer_open(pos, state, a.id))]


def unavailable_reason(r: Rules, pos: Position, state: str, a: Action, facts: Facts,
                       spent: tuple[int, float] = (0, 0.0)) -> str | None:
    rec = pos.records[state]
    if a.id in rec.excluded:
        by, turn = rec.excluded[a.id]
        return f"Closed by '{r.name(by)}' (turn {turn})."
    project = next((p for p in pos.projects if p.state == state and p.action == a.id), None)
    if project is not None:   # before "already done": a project under way is not done yet
        left = project.completes - pos.turn
        return ("Under way: finished as this turn ends." if left <= 0 else
                f"Under way: finished in {left} turn{'s' if left != 1 else ''}.")
    if a.once and a.id in rec.taken:
        return f"Already done (turn {rec.taken[a.id][0]})."
    if a.cooldown and a.id in rec.taken:
        since = pos.turn - rec.taken[a.id][-1]
        if since <= a.cooldown:
            left = a.cooldown - since + 1
            return f"Available again in {left} turn{'s' if left != 1 else ''}."
    for req in a.available_when:
        if not all_hold([req], facts):
            return req.reason
    cap = capital(r, state) - spent[0]
    have = money(r, pos, state) - spent[1]
    if a.cost.capital > cap:
        return f"Needs {a.cost.capital} political capital; you have {cap}."
    if a.cost.money > have + 1e-9:
        unit = r.indicators[r.money].unit
        return f"Needs {a.cost.money:g} {unit} of money; you have {_floor2(have)} {unit}."
    return None


def order_costs(r: Rules, pos: Position, state: str, orders: Orders) -> tuple[int, float]:
    """Political capital and money that `orders` would spend."""
    cap = 0
    spent = 0.0
    for aid in orders.actions:
        a = r.actions.get(aid)
        if a:
            cap += a.cost.capital
            spent += a.cost.money
    for did, oid in orders.answers.items():
        opt = decision_option(r, pos, state, did, oid)
        if opt:
            cap += opt[2].capital
            spent += opt[2].money
    return cap, spent


def order_problems(r: Rules, pos: Position, state: str, orders: Orders) -> list[str]:
    """Every reason `orders` cannot be carried out, in the player's words ([] when fine)."""
    problems: list[str] = []
    seen: list[str] = []
    facts = r.facts(pos, state)
    visible = {a.id for a, _ in action_status(r, pos, state)} if orders.actions else set()
    for aid in orders.actions:
        if aid in seen:
            problems.append(f"'{r.name(aid)}' is chosen twice.")
            continue
        a = r.actions.get(aid)
        if a is None or aid not in visible:
            problems.append(f"There is no action '{aid}' for {r.name(state)} this turn.")
            continue
        reason = unavailable_reason(r, pos, state, a, facts)
        if reason:
            problems.append(f"'{a.name}' is unavailable: {reason}")
        for other in seen:  # in the order given, so the first problem is always the same
            if aid in r.actions[other].excludes or other in a.excludes:
                problems.append(f"'{a.name}' cannot be combined with '{r.name(other)}'.")
        seen.append(aid)
    pending = {d.id: d for d in decisions(r, pos, state)}
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
    cap, spent = order_costs(r, pos, state, orders)
    per_turn = capital(r, state)
    action_cap = sum(r.actions[a].cost.capital for a in orders.actions if a in r.actions)
    if action_cap > 0 and cap > per_turn:
        answers_cap = cap - action_cap
        problems.append(f"These orders need {cap} political capital; you have {per_turn} per turn"
                        + (f", {answers_cap} of it spent on your answers." if answers_cap else "."))
    have = money(r, pos, state)
    action_money = sum(r.actions[a].cost.money for a in orders.actions if a in r.actions)
    if action_money > 0 and spent > have + 1e-9:
        unit = r.indicators[r.money].unit
        problems.append(f"These orders cost {spent:.2f} {unit}; you have {_floor2(have)} {unit}.")
    return problems


def in_question_order(pos: Position, state: str, answers: Mapping[str, str]) -> list[tuple[str, str]]:
    """Answers in the order the questions were asked: answers draw from the seeded stream and
    read each other's values, so their order must not depend on how a front end stored them."""
    order = {d.id: i for i, d in enumerate(pos.records[state].decisions)}
    return sorted(answers.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


# --- questions ------------------------------------------------------------------------------------

def crisis_rung(r: Rules, pos: Position, power_id: str, state: str):
    p = r.powers[power_id]
    return r.ladder(p).rungs[max(0, pos.ladders[(power_id, state)].rung - 1)]


def rung_name(p, rung: int) -> str:
    return "calm" if rung == 0 else f"'{p.ladder.rungs[rung - 1].name}'"


def backdown_chance(r: Rules, rung) -> float:
    return min(1.0, rung.stand_firm.backdown * r.difficulty.backdown)


def decision_option(r: Rules, pos: Position, state: str, did: str, oid: str):
    """(label, effects, cost) of an answer, or None."""
    q = next((q for q in pos.records[state].decisions if q.id == did), None)
    if q is None:
        return None
    if q.kind == "event":
        ev = r.events[q.source]
        ch = next((c for c in ev.choices if c.id == oid), None)
        return (f"{ev.name}: {ch.label}", ch.effects, ch.cost) if ch else None
    rung = crisis_rung(r, pos, q.source, state)
    opt = getattr(rung, oid, None) if oid in ("concede", "compensate", "stand_firm") else None
    if opt is None:
        return None
    return (f"{r.name(q.source)} crisis: {oid.replace('_', ' ')}", opt.effects, opt.cost)


def decisions(r: Rules, pos: Position, state: str) -> list[Decision]:
    """The questions `state` must answer this turn, with what it can afford marked now."""
    out = []
    env = None
    for q in pos.records[state].decisions:
        env = env if env is not None else r.env(pos, state)
        out.append(_event_decision(r, pos, state, q, env) if q.kind == "event"
                   else _crisis_decision(r, pos, state, q, env))
    return out


def _event_decision(r: Rules, pos: Position, state: str, q, env) -> Decision:
    ev = r.events[q.source]
    opts = [DecisionOption(c.id, c.label, c.description, CostView(c.cost.capital, c.cost.money),
                           tuple(r.effect_views(c.effects, env)), note=late_note(r, pos, c.effects, env))
            for c in ev.choices]
    times = pos.event_fired.get((ev.id, None if ev.scope == "world" else state), 1)
    return Decision(q.id, "event", ev.id, ev.name, ev.text_for(times), tuple(mark_affordable(r, pos, state, opts)),
                    tuple(r.view(*applied) for applied in q.applied))


def _crisis_decision(r: Rules, pos: Position, state: str, q, env) -> Decision:
    p = r.powers[q.source]
    lad = pos.ladders[(p.id, state)]
    rung = crisis_rung(r, pos, p.id, state)
    nxt = r.ladder(p).rungs[lad.rung] if lad.rung < len(r.ladder(p).rungs) else rung
    nxt_views = tuple(r.effect_views(nxt.effects, env))
    nxt_text = "; ".join(e.text() for e in nxt_views) or "no further effects"
    chance = backdown_chance(r, rung)
    opts = []
    for oid, label in (("concede", "Concede"), ("compensate", "Compensate"), ("stand_firm", "Stand firm")):
        o = getattr(rung, oid)
        if oid == "stand_firm":
            verb = "keeps up" if nxt is rung else "climbs to"
            note = f"{chance:.0%} chance it backs down; otherwise it {verb} '{nxt.name}': {nxt_text}"
        elif oid == "concede":
            note = f"Pressure steps down to {rung_name(p, lad.rung - 1)}."
        else:
            left = r.patience_after_crisis(p.id, lad.climbs)
            note = (f"Pressure holds at '{rung.name}' and its patience refills"
                    + (f", to {left} {'turn' if left == 1 else 'turns'}: it remembers being crossed." if left < r.patience_max[p.id]
                       else "."))
        firm = oid == "stand_firm"
        late = late_note(r, pos, o.effects, env)
        opts.append(DecisionOption(
            oid, label, o.description, CostView(o.cost.capital, o.cost.money),
            tuple(r.effect_views(o.effects, env)), True, None, f"{note} {late}".strip(),
            chance if firm else None, nxt.name if firm else None, nxt_views if firm else ()))
    text = rung.description
    if lad.climbs > 1:
        left = r.patience_after_crisis(p.id, lad.climbs)
        text = (text + " " if text else "") + (
            f"{r.name(p.id)} has escalated against you {lad.climbs} times now and remembers each: after this "
            f"crisis its patience lasts {left} {'turn' if left == 1 else 'turns'} unless you concede, or relations "
            "stay above its line, which restore it a turn at a time.")
    return Decision(q.id, "crisis", p.id, f"{r.name(p.id)}: {rung.name}", text,
                    tuple(mark_affordable(r, pos, state, opts)))


def mark_affordable(r: Rules, pos: Position, state: str, opts: list[DecisionOption]) -> list[DecisionOption]:
    have = money(r, pos, state)
    cap = capital(r, state)
    out = []
    for o in opts:
        if (o.cost.money > 0 and o.cost.money > have + 1e-9) or o.cost.capital > cap:
            out.append(dataclasses.replace(o, available=False, reason="You cannot afford it."))
        else:
            out.append(dataclasses.replace(o, available=True, reason=None))
    if not any(o.available for o in out):
        # Someone has to answer: when nothing is affordable, the first answer stays open.
        out[0] = dataclasses.replace(out[0], available=True, reason=None)
    return out


# --- carrying orders out --------------------------------------------------------------------------

def schedule_effect(r: Rules, pos: Position, state: str | None, e: Effect, env: Mapping[str, float],
                    cause: Cause, extra_delay: int = 0, states: Iterable[str] | None = None) -> float:
    """Apply now what is due now; queue the rest. World targets apply once. Returns the amount
    (a formula's value at this moment), so that what is shown is what was applied."""
    amount = r.amount(e, env)
    if e.note:
        cause = Cause(cause.kind, cause.id, f"{cause.text} ({e.note})")
    part = amount / e.phase_in
    targets: list[str | None]
    if e.target in r.world_set:
        targets = [None]
    elif state is None:
        targets = list(states or [])
    else:
        targets = [state]
    turn = pos.turn
    for k in range(e.phase_in):
        due = turn + extra_delay + e.delay + k
        for tgt in targets:
            if due <= turn:
                r.apply(pos, tgt, e.target, part, cause)
            else:
                pos.scheduled.append(Scheduled(due, tgt, e.target, part, cause))
    return amount


def pay(r: Rules, pos: Position, state: str, orders: Orders) -> None:
    """Take the money for the actions ordered (answers pay as they apply)."""
    for aid in orders.actions:
        a = r.actions[aid]
        if a.cost.money:
            r.apply(pos, state, r.money, -a.cost.money, Cause("cost", aid, f"cost of {a.name}"))


def take_action(r: Rules, pos: Position, state: str, a: Action) -> None:
    rec = pos.records[state]
    rec.offers.pop(a.id, None)  # an accepted offer is off the table
    rec.taken.setdefault(a.id, []).append(pos.turn)
    for x in a.excludes:
        rec.excluded.setdefault(x, (a.id, pos.turn))
    for other in r.s.actions:
        if a.id in other.excludes:
            rec.excluded.setdefault(other.id, (a.id, pos.turn))
    cause = Cause("action", a.id, a.name)
    env = r.env(pos, state)
    if a.project_turns:
        pos.projects.append(Project(state, a.id, a.name, pos.turn, pos.turn + a.project_turns))
        cause = Cause("project", a.id, f"{a.name} (project completed)")
    for e in a.effects:
        schedule_effect(r, pos, state, e, env, cause, extra_delay=a.project_turns)


def apply_answer(r: Rules, pos: Position, state: str, did: str, oid: str, ladder_lines: list[str]) -> str:
    q = next(q for q in pos.records[state].decisions if q.id == did)
    label, effects, cost = decision_option(r, pos, state, did, oid)  # type: ignore[misc]
    cause = Cause("answer", did, label)
    if cost.money:
        r.apply(pos, state, r.money, -cost.money, cause)
    env = r.env(pos, state)
    for e in effects:
        schedule_effect(r, pos, state, e, env, cause)
    title = r.events[q.source].name if q.kind == "event" else None
    if q.kind == "crisis":
        p = r.powers[q.source]
        lad = pos.ladders[(p.id, state)]
        rung = crisis_rung(r, pos, p.id, state)
        title = f"{r.name(p.id)}: {rung.name}"
        pmax = r.patience_max[p.id]
        if oid == "concede":
            lad.rung = max(0, lad.rung - 1)
            lad.patience = pmax
            ladder_lines.append(f"You conceded to {r.name(p.id)}: pressure eases to {rung_name(p, lad.rung)}.")
        elif oid == "compensate":
            lad.patience = r.patience_after_crisis(p.id, lad.climbs)
            ladder_lines.append(f"You compensated {r.name(p.id)}: pressure holds at '{rung.name}'.")
        else:
            chance = backdown_chance(r, rung)
            if pos.rng.ladders.random() < chance:
                lad.rung = max(0, lad.rung - 1)
                lad.patience = pmax
                bcause = Cause("backdown", p.id, f"{r.name(p.id)} backs down")
                for e in rung.stand_firm.backdown_effects:
                    schedule_effect(r, pos, state, e, env, bcause)
                ladder_lines.append(f"You stood firm and {r.name(p.id)} backed down "
                                    f"({chance:.0%} chance); it loses credibility.")
            else:
                lad.climb_next = True
                ladder_lines.append(f"You stood firm; {r.name(p.id)} did not back down "
                                    f"({1 - chance:.0%} chance) and escalates again.")
    return f"{title}: {label.split(': ', 1)[-1]}"


def late_note(r: Rules, pos: Position, effects, env) -> str:
    """What an answer brings after the last turn, which will not count: a sentence, or ""."""
    last = r.s.meta.turns
    late = [e for e in effects if pos.turn + e.delay + e.phase_in - 1 > last
            and r.view(e.target, r.amount(e, env)).favourable]
    if not late:
        return ""
    names = ", ".join(dict.fromkeys(r.name(e.target) for e in late))
    whole = all(pos.turn + e.delay > last for e in late)
    return (f"{'Its' if whole else 'Part of its'} gain in {names} comes after the last turn ({last}) and will "
            "not count.")


def too_late(r: Rules, pos: Position, state: str, action,
             env: dict[str, float] | None = None) -> tuple[str, bool] | None:
    """Why (some of) what `action` brings would come after the last turn if ordered now: a sentence
    for the player, and whether none of it would count; None when it all counts. A repayment due
    after the end is no loss."""
    last = r.s.meta.turns
    if action.project_turns and pos.turn + action.project_turns > last:
        return (f"'{r.name(action.id)}' takes {action.project_turns} turns: it would be finished after the last "
                f"turn ({last}) and bring nothing in this game.", True)
    late = [e for e in action.effects if pos.turn + (action.project_turns or 0) + e.delay + e.phase_in - 1 > last]
    env = env if env is not None else r.env(pos, state)
    if any(r.view(e.target, r.amount(e, env)).favourable for e in late):
        return f"Part of what '{r.name(action.id)}' brings comes after the last turn ({last}) and will not count.", False
    return None
