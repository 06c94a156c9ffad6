"""Who decides for a state: policies, plain objects behind one interface.

A policy has a `name` and one method, `orders(rules, position, state, rng)`, which returns the
state's `Orders` for the turn. It reads the position through the same functions the game uses
(game.engine.orders), may copy the position to look ahead, and must not change it; any chance it
needs comes from `rng`. The built-in ones:

- `Adviser`: the built-in adviser. For each available action it estimates how the state's payoff
  (the scenario's score axes) would move over the turns that remain: the action's effects (delayed
  ones discounted, projects counted only if they finish in time), the revenue new capacity would
  earn at today's price beside the capacity already being built, what the action unlocks (valued
  in the world the action makes), and the risk of pushing a power's patience toward
  its next rung. It then takes the best actions that fit the budget.
  Given another `goal` it plays for that instead of the score (for analysis: `hedge` keeps every
  relation level, `revenue` is greedy for money, `value_chain` rushes up the chain); given `lean`,
  it deals only with that power (and neutral partners) and concedes to its crises.
- `Priorities`: takes actions in a fixed order of priority whenever they are open and affordable
  (one list, or one per turn): the scenario's named strategies and the recipes analysis searches.
- `RandomPlayer`: picks at random among what is allowed, the baseline the adviser must beat.
- `Planner` (game.engine.planner): the strong adviser, which plays the quick adviser's orders and
  alternatives to them out on copies of the position and keeps the best.
- `Idle`: takes no action and gives the first answer it may to every question.
- `Scripted`: plays given orders turn by turn (tests, replays of a class).
"""
from __future__ import annotations

from typing import Mapping, Protocol, runtime_checkable

import numpy as np

from . import market as mk
from .conditions import Facts, all_hold, flatten, nearness
from .orders import action_status, capital, crisis_rung, decisions, money, order_problems
from .position import Position
from .rules import Rules
from .views import Decision, Orders

HORIZON = 8
"""Turns ahead the quick adviser counts an action's gain per turn over."""
DISCOUNT = 0.9
"""Weight of a gain one turn later than now."""
REVENUE_SHARE = 0.5
"""Share of the revenue new capacity would earn at today's price that the adviser counts on."""
UNLOCK_SHARE = 0.5
"""Share of a locked action's value credited to the action that would unlock it."""


@runtime_checkable
class Policy(Protocol):
    """Decides a state's orders for one turn."""

    name: str

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders: ...


def checked(policy: Policy, r: Rules, pos: Position, state: str, orders: Orders) -> list[str]:
    """The problems of a policy's orders: none for a policy that vouches for its own (`legal`),
    else the full check."""
    return [] if getattr(policy, "legal", False) else order_problems(r, pos, state, orders)


GOALS = ("score", "hedge", "revenue", "value_chain")
"""What an adviser may play for: the scenario's score, or (for analysis) a narrower aim."""

HEDGE_WEIGHT = 0.1
"""Points per turn a hedging adviser gives up for each point between its best and worst relation."""


def _goal_terms(r: Rules, goal: str) -> list[tuple[float, object, frozenset[str]]]:
    """The goal as weighted terms (weight, function of the values, what it reads directly)."""
    def make():
        axes = [(a.weight, r.scenario.formula(a.formula), frozenset(r.scenario.formula(a.formula).names))
                for a in r.s.scoring.axes]
        m = r.s.market
        if goal == "score":
            return axes
        if goal == "hedge":
            rels = tuple(p.relation for p in r.s.powers)
            return axes + [(HEDGE_WEIGHT, lambda env: -(max(env[x] for x in rels) - min(env[x] for x in rels))
                            if rels else 0.0, frozenset(rels))]
        if goal == "revenue":
            return [(1.0, lambda env: env[m.revenue_to], frozenset({m.revenue_to}))]
        if goal == "value_chain":
            caps = tuple((st.capacity, st.value) for st in m.stages)
            top = max(v for _, v in caps)
            terms = [(1.0, lambda env: sum(env[c] * v for c, v in caps) / top, frozenset(c for c, _ in caps))]
            if m.value_added:
                terms.append((0.1, lambda env: env[m.value_added], frozenset({m.value_added})))
            return terms
        raise ValueError(f"unknown goal '{goal}' (choose {', '.join(GOALS)})")
    return r.table(("goal", goal), make)


def payoff(r: Rules, env: dict[str, float], goal: str = "score") -> float:
    """What the state plays for, per turn, for a set of values (by default its score: the
    weighted sum of the axes)."""
    total = 0.0
    for weight, f, _ in _goal_terms(r, goal):
        total += weight * f(env)  # type: ignore[operator]
    return total


def _remaining(r: Rules, pos: Position) -> int:
    return r.s.meta.turns - pos.turn + 1


class _Appraisal:
    """The state's payoff and ending risk for hypothetical values that differ from `env` in a few
    indicators (`changed`): only the score axes and endings that read them are computed again, the
    others keep their value for `env`, so the sums are the very sums computed in full."""

    def __init__(self, r: Rules, pos: Position, env: dict[str, float], goal: str, state: str):
        self.r, self.pos, self.env = r, pos, env
        # Capacity already on its way (projects under way, effects scheduled): new capacity is
        # valued as it will work beside it, so a plant ordered while the mine it needs is still
        # being built is worth what the two will earn together.
        m = r.s.market
        caps = {st.capacity for st in m.stages}
        coming = {c: 0.0 for c in caps}
        for sch in pos.scheduled:
            if sch.state == state and sch.target in caps:
                coming[sch.target] += sch.amount
        self.caps_coming = [coming[st.capacity] for st in m.stages]
        reads = r.table(("adviser reads", goal), lambda: _reads(r, goal))
        self.axis_reads, self.ending_reads = reads
        self.axes = [(weight, f) for weight, f, _ in _goal_terms(r, goal)]
        self.axis_now = [f(env) for _, f in self.axes]
        self.base = self.payoff(env, frozenset())
        self.endings = [e for e in r.s.scoring.endings if e.kind == "loss"]
        self.closeness_now = [self._closeness(e, env) for e in self.endings]
        self.remaining = _remaining(r, pos)
        self.base_risk = self.ending_risk(env, frozenset())

    def payoff(self, hyp: dict[str, float], changed) -> float:
        total = 0.0
        for (weight, f), now, reads in zip(self.axes, self.axis_now, self.axis_reads):
            total += weight * (f(hyp) if reads & changed else now)
        return total

    def _closeness(self, ending, values) -> float:
        return min((nearness(c, values, self.r.indicators) for c in ending.when), default=0.0)

    def ending_risk(self, hyp: dict[str, float], changed) -> float:
        """Points at stake in loss endings, weighted by how close `hyp` is to each (0 far, 1 there)."""
        risk = 0.0
        for ending, now in zip(self.endings, self.closeness_now):
            closeness = self._closeness(ending, hyp) if self.ending_reads[ending.id] & changed else now
            # Losing early forfeits the remaining turns' points as well as the ending's own score.
            risk += closeness ** 2 * (abs(ending.score) + self.remaining)
        return risk

    def hypothesis(self, effects, extra_delay: int, money_cost: float = 0.0) -> tuple[dict[str, float], set[str]]:
        """Values after the effects, delayed parts discounted and ones landing after the end
        dropped, with the indicators that may differ from `env`."""
        r, env = self.r, self.env
        remaining = self.remaining
        hyp = dict(env)
        changed: set[str] = set()
        if money_cost:
            hyp[r.money] = hyp[r.money] - money_cost
            changed.add(r.money)
        for e in effects:
            amount = r.amount(e, env)
            landed = 0.0
            for k in range(e.phase_in):
                delay = extra_delay + e.delay + k
                if delay < remaining:
                    landed += amount / e.phase_in * DISCOUNT ** delay
            ind = r.indicators[e.target]
            hyp[e.target] = min(ind.max, max(ind.min, hyp[e.target] + landed))
            changed.add(e.target)
        # New capacity earns revenue each remaining turn: count it as money the state will have.
        m = r.s.market
        caps0 = [env[st.capacity] + c for st, c in zip(m.stages, self.caps_coming)]
        caps1 = [hyp[st.capacity] + c for st, c in zip(m.stages, self.caps_coming)]
        if caps0 != caps1:
            price = env[m.price]
            r0, share0 = mk.revenue(m, caps0, price, r.s.meta.turn_months)
            r1, share1 = mk.revenue(m, caps1, price, r.s.meta.turn_months)
            turns_earning = max(0, remaining - extra_delay - 1)
            hyp[m.revenue_to] = hyp[m.revenue_to] + (r1 - r0) * turns_earning * REVENUE_SHARE
            changed.add(m.revenue_to)
            if m.value_added:
                ind = r.indicators[m.value_added]
                hyp[m.value_added] = min(ind.max, max(ind.min, env[m.value_added] + share1 - share0))
                changed.add(m.value_added)
        touched = r.affected_derived(changed)
        r.refresh_env_derived(hyp, touched)
        changed.update(ind.id for ind in touched)
        return hyp, changed

    def value(self, effects, extra_delay: int, money_cost: float = 0.0) -> float:
        """How much the state's payoff per turn would move."""
        hyp, changed = self.hypothesis(effects, extra_delay, money_cost)
        return self.payoff(hyp, changed) - self.base


def _reads(r: Rules, goal: str) -> tuple[list[frozenset[str]], dict[str, frozenset[str]]]:
    """What each term of the goal and each ending reads, through derived indicators."""
    def closure(names) -> frozenset[str]:
        out = set(names)
        for n in names:
            out |= r.derived_reads.get(n, frozenset())
        return frozenset(out)

    axes = [closure(names) for _, _, names in _goal_terms(r, goal)]
    endings = {e.id: closure({c.indicator for c in flatten(e.when) if c.indicator}) for e in r.s.scoring.endings}
    return axes, endings


def _rung_losses(r: Rules, pos: Position, state: str, env: dict[str, float],
                 base_value: float, goal: str) -> dict[str, float]:
    """What each power's next rung would cost the state over the horizon, from today's values."""
    losses = {}
    for p in r.s.powers:
        lad = pos.ladders[(p.id, state)]
        if lad.rung >= len(r.ladder(p).rungs):
            continue
        hyp = dict(env)
        for e in r.ladder(p).rungs[lad.rung].effects:
            ind = r.indicators[e.target]
            hyp[e.target] = min(ind.max, max(ind.min, hyp[e.target] + r.amount(e, env)))
        r.refresh_env_derived(hyp)
        losses[p.id] = max(0.0, base_value - payoff(r, hyp, goal)) * HORIZON
    return losses


def _ladder_risk(r: Rules, pos: Position, state: str, env: dict[str, float], losses: dict[str, float]) -> float:
    """Expected payoff lost to the powers whose patience drains with relations as in `env`."""
    risk = 0.0
    for p in r.s.powers:
        if p.id in losses and env[p.relation] < r.threshold(p):
            risk += losses[p.id] / max(1, pos.ladders[(p.id, state)].patience)
    return risk


def action_values(r: Rules, pos: Position, state: str, options: list[tuple],
                  goal: str = "score") -> dict[str, float]:
    """Estimated payoff of each visible action (`options` as given by orders.action_status)."""
    env = r.env(pos, state)
    ap = _Appraisal(r, pos, env, goal, state)
    base = ap.base
    horizon = min(HORIZON, ap.remaining)
    losses = _rung_losses(r, pos, state, env, base, goal)
    base_risk = _ladder_risk(r, pos, state, env, losses) + ap.base_risk
    values: dict[str, float] = {}
    hyps: dict[str, dict[str, float]] = {}
    for a, reason in options:
        if reason is not None:
            continue
        hyp, changed = ap.hypothesis(a.effects, a.project_turns, a.cost.money)
        hyps[a.id] = hyp
        gain = (ap.payoff(hyp, changed) - base) * horizon
        risk = _ladder_risk(r, pos, state, hyp, losses) + ap.ending_risk(hyp, changed) - base_risk
        values[a.id] = gain - risk
    # What an action unlocks: a locked action whose requirements it would meet.
    locked = [a for a, reason in options if reason is not None and
              any(req.reason == reason for req in a.available_when)]
    # It is valued in the world the unlocking action makes (a separation plant is worth little
    # beside no mine, and much beside the mine that unlocks it).
    taken = set(pos.records[state].taken)
    for a_id in list(values):
        facts = Facts(hyps[a_id], taken | {a_id}, lambda q: pos.ladders[(q, state)].rung, pos.turn,
                      r.building(pos, state, [a_id]))
        opened = [b for b in locked if all_hold(b.available_when, facts)]
        if opened:
            after = _Appraisal(r, pos, hyps[a_id], goal, state)
            delay = r.actions[a_id].project_turns + 1
            bonus = max(after.value(b.effects, b.project_turns + delay, b.cost.money) for b in opened)
            values[a_id] += UNLOCK_SHARE * max(0.0, bonus) * horizon
    return values


def choose_answer(r: Rules, pos: Position, state: str, d: Decision, capital_left: int | None = None,
                  money_left: float | None = None, goal: str = "score") -> str:
    """The best answer to a decision that fits the capital and money still free (if given)."""
    env = r.env(pos, state)
    ap = _Appraisal(r, pos, env, goal, state)
    horizon = min(HORIZON, ap.remaining)
    best, best_v = None, -float("inf")
    for o in d.options:
        if not o.available:
            continue
        if capital_left is not None and o.cost.capital > capital_left:
            continue
        if money_left is not None and o.cost.money > 0 and o.cost.money > money_left + 1e-9:
            continue
        if d.kind == "event":
            ev = r.events[d.source]
            effects = next(c for c in ev.choices if c.id == o.id).effects
            v = ap.value(effects, 0, o.cost.money) * horizon
        else:
            p = r.powers[d.source]
            rung = crisis_rung(r, pos, p.id, state)
            opt = getattr(rung, o.id)
            v = ap.value(opt.effects, 0, o.cost.money) * horizon
            lad = pos.ladders[(p.id, state)]
            nxt = r.ladder(p).rungs[lad.rung] if lad.rung < len(r.ladder(p).rungs) else rung
            threat = ap.value(nxt.effects, 1) * horizon
            if o.id == "stand_firm":
                chance = min(1.0, rung.stand_firm.backdown * r.difficulty.backdown)
                back = ap.value(rung.stand_firm.backdown_effects, 0) * horizon
                v += chance * back + (1 - chance) * threat
            elif o.id == "compensate":
                v += 0.3 * threat  # the pressure stays, so a later climb remains possible
        hyp, changed = ap.hypothesis([], 0, o.cost.money)
        v -= ap.ending_risk(hyp, changed) - ap.base_risk
        if v > best_v:
            best, best_v = o.id, v
    if best is None:  # nothing fits: the cheapest available answer
        avail = [o for o in d.options if o.available] or list(d.options)
        best = min(avail, key=lambda o: (o.cost.capital, o.cost.money)).id
    return best


def _fits(o, cap: int, cash: float) -> bool:
    return o.available and o.cost.capital <= cap and not (o.cost.money > 0 and o.cost.money > cash + 1e-9)


class Adviser:
    """The built-in adviser (see the module's docstring)."""

    legal = True   # it checks its own orders (and falls back to answers alone)

    def __init__(self, goal: str = "score", lean: str | None = None):
        if goal not in GOALS:
            raise ValueError(f"unknown goal '{goal}' (choose {', '.join(GOALS)})")
        self.goal, self.lean = goal, lean
        self.name = f"lean:{lean}" if lean else ("adviser" if goal == "score" else goal)

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders:
        cap, cash = capital(r, state), money(r, pos, state)
        answers: dict[str, str] = {}
        for d in decisions(r, pos, state):
            concede = next((o for o in d.options if o.id == "concede"), None) \
                if self.lean and d.kind == "crisis" and d.source == self.lean else None
            if concede is not None and _fits(concede, cap, cash):
                answers[d.id] = "concede"
            else:
                answers[d.id] = choose_answer(r, pos, state, d, cap, cash, self.goal)
            chosen_opt = next(o for o in d.options if o.id == answers[d.id])
            cap -= chosen_opt.cost.capital
            cash -= chosen_opt.cost.money
        options = action_status(r, pos, state)
        if self.lean:
            options = [(a, reason) for a, reason in options if a.with_power in (None, self.lean)]
        values = action_values(r, pos, state, options, self.goal)
        noise = rng.gumbel(size=len(options)) * 0.05
        ranked = sorted(((values[a.id] + n, i, a) for i, ((a, reason), n) in enumerate(zip(options, noise))
                         if reason is None), key=lambda t: (-t[0], t[1]))
        chosen: list[str] = []
        closed: set[str] = set()
        for value, _, a in ranked:
            if value <= 0:
                break
            if a.id in closed or a.cost.capital > cap or (a.cost.money > 0 and a.cost.money > cash + 1e-9):
                continue
            chosen.append(a.id)
            cap -= a.cost.capital
            cash -= a.cost.money
            closed.update(r.closes[a.id])
        orders = Orders(tuple(chosen), answers)
        if order_problems(r, pos, state, orders):  # a rule the shortcut above missed: play safe
            return Orders((), answers)
        return orders


class Priorities:
    """Takes actions in a fixed order of priority: each turn, each listed action that is open
    and that the capital and money left allow, in order. `plan` is one list for every turn, or
    a list per turn (a fixed sequence). Questions listed in `answers` (an event id to a choice,
    a power id to its crisis answer) get that answer when it is open; the others the adviser's."""

    legal = True

    def __init__(self, plan: tuple[str, ...] | Mapping[int, tuple[str, ...]], answers: Mapping[str, str] | None = None,
                 name: str = "priorities"):
        self.plan = {int(t): tuple(a) for t, a in plan.items()} if isinstance(plan, Mapping) else tuple(plan)
        self.answers = dict(answers or {})
        self.name = name

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders:
        cap, cash = capital(r, state), money(r, pos, state)
        answers: dict[str, str] = {}
        for d in decisions(r, pos, state):
            wanted = self.answers.get(d.source) if d.kind in ("event", "crisis") else None
            option = next((o for o in d.options if o.id == wanted), None)
            answers[d.id] = option.id if option is not None and _fits(option, cap, cash) else \
                choose_answer(r, pos, state, d, cap, cash)
            chosen_opt = next(o for o in d.options if o.id == answers[d.id])
            cap -= chosen_opt.cost.capital
            cash -= chosen_opt.cost.money
        wanted = self.plan.get(pos.turn, ()) if isinstance(self.plan, dict) else self.plan
        if not wanted:
            return Orders((), answers)
        status = {a.id: (a, reason) for a, reason in action_status(r, pos, state)}
        chosen: list[str] = []
        closed: set[str] = set()
        for aid in wanted:
            if aid not in status or aid in chosen or aid in closed:
                continue
            a, reason = status[aid]
            if reason is not None or a.cost.capital > cap or (a.cost.money > 0 and a.cost.money > cash + 1e-9):
                continue
            chosen.append(aid)
            cap -= a.cost.capital
            cash -= a.cost.money
            closed.update(r.closes[aid])
        orders = Orders(tuple(chosen), answers)
        if order_problems(r, pos, state, orders):
            return Orders((), answers)
        return orders


def strategy(r: Rules, strategy_id: str) -> Priorities:
    """The scenario's named state strategy as a policy."""
    for st in r.s.strategies.states:
        if st.id == strategy_id:
            return Priorities(tuple(st.priorities), st.answers, name=f"strategy:{st.id}")
    raise ValueError(f"no state strategy '{strategy_id}' in the scenario")


class RandomPlayer:
    """A player who picks at random among what is allowed: the baseline the adviser must beat."""

    name = "random"
    legal = True   # each action is added only if the orders stay legal

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders:
        answers = {}
        for d in decisions(r, pos, state):
            avail = [o.id for o in d.options if o.available]
            answers[d.id] = avail[int(rng.integers(len(avail)))]
        options = [a for a, reason in action_status(r, pos, state) if reason is None]
        order = rng.permutation(len(options))
        chosen: list[str] = []
        for i in order:
            if rng.random() < 0.5:
                trial = Orders(tuple(chosen + [options[i].id]), answers)
                if not order_problems(r, pos, state, trial):
                    chosen.append(options[i].id)
        return Orders(tuple(chosen), answers)


def first_answers(r: Rules, pos: Position, state: str) -> dict[str, str]:
    """The first answer open to each of the state's questions."""
    return {d.id: next(o.id for o in d.options if o.available) for d in decisions(r, pos, state)}


class Idle:
    """Takes no action; answers each question with the first answer open to it."""

    name = "nothing"
    legal = True

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders:
        return Orders((), first_answers(r, pos, state))


class Scripted:
    """Plays the actions given for each turn (nothing on other turns). Answers come from
    `answers` (question id to answer) when given there, else the first answer open."""

    def __init__(self, actions_by_turn: Mapping[int, tuple[str, ...] | list[str]],
                 answers: Mapping[str, str] | None = None, name: str = "scripted"):
        self.actions_by_turn = {int(t): tuple(a) for t, a in actions_by_turn.items()}
        self.answers = dict(answers or {})
        self.name = name

    def orders(self, r: Rules, pos: Position, state: str, rng: np.random.Generator) -> Orders:
        answers = first_answers(r, pos, state)
        answers.update({k: v for k, v in self.answers.items() if k in answers})
        return Orders(self.actions_by_turn.get(pos.turn, ()), answers)


POLICIES: dict[str, type] = {"adviser": Adviser, "random": RandomPlayer, "nothing": Idle}
"""The built-in policies by name, for the command line and the tools that compare them."""


def policy(name: str) -> Policy:
    """A built-in policy by name: adviser, random, nothing, planner (the strong adviser, which
    looks ahead: game.engine.planner), or an adviser with another goal
    (hedge, revenue, value_chain) or leaning toward a power (lean:POWER). ValueError naming the
    choices otherwise."""
    if name in POLICIES:
        return POLICIES[name]()
    if name == "planner":
        from .planner import Planner   # it builds on this module's adviser

        return Planner()
    if name in GOALS:
        return Adviser(goal=name)
    if name.startswith("lean:") and len(name) > 5:
        return Adviser(lean=name[5:])
    raise ValueError(f"unknown policy '{name}' (choose {', '.join(list(POLICIES) + ['planner'] + list(GOALS[1:]))}, "
                     "or lean:POWER)")
