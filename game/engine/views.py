"""What the engine hands to a UI or a test: observations, options, previews and turn reports.

Plain frozen dataclasses with `as_dict()` for logs; no behaviour beyond formatting.
"""
from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Mapping


def shown_change(before: float, after: float, decimals: int) -> float:
    """The change between two values as they are shown, to `decimals` places: 62.4 → 60.6 reads
    "62 → 61", so its change reads -1, not the -2 that -1.8 would round to."""
    return round(after, decimals) - round(before, decimals)


# --- numbers in words: one set of helpers for every front end ---------------------------------------
# Plain text (the terminal, files, pages) writes "-1.5" and "0.0", which copy and paste as numbers; the
# window sets them in type, `typographic=True`: a real minus sign "−1.5" and "±0".

MINUS = "\u2212"


def number(value: float, decimals: int = 0, typographic: bool = False) -> str:
    """`value` to `decimals` places, never a signed zero ("-0", "−0.0")."""
    text = f"{round(float(value), decimals) + 0.0:.{max(0, decimals)}f}"   # + 0.0 turns -0.0 into 0.0
    return text.replace("-", MINUS) if typographic else text


def signed(value: float, decimals: int = 0, typographic: bool = False) -> str:
    """`value` with its sign to `decimals` places, never a signed zero: "+1.5", "-0.2", "0.0" (in type:
    "+1.5", "−0.2", "±0.0")."""
    v = round(value, decimals)
    if v == 0:
        return f"{'±' if typographic else ''}{0:.{max(0, decimals)}f}"
    text = f"{v:+.{max(0, decimals)}f}"
    return text.replace("-", MINUS) if typographic else text


def value_text(value: float, unit: str, decimals: int, typographic: bool = False) -> str:
    """A value with its unit: "6.5 $bn", "15%", "30"."""
    sep = "" if unit in ("%", "") else " "
    return f"{number(value, decimals, typographic)}{sep}{unit}"


@dataclass(frozen=True)
class Orders:
    """What a state does this turn: actions by id, and an answer for each pending decision."""

    actions: tuple[str, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"actions": list(self.actions), "answers": dict(sorted(self.answers.items()))}


@dataclass(frozen=True)
class CostView:
    capital: int
    money: float

    def text(self, money_unit: str = "") -> str:
        parts = []
        if self.capital:
            parts.append(f"{self.capital} capital")
        if self.money:
            parts.append(f"{self.money:g}{money_unit} money" if not money_unit else f"{self.money:g} {money_unit}")
        return " + ".join(parts) if parts else "free"


@dataclass(frozen=True)
class EffectView:
    """One effect in words: indicator, amount, when."""

    indicator: str
    name: str
    amount: float
    delay: int
    phase_in: int
    world: bool
    unit: str = ""
    decimals: int = 0
    good: str = "up"

    @property
    def favourable(self) -> bool | None:
        """Whether the change is good for the state (None when the indicator is neutral)."""
        if self.good == "neutral" or self.amount == 0:
            return None
        return (self.amount > 0) == (self.good == "up")

    def text(self, unit: str | None = None, decimals: int | None = None) -> str:
        unit = self.unit if unit is None else unit
        decimals = self.decimals if decimals is None else decimals
        if self.amount == 0:  # a formula that gives nothing in the present situation
            return f"{self.name}: no change at present"
        places = max(decimals, 1 if abs(self.amount) < 10 and self.amount != int(self.amount) else 0)
        while places < 3 and round(self.amount, places) == 0:
            places += 1  # a real change never reads as zero
        amt = f"{self.amount:+.{places}f}"
        when = ""
        later = f"{self.delay} turn{'s' if self.delay != 1 else ''}"
        if self.phase_in > 1:   # "spread over 3 turns, the first in 5 turns", not "in 5 turns over 3 turns"
            when = f" spread over {self.phase_in} turns" + (f", the first in {later}" if self.delay else "")
        elif self.delay:
            when = f" in {later}"
        return f"{self.name} {amt}{(' ' + unit) if unit and unit != '%' else unit}{when}"


@dataclass(frozen=True)
class ActionOption:
    """An action card: what it costs, does, and why it is unavailable if it is."""

    id: str
    name: str
    description: str
    category: str
    cost: CostView
    effects: tuple[EffectView, ...]
    available: bool
    reason: str | None
    with_power: str | None
    project_turns: int
    once: bool
    excludes: tuple[str, ...] = ()
    offered_by: str | None = None
    late: str | None = None   # what of it would come after the last turn, if anything (ordered now)
    late_in_full: bool = False  # none of it would count in this game
    number: int = 0           # its number for the state, the same all game in every front end (Rules.number)


@dataclass(frozen=True)
class DecisionOption:
    id: str
    label: str
    description: str
    cost: CostView
    effects: tuple[EffectView, ...]
    available: bool = True
    reason: str | None = None
    note: str = ""
    chance: float | None = None
    next_rung: str | None = None
    next_effects: tuple[EffectView, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A question the state must answer this turn: an event's choice or a ladder crisis."""

    id: str
    kind: str  # "event" or "crisis"
    source: str
    title: str
    text: str
    options: tuple[DecisionOption, ...]
    effects: tuple[EffectView, ...] = ()  # what the event itself does, whatever the answer

    def full_text(self) -> str:
        """The question's text and, for an event, what it does whatever the answer: an answer that
        "recovers the schedule" only makes sense next to the delay the event already caused."""
        if not self.effects:
            return self.text
        return f"{self.text}\nWhatever you answer: " + "; ".join(e.text() for e in self.effects) + "."


@dataclass(frozen=True)
class IndicatorView:
    id: str
    name: str
    value: float
    min: float
    max: float
    unit: str
    decimals: int
    description: str
    good: str
    world: bool
    history: tuple[float, ...]

    def text(self, value: float | None = None) -> str:
        """The value (or another value of this indicator) with its unit."""
        return value_text(self.value if value is None else value, self.unit, self.decimals)


@dataclass(frozen=True)
class PowerView:
    id: str
    name: str
    color: str
    relation: float
    dependence: float | None
    rung: int
    rung_name: str
    next_rung_name: str | None
    next_rung_effects: tuple[EffectView, ...]
    patience: int
    patience_max: int
    warning: str | None
    stance: str
    last_response: str | None
    threshold: float | None = 0.0   # None: the power has no ladder and never escalates
    description: str = ""
    offers: tuple["OfferView", ...] = ()
    rungs: tuple[str, ...] = ()

    def ladder_text(self) -> str:
        """How its pressure moves, in a sentence or two a player can act on."""
        if self.threshold is None or not self.rungs:
            return "It has no pressure ladder: however cold relations get, it never escalates against you."
        text = (f"Patience {self.patience}/{self.patience_max}: it drains each turn relations stay below "
                f"{self.threshold:g} and refills when they are above; at zero, pressure climbs a rung.")
        if self.rung:
            text += (f" Pressure ('{self.rung_name}') does not ease by itself: it steps down when you "
                     "concede at a crisis, or when you stand firm and it backs down.")
        return text


@dataclass(frozen=True)
class OfferView:
    """An offer a power has put on the table: an action the state may accept while it is open."""

    action: str
    name: str
    turns_left: int
    effects: tuple[EffectView, ...]
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class AxisInfo:
    id: str
    name: str
    description: str
    weight: float


@dataclass(frozen=True)
class PlaceView:
    name: str
    lon: float
    lat: float
    note: str
    kind: str


@dataclass(frozen=True)
class MapInfo:
    """How the window's map shows the scenario, as its `map:` declares it."""

    states: tuple[tuple[str, str], ...]   # (state id, the map's country code)
    routes: tuple[tuple[str, str], ...]   # (the map's route id, the indicator that measures it)
    places: tuple[PlaceView, ...]


@dataclass(frozen=True)
class ScenarioInfo:
    """What a front end shows about the scenario itself."""

    id: str
    title: str
    summary: str
    briefing: str
    turns: int
    turn_months: int
    axes: tuple[AxisInfo, ...]
    questions: tuple[str, ...]
    sources: tuple[str, ...]
    map: MapInfo | None = None   # None: the scenario declares no map (the states are placed by name)


@dataclass(frozen=True)
class StateInfo:
    """A state as the scenario describes it."""

    id: str
    name: str
    description: str
    goals: str
    capital: int
    color: str
    playable: bool


@dataclass(frozen=True)
class ProjectView:
    action: str
    name: str
    started: int
    completes: int
    turns_left: int   # turns still to play until it is finished, this one included

    def when(self) -> str:
        """When it is finished, counted as the changes still to come are: 'finished in 2 turns'."""
        later = self.turns_left - 1
        if later <= 0:
            return "finished as this turn ends"
        return f"finished in {later} turn{'s' if later != 1 else ''}"


@dataclass(frozen=True)
class ComingView:
    """A change already decided that lands on a later turn (a delayed or phased-in effect)."""

    effect: EffectView  # its `delay` is the turns until it lands (0: as this turn resolves)
    source: str

    def text(self) -> str:
        e = self.effect
        when = "as this turn ends" if e.delay <= 0 else f"in {e.delay} turn{'s' if e.delay != 1 else ''}"
        return f"{dataclasses.replace(e, delay=0).text()} {when} ({self.source})"


@dataclass(frozen=True)
class StageView:
    id: str
    name: str
    capacity: float
    output: float
    projects: tuple[ProjectView, ...]
    unit: str = ""
    coming: tuple[ComingView, ...] = ()  # capacity already paid for, still to arrive


@dataclass(frozen=True)
class Observation:
    """Everything one state may see at the start of its turn."""

    state: str
    state_name: str
    turn: int
    turns: int
    date: str
    capital: int
    money: float
    money_unit: str
    indicators: tuple[IndicatorView, ...]
    world: tuple[IndicatorView, ...]
    powers: tuple[PowerView, ...]
    projects: tuple[ProjectView, ...]
    chain: tuple[StageView, ...]
    decisions: tuple[Decision, ...]
    news: tuple[str, ...]
    warnings: tuple[str, ...]
    score: float
    ended: str | None
    over: bool
    coming: tuple[ComingView, ...] = ()


@dataclass(frozen=True)
class PreviewLine:
    """Expected change of one indicator this turn: certain part, plus the powers' likely replies."""

    indicator: str
    name: str
    certain: float
    expected: float
    low: float
    high: float
    causes: tuple[tuple[str, float], ...]
    later: float


@dataclass(frozen=True)
class LikelyResponse:
    power: str
    power_name: str
    response: str
    name: str
    probability: float
    kind: str


@dataclass(frozen=True)
class PressureAfter:
    """Where a power's pressure on the state most likely stands when the turn is over, after the
    answers given (a concession eases it at once), the replies and any climb."""

    power: str
    now: int
    after: int
    after_name: str
    share: float   # of the forecast's copies that end there


@dataclass(frozen=True)
class Preview:
    """The expected effects of a set of orders before they are committed."""

    lines: tuple[PreviewLine, ...]
    responses: tuple[LikelyResponse, ...]
    warnings: tuple[str, ...]
    problems: tuple[str, ...]
    capital_left: int
    money_left: float
    unanswered: tuple[str, ...] = ()
    samples: int = 0  # how many copies of the turn the forecast was played on
    pressure: tuple[PressureAfter, ...] = ()

    def pressure_of(self, power: str) -> PressureAfter | None:
        return next((x for x in self.pressure if x.power == power), None)

    def basis(self) -> str:
        """What the forecast rests on, in a sentence for the player."""
        return (f"This turn played {self.samples} times on copies of the game: your orders and answers, "
                "the other states' likely orders, the powers' replies at the odds they will really use, "
                "crises, links, drift and the market. Each line is the expected change by the end of the "
                "turn, with the range of the middle 80 % of outcomes.")


@dataclass(frozen=True)
class CauseLine:
    text: str
    amount: float
    kind: str


@dataclass(frozen=True)
class IndicatorChange:
    indicator: str
    name: str
    before: float
    after: float
    causes: tuple[CauseLine, ...]
    unit: str = ""
    decimals: int = 0

    @property
    def delta(self) -> float:
        return self.after - self.before

    def shows(self, decimals: int) -> bool:
        """Whether a report lists it at `decimals` places: it moved, or causes that cancel out
        moved it (the net is small, the moves not)."""
        return any(round(x, decimals) != 0 for x in [self.delta] + [c.amount for c in self.causes])


@dataclass(frozen=True)
class ResponseReport:
    power: str
    power_name: str
    response: str
    name: str
    kind: str
    description: str
    probability: float
    why: str


@dataclass(frozen=True)
class StateReport:
    state: str
    name: str
    actions: tuple[str, ...]
    answers: tuple[str, ...]
    responses: tuple[ResponseReport, ...]
    ladder: tuple[str, ...]
    changes: tuple[IndicatorChange, ...]
    score_turn: float
    ending: str | None
    axis_points: tuple[tuple[str, float], ...] = ()   # each axis's points this turn (before weight)


@dataclass(frozen=True)
class AxisScore:
    """One score axis as the player should read it: what it rewards, and its points."""

    id: str
    name: str
    description: str
    weight: float
    now: float          # the points it would give this turn with today's values (before weight)
    last: float | None  # the points it gave last turn (None before the first turn)
    so_far: float       # its part of the score so far: points over the turns played / turns
    counts: float       # so_far times its weight: what it adds to the total


SERVED = "Full term served"
"""The headline of a game played to its last turn in a scenario that gives no verdicts."""


@dataclass(frozen=True)
class Outcome:
    """How a state's game ended, worked out in one place (`Game.outcome`) for every screen, save,
    class and debrief."""

    name: str            # the headline: the ending's name, else the scenario's verdict, else SERVED
    text: str            # the ending's words, else the verdict's
    ending: str | None   # the ending's id, when an ending ended the game (a loss or an early win)
    loss: bool           # ended by a loss ending
    win: bool            # ended by a winning ending, or played through to a winning verdict
    verdict: str | None  # the scenario's verdict on the score (a loss reads as the lowest), if it gives any
    turn: int | None     # the turn an ending came on (None when the game was played through)


@dataclass(frozen=True)
class ScoreCard:
    """How the score is made and where it stands: each axis, the ending's points, the total."""

    turn: int
    turns: int
    axes: tuple[AxisScore, ...]
    ending: float | None
    total: float
    last_turn: float | None   # what the last turn added to the total
    verdicts: tuple[tuple[str, float, bool], ...] = ()   # (name, lowest score, counts as a win)
    losses: tuple[str, ...] = ()                           # the loss endings, in words

    def how_to_win(self) -> list[str]:
        """The "how you win" card: how points are earned, what each axis rewards, what a winning
        verdict needs and what ends a game early."""
        out = [self.lines()[0]]
        for a in self.axes:
            weight = f" (counts {a.weight:g}x)" if a.weight != 1 else ""
            out.append(f"{a.name}{weight}: {a.description or 'see the score card'} Now {a.now:.1f} a turn.")
        wins = sorted(((t, n) for n, t, w in self.verdicts if w), reverse=True)
        if wins:
            at, name = wins[-1]
            better = "".join(f"; '{n}' needs {t:g}" for t, n in wins[:-1])
            out.append(f"A win ('{name}') needs a final score of {at:g} or more{better}.")
        out += [f"Lost early: {x}" for x in self.losses]
        return out

    def lines(self) -> list[str]:
        """The card in plain sentences: how the score works, then each axis."""
        out = [f"Each turn every axis gives points by its formula (most give 0 to 10); the score is their "
               f"weighted sum averaged over all {self.turns} turns, so a point on an axis held for one turn "
               f"adds 1/{self.turns}."]
        for a in self.axes:
            last = f", {a.last:.1f} last turn" if a.last is not None else ""
            weight = f" (counts {a.weight:g}x)" if a.weight != 1 else ""
            out.append(f"{a.name}{weight}: {a.now:.1f} points a turn now{last}; {a.counts:.2f} of your score "
                       f"so far. {a.description}".rstrip())
        return out


@dataclass(frozen=True)
class TurnReport:
    """What happened on one turn and why."""

    turn: int
    date: str
    events: tuple[str, ...]
    event_states: tuple[str | None, ...]  # for each event, the state it concerns (None: the world)
    market: str
    world: tuple[IndicatorChange, ...]
    states: tuple[StateReport, ...]

    def as_dict(self) -> dict:
        return asdict(self)

    def for_state(self, state: str) -> StateReport:
        return next(s for s in self.states if s.state == state)

    def events_for(self, state: str) -> tuple[str, ...]:
        """The events a state's player should read: the world's and its own, not other states'."""
        return tuple(e for e, s in zip(self.events, self.event_states) if s is None or s == state)
