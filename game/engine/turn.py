"""The turn: one function per phase over the rules and a position, in the order of
docs/architecture.md ("The turn"). This is the only implementation of the rules: the game, the
forecast, the adviser's look-ahead and batches of games all run these functions.

    pos = start(rules, seed)
    open_turn(rules, pos)                         # events are announced
    outcome = resolve_turn(rules, pos, orders)    # orders for every active state
    open_turn(rules, pos)                         # the next turn opens
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from game.scenario.model import Indicator

from . import market as mk
from .conditions import all_hold
from .events import announce
from .orders import apply_answer, in_question_order, pay, take_action
from .position import Cause, LadderState, Position, PositionError, StateRecord, Streams
from .powers import Candidate, Reply, ladder_step, respond
from .rules import Rules
from .views import Orders


@dataclass
class Outcome:
    """What a resolved turn did, beyond the changes in the ledger: the raw stuff of its report."""

    turn: int
    before: dict[str | None, dict[str, float]]      # values when the orders were given
    orders: dict[str, Orders]
    events: list[tuple[str, str | None]]
    answer_lines: dict[str, list[str]] = field(default_factory=dict)
    ladder_lines: dict[str, list[str]] = field(default_factory=dict)
    responses: dict[str, list[Reply]] = field(default_factory=dict)
    odds: dict[tuple[str, str], list[Candidate]] = field(default_factory=dict)  # (power, state)
    climbed: set[tuple[str, str]] = field(default_factory=set)                   # (power, state)
    score_turn: dict[str, float] = field(default_factory=dict)
    axis_points: dict[str, dict[str, float]] = field(default_factory=dict)  # state -> axis -> this turn's points
    market: str = ""
    # Ledger ranges (start, end) of the changes that no draw of this turn can alter: the orders
    # carried out (costs, answers, actions) and the effects decided on earlier turns that land now.
    settled: list[tuple[int, int]] = field(default_factory=list)


def start(r: Rules, seed: int | Streams) -> Position:
    """The position before the first turn opens."""
    values, world = r.start_values()
    ladders = {(p.id, sid): LadderState(0, r.patience_max[p.id]) for p in r.s.powers for sid in r.state_ids}
    streams = seed if isinstance(seed, Streams) else Streams.from_seed(seed)
    return Position(1, {s: dict(v) for s, v in values.items()}, dict(world), ladders,
                    {sid: StateRecord() for sid in r.state_ids}, [], [], {}, {}, [], streams, [])


def active_states(r: Rules, pos: Position) -> list[str]:
    return [sid for sid in r.state_ids if pos.records[sid].ending is None]


def is_over(r: Rules, pos: Position, players: Iterable[str] = ()) -> bool:
    """After the last turn, or once every player (every state, when none is human) has ended."""
    if pos.turn > r.s.meta.turns:
        return True
    return all(pos.records[sid].ending is not None for sid in (list(players) or r.state_ids))


def open_turn(r: Rules, pos: Position, players: Iterable[str] = ()) -> None:
    """Phase 1: the turn's dated, triggered and random events are announced."""
    if not is_over(r, pos, players):
        announce(r, pos)


def resolve_turn(r: Rules, pos: Position, orders: Mapping[str, Orders]) -> Outcome:
    """Phases 3-5: carry out `orders` (one for each active state; checked by the caller), let the
    powers answer, then apply everything else in the fixed order. Advances `pos` to the next turn
    (which the caller opens)."""
    t = pos.turn
    active = active_states(r, pos)
    out = Outcome(t, {None: dict(pos.world), **{sid: dict(v) for sid, v in pos.values.items()}},
                  {sid: orders[sid] for sid in active}, list(pos.events))
    for sid in r.state_ids:  # the player has read this turn's news; the next turn's begins
        pos.records[sid].news = []
    mark = _mark(pos)
    carry_out_orders(r, pos, active, out)
    out.settled.append((mark, _mark(pos)))
    powers_answer(r, pos, active, out)
    mark = _mark(pos)
    land_scheduled(r, pos)
    out.settled.append((mark, _mark(pos)))
    apply_links(r, pos, active)
    drift(r, pos, active)
    out.market = clear_market(r, pos, active)
    for sid in active:
        r.refresh_derived(pos, sid)
    climb_ladders(r, pos, active, out)
    for sid in active:
        out.score_turn[sid], out.axis_points[sid] = score_turn(r, pos, sid)
        check_endings(r, pos, sid)
    pos.turn += 1
    return out


def _mark(pos: Position) -> int:
    return len(pos.ledger) if pos.ledger is not None else 0


def carry_out_orders(r: Rules, pos: Position, active: list[str], out: Outcome) -> None:
    """4a-4c. Each state pays for its actions and answers its questions, then every state's
    actions are taken."""
    for sid in active:
        o = out.orders[sid]
        out.answer_lines[sid] = []
        out.ladder_lines[sid] = []
        pay(r, pos, sid, o)
        for did, oid in in_question_order(pos, sid, o.answers):
            out.answer_lines[sid].append(apply_answer(r, pos, sid, did, oid, out.ladder_lines[sid]))
        pos.records[sid].decisions = []
    for sid in active:
        for aid in out.orders[sid].actions:
            take_action(r, pos, sid, r.actions[aid])


def powers_answer(r: Rules, pos: Position, active: list[str], out: Outcome) -> None:
    """3 + 4d. Each power, in the scenario's order, answers each state in turn."""
    for sid in active:
        out.responses[sid] = []
    for p in r.s.powers:
        for sid in active:
            rep, cands = respond(r, pos, p, sid)
            out.odds[(p.id, sid)] = cands
            if rep is not None:
                out.responses[sid].append(rep)


def land_scheduled(r: Rules, pos: Position) -> None:
    """4e. Effects due this turn land; finished projects are announced."""
    t = pos.turn
    due = [sch for sch in pos.scheduled if sch.due <= t]
    pos.scheduled = [sch for sch in pos.scheduled if sch.due > t]
    for sch in due:
        if sch.state is None or pos.records[sch.state].ending is None:
            r.apply(pos, sch.state, sch.target, sch.amount, sch.cause)
    for pr in [p for p in pos.projects if p.completes <= t]:
        pos.records[pr.state].news.append(f"Project completed: {pr.name}.")
    pos.projects = [p for p in pos.projects if p.completes > t]


def apply_links(r: Rules, pos: Position, active: list[str]) -> None:
    """4f. Links, read from the values at the start of the step (so their order does not matter)."""
    for sid in active:
        env = r.env(pos, sid)
        facts = r.facts(pos, sid, env)
        amounts = [(link, r.scenario.formula(link.formula)(env)) for link in r.s.links
                   if all_hold(link.when, facts) and not r.is_world(link.target)]
        for link, amount in amounts:
            r.apply(pos, sid, link.target, amount, Cause("link", link.id, link.name))
    env0 = r.env(pos, None)
    for link in r.s.links:
        if r.is_world(link.target) and all_hold(link.when, r.facts(pos, None, env0)):
            r.apply(pos, None, link.target, r.scenario.formula(link.formula)(env0),
                    Cause("link", link.id, link.name))


def _drift_target(ind: Indicator, state: str | None) -> float:
    toward = ind.drift.toward  # type: ignore[union-attr]
    if toward != "start":
        return toward
    start = ind.start
    return float(start[state] if isinstance(start, dict) and state is not None else start)  # type: ignore[arg-type]


def drift(r: Rules, pos: Position, active: list[str]) -> None:
    """4g. Indicators drift toward their resting values."""
    causes = r.table("drift causes", dict)
    for ind in r.s.indicators:
        if ind.drift is None or ind.derived:
            continue
        for sid in ([None] if ind.scope == "world" else active):
            toward = _drift_target(ind, sid)
            cause = causes.get((ind.id, sid))
            if cause is None:
                cause = causes[(ind.id, sid)] = Cause("drift", ind.id, f"{ind.name} drifts toward {toward:g}")
            r.apply(pos, sid, ind.id, (toward - r.get(pos, sid, ind.id)) * ind.drift.rate, cause)


def clear_market(r: Rules, pos: Position, active: list[str]) -> str:
    """4h. The market clears; states earn from their value chain."""
    m = r.s.market
    states_supply = sum(max(0.0, pos.values[sid][m.stages[0].capacity]) for sid in r.state_ids)
    clearing = mk.clear(m, pos.turn, pos.world[m.price], pos.world[m.controls], r.start_price,
                        r.ratio0, states_supply)
    text = clearing.explain(m.supplier_name, m.region_name)
    cause = Cause("market", "market", text)
    r.set(pos, None, m.price, clearing.price, cause)
    if m.leader_share:
        r.set(pos, None, m.leader_share, clearing.leader_share, cause)
    for sid in active:
        caps = [pos.values[sid][st.capacity] for st in m.stages]
        rev, share = mk.revenue(m, caps, pos.world[m.price], r.s.meta.turn_months)
        if rev:
            r.apply(pos, sid, m.revenue_to, rev,
                    Cause("market", "revenue", f"rare-earth sales at price index {pos.world[m.price]:.0f}"))
        if m.value_added:
            r.set(pos, sid, m.value_added, share, Cause("market", "value_added",
                                                      "share of sales from processed products"))
    return text + f"; price index {clearing.price:.0f}"


def climb_ladders(r: Rules, pos: Position, active: list[str], out: Outcome) -> None:
    """4j. Each power's patience with each state drains or refills; pressure may climb."""
    for p in r.s.powers:
        for sid in active:
            line = ladder_step(r, pos, p, sid)
            if line:
                out.ladder_lines.setdefault(sid, []).append(line)
                out.climbed.add((p.id, sid))


# --- scores and endings ---------------------------------------------------------------------------

def axis_points(r: Rules, env: dict[str, float]) -> dict[str, float]:
    """The points each score axis gives for one turn with these values (before its weight)."""
    return {axis.id: r.scenario.formula(axis.formula)(env) for axis in r.s.scoring.axes}


def score_turn(r: Rules, pos: Position, state: str) -> tuple[float, dict[str, float]]:
    """4k. This turn's points on each axis are added to the state's totals. Returns what the turn
    adds to the score (weighted, per game) and each axis's points."""
    points = axis_points(r, r.env(pos, state))
    rec = pos.records[state]
    total = 0.0
    for axis in r.s.scoring.axes:
        v = points[axis.id]
        rec.axis_totals[axis.id] = rec.axis_totals.get(axis.id, 0.0) + v
        total += axis.weight * v
    return total / r.s.meta.turns, points


def check_endings(r: Rules, pos: Position, state: str) -> None:
    """4k. An ending whose conditions have held for long enough ends the game for the state."""
    rec = pos.records[state]
    facts = r.facts(pos, state)
    for ending in r.s.scoring.endings:
        if all_hold(ending.when, facts):
            rec.ending_streaks[ending.id] = rec.ending_streaks.get(ending.id, 0) + 1
        else:
            rec.ending_streaks[ending.id] = 0
        if rec.ending is None and rec.ending_streaks[ending.id] >= r.ending_turns(ending):
            rec.ending = ending.id
            rec.decisions = []
            rec.news.append(f"{ending.name}: {ending.text}")


def score(r: Rules, pos: Position, state: str) -> dict[str, float]:
    """The score so far: each axis (points per turn averaged over the full game) and total."""
    rec = pos.records[state]
    turns = r.s.meta.turns
    out = {}
    total = 0.0
    for axis in r.s.scoring.axes:
        v = rec.axis_totals.get(axis.id, 0.0) / turns
        out[axis.id] = v
        total += axis.weight * v
    if rec.ending:
        ending = next(e for e in r.s.scoring.endings if e.id == rec.ending)
        out["ending"] = ending.score
        total += ending.score
    out["total"] = total
    return out


def ending_of(r: Rules, pos: Position, state: str):
    rec = pos.records[state]
    if rec.ending is None:
        return None
    return next(e for e in r.s.scoring.endings if e.id == rec.ending)


def verdict(r: Rules, pos: Position, state: str):
    """The scenario's verdict on `state`'s score (None if it gives none); a loss is the lowest."""
    verdicts = r.s.scoring.verdicts
    if not verdicts:
        return None
    ending = ending_of(r, pos, state)
    if ending is not None and ending.kind == "loss":
        return verdicts[-1]
    total = score(r, pos, state)["total"]
    return next((v for v in verdicts if total >= v.at_least), verdicts[-1])


# --- positions from outside -----------------------------------------------------------------------

def check_position(r: Rules, pos: Position) -> None:
    """Raise PositionError unless `pos` fits the scenario: its states, indicators, powers, actions
    and events, with every value in its range and the turn within the game."""
    def fail(msg: str) -> None:
        raise PositionError(msg)

    if not 1 <= pos.turn <= r.s.meta.turns + 1:
        fail(f"turn {pos.turn} is outside the game (1 to {r.s.meta.turns + 1})")
    if set(pos.values) != set(r.state_ids) or set(pos.records) != set(r.state_ids):
        fail(f"the position's states {sorted(pos.values)} are not the scenario's {sorted(r.state_ids)}")
    for sid, vals in pos.values.items():
        if set(vals) != set(r.state_indicator_ids):
            fail(f"state '{sid}' has indicators {sorted(set(vals) ^ set(r.state_indicator_ids))} "
                 "that do not match the scenario")
    if set(pos.world) != set(r.world_ids):
        fail("the world indicators do not match the scenario")
    for sid, vals in [(None, pos.world), *pos.values.items()]:
        for k, v in vals.items():
            ind = r.indicators[k]
            if not ind.min <= v <= ind.max:
                fail(f"{k} = {v:g}{'' if sid is None else f' for {sid}'} is outside {ind.min:g}..{ind.max:g}")
    want = {(p.id, sid) for p in r.s.powers for sid in r.state_ids}
    if set(pos.ladders) != want:
        fail("the ladders do not match the scenario's powers and states")
    for (pid, sid), lad in pos.ladders.items():
        if not 0 <= lad.rung <= len(r.ladder(r.powers[pid]).rungs):
            fail(f"{pid}'s rung toward {sid} is {lad.rung}; its ladder has {len(r.ladder(r.powers[pid]).rungs)}")
    for sid, rec in pos.records.items():
        for aid in list(rec.taken) + list(rec.excluded) + list(rec.offers):
            if aid not in r.actions:
                fail(f"unknown action '{aid}' in the record of {sid}")
        for q in rec.decisions:
            if (q.kind == "event" and q.source not in r.events) or \
                    (q.kind == "crisis" and q.source not in r.powers) or q.kind not in ("event", "crisis"):
                fail(f"unknown question '{q.id}' for {sid}")
            if q.kind == "event" and not r.events[q.source].choices:
                fail(f"question '{q.id}' for {sid}: event '{q.source}' has no choices to answer with")
            if q.kind == "crisis" and pos.ladders[(q.source, sid)].rung == 0:
                fail(f"question '{q.id}' for {sid}: {q.source}'s pressure is calm, so there is no crisis")
            for target, _, delay, phase_in in q.applied:
                if target not in r.indicators or delay < 0 or phase_in < 1:
                    fail(f"question '{q.id}' for {sid} records an effect on '{target}' that cannot be")
        for aid, turns in rec.taken.items():
            if not turns:
                fail(f"action '{aid}' of {sid} is recorded as taken on no turn")
        if rec.ending is not None and rec.ending not in {e.id for e in r.s.scoring.endings}:
            fail(f"unknown ending '{rec.ending}' for {sid}")
    for pr in pos.projects:
        if pr.action not in r.actions or pr.state not in r.states:
            fail(f"unknown project '{pr.action}'")
    for sch in pos.scheduled:
        if sch.target not in r.indicators or (sch.state is not None and sch.state not in r.states):
            fail(f"a scheduled change names an unknown indicator or state ('{sch.target}')")
        if (sch.state is None) != r.is_world(sch.target):
            fail(f"a scheduled change of '{sch.target}' is for {'the world' if sch.state is None else sch.state}, "
                 f"but '{sch.target}' is {'a world' if r.is_world(sch.target) else 'a state'} indicator")
    for (pid, sid), lad in pos.ladders.items():
        if lad.patience < 0:
            fail(f"{pid}'s patience toward {sid} is {lad.patience}; it cannot be below 0")
    for ev, key in list(pos.event_fired) + list(pos.event_armed) + list(pos.events):
        if ev not in r.events:
            fail(f"unknown event '{ev}'")
