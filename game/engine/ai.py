"""The built-in player for states: a greedy adviser that reads the scenario's own score axes.

For each available action it estimates how the state's payoff (the scenario's score axes) would
move over the turns that remain: the action's effects (delayed ones discounted, projects counted
only if they finish in time), the revenue new capacity would earn at today's price, what the action
unlocks, and the risk of pushing a power's patience toward its next rung. It then takes the best
actions that fit the budget. `random_orders` is the baseline it must beat.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import market as mk
from .conditions import Facts, all_hold, nearness
from .views import Decision, Orders

if TYPE_CHECKING:
    from .game import Game

HORIZON = 8
DISCOUNT = 0.9


def payoff(game: "Game", env: dict[str, float]) -> float:
    """The state's score per turn for a set of values (weighted sum of the axes)."""
    total = 0.0
    for axis in game.s.scoring.axes:
        total += axis.weight * game.scenario.formula(axis.formula)(env)
    return total


def _remaining(game: "Game") -> int:
    return game.s.meta.turns - game.turn + 1


def _hypothesis(game: "Game", state: str, effects, extra_delay: int, env: dict[str, float],
                money_cost: float = 0.0) -> dict[str, float]:
    """Values after the effects, delayed parts discounted and ones landing after the end dropped."""
    remaining = _remaining(game)
    hyp = dict(env)
    w = game.world
    if money_cost:
        hyp[game.s.money] = hyp[game.s.money] - money_cost
    for e in effects:
        amount = game._amount(e, env)
        landed = 0.0
        for k in range(e.phase_in):
            delay = extra_delay + e.delay + k
            if delay < remaining:
                landed += amount / e.phase_in * DISCOUNT ** delay
        ind = w.indicators[e.target]
        hyp[e.target] = min(ind.max, max(ind.min, hyp[e.target] + landed))
    # New capacity earns revenue each remaining turn: count it as money the state will have.
    m = game.s.market
    caps0 = [env[st.capacity] for st in m.stages]
    caps1 = [hyp[st.capacity] for st in m.stages]
    if caps0 != caps1:
        price = env[m.price]
        r0, _ = mk.revenue(m, caps0, price, game.s.meta.turn_months)
        r1, share = mk.revenue(m, caps1, price, game.s.meta.turn_months)
        turns_earning = max(0, remaining - extra_delay - 1)
        hyp[m.revenue_to] = hyp[m.revenue_to] + (r1 - r0) * turns_earning * 0.5
        if m.value_added:
            hyp[m.value_added] = share
    game._refresh_env_derived(hyp)
    return hyp


def _rung_losses(game: "Game", state: str, env: dict[str, float], base_value: float) -> dict[str, float]:
    """What each power's next rung would cost the state over the horizon, from today's values."""
    losses = {}
    for p in game.s.powers:
        lad = game.ladders[(p.id, state)]
        if lad.rung >= len(p.ladder.rungs):
            continue
        hyp = dict(env)
        for e in p.ladder.rungs[lad.rung].effects:
            ind = game.world.indicators[e.target]
            hyp[e.target] = min(ind.max, max(ind.min, hyp[e.target] + game._amount(e, env)))
        game._refresh_env_derived(hyp)
        losses[p.id] = max(0.0, base_value - payoff(game, hyp)) * HORIZON
    return losses


def _ladder_risk(game: "Game", state: str, env: dict[str, float], losses: dict[str, float]) -> float:
    """Expected payoff lost to the powers whose patience drains with relations as in `env`."""
    risk = 0.0
    for p in game.s.powers:
        if p.id in losses and env[p.relation] < game.threshold(p):
            risk += losses[p.id] / max(1, game.ladders[(p.id, state)].patience)
    return risk


def _ending_risk(game: "Game", env: dict[str, float]) -> float:
    """Points at stake in loss endings, weighted by how close `env` is to each (0 far, 1 there)."""
    risk = 0.0
    remaining = _remaining(game)
    for ending in game.s.scoring.endings:
        if ending.kind != "loss":
            continue
        closeness = min((nearness(c, env, game.world.indicators) for c in ending.when), default=0.0)
        # Losing early forfeits the remaining turns' points as well as the ending's own score.
        risk += closeness ** 2 * (abs(ending.score) + remaining)
    return risk


def action_values(game: "Game", state: str, options: list[tuple]) -> dict[str, float]:
    """Estimated payoff of each visible action (`options` as given by Game.action_status)."""
    env = game.world.env(state)
    base = payoff(game, env)
    horizon = min(HORIZON, _remaining(game))
    losses = _rung_losses(game, state, env, base)
    base_risk = _ladder_risk(game, state, env, losses) + _ending_risk(game, env)
    values: dict[str, float] = {}
    hyps: dict[str, dict[str, float]] = {}
    for a, reason in options:
        if reason is not None:
            continue
        hyp = _hypothesis(game, state, a.effects, a.project_turns, env, a.cost.money)
        hyps[a.id] = hyp
        gain = (payoff(game, hyp) - base) * horizon
        risk = _ladder_risk(game, state, hyp, losses) + _ending_risk(game, hyp) - base_risk
        values[a.id] = gain - risk
    # What an action unlocks: a locked action whose requirements it would meet.
    locked = [a for a, reason in options if reason is not None and
              any(req.reason == reason for req in a.available_when)]
    locked_value = {b.id: 0.5 * (payoff(game, _hypothesis(game, state, b.effects, b.project_turns + 1,
                                                          env, b.cost.money)) - base) * horizon
                    for b in locked}
    taken = set(game.records[state].taken)
    for a_id in list(values):
        bonus = 0.0
        facts = Facts(hyps[a_id], taken | {a_id}, lambda q: game.ladders[(q, state)].rung, game.turn,
                      game._building(state, [a_id]))
        for b in locked:
            if locked_value[b.id] > bonus and all_hold(b.available_when, facts):
                bonus = locked_value[b.id]
        values[a_id] += bonus
    return values


def choose_answer(game: "Game", state: str, d: Decision, capital: int | None = None,
                  money: float | None = None) -> str:
    """The best answer to a decision that fits the capital and money still free (if given)."""
    env = game.world.env(state)
    base = payoff(game, env)
    horizon = min(HORIZON, _remaining(game))
    best, best_v = None, -float("inf")
    for o in d.options:
        if not o.available:
            continue
        if capital is not None and o.cost.capital > capital:
            continue
        if money is not None and o.cost.money > 0 and o.cost.money > money + 1e-9:
            continue
        if d.kind == "event":
            ev = next(e for e in game.s.events if e.id == d.source)
            effects = next(c for c in ev.choices if c.id == o.id).effects
            v = (payoff(game, _hypothesis(game, state, effects, 0, env, o.cost.money)) - base) * horizon
        else:
            p = game.powers[d.source]
            rung = game._crisis_rung(p, state)
            opt = getattr(rung, o.id)
            v = (payoff(game, _hypothesis(game, state, opt.effects, 0, env, o.cost.money)) - base) * horizon
            lad = game.ladders[(p.id, state)]
            nxt = p.ladder.rungs[lad.rung] if lad.rung < len(p.ladder.rungs) else rung
            threat = (payoff(game, _hypothesis(game, state, nxt.effects, 1, env)) - base) * horizon
            if o.id == "stand_firm":
                chance = min(1.0, rung.stand_firm.backdown * game.difficulty.backdown)
                back = (payoff(game, _hypothesis(game, state, rung.stand_firm.backdown_effects, 0, env))
                        - base) * horizon
                v += chance * back + (1 - chance) * threat
            elif o.id == "compensate":
                v += 0.3 * threat  # the pressure stays, so a later climb remains possible
        v -= _ending_risk(game, _hypothesis(game, state, [], 0, env, o.cost.money)) - _ending_risk(game, env)
        if v > best_v:
            best, best_v = o.id, v
    if best is None:  # nothing fits: the cheapest available answer
        avail = [o for o in d.options if o.available] or list(d.options)
        best = min(avail, key=lambda o: (o.cost.capital, o.cost.money)).id
    return best


def choose_orders(game: "Game", state: str, rng: np.random.Generator) -> Orders:
    """The built-in adviser's orders for `state` this turn."""
    capital, money = game.capital(state), game.world.values[state][game.s.money]
    answers: dict[str, str] = {}
    for d in game.decisions(state):
        answers[d.id] = choose_answer(game, state, d, capital, money)
        chosen_opt = next(o for o in d.options if o.id == answers[d.id])
        capital -= chosen_opt.cost.capital
        money -= chosen_opt.cost.money
    options = game.action_status(state)
    values = action_values(game, state, options)
    noise = rng.gumbel(size=len(options)) * 0.05
    ranked = sorted(((values[a.id] + n, i, a) for i, ((a, reason), n) in enumerate(zip(options, noise))
                     if reason is None), key=lambda t: (-t[0], t[1]))
    chosen: list[str] = []
    closed: set[str] = set()
    for value, _, a in ranked:
        if value <= 0:
            break
        if a.id in closed or a.cost.capital > capital or (a.cost.money > 0 and a.cost.money > money + 1e-9):
            continue
        chosen.append(a.id)
        capital -= a.cost.capital
        money -= a.cost.money
        closed.update(a.excludes)
        closed.update(b.id for b in game.s.actions if a.id in b.excludes)
    orders = Orders(tuple(chosen), answers)
    if game.check_orders(state, orders):  # a rule the shortcut above missed: play safe
        return Orders((), answers)
    return orders


def random_orders(game: "Game", state: str, rng: np.random.Generator) -> Orders:
    """A player who picks at random among what is allowed: the baseline the adviser must beat."""
    answers = {}
    for d in game.decisions(state):
        avail = [o.id for o in d.options if o.available]
        answers[d.id] = avail[int(rng.integers(len(avail)))]
    options = [a for a, reason in game.action_status(state) if reason is None]
    order = rng.permutation(len(options))
    chosen: list[str] = []
    for i in order:
        if rng.random() < 0.5:
            trial = Orders(tuple(chosen + [options[i].id]), answers)
            if not game.check_orders(state, trial):
                chosen.append(options[i].id)
    return Orders(tuple(chosen), answers)


def benchmark(game: "Game", state: str) -> float:
    """The adviser's score for `state` in a fresh game with the same scenario, seed and difficulty.

    The end screen compares the player's score with it.
    """
    from .game import Game

    twin = Game(game.scenario, game.seed, (), game.difficulty.name)
    while not twin.over:
        twin.resolve()
    return twin.score(state)["total"]
