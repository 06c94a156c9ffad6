"""The powers: choosing responses by payoff with a seeded softmax, and the pressure ladders.

A mixin of `Game` (game.engine.game); it reads and writes the game's state through `self`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from game.scenario.model import Power, Response, Rung

from .conditions import Facts, all_hold
from .views import CostView, Decision, DecisionOption, ResponseReport, signed
from .world import Cause


@dataclass
class LadderState:
    """One power's pressure toward one state: its rung (0 = calm) and remaining patience."""

    rung: int = 0
    patience: int = 3
    climb_next: bool = False


@dataclass(frozen=True)
class Candidate:
    """A response a power considers toward a state, with its score broken down."""

    response: Response
    payoff: float
    appeal: float
    score: float
    probability: float


class PowerRules:
    """How powers pick responses and climb (or descend) their pressure ladders."""

    def _power_payoff(self, p: Power, env: Mapping[str, float]) -> float:
        v = sum(wt * env.get(k, 0.0) for k, wt in p.payoff.weights.items())
        if p.payoff.formula:
            v += self.scenario.formula(p.payoff.formula)(env)
        return v

    def _refresh_env_derived(self, env: dict[str, float]) -> None:
        for ind in self.world.derived:
            env[ind.id] = min(ind.max, max(ind.min, self.scenario.formula(ind.derived)(env)))  # type: ignore[arg-type]

    def _candidates(self, p: Power, state: str, env: Mapping[str, float], taken: set[str],
                    building: frozenset[str] | None = None) -> list[Candidate]:
        """Every response `p` may make toward `state` now, scored by its payoff, with softmax odds.
        `taken` and `building` may include this turn's orders (the preview passes them)."""
        if building is None:
            building = self._building(state)
        facts = Facts(env, taken, lambda q, s=state: self.ladders[(q, s)].rung, self.turn, building)
        rec = self.records[state]
        base = self._power_payoff(p, env)
        scored: list[tuple[Response, float, float]] = []
        for r in p.responses:
            if r.cooldown and (p.id, r.id) in rec.cooldowns and self.turn - rec.cooldowns[(p.id, r.id)] <= r.cooldown:
                continue
            if not all_hold(r.when, facts):
                continue
            hyp = dict(env)
            for e in r.effects:
                ind = self.world.indicators[e.target]
                total = self._amount(e, env)
                hyp[e.target] = min(ind.max, max(ind.min, hyp[e.target] + total))
            self._refresh_env_derived(hyp)
            gain = self._power_payoff(p, hyp) - base
            appeal = r.bias + (self.scenario.formula(r.appeal)(env) if r.appeal else 0.0)
            scored.append((r, gain, appeal))
        if not scored:
            return []
        temp = p.temperature * self.difficulty.temperature
        top = max(g + a for _, g, a in scored)
        weights = [math.exp((g + a - top) / temp) for _, g, a in scored]
        total = sum(weights)
        return [Candidate(r, g, a, g + a, wt / total) for (r, g, a), wt in zip(scored, weights)]

    def _power_responds(self, p: Power, state: str) -> ResponseReport | None:
        env = self.world.env(state)
        cands = self._candidates(p, state, env, set(self.records[state].taken))
        if not cands:
            return None
        x = self.rng_powers.random()
        acc = 0.0
        chosen = cands[-1]
        for c in cands:
            acc += c.probability
            if x < acc:
                chosen = c
                break
        r = chosen.response
        rec = self.records[state]
        rec.cooldowns[(p.id, r.id)] = self.turn
        rec.last_responses[p.id] = r.name
        for aid in r.offers:
            rec.offers[aid] = (p.id, self.turn + r.offer_turns)
            rec.news.append(f"{self.name(p.id)} offers: {self.name(aid)} (open for {r.offer_turns} "
                            f"turn{'s' if r.offer_turns != 1 else ''}).")
        cause = Cause("response", f"{p.id}.{r.id}", f"{self.name(p.id)}: {r.name}")
        for e in r.effects:
            self._schedule_effect(state, e, env, cause)
        best = max(cands, key=lambda c: c.score)
        why = (f"{chosen.probability:.0%} likely: it rated this reply {signed(chosen.payoff, 1)} for its "
               f"interests and {signed(chosen.appeal, 1)} for the circumstances")
        if best is not chosen:
            why += (f"; its best-scored reply was '{best.response.name}' ({best.probability:.0%}), but it "
                    "chooses by weighted chance")
        return ResponseReport(p.id, self.name(p.id), r.id, r.name, r.kind, r.description,
                              chosen.probability, why)

    def _ladder_step(self, p: Power, state: str) -> str | None:
        lad = self.ladders[(p.id, state)]
        lp = p.ladder
        rel = self.world.values[state][p.relation]
        pmax = self.patience_max[p.id]
        climb = False
        why = ""
        if lad.climb_next:
            lad.climb_next = False
            climb, why = True, "you stood firm and it did not back down"
        elif rel < self.threshold(p):
            lad.patience -= 1
            if lad.patience <= 0:
                climb, why = True, f"relations stayed below {self.threshold(p):g} until its patience ran out"
        else:
            lad.patience = min(pmax, lad.patience + 1)
        if not climb and lp.accident_from is not None and lad.rung >= lp.accident_from:
            if self.rng_ladders.random() < lp.accident_chance:
                climb, why = True, "escalation by accident: hardliners moved on their own"
        if not climb:
            if rel < self.threshold(p) and lad.patience <= lp.warning and lad.rung < len(lp.rungs):
                self.records[state].news.append(
                    f"Warning: {self.name(p.id)}'s patience is nearly gone; next: "
                    f"'{lp.rungs[lad.rung].name}'.")
            return None
        lad.patience = pmax
        at_top = lad.rung >= len(lp.rungs)
        if not at_top:
            lad.rung += 1
        rung = lp.rungs[lad.rung - 1]
        cause = Cause("ladder", f"{p.id}.{rung.id}", f"{self.name(p.id)}: {rung.name}")
        env = self.world.env(state)
        for e in rung.effects:
            self._schedule_effect(state, e, env, cause)
        self.records[state].decisions.append(self._crisis_decision(p, state, rung))
        if at_top:  # nothing higher to climb to: the harshest measure is applied again
            return f"{self.name(p.id)} keeps up '{rung.name}', its harshest measure: {why}."
        return f"{self.name(p.id)} escalated to '{rung.name}' (rung {lad.rung}): {why}."

    def _crisis_decision(self, p: Power, state: str, rung: Rung) -> Decision:
        lad = self.ladders[(p.id, state)]
        nxt = p.ladder.rungs[lad.rung] if lad.rung < len(p.ladder.rungs) else rung
        nxt_text = "; ".join(e.text() for e in self._effect_views(state, nxt.effects)) or "no further effects"
        chance = min(1.0, rung.stand_firm.backdown * self.difficulty.backdown)
        opts = []
        for oid, label in (("concede", "Concede"), ("compensate", "Compensate"), ("stand_firm", "Stand firm")):
            o = getattr(rung, oid)
            note = ""
            if oid == "stand_firm":
                verb = "keeps up" if nxt is rung else "climbs to"
                note = f"{chance:.0%} chance it backs down; otherwise it {verb} '{nxt.name}': {nxt_text}"
            elif oid == "concede":
                note = f"Pressure steps down to {self._rung_name(p, lad.rung - 1)}."
            else:
                note = f"Pressure holds at '{rung.name}' and its patience refills."
            opts.append(DecisionOption(
                oid, label, o.description, CostView(o.cost.capital, o.cost.money),
                tuple(self._effect_views(state, o.effects)), True, None, note,
                chance if oid == "stand_firm" else None,
                nxt.name if oid == "stand_firm" else None,
                tuple(self._effect_views(state, nxt.effects)) if oid == "stand_firm" else ()))
        opts = self._mark_affordable(state, opts)
        return Decision(f"crisis_{p.id}", "crisis", p.id, f"{self.name(p.id)}: {rung.name}",
                        rung.description, tuple(opts))

    def _crisis_rung(self, power: Power, state: str) -> Rung:
        lad = self.ladders[(power.id, state)]
        return power.ladder.rungs[max(0, lad.rung - 1)]

    def _rung_name(self, p: Power, rung: int) -> str:
        return "calm" if rung == 0 else f"'{p.ladder.rungs[rung - 1].name}'"
