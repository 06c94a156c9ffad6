"""The forecast: this turn itself, resolved on copies of the position.

Each sample is a copy of the position with random streams of its own (never the game's, so a
forecast reveals none of the dice the turn will roll), on which the other states' orders are
chosen by their policies and the whole turn is resolved by game.engine.turn: the powers' replies
in their real order, answers, ladders, scheduled effects, links, drift, the market. What is the
same in every sample is certain; the rest is shown as an expected value with a 10-90 % range,
and each power's reply with the mean of the odds it was really drawn with.
"""
from __future__ import annotations

from typing import Callable, Iterator, Sequence

import numpy as np

from .orders import decision_option, order_costs, order_problems, too_late
from .policies import Policy
from .position import Position, Streams
from .rules import Rules
from .turn import Outcome, active_states, resolve_turn
from .views import LikelyResponse, Orders, PressureAfter, Preview, PreviewLine

DEFAULT_SAMPLES = 200
OTHERS_DRAWS = 8
"""How many times the other states' orders are drawn from their policies. They are chosen from the
same position whatever the player orders, so a few draws, shared by all samples, are enough."""


def forecast_streams(seed: int, turn: int, samples: int, salt: int = 0xF0CA57) -> list[Streams]:
    """Streams of copies that look ahead from a turn, apart from the game's (which spawn from the
    seed alone): the forecast's, or with another `salt` the adviser's, so each is its own."""
    seq = np.random.SeedSequence([int(seed) & 0xFFFFFFFF, int(turn), salt])
    return [Streams.single(s) for s in seq.spawn(samples)]


def legal_part(r: Rules, pos: Position, state: str, orders: Orders) -> tuple[Orders, list[str]]:
    """The orders without the actions that cannot be carried out (kept in the order given), and
    the names of those left out. Answers to questions that are not open are dropped too."""
    answers = {d: o for d, o in orders.answers.items() if decision_option(r, pos, state, d, o) is not None}
    kept: list[str] = []
    dropped: list[str] = []
    base = set(order_problems(r, pos, state, Orders((), answers)))
    for aid in orders.actions:
        trial = Orders(tuple(kept + [aid]), answers)
        if set(order_problems(r, pos, state, trial)) - base:
            dropped.append(r.name(aid))
        else:
            kept.append(aid)
    return Orders(tuple(kept), answers), dropped


def others_orders(r: Rules, pos: Position, state: str, policy_for: Callable[[str], Policy],
                  seed: int, draws: int = OTHERS_DRAWS) -> list[dict[str, Orders]]:
    """`draws` sets of orders for every other active state, each drawn by its policy."""
    others = [sid for sid in active_states(r, pos) if sid != state]
    if not others:
        return [{}]
    out = []
    for s in forecast_streams(seed ^ 0x07E5, pos.turn, draws):
        out.append({sid: policy_for(sid).orders(r, pos, sid, s.ai) for sid in others})
    return out


def sample_turns(r: Rules, pos: Position, state: str, orders: Orders, others: Sequence[dict[str, Orders]],
                 samples: int, seed: int) -> Iterator[tuple[Position, Outcome]]:
    """The turn resolved on `samples` copies of `pos`, each with streams of its own: `state` gives
    `orders` (legal ones), the other states the orders of `others` in turn. Yields each copy, as
    the turn left it, with the turn's outcome."""
    with r.remembering():
        for k, streams in enumerate(forecast_streams(seed, pos.turn, samples)):
            c = pos.copy(rng=streams)
            out = resolve_turn(r, c, {state: orders, **others[k % len(others)]})
            yield c, out


def forecast(r: Rules, pos: Position, state: str, orders: Orders, policy_for: Callable[[str], Policy],
             samples: int = DEFAULT_SAMPLES, seed: int = 0,
             others: Sequence[dict[str, Orders]] | None = None) -> Preview:
    """The forecast of `state`'s `orders` from `pos`, which it leaves untouched."""
    problems = order_problems(r, pos, state, orders)
    cap_used, money_used = order_costs(r, pos, state, orders)
    unanswered = tuple(q.id for q in pos.records[state].decisions if q.id not in orders.answers)
    money_left = pos.values[state][r.money] - money_used
    capital_left = r.states[state].capital - cap_used
    if pos.records[state].ending is not None or pos.turn > r.s.meta.turns:
        return Preview((), (), (), tuple(problems), capital_left, money_left, unanswered, 0)
    legal, dropped = legal_part(r, pos, state, orders)
    if others is None:
        others = others_orders(r, pos, state, policy_for, seed)
    samples = max(1, int(samples))
    shown = r.shown(state)
    deltas = np.zeros((samples, len(shown)))
    causes: dict[tuple[str, str], list[float]] = {}     # (indicator, text) -> amount in each sample
    odds: dict[tuple[str, str], float] = {}              # (power, response) -> summed probability
    climbs: dict[str, int] = {}
    reached: dict[str, dict[int, int]] = {}             # power -> rung it climbed to -> copies
    endings: dict[str, int] = {}
    final: dict[str, dict[int, int]] = {}               # power -> rung at the end of the turn -> copies
    later: dict[str, float] = {}
    before_scheduled = {id(x) for x in pos.scheduled}
    own = set(legal.actions) | set(legal.answers)
    for k, (c, out) in enumerate(sample_turns(r, pos, state, legal, others, samples, seed)):
        for j, ident in enumerate(shown):
            deltas[k, j] = r.get(c, state, ident) - r.get(pos, state, ident)
        seen: dict[tuple[str, str], float] = {}
        for start, end in out.settled:
            for ch in c.ledger[start:end]:
                if ch.state == state or (ch.state is None and (ch.cause.id in own or ch.cause.kind != "action")):
                    if ch.cause.kind != "backdown":
                        key = (ch.indicator, ch.cause.text)
                        seen[key] = seen.get(key, 0.0) + ch.amount
        for key in list(causes) + [key for key in seen if key not in causes]:   # a fixed order
            causes.setdefault(key, [0.0] * k).append(seen.get(key, 0.0))
        for p in r.s.powers:
            for cand in out.odds.get((p.id, state), ()):
                odds[(p.id, cand.response.id)] = odds.get((p.id, cand.response.id), 0.0) + cand.probability
            end_rung = c.ladders[(p.id, state)].rung
            final.setdefault(p.id, {})[end_rung] = final.setdefault(p.id, {}).get(end_rung, 0) + 1
            if (p.id, state) in out.climbed:
                climbs[p.id] = climbs.get(p.id, 0) + 1
                rung = c.ladders[(p.id, state)].rung   # where it stands after this turn's answers
                reached.setdefault(p.id, {})[rung] = reached.setdefault(p.id, {}).get(rung, 0) + 1
        if c.records[state].ending is not None:
            endings[c.records[state].ending] = endings.get(c.records[state].ending, 0) + 1
        if k == 0:
            for x in c.scheduled:
                if id(x) not in before_scheduled and x.state in (state, None) and x.cause.kind in ("action", "project", "answer") \
                        and x.cause.id in own:
                    later[x.target] = later.get(x.target, 0.0) + x.amount
    certain: dict[str, list[tuple[str, float]]] = {}
    for (ident, text), amounts in causes.items():
        if amounts and all(abs(a - amounts[0]) <= 1e-9 for a in amounts) and abs(amounts[0]) > 1e-12:
            certain.setdefault(ident, []).append((text, amounts[0]))
    lines = []
    low, high = np.percentile(deltas, [10, 90], axis=0) if samples > 1 else (deltas[0], deltas[0])
    mean = deltas.mean(axis=0)
    for j, ident in enumerate(shown):
        items = tuple(sorted(certain.get(ident, []), key=lambda x: (-abs(x[1]), x[0])))
        sure = sum(a for _, a in items)
        if not items and np.all(np.abs(deltas[:, j]) < 1e-12) and abs(later.get(ident, 0.0)) < 1e-12:
            continue
        lines.append(PreviewLine(ident, r.name(ident), sure, float(mean[j]), float(low[j]), float(high[j]),
                                 items, later.get(ident, 0.0)))
    likely: list[LikelyResponse] = []
    for p in r.s.powers:
        mine = sorted(((resp, odds.get((p.id, resp.id), 0.0) / samples) for resp in p.responses),
                      key=lambda x: -x[1])
        for resp, prob in mine[:3]:
            if prob > 0:
                likely.append(LikelyResponse(p.id, r.name(p.id), resp.id, resp.name, prob, resp.kind))
    warnings = _warnings(r, pos, state, legal, dropped, climbs, reached, endings, samples, mean, shown, later)
    pressure = []
    for p in r.s.powers:   # where each ladder stands once the turn (answers, replies, climbs) is done
        rung, copies = max(final.get(p.id, {0: samples}).items(), key=lambda kv: (kv[1], -kv[0]))
        pressure.append(PressureAfter(p.id, pos.ladders[(p.id, state)].rung, rung,
                                      r.ladder(p).rungs[rung - 1].name if rung else "Calm", copies / samples))
    return Preview(tuple(lines), tuple(likely), tuple(warnings), tuple(problems), capital_left, money_left,
                   unanswered, samples, tuple(pressure))


def _warnings(r: Rules, pos: Position, state: str, legal: Orders, dropped: list[str], climbs: dict[str, int],
              reached: dict[str, dict[int, int]], endings: dict[str, int], samples: int, mean, shown: list[str],
              later: dict[str, float]) -> list[str]:
    out = []
    if dropped:
        out.append("Left out of this forecast, since the orders cannot include them: "
                   + ", ".join(f"'{n}'" for n in dropped) + ".")
    expected = {ident: mean[j] for j, ident in enumerate(shown)}
    for p in r.s.powers:
        lad = pos.ladders[(p.id, state)]
        rungs = r.ladder(p).rungs
        n = climbs.get(p.id, 0)
        threshold = r.threshold(p)
        rel = pos.values[state][p.relation]
        if n:
            # The rung most copies reached: this turn's answers may have moved the ladder first.
            rung = max(reached[p.id].items(), key=lambda kv: (kv[1], -kv[0]))[0]
            name = rungs[rung - 1].name
            top = rung == len(rungs) and lad.rung == len(rungs)
            verb = "keeps up" if top else "climbs to"
        if n and n == samples:
            out.append(f"{r.name(p.id)} {'will keep up' if top else 'will climb to'} '{name}' at the end of "
                       "this turn" + (f" unless relations rise above {threshold:g}." if not lad.climb_next else "."))
        elif n:
            out.append(f"{r.name(p.id)} {verb} '{name}' at the end of this turn in {n / samples:.0%} "
                       "of the outcomes.")
        elif rel >= threshold and rel + expected.get(p.relation, 0.0) < threshold:
            out.append(f"These orders push relations with {r.name(p.id)} below {threshold:g}: its patience "
                       "will start to drain.")
    for ending in r.s.scoring.endings:
        n = endings.get(ending.id, 0)
        if n:
            share = "in every outcome" if n == samples else f"in {n / samples:.0%} of the outcomes"
            out.append(f"'{ending.name}' ends your game at the end of this turn {share}.")
    last = r.s.meta.turns
    if pos.turn == last and any(abs(v) > 1e-9 for v in later.values()):
        out.append("This is the last turn: effects due in later turns will not count.")
    for aid in legal.actions:  # what cannot arrive in time should not surprise the player
        late = too_late(r, pos, state, r.actions[aid])
        if late:
            out.append(late[0])
    return out
