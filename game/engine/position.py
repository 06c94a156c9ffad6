"""The position: everything that changes during a game, in one object that copies cheaply and
round-trips through JSON (see docs/architecture.md, "The position").

Like a chess position, it holds no rules and no history: the rules are functions over a position
(game.engine.turn and the modules it calls), and the record of past turns (the ledger of causes,
the reports, the sparklines) belongs to the game that plays it (game.engine.game). A position
written out with `to_dict` and read back with `from_dict`, or copied with `copy`, continues
exactly as the original, random draws included.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

POSITION_FORMAT = 1
STREAMS = ("events", "powers", "ladders", "ai")
"""The game's random streams, separate so that, say, an extra event draw never shifts a power's."""


class PositionError(ValueError):
    """A written position that cannot be read; the message names the field."""


@dataclass(frozen=True)
class Cause:
    """Why a number moved: the kind of thing (action, response, event…), its id and words."""

    kind: str
    id: str
    text: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "text": self.text}


@dataclass(frozen=True)
class Change:
    """One recorded change: on turn `turn`, `indicator` of `state` (None = world) moved by `amount`."""

    turn: int
    state: str | None
    indicator: str
    amount: float
    cause: Cause

    def as_dict(self) -> dict:
        return {"turn": self.turn, "state": self.state, "indicator": self.indicator,
                "amount": round(self.amount, 6), "cause": self.cause.as_dict()}


@dataclass(frozen=True)
class Scheduled:
    """An effect (or one part of a phased effect) due on a later turn."""

    due: int
    state: str | None
    target: str
    amount: float
    cause: Cause


@dataclass(frozen=True)
class Project:
    """A multi-turn project under way."""

    state: str
    action: str
    name: str
    started: int
    completes: int


@dataclass(frozen=True)
class Question:
    """A question a state must answer this turn: an event's choice ("event", the event's id) or a
    ladder crisis ("crisis", the power's id). `applied` is what the event itself did to the state,
    whatever the answer: (indicator, amount, delay, turns phased in) for each effect."""

    id: str
    kind: str
    source: str
    applied: tuple[tuple[str, float, int, int], ...] = ()


@dataclass
class LadderState:
    """One power's pressure toward one state: its rung (0 = calm), remaining patience, and how
    many times it has escalated against the state (it remembers: docs/architecture.md, "The turn")."""

    rung: int = 0
    patience: int = 3
    climb_next: bool = False
    climbs: int = 0


@dataclass
class StateRecord:
    """Per-state bookkeeping beyond indicator values."""

    taken: dict[str, list[int]] = field(default_factory=dict)
    excluded: dict[str, tuple[str, int]] = field(default_factory=dict)
    cooldowns: dict[tuple[str, str], int] = field(default_factory=dict)
    decisions: list[Question] = field(default_factory=list)
    ending: str | None = None
    ending_streaks: dict[str, int] = field(default_factory=dict)
    axis_totals: dict[str, float] = field(default_factory=dict)
    last_responses: dict[str, str] = field(default_factory=dict)
    news: list[str] = field(default_factory=list)
    offers: dict[str, tuple[str, int]] = field(default_factory=dict)  # action -> (power, last turn open)

    def copy(self) -> "StateRecord":
        r = StateRecord.__new__(StateRecord)
        r.taken = {k: list(v) for k, v in self.taken.items()}
        r.excluded = dict(self.excluded)
        r.cooldowns = dict(self.cooldowns)
        r.decisions = list(self.decisions)
        r.ending = self.ending
        r.ending_streaks = dict(self.ending_streaks)
        r.axis_totals = dict(self.axis_totals)
        r.last_responses = dict(self.last_responses)
        r.news = list(self.news)
        r.offers = dict(self.offers)
        return r


class Streams:
    """The game's seeded random streams (numpy PCG64 generators), one per use."""

    __slots__ = STREAMS

    def __init__(self, generators: Iterable[np.random.Generator]):
        for name, gen in zip(STREAMS, generators, strict=True):
            setattr(self, name, gen)

    @classmethod
    def from_seed(cls, seed: int | np.random.SeedSequence) -> "Streams":
        seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
        return cls(np.random.Generator(np.random.PCG64(s)) for s in seq.spawn(len(STREAMS)))

    @classmethod
    def single(cls, seed: np.random.SeedSequence) -> "Streams":
        """One generator serving every use: for the forecast's copies, whose draws are their own."""
        gen = np.random.Generator(np.random.PCG64(seed))
        return cls(gen for _ in STREAMS)

    def copy(self) -> "Streams":
        made: dict[int, np.random.Generator] = {}   # a generator serving several uses stays shared
        for n in STREAMS:
            g = getattr(self, n)
            if id(g) not in made:
                made[id(g)] = np.random.Generator(_bitgen(g.bit_generator.state))
        return Streams(made[id(getattr(self, n))] for n in STREAMS)

    def to_dict(self) -> dict:
        out = {}
        for n in STREAMS:
            st = getattr(self, n).bit_generator.state
            out[n] = {"state": format(st["state"]["state"], "x"), "inc": format(st["state"]["inc"], "x"),
                      "has_uint32": st["has_uint32"], "uinteger": st["uinteger"]}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Streams":
        gens = []
        for n in STREAMS:
            d = _field(data, n, dict)
            try:
                state = {"bit_generator": "PCG64",
                         "state": {"state": int(d["state"], 16), "inc": int(d["inc"], 16)},
                         "has_uint32": _int(d["has_uint32"]), "uinteger": _int(d["uinteger"])}
                if not (0 <= state["state"]["state"] < 2**128 and 0 <= state["state"]["inc"] < 2**128
                        and state["has_uint32"] in (0, 1) and 0 <= state["uinteger"] < 2**32):
                    raise ValueError("a value is out of range")
                gens.append(np.random.Generator(_bitgen(state)))
            except (KeyError, TypeError, ValueError, OverflowError) as exc:
                raise PositionError(f"random stream '{n}' is damaged ({exc})") from None
        return cls(gens)


def _bitgen(state: dict) -> np.random.PCG64:
    bg = np.random.PCG64(0)
    bg.state = state
    return bg


@dataclass
class Position:
    """Everything that changes during a game. Build the first one with `game.engine.turn.start`."""

    turn: int
    values: dict[str, dict[str, float]]           # state id -> indicator id -> value
    world: dict[str, float]                       # world indicator id -> value
    ladders: dict[tuple[str, str], LadderState]   # (power, state) -> pressure
    records: dict[str, StateRecord]
    projects: list[Project]
    scheduled: list[Scheduled]
    event_fired: dict[tuple[str, str | None], int]
    event_armed: dict[tuple[str, str | None], bool]
    events: list[tuple[str, str | None]]          # this turn's events: (event id, state or None)
    rng: Streams
    # Not part of the position: where the rules record each change with its cause. A game points
    # it at its ledger; a copy starts with a list of its own; None records nothing (batches).
    ledger: list[Change] | None = field(default=None, compare=False, repr=False)

    def copy(self, rng: Streams | None = None) -> "Position":
        """A copy that continues exactly as this position does (or with the streams `rng`)."""
        p = Position.__new__(Position)
        p.turn = self.turn
        p.values = {s: v.copy() for s, v in self.values.items()}
        p.world = self.world.copy()
        p.ladders = {k: LadderState(l.rung, l.patience, l.climb_next, l.climbs) for k, l in self.ladders.items()}
        p.records = {s: r.copy() for s, r in self.records.items()}
        p.projects = list(self.projects)
        p.scheduled = list(self.scheduled)
        p.event_fired = dict(self.event_fired)
        p.event_armed = dict(self.event_armed)
        p.events = list(self.events)
        p.rng = rng if rng is not None else self.rng.copy()
        p.ledger = []
        return p

    # --- JSON -----------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; `from_dict` reads it back. Keys are in a fixed order."""
        return {
            "format": POSITION_FORMAT,
            "turn": self.turn,
            "values": {s: dict(v) for s, v in self.values.items()},
            "world": dict(self.world),
            "ladders": [{"power": p, "state": s, "rung": l.rung, "patience": l.patience,
                         "climb_next": l.climb_next, "climbs": l.climbs} for (p, s), l in self.ladders.items()],
            "records": {s: _record_dict(r) for s, r in self.records.items()},
            "projects": [{"state": p.state, "action": p.action, "name": p.name, "started": p.started,
                          "completes": p.completes} for p in self.projects],
            "scheduled": [{"due": x.due, "state": x.state, "target": x.target, "amount": x.amount,
                           "cause": x.cause.as_dict()} for x in self.scheduled],
            "events_fired": [{"event": e, "state": s, "times": n} for (e, s), n in self.event_fired.items()],
            "events_armed": [{"event": e, "state": s, "armed": a} for (e, s), a in self.event_armed.items()],
            "events": [{"event": e, "state": s} for e, s in self.events],
            "rng": self.rng.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> "Position":
        """Read a position written by `to_dict`; raise PositionError naming what is wrong.

        Only the shape is checked here; `game.engine.turn.check_position` checks it against a
        scenario's ids and ranges."""
        if not isinstance(data, dict):
            raise PositionError("a position is a mapping")
        if data.get("format") != POSITION_FORMAT:
            raise PositionError(f"position format {data.get('format')!r} is not supported "
                                f"(this version reads format {POSITION_FORMAT})")
        try:
            values = {str(s): {str(k): _num(v) for k, v in _field(data["values"], s, dict).items()}
                      for s in _field(data, "values", dict)}
            world = {str(k): _num(v) for k, v in _field(data, "world", dict).items()}
            ladders = {(str(d["power"]), str(d["state"])): LadderState(_int(d["rung"]), _int(d["patience"]),
                                                                       _bool(d["climb_next"]),
                                                                       # a position written before climbs
                                                                       # were kept: at least its rung's
                                                                       _int(d.get("climbs", d["rung"])))
                       for d in _field(data, "ladders", list)}
            records = {str(s): _record_from(r) for s, r in _field(data, "records", dict).items()}
            projects = [Project(str(d["state"]), str(d["action"]), str(d["name"]), _int(d["started"]),
                                _int(d["completes"])) for d in _field(data, "projects", list)]
            scheduled = [Scheduled(_int(d["due"]), _opt(d["state"]), str(d["target"]), _num(d["amount"]),
                                   _cause(d["cause"])) for d in _field(data, "scheduled", list)]
            fired = {(str(d["event"]), _opt(d["state"])): _int(d["times"])
                     for d in _field(data, "events_fired", list)}
            armed = {(str(d["event"]), _opt(d["state"])): _bool(d["armed"])
                     for d in _field(data, "events_armed", list)}
            events = [(str(d["event"]), _opt(d["state"])) for d in _field(data, "events", list)]
            turn = _int(data["turn"])
        except (KeyError, TypeError, ValueError, OverflowError, IndexError) as exc:
            raise PositionError(f"missing or bad field {exc}") from None
        return cls(turn, values, world, ladders, records, projects, scheduled, fired, armed, events,
                   Streams.from_dict(_field(data, "rng", dict)), [])


def _record_dict(r: StateRecord) -> dict:
    return {
        "taken": {a: list(t) for a, t in r.taken.items()},
        "excluded": {a: [by, t] for a, (by, t) in r.excluded.items()},
        "cooldowns": [{"power": p, "response": x, "turn": t} for (p, x), t in r.cooldowns.items()],
        "decisions": [{"id": q.id, "kind": q.kind, "source": q.source,
                       "applied": [list(x) for x in q.applied]} for q in r.decisions],
        "ending": r.ending,
        "ending_streaks": dict(r.ending_streaks),
        "axis_totals": dict(r.axis_totals),
        "last_responses": dict(r.last_responses),
        "news": list(r.news),
        "offers": {a: [p, t] for a, (p, t) in r.offers.items()},
    }


def _record_from(d: Any) -> StateRecord:
    if not isinstance(d, dict):
        raise TypeError("'records' entries are mappings")
    return StateRecord(
        taken={str(a): [_int(t) for t in _field(d["taken"], a, list)] for a in _field(d, "taken", dict)},
        excluded={str(a): (str(v[0]), _int(v[1])) for a, v in _field(d, "excluded", dict).items() if _pair(v)},
        cooldowns={(str(c["power"]), str(c["response"])): _int(c["turn"]) for c in _field(d, "cooldowns", list)},
        decisions=[Question(str(q["id"]), str(q["kind"]), str(q["source"]),
                            tuple((str(i), _num(a), _int(d), _int(n)) for i, a, d, n in q["applied"])) for q in _field(d, "decisions", list)],
        ending=_opt(d["ending"]),
        ending_streaks={str(k): _int(v) for k, v in _field(d, "ending_streaks", dict).items()},
        axis_totals={str(k): _num(v) for k, v in _field(d, "axis_totals", dict).items()},
        last_responses={str(k): str(v) for k, v in _field(d, "last_responses", dict).items()},
        news=[str(n) for n in _field(d, "news", list)],
        offers={str(a): (str(v[0]), _int(v[1])) for a, v in _field(d, "offers", dict).items() if _pair(v)},
    )


def _field(data: Any, key: str, kind: type):
    value = data[key]
    if not isinstance(value, kind):
        raise TypeError(f"'{key}' should be a {'mapping' if kind is dict else 'list'}")
    return value


def _pair(v: Any) -> bool:
    if not (isinstance(v, list) and len(v) == 2 and isinstance(v[0], str)):
        raise TypeError(f"{str(v)[:40]!r} should be [name, turn]")
    return True


def _num(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v in (float("inf"), float("-inf")) \
            or abs(v) > 1e300:
        raise TypeError(f"{str(v)[:40]!r} is not a finite number")
    return float(v)


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"{v!r} is not a whole number")
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"{v!r} is not true or false")
    return v


def _opt(v: Any) -> str | None:
    if v is not None and not isinstance(v, str):
        raise TypeError(f"{v!r} is not a name")
    return v


def _cause(d: Any) -> Cause:
    return Cause(str(d["kind"]), str(d["id"]), str(d["text"]))
