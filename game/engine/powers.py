"""The powers: choosing responses by payoff with a seeded softmax, and the pressure ladders.

Functions over the rules and a position (see docs/architecture.md, "Rules as phases").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from game.scenario.model import Power, Response

from .conditions import Facts, all_hold
from .orders import schedule_effect
from .position import Cause, Position, Question
from .rules import Rules
from .views import ResponseReport, signed


@dataclass(frozen=True)
class Candidate:
    """A response a power considers toward a state, with its score broken down."""

    response: Response
    payoff: float
    appeal: float
    score: float
    probability: float


def candidates(r: Rules, pos: Position, p: Power, state: str, env: Mapping[str, float],
               taken: set[str] | None = None, building: frozenset[str] | None = None) -> list[Candidate]:
    """Every response `p` may make toward `state` now, scored by its payoff, with softmax odds.

    A pure function of what it reads (the values, what the state has taken and is building, the
    rungs, the turn, the power's cooldowns), so while the rules remember (a forecast, whose copies
    mostly ask the same question) the result is kept for the same inputs."""
    rec = pos.records[state]
    if building is None:
        building = r.building(pos, state)
    if taken is None:
        taken = set(rec.taken)
    if r.memo is None:
        return _score_replies(r, pos, p, state, env, taken, building)
    key = ("replies", p.id, state, pos.turn, tuple(env.items()), frozenset(taken), building,
           tuple(pos.ladders[(q.id, state)].rung for q in r.s.powers),
           tuple(rec.cooldowns.get((p.id, resp.id)) for resp in p.responses if resp.cooldown))
    return r.remember(key, lambda: _score_replies(r, pos, p, state, env, taken, building))


def _closed_to(r: Rules, action_id: str, taken: set[str]) -> bool:
    """Whether a state that has taken `taken` can never take `action_id` again."""
    action = r.actions[action_id]
    return (action.once and action_id in taken) or any(action_id in r.closes[t] for t in taken if t in r.closes)


def _score_replies(r: Rules, pos: Position, p: Power, state: str, env: Mapping[str, float],
                   taken: set[str], building: frozenset[str]) -> list[Candidate]:
    rec = pos.records[state]
    facts = Facts(env, taken, lambda q, s=state: pos.ladders[(q, s)].rung, pos.turn, building)
    # The power values a reply by how its payoff would move: from the values as they stand, with
    # derived indicators brought up to date (they refresh later in the turn).
    now = dict(env)
    r.refresh_env_derived(now)
    base = r.payoff(p, now)
    reads = r.payoff_reads[p.id]
    scored: list[tuple[Response, float, float]] = []
    for resp in p.responses:
        if resp.cooldown and (p.id, resp.id) in rec.cooldowns and \
                pos.turn - rec.cooldowns[(p.id, resp.id)] <= resp.cooldown:
            continue
        if not all_hold(resp.when, facts):
            continue
        if resp.offers and all(_closed_to(r, aid, taken) for aid in resp.offers):
            continue   # a power does not offer what the state can no longer take
        targets = {e.target for e in resp.effects}
        touched = r.affected_derived(targets)
        gain = 0.0
        if reads & targets or any(ind.id in reads for ind in touched):
            hyp = dict(now)
            for e in resp.effects:
                ind = r.indicators[e.target]
                hyp[e.target] = min(ind.max, max(ind.min, hyp[e.target] + r.amount(e, env)))
            r.refresh_env_derived(hyp, touched)
            gain = r.payoff(p, hyp) - base
        appeal = resp.bias + (r.scenario.formula(resp.appeal)(env) if resp.appeal else 0.0)
        scored.append((resp, gain, appeal))
    if not scored:
        return []
    temp = p.temperature * r.difficulty.temperature
    top = max(g + a for _, g, a in scored)
    weights = [math.exp((g + a - top) / temp) for _, g, a in scored]
    total = sum(weights)
    return [Candidate(resp, g, a, g + a, wt / total) for (resp, g, a), wt in zip(scored, weights)]


@dataclass(frozen=True)
class Reply:
    """The reply a power drew toward a state, among the candidates it drew from."""

    power: str
    state: str
    chosen: Candidate
    candidates: tuple[Candidate, ...]

    @property
    def response(self) -> str:
        return self.chosen.response.id

    @property
    def probability(self) -> float:
        return self.chosen.probability

    def report(self, r: Rules) -> ResponseReport:
        """The reply in the player's words, with why it was chosen."""
        chosen, resp = self.chosen, self.chosen.response
        best = max(self.candidates, key=lambda c: c.score)
        # In words first, as a diplomat would put it; the numbers behind them last.
        if chosen.payoff > 0.05:
            motive = "it serves its interests"
        elif chosen.payoff < -0.05:
            motive = "it costs its interests something"
        else:
            motive = "it changes little for its interests"
        if chosen.appeal > 0.05:
            motive += ", and the moment favours it"
        elif chosen.appeal < -0.05:
            motive += ", though the moment argues against it"
        if best is chosen:
            odds = (f"its clear choice ({chosen.probability:.0%} likely)" if chosen.probability >= 0.6
                    else f"its likeliest reply ({chosen.probability:.0%})")
        else:
            odds = (f"a less likely reply ({chosen.probability:.0%}): its likeliest was '{best.response.name}' "
                    f"({best.probability:.0%}), but it chooses by weighted chance")
        why = (f"{motive[0].upper()}{motive[1:]}; {odds}. [interests {signed(chosen.payoff, 1)}, "
               f"circumstances {signed(chosen.appeal, 1)}]")
        return ResponseReport(self.power, r.name(self.power), resp.id, resp.name, resp.kind, resp.description,
                              chosen.probability, why)


def respond(r: Rules, pos: Position, p: Power, state: str) -> tuple[Reply | None, list[Candidate]]:
    """`p` answers what `state` has just done: one reply drawn by its odds, applied now.
    Returns the reply and the odds it was drawn with."""
    env = r.env(pos, state)
    cands = candidates(r, pos, p, state, env)
    if not cands:
        return None, cands
    x = pos.rng.powers.random()
    acc = 0.0
    chosen = cands[-1]
    for c in cands:
        acc += c.probability
        if x < acc:
            chosen = c
            break
    priorities = r.power_priorities.get(p.id)
    if priorities:  # a named strategy: its first reply the power may make, for sure
        ranked = [c for rid in priorities for c in cands if c.response.id == rid]
        if ranked:
            chosen = Candidate(ranked[0].response, ranked[0].payoff, ranked[0].appeal, ranked[0].score, 1.0)
            cands = [chosen] + [Candidate(c.response, c.payoff, c.appeal, c.score, 0.0)
                                for c in cands if c.response.id != chosen.response.id]
    resp = chosen.response
    rec = pos.records[state]
    rec.cooldowns[(p.id, resp.id)] = pos.turn
    rec.last_responses[p.id] = resp.name
    for aid in resp.offers:
        rec.offers[aid] = (p.id, pos.turn + resp.offer_turns)
        rec.news.append(f"{r.name(p.id)} offers: {r.name(aid)} (open for {resp.offer_turns} "
                        f"turn{'s' if resp.offer_turns != 1 else ''}).")
    cause = Cause("response", f"{p.id}.{resp.id}", f"{r.name(p.id)}: {resp.name}")
    for e in resp.effects:
        schedule_effect(r, pos, state, e, env, cause)
    return Reply(p.id, state, chosen, tuple(cands)), cands


def ladder_step(r: Rules, pos: Position, p: Power, state: str) -> str | None:
    """Patience drains or refills; at zero (or after a failed stand), pressure climbs a rung."""
    lad = pos.ladders[(p.id, state)]
    lp = r.ladder(p)
    rel = pos.values[state][p.relation]
    pmax = r.patience_max[p.id]
    threshold = r.threshold(p)
    climb = False
    why = ""
    if lad.climb_next:
        lad.climb_next = False
        climb, why = True, "you stood firm and it did not back down"
    elif rel < threshold:
        lad.patience -= 1
        if lad.patience <= 0:
            climb, why = True, f"relations stayed below {threshold:g} until its patience ran out"
    else:
        lad.patience = min(pmax, lad.patience + 1)
    if not climb and lp.accident_from is not None and lad.rung >= lp.accident_from:
        if pos.rng.ladders.random() < lp.accident_chance:
            climb, why = True, "escalation by accident: hardliners moved on their own"
    if not climb:
        if rel < threshold and lad.patience <= lp.warning and lad.rung < len(lp.rungs):
            pos.records[state].news.append(
                f"Warning: {r.name(p.id)}'s patience is nearly gone; next: '{lp.rungs[lad.rung].name}'.")
        return None
    lad.climbs += 1
    lad.patience = r.patience_after_crisis(p.id, lad.climbs)
    at_top = lad.rung >= len(lp.rungs)
    if not at_top:
        lad.rung += 1
    rung = lp.rungs[lad.rung - 1]
    cause = Cause("ladder", f"{p.id}.{rung.id}", f"{r.name(p.id)}: {rung.name}")
    env = r.env(pos, state)
    for e in rung.effects:
        schedule_effect(r, pos, state, e, env, cause)
    pos.records[state].decisions.append(Question(f"crisis_{p.id}", "crisis", p.id))
    memory = (f" It remembers: this is its {_ordinal(lad.climbs)} escalation against you, and its patience "
              f"now lasts {lad.patience} {'turn' if lad.patience == 1 else 'turns'}." if lad.climbs > 1 else "")
    if at_top:  # nothing higher to climb to: the harshest measure is applied again
        return f"{r.name(p.id)} keeps up '{rung.name}', its harshest measure: {why}.{memory}"
    return f"{r.name(p.id)} escalated to '{rung.name}' (rung {lad.rung}): {why}.{memory}"


def _ordinal(n: int) -> str:
    return {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}.get(n, f"{n}th")
