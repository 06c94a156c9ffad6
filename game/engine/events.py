"""Events: dated, triggered (with hysteresis) and random, announced when a turn opens.

Functions over the rules and a position (see docs/architecture.md, "Rules as phases").
"""
from __future__ import annotations

import datetime as dt

from game.scenario.model import Event

from .calendar import add_months
from .conditions import all_hold
from .orders import schedule_effect
from .position import Cause, Position, Question
from .rules import Rules


def announce(r: Rules, pos: Position) -> None:
    """Open the turn: fire dated, triggered and random events."""
    start = r.date(pos.turn)
    end = add_months(start, r.s.meta.turn_months)
    active = [sid for sid in r.state_ids if pos.records[sid].ending is None]
    pos.events = []
    rng = pos.rng.events
    for ev in r.s.events:
        # Draw for every random event every turn, so conditions never shift the stream.
        draws = {}
        if ev.kind == "random":
            for key in ([None] if ev.scope == "world" else r.state_ids):
                draws[key] = rng.random()
        reached = [sid for sid in active if ev.who is None or sid in ev.who]
        scopes: list[str | None] = [None] if ev.scope == "world" else list(reached)
        for key in scopes:
            if _fires(r, pos, ev, key, start, end, draws.get(key, 1.0), reached):
                fire(r, pos, ev, key, reached)


def _fires(r: Rules, pos: Position, ev: Event, key: str | None, start: dt.date, end: dt.date, draw: float,
           active: list[str]) -> bool:
    fired = pos.event_fired.get((ev.id, key), 0)
    if ev.once and fired:
        return False
    if key is None:
        # A world event's conditions hold if they hold for any state (or world values only).
        conds_ok = (not ev.when) or any(all_hold(ev.when, r.facts(pos, sid)) for sid in active)
    else:
        conds_ok = all_hold(ev.when, r.facts(pos, key))
    if ev.kind == "dated":
        return ev.date is not None and start <= ev.date < end and conds_ok
    if ev.kind == "random":
        return draw < ev.probability and conds_ok  # type: ignore[operator]
    # Triggered, with hysteresis: after firing it re-arms only once `rearm_when` has held.
    armed = pos.event_armed.get((ev.id, key), True)
    if not armed:
        facts = r.facts(pos, key) if key else r.facts(pos, None)
        if ev.rearm_when and all_hold(ev.rearm_when, facts):
            pos.event_armed[(ev.id, key)] = True
        return False
    return conds_ok


def fire(r: Rules, pos: Position, ev: Event, key: str | None, active: list[str]) -> None:
    """Fire `ev` now for `key` (a state, or None for the world: every state of `active`): its
    effects, its news and its question. Also used for an instructor's inject (interventions.py)."""
    pos.event_fired[(ev.id, key)] = pos.event_fired.get((ev.id, key), 0) + 1
    pos.event_armed[(ev.id, key)] = not ev.rearm_when and not ev.once
    cause = Cause("event", ev.id, ev.name)
    targets = active if key is None else [key]
    pos.events.append((ev.id, key))  # with the state it concerns, None for the whole world
    applied: dict[str, list] = {sid: [] for sid in targets}  # (effect, amount) as each state met it
    if key is None:
        env = r.env(pos, targets[0]) if targets else r.env(pos, None)
        for e in ev.effects:
            if r.is_world(e.target):
                amount = schedule_effect(r, pos, None, e, env, cause)
                for sid in targets:
                    applied[sid].append((e, amount))
            else:
                for sid in targets:
                    applied[sid].append((e, schedule_effect(r, pos, sid, e, r.env(pos, sid), cause)))
    else:
        env = r.env(pos, key)
        for e in ev.effects:
            applied[key].append((e, schedule_effect(r, pos, key, e, env, cause)))
    for sid in targets:
        # The news says what the event did to the numbers: the turn report starts after it.
        done = "; ".join(r.view(e.target, amount, e.delay, e.phase_in).text()
                         for e, amount in applied[sid] if amount)
        text = ev.text_for(pos.event_fired[(ev.id, key)])
        pos.records[sid].news.append(f"{ev.name}: {text}" + (f" [{done}]" if done else ""))
        if ev.choices:
            pos.records[sid].decisions.append(Question(
                f"event_{ev.id}", "event", ev.id,
                tuple((e.target, amount, e.delay, e.phase_in) for e, amount in applied[sid])))
    for sid in r.state_ids:
        r.refresh_derived(pos, sid)
