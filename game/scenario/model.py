"""The typed model of a scenario file (format 1).

Every field carries a description: it feeds the JSON Schema that editors use for completion and
`docs/scenario-format.md`. Unknown keys are errors. Cross-references (an effect naming an
indicator, an action excluding another) are checked after parsing by `game.scenario.validate`.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .source import QuotedNumber

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

MAX_NUMBER = 1e9
"""No number in a scenario is larger (in size) than this: beyond it sums overflow and a game
cannot be played. Formulas give at most the same."""


def _no_quoted_number(v):
    """A number must be written as a number: "3" in quotes is text in YAML (and to the schema an
    editor checks), so a lenient reader must not quietly make it a number again."""
    if isinstance(v, QuotedNumber):
        raise ValueError(f"the number {v.strip()} is written in quotes, which makes it text")
    return v


def _no_text_for_truth(v):
    """true or false, never a word in quotes: "yes" is text, not a truth value."""
    if isinstance(v, str) and v.strip().lower() in _TRUTH_WORDS:
        raise ValueError(f"'{v}' in quotes is text, not true or false")
    return v


_TRUTH_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "1", "0"}


Num = Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER), BeforeValidator(_no_quoted_number)]
Int = Annotated[int, BeforeValidator(_no_quoted_number)]
Count = Annotated[int, Field(ge=0), BeforeValidator(_no_quoted_number)]
"""A whole number from 0 (its bound inside, so that it also holds where the field is optional)."""
Ordinal = Annotated[int, Field(ge=1), BeforeValidator(_no_quoted_number)]
"""A whole number from 1: a turn, a rung."""
Chance = Annotated[float, Field(ge=0, le=1), BeforeValidator(_no_quoted_number)]
"""A probability, 0 to 1."""
Bool = Annotated[bool, BeforeValidator(_no_text_for_truth)]
Name = Annotated[str, Field(max_length=120)]
"""A name a screen shows on one line: an action card, an indicator, a power."""
Line = Annotated[str, Field(max_length=300)]
"""A title or a label, one line."""
Text = Annotated[str, Field(max_length=6000)]
"""A paragraph or a few: descriptions, event texts, briefings."""


def Id(description: str):  # noqa: N802 - reads like a type in the models below
    return Field(pattern=ID_PATTERN, description=description + " Lower case letters, digits and _.")


class Model(BaseModel):
    # No NaN or infinity: one would spread through every number it touched.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=False,
                              allow_inf_nan=False)


# --- metadata -----------------------------------------------------------------------------------

class Source(Model):
    """A real-world source that figures in the scenario cite by its id."""

    id: str = Id("How indicators, actions and events refer to this source (`source: usgs_2025`).")
    title: Line = Field(description="Author, title and date, as a reader would cite it.")
    url: Optional[str] = Field(None, description="Where to read it, if it is online.")
    note: Optional[Text] = Field(None, description="What was taken from it, or caveats.")


class Meta(Model):
    """Who the scenario is, when it starts and how long it runs."""

    id: str = Id("Stable identifier of the scenario, stored in saves.")
    title: Line = Field(description="Title shown on the scenario list.")
    summary: Text = Field(description="One or two sentences shown on the scenario list.")
    briefing: Text = Field("", description="The situation at the start, shown before the first turn.")
    authors: list[str] = Field(default_factory=list, description="Who wrote the scenario.")
    start: dt.date = Field(description="Date of the first turn (YYYY-MM-DD).")
    turn_months: Int = Field(3, ge=1, le=12, description="Months per turn (3 = quarterly turns).")
    turns: Int = Field(ge=1, le=200, description="Number of turns in a full game.")
    sources: list[Source] = Field(default_factory=list,
                                  description="Real-world sources the scenario's figures cite.")
    fictional_words: dict[str, str] = Field(
        default_factory=dict, description="Words replaced in every text when fictional names are "
        "on, e.g. `{Beijing: the Eastern capital, Chinese: Eastern}`. State and power names are "
        "replaced by their `fictional_name` without being listed here.")


# --- indicators ---------------------------------------------------------------------------------

class Drift(Model):
    """Each turn the indicator moves part of the way toward a resting value."""

    toward: Union[Num, Literal["start"]] = Field(
        description="The value the indicator drifts toward, or `start` for each state's own "
        "starting value.")
    rate: Num = Field(gt=0, le=1, description="Share of the gap closed each turn (0.1 = 10%).")


class Indicator(Model):
    """A number the game tracks, per state (GDP growth) or for the whole world (price index)."""

    id: str = Id("How effects, conditions and formulas name this indicator.")
    name: Name = Field(description="Name shown to the player.")
    description: Text = Field("", description="What the number means, shown in tooltips.")
    scope: Literal["state", "world"] = Field(
        "state", description="`state`: each state has its own value; `world`: one shared value.")
    min: Num = Field(description="Lowest possible value; changes are clamped to it.")
    max: Num = Field(description="Highest possible value; changes are clamped to it.")
    unit: Name = Field("", description="Unit shown after the value (%, pts, kt/yr, $bn).")
    decimals: Int = Field(0, ge=0, le=3, description="Decimals shown to the player.")
    start: Union[Num, dict[str, Num]] = Field(
        0.0, description="Starting value, or a mapping from state id to starting value.")
    good: Literal["up", "down", "neutral"] = Field(
        "up", description="Whether a rise is good for the state (colours changes green or red).")
    drift: Optional[Drift] = Field(None, description="Pull toward a resting value every turn.")
    derived: Optional[str] = Field(
        None, description="Formula computing the value from other indicators each time they "
        "change, e.g. `100 - max(dep_us, dep_cn, dep_ru)`. Derived indicators cannot be targets "
        "of effects.")
    source: Optional[str] = Field(None, description="Id of the source of the starting figures.")
    hidden: Bool = Field(False, description="Keep it out of the player's indicator list.")
    shown_for: Optional[list[str]] = Field(
        None, description="States whose players see it (ids); all if omitted. It is still tracked "
        "for every state, so formulas may read it.")


# --- conditions, costs, effects -----------------------------------------------------------------

class Condition(Model):
    """A test on the game. Every field given must hold; `any` holds if one of its items holds."""

    indicator: Optional[str] = Field(None, description="Indicator tested by above/below/at_least/at_most.")
    above: Optional[Num] = Field(None, description="Holds when the indicator is > this.")
    below: Optional[Num] = Field(None, description="Holds when the indicator is < this.")
    at_least: Optional[Num] = Field(None, description="Holds when the indicator is >= this.")
    at_most: Optional[Num] = Field(None, description="Holds when the indicator is <= this.")
    taken: Optional[str] = Field(None, description="Holds when the state has taken this action.")
    not_taken: Optional[str] = Field(None, description="Holds when the state has never taken this action.")
    building: Optional[str] = Field(
        None, description="Holds while a project this action started (`project_turns`) is still under "
        "way: from the turn it is ordered until it completes.")
    power: Optional[str] = Field(None, description="Power whose pressure ladder `rung_at_least` tests.")
    rung_at_least: Optional[Count] = Field(
        None, description="Holds when `power`'s ladder toward the state is at this rung or "
        "higher (0 = calm, 1 = first rung).")
    rung_below: Optional[Count] = Field(
        None, description="Holds when `power`'s ladder toward the state is below this rung.")
    turn_from: Optional[Ordinal] = Field(None, description="Holds from this turn on (1 = first).")
    turn_to: Optional[Ordinal] = Field(None, description="Holds up to this turn.")
    any: Optional[list["Condition"]] = Field(None, description="Holds when at least one item holds.")

    @model_validator(mode="after")
    def _consistent(self):
        compares = [self.above, self.below, self.at_least, self.at_most]
        if self.indicator is not None and all(c is None for c in compares):
            raise ValueError("an `indicator` test needs one of above, below, at_least, at_most")
        if self.indicator is None and any(c is not None for c in compares):
            raise ValueError("above/below/at_least/at_most need an `indicator`")
        if (self.rung_at_least is not None or self.rung_below is not None) and self.power is None:
            raise ValueError("`rung_at_least` and `rung_below` need a `power`")
        if self.power is not None and self.rung_at_least is None and self.rung_below is None:
            raise ValueError("`power` needs `rung_at_least` or `rung_below`")
        if not any(v is not None for v in self.__dict__.values()):
            raise ValueError("an empty condition; give at least one test such as `indicator`")
        return self


class Requirement(Condition):
    """A condition an action needs, with the reason shown to the player when it fails."""

    reason: Line = Field(description="Shown when the requirement fails, e.g. 'Needs a mine first'.")


class Cost(Model):
    """What taking an action or an option costs the state this turn."""

    capital: Int = Field(0, ge=0, description="Political capital (each state gets a few per turn).")
    money: Num = Field(0, ge=0, description="Money, taken from the scenario's money indicator.")


class Effect(Model):
    """A change to one indicator. Give `change` (a number) or `formula` (an expression)."""

    target: str = Field(description="Indicator changed. A state indicator changes for the state "
                        "concerned; a world indicator for everyone.")
    change: Optional[Num] = Field(None, description="Amount added (negative to subtract).")
    formula: Optional[str] = Field(
        None, description="Expression for the amount, over indicator ids, e.g. `0.1 * mining`.")
    delay: Int = Field(0, ge=0, le=40, description="Turns before it starts (0 = this turn).")
    phase_in: Int = Field(1, ge=1, le=40,
                          description="Turns over which the amount is spread in equal parts.")
    note: Optional[Text] = Field(None, description="Added in brackets to the cause the player reads "
                                "(the action's or event's name), e.g. why this amount.")

    @model_validator(mode="after")
    def _one_amount(self):
        if (self.change is None) == (self.formula is None):
            raise ValueError("give exactly one of `change` or `formula`")
        return self


# --- actors -------------------------------------------------------------------------------------

class State(Model):
    """A Central Asian state, playable by a human or by the built-in AI."""

    id: str = Id("How the scenario and saves refer to the state.")
    name: Name = Field(description="Name shown to the player.")
    fictional_name: Optional[Name] = Field(None, description="Name used when a classroom asks for fictional names.")
    short_name: Optional[Name] = Field(
        None, description="Short form for narrow labels (e.g. `US`); a name that takes \"the\" has a short form "
        "that takes it too (`the West` for `the Western Federation`).")
    fictional_short_name: Optional[Name] = Field(
        None, description="Short form of `fictional_name` for narrow labels, e.g. `the Steppe`.")
    playable: Bool = Field(True, description="Whether a human may play it.")
    description: Text = Field("", description="Starting position, shown on the briefing.")
    goals: Text = Field("", description="What success looks like for this state, shown on the briefing.")
    capital: Int = Field(3, ge=0, le=20, description="Political capital available each turn.")
    color: str = Field("#4aa3a1", pattern=r"^#[0-9a-fA-F]{6}$", description="Map colour.")


class Payoff(Model):
    """What an actor wants: a weighted sum of indicators, plus an optional formula."""

    weights: dict[str, Num] = Field(default_factory=dict,
                                      description="Indicator id to weight (negative = dislikes).")
    formula: Optional[str] = Field(None, description="Extra term added to the weighted sum.")


class Response(Model):
    """Something a power may do toward a state in reply to the state's moves."""

    id: str = Id("Identifier of the response.")
    name: Name = Field(description="Shown in the turn report, e.g. 'Offers DFC financing'.")
    description: Text = Field("", description="Longer text shown in the turn report.")
    kind: Literal["offer", "purchase", "financing", "security", "pressure", "restraint"] = Field(
        description="What sort of move this is (used for icons and the debrief).")
    when: list[Condition] = Field(default_factory=list, description="All must hold for the power to consider it.")
    effects: list[Effect] = Field(default_factory=list, description="Changes to the target state and the world.")
    appeal: Optional[str] = Field(
        None, description="Formula added to the response's score, evaluated on the target state, "
        "e.g. `(rel_us - rel_cn) / 20` to react to the state's tilt.")
    bias: Num = Field(0, description="Constant added to the score (habit, doctrine).")
    cooldown: Int = Field(0, ge=0, description="Turns before the power may use it again on the same state.")
    offers: list[str] = Field(
        default_factory=list, description="Actions (marked `offer_only`) this response puts on the "
        "table for the target state, which may accept them while the offer is open.")
    offer_turns: Int = Field(2, ge=1, le=20, description="Turns an offer stays open.")


class Option(Model):
    """One answer to a crisis or an event."""

    description: Text = Field("", description="What this answer means, shown before choosing.")
    cost: Cost = Field(default_factory=Cost, description="What it costs the state now.")
    effects: list[Effect] = Field(default_factory=list, description="Its consequences.")


class StandFirm(Option):
    """Standing firm: the power may back down (losing credibility) or climb again."""

    backdown: Num = Field(0.4, ge=0, le=1, description="Chance that the power backs down.")
    backdown_effects: list[Effect] = Field(default_factory=list,
                                           description="Effects when the power backs down.")


class Rung(Model):
    """One step of a pressure ladder (concern, démarche, economic signal…)."""

    id: str = Id("Identifier of the rung.")
    name: Name = Field(description="Shown to the player, e.g. 'Démarche'.")
    description: Text = Field("", description="What the power does at this rung.")
    effects: list[Effect] = Field(default_factory=list, description="Applied when the power climbs here.")
    concede: Option = Field(description="Give the power what it wants: the ladder steps down.")
    compensate: Option = Field(description="Pay to calm it: the ladder holds, patience refills.")
    stand_firm: StandFirm = Field(description="Refuse: the power may back down or climb again.")


class Ladder(Model):
    """How a power escalates toward a state whose relation stays low (a patience meter)."""

    threshold: Num = Field(description="Patience drains each turn the relation is below this.")
    patience: Int = Field(3, ge=1, le=20, description="Turns of low relations before a climb.")
    warning: Int = Field(1, ge=0, description="Warn the player when patience is at or below this.")
    accident_from: Optional[Ordinal] = Field(
        None, description="From this rung up, the power may climb by accident.")
    accident_chance: Num = Field(0, ge=0, le=1, description="Chance per turn of an accidental climb.")
    rungs: list[Rung] = Field(min_length=1, max_length=12, description="The rungs, lowest first.")


class Power(Model):
    """An outside power (always played by the AI)."""

    id: str = Id("How the scenario refers to the power.")
    name: Name = Field(description="Name shown to the player.")
    fictional_name: Optional[Name] = Field(None, description="Name used when fictional names are on.")
    short_name: Optional[Name] = Field(
        None, description="Short form for narrow labels, where three powers must still be told apart (e.g. `US`); "
        "a name that takes \"the\" has a short form that takes it too (`the West` for `the Western Federation`).")
    fictional_short_name: Optional[Name] = Field(
        None, description="Short form of `fictional_name` for narrow labels, e.g. `the West`.")
    description: Text = Field("", description="Its interests, shown in the power's panel.")
    color: str = Field("#c0c0c0", pattern=r"^#[0-9a-fA-F]{6}$", description="Colour of its gauges.")
    relation: str = Field(description="State indicator holding each state's relation with it.")
    dependence: Optional[str] = Field(
        None, description="State indicator measuring how dependent each state is on it.")
    temperature: Num = Field(
        1.0, gt=0, le=100, description="Softmax temperature of its choices: low = shrewd, high = erratic.")
    payoff: Payoff = Field(description="What the power wants, over the target state's indicators.")
    responses: list[Response] = Field(min_length=1, max_length=60, description="What it may do each turn.")
    ladder: Optional[Ladder] = Field(
        None, description="Its pressure ladder toward each state. Leave it out for a power that never escalates.")


# --- actions and events -------------------------------------------------------------------------

class Action(Model):
    """A policy a state may choose on its turn."""

    id: str = Id("Identifier of the action.")
    name: Name = Field(description="Title of the action card.")
    description: Text = Field("", description="What it is, shown on the card.")
    category: Name = Field("policy", description="Group shown on the card (deals, industry, diplomacy…).")
    who: Optional[list[str]] = Field(None, description="States that may take it; all if omitted.")
    with_power: Optional[str] = Field(None, description="The power whose firms or state it deals with.")
    visible_when: list[Condition] = Field(default_factory=list,
                                          description="Hidden unless all of these hold.")
    available_when: list[Requirement] = Field(
        default_factory=list, description="Requirements; a failing one greys the card out with its reason.")
    cost: Cost = Field(default_factory=Cost, description="What it costs this turn.")
    effects: list[Effect] = Field(default_factory=list, description="What it does.")
    project_turns: Int = Field(
        0, ge=0, le=40, description="A project taking this many turns to complete; its effects' "
        "delays count from completion.")
    once: Bool = Field(False, description="May be taken only once per game.")
    cooldown: Int = Field(0, ge=0, description="Turns before it may be taken again.")
    offer_only: Bool = Field(False, description="Shown only while a power's response has it on the "
                             "table (see the response's `offers`); taking it accepts the offer.")
    excludes: list[str] = Field(default_factory=list,
                                description="Actions closed for the rest of the game once this is taken.")
    source: Optional[str] = Field(None, description="Id of the source behind its figures.")


class Choice(Model):
    """An answer the player may pick when an event fires."""

    id: str = Id("Identifier of the choice.")
    label: Line = Field(description="Short text on the button.")
    description: Text = Field("", description="What it means.")
    cost: Cost = Field(default_factory=Cost, description="What it costs.")
    effects: list[Effect] = Field(default_factory=list, description="Its consequences.")


class Event(Model):
    """Something that happens: on a date, when a threshold is crossed, or by chance."""

    id: str = Id("Identifier of the event.")
    name: Name = Field(description="Headline shown to the player.")
    text: Text = Field(description="What happened, shown in the event dialog.")
    again: list[Text] = Field(
        default_factory=list, max_length=10,
        description="Texts for the second, third... time it fires (the last one serves for every later "
        "time), so a repeated event reads as news, not as the same words again. Without it `text` is "
        "shown each time.")
    kind: Literal["dated", "triggered", "random"] = Field(
        description="`dated`: on `date`; `triggered`: when `when` holds; `random`: with `probability` each turn.")
    scope: Literal["world", "state"] = Field(
        "state", description="`state`: tested and fired per state; `world`: once for all states.")
    who: Optional[list[str]] = Field(
        None, description="States the event can happen to (ids); all if omitted. A world event's "
        "state effects and choices then reach only these states.")
    date: Optional[dt.date] = Field(None, description="For dated events: fires on the turn containing it.")
    when: list[Condition] = Field(default_factory=list, description="All must hold for it to fire.")
    rearm_when: list[Condition] = Field(
        default_factory=list, description="For repeatable triggered events: it may fire again only "
        "after these have held (hysteresis).")
    probability: Optional[Chance] = Field(None, description="For random events: chance per turn.")
    once: Bool = Field(True, description="Fires at most once per state (or once, for world events).")
    effects: list[Effect] = Field(default_factory=list, description="What it does.")
    choices: list[Choice] = Field(default_factory=list,
                                  description="Answers the state must pick between next turn.")
    source: Optional[str] = Field(None, description="Id of the real precedent it draws on.")

    @model_validator(mode="after")
    def _kind_fields(self):
        if self.kind == "dated" and self.date is None:
            raise ValueError("a dated event needs a `date`")
        if self.kind == "random" and self.probability is None:
            raise ValueError("a random event needs a `probability`")
        if self.kind == "triggered" and not self.when:
            raise ValueError("a triggered event needs `when` conditions")
        return self

    def text_for(self, times: int) -> str:
        """The text for the `times`-th firing (1 for the first)."""
        if times <= 1 or not self.again:
            return self.text
        return self.again[min(times - 2, len(self.again) - 1)]


class Link(Model):
    """A standing relation applied every turn (Democracy-style): GDP growth lifts stability…"""

    id: str = Id("Identifier of the link.")
    name: Name = Field(description="Cause shown to the player, e.g. 'Economic growth'.")
    target: str = Field(description="Indicator changed each turn.")
    formula: str = Field(description="Amount added each turn, e.g. `(gdp_growth - 3) * 0.5`.")
    when: list[Condition] = Field(default_factory=list, description="Applies only when all hold.")


# --- market, scoring ----------------------------------------------------------------------------

class Stage(Model):
    """One stage of the value chain (mine, separation, metal, magnets)."""

    id: str = Id("Identifier of the stage.")
    name: Name = Field(description="Shown in the value-chain panel.")
    capacity: str = Field(description="State indicator holding the stage's capacity (kt/yr).")
    value: Num = Field(gt=0, description="Revenue per kt at a price index of 100, in money units.")


class Market(Model):
    """The rare-earth market: supply, demand and the price index; states' revenue from it."""

    supplier_name: Line = Field("China", description="What texts call the leading supplier (the market's largest, which controls its exports).")
    region_name: Line = Field("Central Asia", description="What texts call the states' region.")
    price: str = Field(description="World indicator holding the price index.")
    controls: str = Field(description="World indicator holding the share of the leading supplier's exports under control (0-100).")
    leader_share: Optional[str] = Field(None, description="World indicator set to the leading supplier's share of separated supply (%).")
    leader_supply: Num = Field(gt=0, description="The leading supplier's separated supply at the start (kt/yr).")
    other_supply: Num = Field(ge=0, description="Rest-of-world separated supply outside the states (kt/yr).")
    demand: Num = Field(gt=0, description="World demand at the start (kt/yr).")
    demand_growth: Num = Field(0, ge=-0.2, le=0.2, description="Demand growth per turn (0.015 = 1.5%).")
    other_growth: Num = Field(0, ge=-0.2, le=0.2, description="Rest-of-world supply growth per turn.")
    control_cut: Num = Field(0.3, ge=0, le=1,
                               description="Share of the leading supplier's output withheld when controls are at 100.")
    elasticity: Num = Field(1.5, gt=0, le=10, description="How strongly price answers a supply gap.")
    inertia: Num = Field(0.5, ge=0, lt=1, description="Share of last turn's price kept each turn.")
    stages: list[Stage] = Field(min_length=1, max_length=12, description="Value chain stages, from mine to magnets.")
    revenue_to: str = Field(description="State indicator that receives revenue each turn.")
    value_added: Optional[str] = Field(None, description="State indicator set to the value-added share (%).")
    source: Optional[str] = Field(None, description="Id of the source of the market figures.")


class Axis(Model):
    """A part of a state's score: prosperity, value added, autonomy, stability, balance…"""

    id: str = Id("Identifier of the axis.")
    name: Name = Field(description="Shown on the end screen.")
    description: Text = Field("", description="What it rewards.")
    formula: str = Field(description="Points per turn, e.g. `stability / 10`.")
    weight: Num = Field(1.0, ge=0, description="Weight in the total score.")


class Ending(Model):
    """An early ending (unrest, capture, bankruptcy) or a special ending."""

    id: str = Id("Identifier of the ending.")
    name: Name = Field(description="Shown on the end screen.")
    text: Text = Field(description="What happened.")
    kind: Literal["loss", "win"] = Field("loss", description="Whether it is a defeat or a triumph.")
    when: list[Condition] = Field(min_length=1, description="All must hold at the end of a turn.")
    for_turns: Int = Field(1, ge=1, description="Consecutive turns they must hold.")
    score: Num = Field(0, description="Added to the score when the game ends this way.")


class Verdict(Model):
    """How a final score reads: the end screen shows the first verdict whose threshold it reaches."""

    at_least: Num = Field(description="Lowest total score that earns this verdict.")
    name: Name = Field(description="Headline on the end screen, e.g. 'A regional rare-earth hub'.")
    text: Text = Field("", description="A sentence or two on what the score means.")
    win: Bool = Field(False, description="Whether this verdict counts as a win (for balance checks).")


class Scoring(Model):
    """How states are scored and how games end early."""

    axes: list[Axis] = Field(min_length=1, max_length=20, description="The score axes.")
    endings: list[Ending] = Field(default_factory=list, description="Early endings.")
    verdicts: list[Verdict] = Field(
        default_factory=list, description="Verdicts on the final score, highest threshold first.")


# --- strategies (for analysis and the classroom) ---------------------------------------------

class StateStrategy(Model):
    """A named way for a state to play, for `greatgame analyze` (and a class to compare): take these
    actions, in this order of priority, whenever they are open and affordable."""

    id: str = Id("Identifier of the strategy.")
    name: Name = Field(description="Shown in the analysis, e.g. 'Lean West'.")
    text: Text = Field("", description="What the strategy is about.")
    states: Optional[list[str]] = Field(None, description="States that may play it (ids); all if omitted.")
    priorities: list[str] = Field(
        default_factory=list, max_length=100, description="Actions (ids), highest priority first: each "
        "turn the strategy takes each one that is open and that capital and money still allow.")
    answers: dict[str, str] = Field(
        default_factory=dict, description="How it answers questions: an event id to one of its "
        "choices, or a power id to `concede`, `compensate` or `stand_firm` for that power's crises. "
        "Questions not listed get the adviser's answer.")


class PowerStrategy(Model):
    """A named way for a power to play: make these replies, in this order, whenever it may."""

    id: str = Id("Identifier of the strategy.")
    name: Name = Field(description="Shown in the analysis, e.g. 'Hard line'.")
    text: Text = Field("", description="What the strategy is about.")
    power: str = Field(description="The power that plays it (id).")
    priorities: list[str] = Field(
        min_length=1, max_length=60, description="Its responses (ids), highest priority first: each "
        "turn it makes the first one it may (its conditions hold, no cooldown), toward each state; "
        "if none, it chooses as usual.")


class Strategies(Model):
    """Named strategies for states and powers. `greatgame analyze` plays each, and when both states
    and powers have some, shows the table of payoffs between them and its equilibria."""

    states: list[StateStrategy] = Field(default_factory=list, max_length=40, description="Strategies for states.")
    powers: list[PowerStrategy] = Field(default_factory=list, max_length=40, description="Strategies for powers.")


class Debrief(Model):
    """Material for the classroom debrief."""

    questions: list[Text] = Field(default_factory=list, max_length=100, description="Discussion questions.")


class MapPlace(Model):
    """A place the map marks: a deposit (or a plant) of the scenario's story."""

    name: Name = Field(description="Its label, e.g. 'Kuirektykol'.")
    lon: float = Field(ge=-180, le=180, description="Longitude, degrees east.")
    lat: float = Field(ge=-90, le=90, description="Latitude, degrees north.")
    note: Line = Field("", description="A line for its tooltip.")
    kind: Literal["deposit", "plant"] = Field("deposit", description="A deposit (a diamond) or a plant.")
    source: Optional[str] = Field(None, description="Id of the source of the note's figures.")


class MapSpec(Model):
    """How the window's map of Central Asia shows the scenario. Without it the states are placed on
    the Central Asian countries whose names they bear (else in order), and no route or deposit is drawn."""

    states: dict[str, str] = Field(default_factory=dict, description="State id to the map's country it is "
                                   "drawn as, by its three-letter code: KAZ, UZB, KGZ, TJK, TKM.")
    routes: dict[str, str] = Field(default_factory=dict, description="Indicator id to the route of the map it "
                                   "measures, drawn with its value: middle, china, russia, cpc.")
    deposits: list[MapPlace] = Field(default_factory=list, max_length=40, description="Places to mark.")


class Scenario(Model):
    """A whole scenario file."""

    format: Literal[1] = Field(description="Scenario format version; this is version 1.")
    meta: Meta = Field(description="Title, dates, sources.")
    money: str = Field(description="State indicator that action costs in money are paid from.")
    indicators: list[Indicator] = Field(min_length=1, max_length=400, description="Every number the game tracks.")
    states: list[State] = Field(min_length=1, max_length=12, description="The states (players).")
    powers: list[Power] = Field(default_factory=list, max_length=12, description="The outside powers.")
    actions: list[Action] = Field(min_length=1, max_length=400, description="The policies states may choose.")
    events: list[Event] = Field(default_factory=list, max_length=400, description="Dated, triggered and random events.")
    links: list[Link] = Field(default_factory=list, max_length=400, description="Standing per-turn relations.")
    market: Market = Field(description="The rare-earth market.")
    scoring: Scoring = Field(description="Score axes and endings.")
    strategies: Strategies = Field(default_factory=Strategies,
                                   description="Named strategies for analysis (`greatgame analyze`).")
    debrief: Debrief = Field(default_factory=Debrief, description="Classroom material.")
    map: Optional[MapSpec] = Field(None, description="How the window's map shows the scenario: which "
                                   "country each state is, which indicator measures which route, the deposits.")
