"""Events: dated, triggered (with hysteresis) and random, announced when a turn opens.

A mixin of `Game` (game.engine.game); it reads and writes the game's state through `self`.
"""
from __future__ import annotations

import datetime as dt

from game.scenario.model import Event

from .calendar import add_months
from .conditions import all_hold
from .views import CostView, Decision, DecisionOption
from .world import Cause


class EventRules:
    """Which events fire when a turn opens, and what firing one does."""

    def _announce(self) -> None:
        """Open the turn: fire dated, triggered and random events."""
        start = self.date()
        end = add_months(start, self.s.meta.turn_months)
        active = [sid for sid in self.state_ids if self.records[sid].ending is None]
        self.announcements = []
        self.announced_for = []
        for ev in self.s.events:
            # Draw for every random event every turn, so conditions never shift the stream.
            draws = {}
            if ev.kind == "random":
                for key in ([None] if ev.scope == "world" else self.state_ids):
                    draws[key] = self.rng_events.random()
            reached = [sid for sid in active if ev.who is None or sid in ev.who]
            scopes: list[str | None] = [None] if ev.scope == "world" else list(reached)
            for key in scopes:
                if self._event_fires(ev, key, start, end, draws.get(key, 1.0), reached):
                    self._fire(ev, key, reached)

    def _event_fires(self, ev: Event, key: str | None, start: dt.date, end: dt.date, draw: float,
                     active: list[str]) -> bool:
        fired = self.event_fired.get((ev.id, key), 0)
        if ev.once and fired:
            return False
        if key is None:
            # A world event's conditions hold if they hold for any state (or world values only).
            conds_ok = (not ev.when) or any(all_hold(ev.when, self._facts(sid)) for sid in active)
        else:
            conds_ok = all_hold(ev.when, self._facts(key))
        if ev.kind == "dated":
            return ev.date is not None and start <= ev.date < end and conds_ok
        if ev.kind == "random":
            return draw < ev.probability and conds_ok  # type: ignore[operator]
        # Triggered, with hysteresis: after firing it re-arms only once `rearm_when` has held.
        armed = self.event_armed.get((ev.id, key), True)
        if not armed:
            facts = self._facts(key) if key else self._facts(None)
            if ev.rearm_when and all_hold(ev.rearm_when, facts):
                self.event_armed[(ev.id, key)] = True
            return False
        return conds_ok

    def _fire(self, ev: Event, key: str | None, active: list[str]) -> None:
        self.event_fired[(ev.id, key)] = self.event_fired.get((ev.id, key), 0) + 1
        self.event_armed[(ev.id, key)] = not ev.rearm_when and not ev.once
        cause = Cause("event", ev.id, ev.name)
        targets = active if key is None else [key]
        where = "" if key is None else f" ({self.name(key)})"
        self.announcements.append(f"{ev.name}{where}")
        self.announced_for.append(key)  # the state it concerns, None for the whole world
        applied: dict[str, list] = {sid: [] for sid in targets}  # (effect, amount) as each state met it
        if key is None:
            env = self.world.env(targets[0]) if targets else self.world.env(None)
            for e in ev.effects:
                if self.world.is_world(e.target):
                    amount = self._schedule_effect(None, e, env, cause)
                    for sid in targets:
                        applied[sid].append((e, amount))
                else:
                    for sid in targets:
                        applied[sid].append((e, self._schedule_effect(sid, e, self.world.env(sid), cause)))
        else:
            env = self.world.env(key)
            for e in ev.effects:
                applied[key].append((e, self._schedule_effect(key, e, env, cause)))
        for sid in targets:
            # The news says what the event did to the numbers: the turn report starts after it.
            done = "; ".join(self._effect_view(e, amount).text() for e, amount in applied[sid] if amount)
            self.records[sid].news.append(f"{ev.name}: {ev.text}" + (f" [{done}]" if done else ""))
            if ev.choices:
                opts = [DecisionOption(c.id, c.label, c.description, CostView(c.cost.capital, c.cost.money),
                                       tuple(self._effect_views(sid, c.effects))) for c in ev.choices]
                self.records[sid].decisions.append(Decision(
                    f"event_{ev.id}", "event", ev.id, ev.name, ev.text,
                    tuple(self._mark_affordable(sid, opts)),
                    tuple(self._effect_view(e, amount) for e, amount in applied[sid])))
        for sid in self.state_ids:
            self.world.refresh_derived(sid)
