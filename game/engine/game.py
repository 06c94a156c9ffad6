"""One game of a scenario: a small facade over the rules and a position, with the game's record.

    game = Game(load_scenario("scenarios/busan_pause.yaml"), seed=7, humans={"kz"})
    obs = game.observe("kz")                 # what the state sees
    game.options("kz")                       # its actions, with the reason when unavailable
    game.preview("kz", Orders(("c5_summit",)))   # the turn itself, played on copies
    game.submit("kz", Orders(("c5_summit",)))
    report = game.resolve()                  # every other state and power moves; causes recorded

The rules are the functions of game.engine.turn over `game.position` (see docs/architecture.md).
Beyond the position, a game keeps its record: the ledger of every change with its cause, the
turn reports, the values seen at each turn (for sparklines) and the human orders (for saves).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping

import numpy as np

from game.scenario.english import Names
from game.scenario.load import LoadedScenario
from game.scenario.model import Power

from . import interventions as iv
from . import orders as od
from . import turn as tn
from .conditions import describe, flatten, nearness
from .forecast import DEFAULT_SAMPLES, forecast, others_orders
from .planner import Advice, Planner
from .policies import Adviser, Policy, checked
from .position import Change, Position, PositionError, Project
from .rules import DIFFICULTIES, Rules
from .views import (ActionOption, AxisInfo, AxisScore, CauseLine, ComingView, CostView, Decision, IndicatorChange,
                    IndicatorView, MapInfo, Observation, OfferView, Orders, Outcome, PlaceView, PowerView, Preview,
                    ProjectView,
                    ScenarioInfo, ScoreCard, SERVED, StageView, StateInfo, StateReport, TurnReport)
from . import market as mk

OrdersError = od.OrdersError
InterventionError = iv.InterventionError

__all__ = ["DIFFICULTIES", "Game", "InterventionError", "OrdersError", "PositionError"]


class Game:
    """A game in progress. All randomness comes from generators seeded by `seed`."""

    def __init__(self, scenario: LoadedScenario, seed: int = 0, humans: Iterable[str] = (),
                 difficulty: str = "normal", fictional: bool = False,
                 policies: Mapping[str, Policy] | None = None, position: Position | None = None):
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty '{difficulty}' (choose {', '.join(DIFFICULTIES)})")
        if fictional:
            from game.scenario.fictional import fictionalize

            scenario = fictionalize(scenario)
        self.scenario = scenario
        self.rules = Rules(scenario, difficulty)
        self.s = scenario.model
        self.seed = int(seed)
        self.difficulty = self.rules.difficulty
        self.fictional = fictional
        self._names: tuple[bool, Names] | None = None
        self.load_note: str | None = None  # what a front end should say after loading a save
        self.label: str | None = None      # a front end's name for this game (when it was started)
        self.origin: dict | None = None    # the written position a branch began from (for its saves)
        # Who decides for the computer-played states (default: the built-in adviser).
        self.policies: dict[str, Policy] = dict(policies or {})
        humans = list(humans)
        self.state_ids = list(self.rules.state_ids)
        self.humans = [h for h in self.state_ids if h in set(humans)]
        unknown = set(humans) - set(self.state_ids)
        if unknown:
            raise ValueError(f"unknown state {sorted(unknown)[0]!r}; choose from {', '.join(self.state_ids)}")
        for h in self.humans:
            if not self.rules.states[h].playable:
                raise ValueError(f"state {h!r} is not playable in this scenario")
        self.ledger: list[Change] = []
        self.submitted: dict[str, Orders] = {}
        # Unfinished choices restored from a save, for a front end to put back on the table.
        self.drafts: dict[str, Orders] = {}
        self.order_log: list[dict] = []
        # An instructor's injects and argued actions, in the order made (game.engine.interventions).
        self.interventions: list[dict] = []
        self.moves = 0   # bumps whenever the position changes (a turn, an inject): what is shown is stale
        self.reports: list[TurnReport] = []
        self.history: dict[str | None, dict[str, list[float]]] = {}
        self._cache: dict[Any, Any] = {}   # what was shown, until the position changes
        if position is None:
            self.pos = tn.start(self.rules, self.seed)
            self.pos.ledger = self.ledger
            self._open_turn()
        else:
            tn.check_position(self.rules, position)
            self.pos = position.copy()
            self.pos.ledger = self.ledger
            self.origin = position.to_dict()
            self._turn_mark = 0
            self._snapshot()

    # ================================================================================ positions

    @property
    def position(self) -> Position:
        """The live position. Read it, copy it, write it out; change it only through the API."""
        return self.pos

    def copy(self) -> "Game":
        """A game from a copy of this one's position (its record starts empty): a branch."""
        twin = Game(self.scenario, self.seed, self.humans, self.difficulty.name, policies=self.policies,
                    position=self.pos)
        twin.fictional = self.fictional
        return twin

    @classmethod
    def from_position(cls, scenario: LoadedScenario, data: Mapping | Position, humans: Iterable[str] = (),
                      difficulty: str = "normal", fictional: bool = False, seed: int = 0,
                      policies: Mapping[str, Policy] | None = None) -> "Game":
        """A game that starts from a written position (`Position.to_dict`), like a chess FEN.
        Raises PositionError naming what does not fit the scenario."""
        pos = data if isinstance(data, Position) else Position.from_dict(dict(data))
        return cls(scenario, seed, humans, difficulty, fictional, policies, position=pos)

    # ================================================================================ public API

    @property
    def turn(self) -> int:
        return self.pos.turn

    @property
    def over(self) -> bool:
        return tn.is_over(self.rules, self.pos, self.humans)

    def date(self, turn: int | None = None) -> dt.date:
        return self.rules.date(self.turn if turn is None else turn)

    def date_label(self, turn: int | None = None) -> str:
        return self.rules.date_label(self.turn if turn is None else turn)

    def name(self, ident: str) -> str:
        """Display name of an actor, indicator, action or event (fictional names when asked)."""
        return self.rules.name(ident)

    @property
    def names(self) -> Names:
        """The scenario's names and how they sit in a sentence: every text the game hands out has
        passed `names.tidy` ("relations with the Western Federation", "the Union's")."""
        if self._names is None or self._names[0] != self.fictional:
            extra = self.s.meta.fictional_words.values() if self.fictional else ()
            self._names = (self.fictional, Names.of(self.s, extra))
        return self._names[1]

    @property
    def money_unit(self) -> str:
        return self.rules.indicators[self.s.money].unit

    def unit(self, indicator: str) -> str:
        return self.rules.indicators[indicator].unit

    @property
    def announcements(self) -> tuple[str, ...]:
        """This turn's events, named as the report names them."""
        return self.names.tidy_all(self._event_names(self.pos.events))

    def _event_names(self, events) -> tuple[str, ...]:
        return tuple(self.name(ev) + ("" if key is None else f" ({self.name(key)})") for ev, key in events)

    def active(self, state: str) -> bool:
        return self.pos.records[state].ending is None and not self.over

    def observe(self, state: str) -> Observation:
        self._check_state(state)
        return self._cached(("observe", state), lambda: self._observe(state))

    def _observe(self, state: str) -> Observation:
        r, pos = self.rules, self.pos
        rec = pos.records[state]
        money_ind = r.indicators[self.s.money]
        shown = r.shown(state)
        indicators = tuple(self._indicator_view(state, i) for i in shown if i not in r.world_set)
        world = tuple(self._indicator_view(None, i) for i in shown if i in r.world_set)
        powers = tuple(self._power_view(p, state) for p in self.s.powers)
        mine = [p for p in pos.projects if p.state == state]
        projects = tuple(self._project_view(p) for p in mine)
        coming = self._coming(state)
        caps = [pos.values[state][st.capacity] for st in self.s.market.stages]
        outs = mk.stage_outputs(self.s.market, caps)
        chain = []
        for i, st in enumerate(self.s.market.stages):
            related = tuple(pv for p, pv in zip(mine, projects)
                            if any(e.target == st.capacity for e in r.actions[p.action].effects))
            chain.append(StageView(st.id, st.name, caps[i], outs[i], related, r.indicators[st.capacity].unit,
                                   tuple(c for c in coming if c.effect.indicator == st.capacity)))
        last = min(self.turn, self.s.meta.turns)
        return Observation(
            state=state, state_name=self.name(state), turn=last, turns=self.s.meta.turns,
            date=self.date_label(last), capital=self.capital(state), money=pos.values[state][self.s.money],
            money_unit=money_ind.unit, indicators=indicators, world=world, powers=powers,
            projects=projects, chain=tuple(chain), decisions=tuple(self.decisions(state)), coming=coming,
            news=tuple(rec.news), warnings=tuple(self.warnings(state)),
            score=self.score(state)["total"], ended=rec.ending, over=self.over)

    def options(self, state: str) -> list[ActionOption]:
        """The visible actions of `state`, each available or greyed out with its reason."""
        self._check_state(state)
        return list(self._cached(("options", state), lambda: self._options(state)))

    def _options(self, state: str) -> list[ActionOption]:
        r = self.rules
        env = r.env(self.pos, state)
        out = []
        for a, reason in self.action_status(state):
            late = od.too_late(r, self.pos, state, a, env)
            out.append(ActionOption(
                id=a.id, name=a.name, description=a.description, category=a.category,
                cost=CostView(a.cost.capital, a.cost.money),
                effects=tuple(r.effect_views(a.effects, env, a.project_turns)),
                available=reason is None, reason=reason, with_power=a.with_power,
                project_turns=a.project_turns, once=a.once, excludes=tuple(sorted(r.closes[a.id])),
                offered_by=self.pos.records[state].offers[a.id][0] if a.offer_only else None,
                late=late[0] if late else None, late_in_full=bool(late and late[1]),
                number=r.number(state, a.id)))
        return sorted(out, key=lambda o: o.number)

    def action_status(self, state: str):
        """The visible actions of `state` with the reason each is unavailable (None if available)."""
        return self._cached(("status", state), lambda: od.action_status(self.rules, self.pos, state))

    def offer_turns_left(self, state: str, action: str) -> int | None:
        """Turns an open offer stays on the table, this one included (None: no such offer)."""
        offer = self.pos.records[state].offers.get(action)
        return offer[1] - self.turn + 1 if offer is not None and self.turn <= offer[1] else None

    def info(self) -> ScenarioInfo:
        """The scenario's title, texts, score axes and debrief questions."""
        meta = self.s.meta
        return ScenarioInfo(
            meta.id, meta.title, meta.summary, meta.briefing, meta.turns, meta.turn_months,
            tuple(AxisInfo(a.id, a.name, a.description, a.weight) for a in self.s.scoring.axes),
            tuple(self.s.debrief.questions), tuple(src.title for src in meta.sources),
            MapInfo(tuple(self.s.map.states.items()), tuple((r, i) for i, r in self.s.map.routes.items()),
                    tuple(PlaceView(p.name, p.lon, p.lat, p.note, p.kind) for p in self.s.map.deposits))
            if self.s.map is not None else None)

    def withdraw(self, state: str) -> Orders | None:
        """Take back `state`'s submitted orders for this turn (before it resolves), returning them."""
        return self.submitted.pop(state, None)

    def threshold(self, power: Power) -> float:
        """The relation below which `power`'s patience drains, at this game's difficulty."""
        return self.rules.threshold(power)

    def state_info(self, state: str) -> StateInfo:
        """The state as the scenario describes it (names follow the fictional-names setting)."""
        st = self.rules.states[state]
        return StateInfo(st.id, self.name(st.id), st.description, st.goals, st.capital, st.color, st.playable)

    def preview(self, state: str, orders: Orders, samples: int = DEFAULT_SAMPLES) -> Preview:
        """The forecast of `orders`: this turn played on `samples` copies of the position, with
        streams of their own (see game.engine.forecast)."""
        self._check_state(state)
        key = ("preview", state, tuple(orders.actions), tuple(sorted(orders.answers.items())), samples)
        # The other states' likely orders do not depend on this state's: drawn once a turn.
        others = self._cached(("others", state), lambda: others_orders(self.rules, self.pos, state,
                                                                      self._policy_for, self.seed))
        return self._cached(key, lambda: forecast(self.rules, self.pos, state, orders, self._policy_for,
                                                  samples, self.seed, others))

    def submit(self, state: str, orders: Orders) -> None:
        """Record a human state's orders for this turn; raises OrdersError naming the problem."""
        self._check_state(state)
        if state not in self.humans:
            raise OrdersError(f"{self.name(state)} is played by the computer")
        if not self.active(state):
            raise OrdersError(f"{self.name(state)} can no longer act: the game is over for it")
        problems = self.check_orders(state, orders)
        if problems:
            raise OrdersError(problems[0])
        self.submitted[state] = Orders(tuple(orders.actions),
                                       dict(od.in_question_order(self.pos, state, orders.answers)))

    def suggest(self, state: str, policy: Policy | None = None, rng: np.random.Generator | None = None) -> Orders:
        """What `policy` (default: the adviser) would order for `state` now; changes nothing."""
        self._check_state(state)
        return (policy or Adviser()).orders(self.rules, self.pos, state,
                                            rng if rng is not None else np.random.default_rng(self.turn))

    def advise(self, state: str) -> Advice:
        """The strong adviser's recommendation for `state` this turn, with the trials behind it and
        a sentence saying why (game.engine.planner); changes nothing, same advice every time asked."""
        self._check_state(state)
        if not self.active(state) or self.over:
            return Advice(Orders(()), (), f"The game is over for {self.name(state)}: there is nothing to advise.")
        others = {sid: self._policy_for(sid) for sid in self.state_ids if sid != state and sid not in self.humans}
        return self._cached(("advice", state),
                            lambda: Planner(others=others).advise(self.rules, self.pos, state, self.seed))

    def adviser_score(self, state: str) -> float:
        """The built-in adviser's score for `state` in a game of its own from the same seed."""
        from .batch import adviser_score

        return self._cached(("adviser", state),
                            lambda: adviser_score(self.scenario, self.seed, self.difficulty.name, state))

    def warnings(self, state: str) -> list[str]:
        """Threats the player should see coming: powers about to climb, loss endings drawing near."""
        r = self.rules
        out = []
        for p in self.s.powers:
            view = self._power_view(p, state)
            if view.warning:
                out.append(view.warning)
        env = r.env(self.pos, state)
        names = r.names
        for ending in self.s.scoring.endings:
            if ending.kind != "loss":
                continue
            near = min((nearness(c, env, r.indicators) for c in ending.when), default=0.0)
            if near < 0.66:
                continue
            turns = f" for {r.ending_turns(ending)} turns" if r.ending_turns(ending) > 1 else ""
            tests = [c for c in flatten(ending.when) if c.indicator is not None]
            closest = max(tests, key=lambda c: nearness(c, env, r.indicators), default=None)
            if closest is None:
                when = " and ".join(describe(c, names) for c in ending.when)
                out.append(f"Danger, '{ending.name}': the game ends if {when}{turns}.")
                continue
            ind = r.indicators[closest.indicator]
            out.append(f"Danger, '{ending.name}': {ind.name} is {env[ind.id]:.{ind.decimals}f}; the "
                       f"game ends when it is {describe(closest, names).split(ind.name + ' ', 1)[-1]}{turns}.")
        return self.names.tidy_all(out)

    def check_orders(self, state: str, orders: Orders) -> list[str]:
        """Every reason `orders` cannot be carried out, in the player's words ([] when fine)."""
        return self.names.tidy_all(od.order_problems(self.rules, self.pos, state, orders))

    def orders_cost(self, state: str, orders: Orders) -> tuple[int, float]:
        """Political capital and money that `orders` would spend."""
        return od.order_costs(self.rules, self.pos, state, orders)

    def capital(self, state: str) -> int:
        """Political capital `state` gets each turn."""
        return od.capital(self.rules, state)

    def money(self, state: str) -> float:
        return od.money(self.rules, self.pos, state)

    def decisions(self, state: str) -> list[Decision]:
        """The questions `state` must answer this turn, with what it can afford marked now."""
        return list(self._cached(("decisions", state), lambda: od.decisions(self.rules, self.pos, state)))

    def decision_label(self, state: str, decision: str, answer: str) -> str | None:
        """How the report names an answer ('Event: label'), or None if it is no answer."""
        opt = od.decision_option(self.rules, self.pos, state, decision, answer)
        return self.names.tidy(opt[0]) if opt else None

    def inject(self, event: str, states: Iterable[str] | None = None) -> list[str]:
        """Fire the scenario's `event` now, into the open turn, for `states` (default: all it can
        reach); raises InterventionError saying why not. Returns the states whose submitted orders
        it made impossible (taken back into `drafts`)."""
        if self.over:
            raise InterventionError("the game is over")
        wanted = None if states is None else sorted(set(states))
        reached = iv.inject(self.rules, self.pos, event, wanted)
        self.interventions.append({"turn": self.turn, "kind": "inject", "event": event, "states": reached})
        return self._after_intervention()

    def argue(self, state: str, text: str, chance: float, effects: Iterable[tuple[str, float]]) -> iv.Argued:
        """An argued action for `state`, decided now by a seeded roll (see interventions.argue).
        Orders it makes impossible are taken back into `drafts`."""
        if self.over:
            raise InterventionError("the game is over")
        number = sum(1 for x in self.interventions if x["kind"] == "argued")
        roll = iv.argued_roll(self.seed, self.turn, number)
        effects = [(str(t), float(c)) for t, c in effects]
        result = iv.argue(self.rules, self.pos, state, text, chance, effects, roll)
        self.interventions.append({"turn": self.turn, "kind": "argued", "state": state, "text": result.text,
                                   "chance": result.chance, "effects": [list(e) for e in result.effects],
                                   # what the roll decided, for a debrief to read (a replay rolls again)
                                   "roll": result.roll, "succeeded": result.succeeded})
        self._after_intervention()
        return result

    def intervene(self, record: Mapping[str, Any]) -> None:
        """Apply a recorded intervention again (a replay); raises InterventionError if it no
        longer can be."""
        if record.get("kind") == "inject":
            self.inject(str(record["event"]), record.get("states"))
        elif record.get("kind") == "argued":
            self.argue(str(record["state"]), str(record["text"]), float(record["chance"]),
                       [(str(t), float(c)) for t, c in record["effects"]])
        else:
            raise InterventionError(f"unknown intervention {record.get('kind')!r}")

    def waiting_for(self) -> list[str]:
        return [h for h in self.humans if self.active(h) and h not in self.submitted]

    def resolve(self) -> TurnReport:
        """Resolve the current turn once every human state has submitted; returns its report."""
        if self.over:
            raise OrdersError("the game is over")
        missing = self.waiting_for()
        if missing:
            raise OrdersError("waiting for orders from " + ", ".join(self.name(m) for m in missing))
        r, pos = self.rules, self.pos
        t = self.turn
        orders: dict[str, Orders] = {}
        for sid in tn.active_states(r, pos):
            if sid in self.submitted:   # checked when submitted
                orders[sid], probs = self.submitted[sid], []
            else:
                chooser = self._policy_for(sid)
                orders[sid] = chooser.orders(r, pos, sid, pos.rng.ai)
                probs = checked(chooser, r, pos, sid, orders[sid])
            if probs:  # only possible for a buggy policy; fail loudly rather than diverge
                raise OrdersError(f"{sid}: {probs[0]}")
            if sid in self.humans:
                self.order_log.append({"turn": t, "state": sid, **orders[sid].as_dict()})
        self.submitted = {}
        self._touch()
        outcome = tn.resolve_turn(r, pos, orders)
        report = self.names.tidy_all(self._report(outcome))
        self.reports.append(report)
        self._open_turn()
        return report

    def score(self, state: str) -> dict[str, float]:
        """The score so far: each axis (points per turn averaged over the full game) and total."""
        return tn.score(self.rules, self.pos, state)

    def score_card(self, state: str) -> ScoreCard:
        """The score explained: each axis with what it rewards, the points it gives now and gave
        last turn, and its part of the score so far."""
        self._check_state(state)
        return self._cached(("score card", state), lambda: self._score_card(state))

    def _score_card(self, state: str) -> ScoreCard:
        r = self.rules
        sc = tn.score(r, self.pos, state)
        now = tn.axis_points(r, r.env(self.pos, state))
        last_report = next((rep.for_state(state) for rep in reversed(self.reports)
                            if any(s.state == state for s in rep.states)), None)
        last = dict(last_report.axis_points) if last_report is not None else {}
        axes = tuple(AxisScore(a.id, a.name, a.description, a.weight, now[a.id],
                               last.get(a.id) if last_report is not None else None,
                               sc[a.id], a.weight * sc[a.id]) for a in self.s.scoring.axes)
        verdicts = tuple((v.name, v.at_least, v.win) for v in self.s.scoring.verdicts)
        def when(e) -> str:
            text = " and ".join(describe(c, r.names) for c in e.when)
            return text[1:-1] if len(e.when) == 1 and text.startswith("(") and text.endswith(")") else text

        losses = tuple(f"{e.name} ({when(e)}" + (f" for {r.ending_turns(e)} turns" if r.ending_turns(e) > 1 else "")
                       + f", {e.score:+g} points)" for e in self.s.scoring.endings if e.kind == "loss")
        return ScoreCard(self.turn, self.s.meta.turns, axes, sc.get("ending"), sc["total"],
                         last_report.score_turn if last_report is not None else None, verdicts, losses)

    def verdict(self, state: str):
        """The scenario's verdict on `state`'s score (None if the scenario gives none).

        A loss ending always reads as the lowest verdict."""
        return tn.verdict(self.rules, self.pos, state)

    def ending_of(self, state: str):
        return tn.ending_of(self.rules, self.pos, state)

    def outcome(self, state: str) -> Outcome | None:
        """How `state`'s game ended (None while it goes on): the one answer every front end, save,
        class and debrief gives."""
        self._check_state(state)
        if self.active(state):
            return None
        ending, verdict = self.ending_of(state), self.verdict(state)
        turn = next((rep.turn for rep in self.reports if any(x.state == state and x.ending for x in rep.states)),
                    None) if ending is not None else None
        return self.names.tidy_all(Outcome(
            name=ending.name if ending is not None else verdict.name if verdict is not None else SERVED,
            text=ending.text if ending is not None else verdict.text if verdict is not None else "",
            ending=ending.id if ending is not None else None,
            loss=ending is not None and ending.kind == "loss",
            win=(ending.kind == "win") if ending is not None else bool(verdict is not None and verdict.win),
            verdict=verdict.name if verdict is not None else None, turn=turn))

    def explain(self, state: str | None, indicator: str, turn: int | None = None) -> list[CauseLine]:
        """The causes of `indicator`'s changes on `turn` (default: the last resolved turn)."""
        t = turn if turn is not None else max(1, self.turn - 1)
        return self.names.tidy_all(_group_causes(c for c in self._changes(t, state, indicator)))

    def log(self) -> dict:
        """The whole game as JSON-ready data: the same scenario, seed and orders give the same log."""
        return {
            "scenario": self.s.meta.id, "digest": self.scenario.digest, "seed": self.seed,
            "difficulty": self.difficulty.name, "humans": self.humans,
            "orders": self.order_log,
            "interventions": self.interventions,
            "turns": [rep.as_dict() for rep in self.reports],
            "ledger": [c.as_dict() for c in self.ledger],
            "scores": {sid: {k: round(v, 6) for k, v in self.score(sid).items()} for sid in self.state_ids},
            "endings": {sid: self.pos.records[sid].ending for sid in self.state_ids},
        }

    # ================================================================================ internals

    def _policy_for(self, state: str) -> Policy:
        return self.policies.get(state) or _ADVISER

    def _cached(self, key, make):
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self.names.tidy_all(make())
        return hit

    def _touch(self) -> None:
        self._cache.clear()
        self.moves += 1

    def _resnapshot(self) -> None:
        """The values seen at this turn's opening changed (an intervention): the sparklines' last
        point follows them."""
        for key, values in [(sid, self.pos.values[sid]) for sid in self.state_ids] + [(None, self.pos.world)]:
            for k, v in values.items():
                self.history[key][k][-1] = v

    def _after_intervention(self) -> list[str]:
        """An intervention changed the open turn: submitted orders it made impossible are taken
        back (for their team to change). Returns the states whose orders were taken back."""
        self._resnapshot()
        self._touch()
        back = [sid for sid, o in self.submitted.items() if self.check_orders(sid, o)]
        for sid in back:
            self.drafts[sid] = self.submitted.pop(sid)
        return back

    def _open_turn(self) -> None:
        """Announce the turn's events, then mark where the player's decision starts: the turn
        report runs from these values, since the player has already seen what the events did."""
        tn.open_turn(self.rules, self.pos, self.humans)
        self._turn_mark = len(self.ledger)
        self._snapshot()
        self._touch()

    def _check_state(self, state: str) -> None:
        if state not in self.pos.records:
            raise OrdersError(f"unknown state '{state}'; choose from {', '.join(self.state_ids)}")

    def _changes(self, turn: int | None, state: str | None, indicator: str | None):
        for ch in self.ledger:
            if turn is not None and ch.turn != turn:
                continue
            if state is not None and ch.state not in (state, None):
                continue
            if indicator is not None and ch.indicator != indicator:
                continue
            yield ch

    def _coming(self, state: str) -> tuple[ComingView, ...]:
        """This state's changes still to land, one line per cause, indicator and turn, soonest first."""
        inds = self.rules.indicators
        total: dict[tuple[int, str, str], float] = {}
        for sch in self.pos.scheduled:
            if sch.state == state and not inds[sch.target].hidden:
                key = (sch.due, sch.target, sch.cause.text)
                total[key] = total.get(key, 0.0) + sch.amount
        return tuple(ComingView(self.rules.view(target, amount, due - self.turn), source)
                     for (due, target, source), amount in sorted(total.items(), key=lambda kv: kv[0][:2])
                     if amount != 0)

    def _indicator_view(self, state: str | None, ident: str) -> IndicatorView:
        ind = self.rules.indicators[ident]
        hist = tuple(self.history.get(None if ind.scope == "world" else state, {}).get(ident, ()))
        text = ind.description
        for p in self.s.powers:   # the scenario's words give the normal threshold; say this game's
            if p.relation == ident and self.difficulty.threshold and self.rules.ladder(p).rungs:
                text = (text + " " if text else "") + (
                    f"At {self.difficulty.name} difficulty, {self.name(p.id)}'s patience drains below "
                    f"{self.rules.threshold(p):g}.")
        return IndicatorView(ident, ind.name, self.rules.get(self.pos, state, ident), ind.min, ind.max, ind.unit,
                             ind.decimals, text, ind.good, ind.scope == "world", hist)

    def _power_view(self, p: Power, state: str) -> PowerView:
        r, pos = self.rules, self.pos
        lad = pos.ladders[(p.id, state)]
        rel = pos.values[state][p.relation]
        dep = pos.values[state][p.dependence] if p.dependence else None
        rungs = r.ladder(p).rungs
        nxt = rungs[lad.rung] if lad.rung < len(rungs) else None
        threshold = r.threshold(p)
        warning = None
        if rel < threshold and nxt is not None:
            if lad.patience <= r.ladder(p).warning + 1:
                warning = (f"{self.name(p.id)} is losing patience: '{nxt.name}' in {lad.patience} "
                           f"turn{'s' if lad.patience != 1 else ''} unless relations rise above "
                           f"{threshold:g}.")
        stance = ("hostile" if rel < -40 else "cool" if rel < threshold else
                  "cordial" if rel < 40 else "close")
        rec = pos.records[state]
        env = r.env(pos, state)
        offers = []
        for aid, (pid, last) in rec.offers.items():
            if pid != p.id or self.turn > last:
                continue
            a = r.actions[aid]
            conditions = tuple(req.reason for req in a.available_when)
            offers.append(OfferView(aid, a.name, last - self.turn + 1,
                                    tuple(r.effect_views(a.effects, env, a.project_turns)), conditions))
        return PowerView(
            p.id, self.name(p.id), p.color, rel, dep, lad.rung,
            rungs[lad.rung - 1].name if lad.rung else "Calm", nxt.name if nxt else None,
            tuple(r.effect_views(nxt.effects, env)) if nxt else (),
            lad.patience, r.patience_max[p.id], warning, stance,
            rec.last_responses.get(p.id), threshold if rungs else None, p.description, tuple(offers),
            tuple(x.name for x in rungs))

    def _project_view(self, p: Project) -> ProjectView:
        return ProjectView(p.action, p.name, p.started, p.completes, max(0, p.completes - self.turn + 1))

    def _snapshot(self) -> None:
        pos = self.pos
        for sid in self.state_ids:
            h = self.history.setdefault(sid, {})
            for k, v in pos.values[sid].items():
                h.setdefault(k, []).append(v)
        h = self.history.setdefault(None, {})
        for k, v in pos.world.items():
            h.setdefault(k, []).append(v)

    def _report(self, out: tn.Outcome) -> TurnReport:
        r, pos = self.rules, self.pos
        before = out.before
        changes = self.ledger[self._turn_mark:]
        world_changes = []
        for ident in r.world_ids:
            items = [c for c in changes if c.state is None and c.indicator == ident]
            if items:
                ind = r.indicators[ident]
                world_changes.append(IndicatorChange(ident, ind.name, before[None][ident], pos.world[ident],
                                                     tuple(_group_causes(items)), ind.unit, ind.decimals))
        states = []
        for sid in self.state_ids:
            if sid not in out.orders:
                continue
            per = []
            for ident in r.state_indicator_ids:
                items = [c for c in changes if c.state == sid and c.indicator == ident]
                if items:
                    ind = r.indicators[ident]
                    per.append(IndicatorChange(ident, ind.name, before[sid][ident], pos.values[sid][ident],
                                               tuple(_group_causes(items)), ind.unit, ind.decimals))
            states.append(StateReport(
                sid, self.name(sid), tuple(self.name(a) for a in out.orders[sid].actions),
                tuple(out.answer_lines.get(sid, [])), tuple(rep.report(r) for rep in out.responses.get(sid, [])),
                tuple(out.ladder_lines.get(sid, [])), tuple(per), out.score_turn.get(sid, 0.0),
                pos.records[sid].ending, tuple(out.axis_points.get(sid, {}).items())))
        return TurnReport(out.turn, self.date_label(out.turn), self._event_names(out.events),
                          tuple(key for _, key in out.events),
                          out.market, tuple(world_changes), tuple(states))


_ADVISER = Adviser()


def _group_causes(changes: Iterable) -> list[CauseLine]:
    """Sum changes by cause, largest first, so 'China relations -6' reads as its parts."""
    totals: dict[tuple[str, str], float] = {}
    kinds: dict[tuple[str, str], str] = {}
    for c in changes:
        key = (c.cause.text, c.cause.kind)
        totals[key] = totals.get(key, 0.0) + c.amount
        kinds[key] = c.cause.kind
    lines = [CauseLine(text, amount, kinds[(text, kind)]) for (text, kind), amount in totals.items()
             if abs(amount) > 1e-9]
    return sorted(lines, key=lambda l: -abs(l.amount))

