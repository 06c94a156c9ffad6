"""One game of a scenario: the turn loop and the small API every front end drives.

    game = Game(load_scenario("scenarios/busan_pause.yaml"), seed=7, humans={"kz"})
    obs = game.observe("kz")                 # what the state sees
    game.options("kz")                       # its actions, with the reason when unavailable
    game.preview("kz", Orders(("c5_summit",)))
    game.submit("kz", Orders(("c5_summit",)))
    report = game.resolve()                  # every other state and power moves; causes recorded

Turn order (DESIGN.md section 2): events are announced when a turn opens; states choose; powers
respond; effects apply in one fixed order; every change is recorded with its cause.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import numpy as np

from game.scenario.load import LoadedScenario
from game.scenario.model import Action, Effect, Power

from . import market as mk
from .calendar import add_months, quarter_label
from .conditions import Facts, all_hold, describe, nearness
from .events import EventRules
from .orders import OrderRules, OrdersError
from .powers import LadderState, PowerRules
from .records import Project, Scheduled, StateRecord
from .views import (ActionOption, CauseLine, ComingView, CostView, Decision, EffectView, IndicatorChange,
                    AxisInfo, IndicatorView, LikelyResponse, Observation, OfferView, Orders,
                    PowerView, Preview, PreviewLine, ProjectView, ResponseReport, ScenarioInfo,
                    StageView, StateInfo, StateReport, TurnReport)
from .world import Cause, World


@dataclass(frozen=True)
class Difficulty:
    """How shrewd (softmax temperature factor), touchy (ladder threshold shift), patient and
    forgiving (back-down chance factor) the powers are."""

    name: str
    temperature: float
    threshold: float
    patience: int
    backdown: float
    description: str


DIFFICULTIES = {
    "easy": Difficulty("easy", 1.0, -15, 1, 1.4,
                       "Powers are thick-skinned, patient and quick to back down."),
    "normal": Difficulty("normal", 1.0, 0, 0, 1.0, "Powers play as the scenario describes them."),
    "hard": Difficulty("hard", 0.8, 10, -1, 0.6,
                       "Powers are shrewder, touchy, impatient and seldom back down."),
}


class Game(OrderRules, PowerRules, EventRules):
    """A game in progress. All randomness comes from generators seeded by `seed`."""

    def __init__(self, scenario: LoadedScenario, seed: int = 0, humans: Iterable[str] = (),
                 difficulty: str = "normal", fictional: bool = False,
                 policies: Mapping[str, Callable] | None = None):
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty '{difficulty}' (choose {', '.join(DIFFICULTIES)})")
        if fictional:
            from game.scenario.fictional import fictionalize

            scenario = fictionalize(scenario)
        self.scenario = scenario
        self.s = scenario.model
        self.seed = int(seed)
        self.difficulty = DIFFICULTIES[difficulty]
        self.fictional = fictional
        self.load_note: str | None = None  # what a front end should say after loading a save
        # Who decides for the computer-played states (default: the built-in adviser).
        self.policies = dict(policies or {})
        humans = list(humans)
        self.state_ids = [st.id for st in self.s.states]
        self.humans = [h for h in self.state_ids if h in set(humans)]
        unknown = set(humans) - set(self.state_ids)
        if unknown:
            raise ValueError(f"unknown state {sorted(unknown)[0]!r}; choose from {', '.join(self.state_ids)}")
        for h in self.humans:
            if not self._state(h).playable:
                raise ValueError(f"state {h!r} is not playable in this scenario")
        # Separate streams so that, say, an extra event draw never shifts the powers' choices.
        streams = np.random.SeedSequence(self.seed).spawn(4)
        self.rng_events, self.rng_powers, self.rng_ladders, self.rng_ai = (
            np.random.Generator(np.random.PCG64(s)) for s in streams)
        self.world = World(scenario, self.state_ids)
        self.actions: dict[str, Action] = {a.id: a for a in self.s.actions}
        self.powers: dict[str, Power] = {p.id: p for p in self.s.powers}
        self.records: dict[str, StateRecord] = {sid: StateRecord() for sid in self.state_ids}
        base_patience = {p.id: max(1, p.ladder.patience + self.difficulty.patience) for p in self.s.powers}
        self.patience_max = base_patience
        self.ladders: dict[tuple[str, str], LadderState] = {
            (p.id, sid): LadderState(0, base_patience[p.id]) for p in self.s.powers for sid in self.state_ids}
        self.scheduled: list[Scheduled] = []
        self.projects: list[Project] = []
        self.event_fired: dict[tuple[str, str | None], int] = {}
        self.event_armed: dict[tuple[str, str | None], bool] = {}
        self.submitted: dict[str, Orders] = {}
        # Unfinished choices restored from a save, for a front end to put back on the table.
        self.drafts: dict[str, Orders] = {}
        self.order_log: list[dict] = []
        self.reports: list[TurnReport] = []
        self.announcements: list[str] = []
        self.announced_for: list[str | None] = []
        self.history: dict[str | None, dict[str, list[float]]] = {}
        self.start_price = self.world.world[self.s.market.price]
        self.ratio0 = mk.start_ratio(self.s.market, self.world.world[self.s.market.controls])
        self._names = self._name_table()
        self._open_turn()

    # ================================================================================ public API

    @property
    def turn(self) -> int:
        return self.world.turn

    @property
    def over(self) -> bool:
        if self.world.turn > self.s.meta.turns:
            return True
        players = self.humans or self.state_ids
        return all(self.records[sid].ending is not None for sid in players)

    def date(self, turn: int | None = None) -> dt.date:
        t = self.turn if turn is None else turn
        return add_months(self.s.meta.start, (t - 1) * self.s.meta.turn_months)

    def date_label(self, turn: int | None = None) -> str:
        return quarter_label(self.date(turn), self.s.meta.turn_months)

    def name(self, ident: str) -> str:
        """Display name of an actor, indicator, action or event (fictional names when asked)."""
        return self._names.get(ident, ident)

    def active(self, state: str) -> bool:
        return self.records[state].ending is None and not self.over

    def observe(self, state: str) -> Observation:
        self._check_state(state)
        w = self.world
        rec = self.records[state]
        money_ind = w.indicators[self.s.money]
        indicators = tuple(self._indicator_view(state, i) for i in w.state_indicator_ids
                           if not w.indicators[i].hidden
                           and (w.indicators[i].shown_for is None or state in w.indicators[i].shown_for))
        world = tuple(self._indicator_view(None, i) for i in w.world_ids if not w.indicators[i].hidden)
        powers = tuple(self._power_view(p, state) for p in self.s.powers)
        projects = tuple(self._project_view(p) for p in self.projects if p.state == state)
        coming = self._coming(state)
        caps = [w.values[state][st.capacity] for st in self.s.market.stages]
        outs = mk.stage_outputs(self.s.market, caps)
        chain = []
        for i, st in enumerate(self.s.market.stages):
            related = tuple(pv for p, pv in zip([p for p in self.projects if p.state == state], projects)
                            if any(e.target == st.capacity for e in self.actions[p.action].effects))
            chain.append(StageView(st.id, st.name, caps[i], outs[i], related,
                                   w.indicators[st.capacity].unit,
                                   tuple(c for c in coming if c.effect.indicator == st.capacity)))
        return Observation(
            state=state, state_name=self.name(state), turn=min(self.turn, self.s.meta.turns),
            turns=self.s.meta.turns, date=self.date_label(min(self.turn, self.s.meta.turns)),
            capital=self._state(state).capital, money=w.values[state][self.s.money],
            money_unit=money_ind.unit, indicators=indicators, world=world, powers=powers,
            projects=projects, chain=tuple(chain), decisions=tuple(self.decisions(state)), coming=coming,
            news=tuple(rec.news), warnings=tuple(self.warnings(state)),
            score=self.score(state)["total"], ended=rec.ending,
            over=self.over)

    def options(self, state: str) -> list[ActionOption]:
        """The visible actions of `state`, each available or greyed out with its reason."""
        self._check_state(state)
        out = []
        for a, reason in self.action_status(state):
            out.append(ActionOption(
                id=a.id, name=a.name, description=a.description, category=a.category,
                cost=CostView(a.cost.capital, a.cost.money),
                effects=tuple(self._effect_views(state, a.effects, a.project_turns)),
                available=reason is None, reason=reason, with_power=a.with_power,
                project_turns=a.project_turns, once=a.once,
                excludes=tuple(sorted(set(a.excludes) | {b.id for b in self.s.actions if a.id in b.excludes})),
                offered_by=self.records[state].offers[a.id][0] if a.offer_only else None))
        return out

    def action_status(self, state: str) -> list[tuple[Action, str | None]]:
        """The visible actions of `state` with the reason each is unavailable (None if available).

        The cheap core of `options`, for callers that need no display text (the adviser).
        """
        facts = self._facts(state)
        return [(a, self._unavailable_reason(state, a, facts)) for a in self.s.actions
                if (a.who is None or state in a.who) and all_hold(a.visible_when, facts)
                and (not a.offer_only or self._offer_open(state, a.id))]

    def _offer_open(self, state: str, action: str) -> bool:
        offer = self.records[state].offers.get(action)
        return offer is not None and self.turn <= offer[1]

    def info(self) -> ScenarioInfo:
        """The scenario's title, texts, score axes and debrief questions."""
        meta = self.s.meta
        return ScenarioInfo(
            meta.id, meta.title, meta.summary, meta.briefing, meta.turns, meta.turn_months,
            tuple(AxisInfo(a.id, a.name, a.description, a.weight) for a in self.s.scoring.axes),
            tuple(self.s.debrief.questions), tuple(src.title for src in meta.sources))

    def withdraw(self, state: str) -> Orders | None:
        """Take back `state`'s submitted orders for this turn (before it resolves), returning them."""
        return self.submitted.pop(state, None)

    def threshold(self, power: Power) -> float:
        """The relation below which `power`'s patience drains, at this game's difficulty."""
        return power.ladder.threshold + self.difficulty.threshold

    def state_info(self, state: str) -> StateInfo:
        """The state as the scenario describes it (names follow the fictional-names setting)."""
        st = self._state(state)
        return StateInfo(st.id, self.name(st.id), st.description, st.goals, st.capital, st.color,
                         st.playable)

    def preview(self, state: str, orders: Orders) -> Preview:
        """Expected effects of `orders` this turn, with the powers' likely replies and their spread."""
        self._check_state(state)
        problems = self._order_problems(state, orders)
        w = self.world
        base = w.env(state)
        certain: dict[str, list[tuple[str, float]]] = {}
        later: dict[str, float] = {}

        def add(target: str, amount: float, text: str) -> None:
            if abs(amount) > 1e-12:  # a formula that gives nothing is no cause
                certain.setdefault(target, []).append((text, amount))

        # Walk the orders in the order `resolve` applies them, so that formula amounts read the
        # values as they will be (an answer first changes what an action's formula sees).
        now = dict(base)

        def bump(target: str, amount: float) -> None:
            ind = w.indicators[target]
            now[target] = min(ind.max, max(ind.min, now[target] + amount))

        cap_used, money_used = self._order_costs(state, orders)
        if money_used:
            before = now[self.s.money]
            bump(self.s.money, -money_used)
            add(self.s.money, now[self.s.money] - before, "costs of your orders")
        steps: list[tuple[str, Iterable[Effect], int]] = []
        for did, oid in self._in_question_order(state, orders.answers):
            opt = self._decision_option(state, did, oid)
            if opt is not None:
                steps.append((opt[0], opt[1], 0))
        for aid in orders.actions:
            a = self.actions.get(aid)
            if a is not None:
                steps.append((a.name, a.effects, a.project_turns))
        for label, effects, project_turns in steps:
            snapshot = dict(now)  # like resolve: a step's formulas read the values it started from
            for e in effects:
                amount = self._amount(e, snapshot)
                if e.delay == 0 and project_turns == 0:
                    before = now[e.target]
                    bump(e.target, amount / e.phase_in)
                    text = f"{label} ({e.note})" if e.note else label  # as the report says it
                    add(e.target, now[e.target] - before, text)  # what the range lets through
                    later[e.target] = later.get(e.target, 0.0) + amount * (1 - 1 / e.phase_in)
                else:
                    later[e.target] = later.get(e.target, 0.0) + amount
        due = [sch for sch in self.scheduled if sch.due == self.turn and sch.state in (state, None)]
        for sch in due:
            before = now[sch.target]
            bump(sch.target, sch.amount)
            add(sch.target, now[sch.target] - before, sch.cause.text)
        hyp = dict(base)
        for target, items in certain.items():
            ind = w.indicators[target]
            hyp[target] = min(ind.max, max(ind.min, hyp[target] + sum(a for _, a in items)))
        self._refresh_env_derived(hyp)
        spread: dict[str, tuple[float, float, float]] = {}
        likely: list[LikelyResponse] = []
        warnings: list[str] = []
        taken = set(self.records[state].taken) | set(orders.actions)
        building = self._building(state, orders.actions)  # under way when the powers answer
        for p in self.s.powers:
            cands = self._candidates(p, state, hyp, taken, building)
            for c in sorted(cands, key=lambda c: -c.probability)[:3]:
                likely.append(LikelyResponse(p.id, self.name(p.id), c.response.id, c.response.name,
                                             c.probability, c.response.kind))
            per_target: dict[str, list[tuple[float, float]]] = {}
            for c in cands:
                for e in c.response.effects:
                    if e.delay == 0:
                        per_target.setdefault(e.target, []).append(
                            (c.probability, self._amount(e, hyp) / e.phase_in))
            for target, pairs in per_target.items():
                exp = sum(pr * a for pr, a in pairs)
                # A response that does not touch the target contributes 0 to the spread.
                touched = sum(pr for pr, _ in pairs)
                lo = min([a for _, a in pairs] + ([0.0] if touched < 0.999 else []))
                hi = max([a for _, a in pairs] + ([0.0] if touched < 0.999 else []))
                e0, l0, h0 = spread.get(target, (0.0, 0.0, 0.0))
                spread[target] = (e0 + exp, l0 + lo, h0 + hi)
            rel = hyp.get(p.relation, 0.0)
            lad = self.ladders[(p.id, state)]
            if rel < self.threshold(p) and lad.patience <= 1 and lad.rung < len(p.ladder.rungs):
                nxt = p.ladder.rungs[lad.rung]
                warnings.append(f"{self.name(p.id)} will climb to '{nxt.name}' at the end of this turn "
                                f"unless relations rise above {self.threshold(p):g}.")
            elif rel < self.threshold(p) <= base.get(p.relation, 0.0):
                warnings.append(f"These orders push relations with {self.name(p.id)} below "
                                f"{self.threshold(p):g}: its patience will start to drain.")
        if self.turn == self.s.meta.turns and any(abs(v) > 1e-9 for v in later.values()):
            warnings.append("This is the last turn: effects due in later turns will not count.")
        last = self.s.meta.turns
        for aid in orders.actions:  # what cannot arrive in time should not surprise the player
            a = self.actions.get(aid)
            if a is None or self.turn == last:
                continue
            if a.project_turns and self.turn + a.project_turns > last:
                warnings.append(f"'{self.name(aid)}' takes {a.project_turns} turns: it would be finished "
                                f"after the last turn ({last}) and bring nothing in this game.")
            elif any(self.turn + (a.project_turns or 0) + e.delay + e.phase_in - 1 > last for e in a.effects):
                warnings.append(f"Part of what '{self.name(aid)}' brings comes after the last turn ({last}) "
                                "and will not count.")
        lines = []
        for target in sorted(set(certain) | set(spread) | set(later), key=self._indicator_order):
            ind = w.indicators[target]
            if ind.hidden:
                continue
            c = sum(a for _, a in certain.get(target, []))
            e, lo, hi = spread.get(target, (0.0, 0.0, 0.0))
            lines.append(PreviewLine(target, self.name(target), c, c + e, c + lo, c + hi,
                                     tuple(certain.get(target, [])), later.get(target, 0.0)))
        unanswered = tuple(d.id for d in self.records[state].decisions if d.id not in orders.answers)
        return Preview(tuple(lines), tuple(likely), tuple(warnings), tuple(problems),
                       self._state(state).capital - cap_used,
                       w.values[state][self.s.money] - money_used, unanswered)

    def submit(self, state: str, orders: Orders) -> None:
        """Record a human state's orders for this turn; raises OrdersError naming the problem."""
        self._check_state(state)
        if state not in self.humans:
            raise OrdersError(f"{self.name(state)} is played by the computer")
        if not self.active(state):
            raise OrdersError(f"{self.name(state)} can no longer act: the game is over for it")
        problems = self._order_problems(state, orders)
        if problems:
            raise OrdersError(problems[0])
        self.submitted[state] = Orders(tuple(orders.actions),
                                       dict(self._in_question_order(state, orders.answers)))

    def warnings(self, state: str) -> list[str]:
        """Threats the player should see coming: powers about to climb, loss endings drawing near."""
        out = []
        for p in self.s.powers:
            view = self._power_view(p, state)
            if view.warning:
                out.append(view.warning)
        env = self.world.env(state)
        names = self._names
        for ending in self.s.scoring.endings:
            if ending.kind != "loss":
                continue
            near = min((nearness(c, env, self.world.indicators) for c in ending.when), default=0.0)
            if near < 0.66:
                continue
            turns = f" for {ending.for_turns} turns" if ending.for_turns > 1 else ""
            tests = [c for c in _flatten(ending.when) if c.indicator is not None]
            closest = max(tests, key=lambda c: nearness(c, env, self.world.indicators), default=None)
            if closest is None:
                when = " and ".join(describe(c, names) for c in ending.when)
                out.append(f"Danger, '{ending.name}': the game ends if {when}{turns}.")
                continue
            ind = self.world.indicators[closest.indicator]
            out.append(f"Danger, '{ending.name}': {ind.name} is {env[ind.id]:.{ind.decimals}f}; the "
                       f"game ends when it is {describe(closest, names).split(ind.name + ' ', 1)[-1]}{turns}.")
        return out

    def check_orders(self, state: str, orders: Orders) -> list[str]:
        """Every reason `orders` cannot be carried out, in the player's words ([] when fine)."""
        return self._order_problems(state, orders)

    def orders_cost(self, state: str, orders: Orders) -> tuple[int, float]:
        """Political capital and money that `orders` would spend."""
        return self._order_costs(state, orders)

    def capital(self, state: str) -> int:
        """Political capital `state` gets each turn."""
        return self._state(state).capital

    def decisions(self, state: str) -> list[Decision]:
        """The questions `state` must answer this turn, with what it can afford marked now."""
        return [dataclasses.replace(d, options=tuple(self._mark_affordable(state, list(d.options))))
                for d in self.records[state].decisions]

    def _in_question_order(self, state: str, answers: Mapping[str, str]) -> list[tuple[str, str]]:
        """Answers in the order the questions were asked: answers draw from the seeded stream and
        read each other's values, so their order must not depend on how a front end stored them."""
        order = {d.id: i for i, d in enumerate(self.records[state].decisions)}
        return sorted(answers.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))

    def waiting_for(self) -> list[str]:
        return [h for h in self.humans if self.active(h) and h not in self.submitted]

    def resolve(self) -> TurnReport:
        """Resolve the current turn once every human state has submitted; returns its report."""
        if self.over:
            raise OrdersError("the game is over")
        missing = self.waiting_for()
        if missing:
            raise OrdersError("waiting for orders from " + ", ".join(self.name(m) for m in missing))
        from .ai import choose_orders  # local: ai imports this module

        t = self.turn
        w = self.world
        active = [sid for sid in self.state_ids if self.records[sid].ending is None]
        orders: dict[str, Orders] = {}
        for sid in active:
            policy = self.policies.get(sid, choose_orders)
            orders[sid] = self.submitted.get(sid) or policy(self, sid, self.rng_ai)
            probs = self._order_problems(sid, orders[sid])
            if probs:  # only possible for a buggy AI; fail loudly rather than diverge
                raise OrdersError(f"{sid}: {probs[0]}")
            if sid in self.humans:
                self.order_log.append({"turn": t, "state": sid, **orders[sid].as_dict()})
        self.submitted = {}
        before = self._turn_start
        for sid in self.state_ids:  # the player has read this turn's news; the next turn's begins
            self.records[sid].news = []

        # 4a-4b. Costs and answers to this turn's decisions.
        answer_lines: dict[str, list[str]] = {sid: [] for sid in active}
        ladder_lines: dict[str, list[str]] = {sid: [] for sid in active}
        for sid in active:
            cap, money = self._order_costs(sid, orders[sid])
            for aid in orders[sid].actions:
                a = self.actions[aid]
                if a.cost.money:
                    w.apply(sid, self.s.money, -a.cost.money, Cause("cost", aid, f"cost of {a.name}"))
            for did, oid in self._in_question_order(sid, orders[sid].answers):
                answer_lines[sid].append(self._apply_answer(sid, did, oid, ladder_lines[sid]))
            self.records[sid].decisions = []

        # 4c. Actions.
        for sid in active:
            for aid in orders[sid].actions:
                self._take_action(sid, self.actions[aid])

        # 3 + 4d. Powers respond to what they have just seen.
        responses: dict[str, list[ResponseReport]] = {sid: [] for sid in active}
        for p in self.s.powers:
            for sid in active:
                rep = self._power_responds(p, sid)
                if rep is not None:
                    responses[sid].append(rep)

        # 4e. Scheduled effects and completed projects.
        due = [sch for sch in self.scheduled if sch.due <= t]
        self.scheduled = [sch for sch in self.scheduled if sch.due > t]
        for sch in due:
            if sch.state is None or self.records[sch.state].ending is None:
                w.apply(sch.state, sch.target, sch.amount, sch.cause)
        for pr in [p for p in self.projects if p.completes <= t]:
            self.records[pr.state].news.append(f"Project completed: {pr.name}.")
        self.projects = [p for p in self.projects if p.completes > t]

        # 4f. Links, read from the values at the start of the step (so order does not matter).
        for sid in active:
            env = w.env(sid)
            facts = self._facts(sid, env)
            amounts = [(link, self.scenario.formula(link.formula)(env)) for link in self.s.links
                       if all_hold(link.when, facts) and not w.is_world(link.target)]
            for link, amount in amounts:
                w.apply(sid, link.target, amount, Cause("link", link.id, link.name))
        env0 = w.env(None)
        for link in self.s.links:
            if w.is_world(link.target) and all_hold(link.when, self._facts(None, env0)):
                w.apply(None, link.target, self.scenario.formula(link.formula)(env0),
                        Cause("link", link.id, link.name))

        # 4g. Drift toward resting values.
        for ind in self.s.indicators:
            if ind.drift is None or ind.derived:
                continue
            for sid in ([None] if ind.scope == "world" else active):
                toward = self._drift_target(ind, sid)
                cause = Cause("drift", ind.id, f"{ind.name} drifts toward {toward:g}")
                w.apply(sid, ind.id, (toward - w.get(sid, ind.id)) * ind.drift.rate, cause)

        # 4h. The market clears; states earn from their value chain.
        market_text = self._clear_market(active)

        # 4i. Derived indicators.
        for sid in active:
            w.refresh_derived(sid)

        # 4j. Ladders.
        for p in self.s.powers:
            for sid in active:
                line = self._ladder_step(p, sid)
                if line:
                    ladder_lines[sid].append(line)

        # 4k. Scores and endings.
        score_turn: dict[str, float] = {}
        for sid in active:
            score_turn[sid] = self._score_turn(sid)
            self._check_endings(sid)

        report = self._report(t, before, orders, answer_lines, responses, ladder_lines,
                              score_turn, market_text)
        self.reports.append(report)
        w.turn += 1
        self._open_turn()
        return report

    def _drift_target(self, ind, state: str | None) -> float:
        toward = ind.drift.toward
        if toward != "start":
            return toward
        start = ind.start
        return float(start[state] if isinstance(start, dict) and state is not None else start)

    def _open_turn(self) -> None:
        """Announce the turn's events, then mark where the player's decision starts: the turn
        report runs from these values, since the player has already seen what the events did."""
        if not self.over:
            self._announce()
        self._turn_start = self._values_copy()
        self._ledger_mark = len(self.world.ledger)
        self._snapshot()

    def score(self, state: str) -> dict[str, float]:
        """The score so far: each axis (points per turn averaged over the full game) and total."""
        rec = self.records[state]
        turns = self.s.meta.turns
        out = {}
        total = 0.0
        for axis in self.s.scoring.axes:
            v = rec.axis_totals.get(axis.id, 0.0) / turns
            out[axis.id] = v
            total += axis.weight * v
        if rec.ending:
            ending = next(e for e in self.s.scoring.endings if e.id == rec.ending)
            out["ending"] = ending.score
            total += ending.score
        out["total"] = total
        return out

    def explain(self, state: str | None, indicator: str, turn: int | None = None) -> list[CauseLine]:
        """The causes of `indicator`'s changes on `turn` (default: the last resolved turn)."""
        t = turn if turn is not None else max(1, self.turn - 1)
        return _group_causes(c for c in self.world.changes(t, state, indicator))

    def log(self) -> dict:
        """The whole game as JSON-ready data: the same scenario, seed and orders give the same log."""
        return {
            "scenario": self.s.meta.id, "digest": self.scenario.digest, "seed": self.seed,
            "difficulty": self.difficulty.name, "humans": self.humans,
            "orders": self.order_log,
            "turns": [r.as_dict() for r in self.reports],
            "ledger": [c.as_dict() for c in self.world.ledger],
            "scores": {sid: {k: round(v, 6) for k, v in self.score(sid).items()} for sid in self.state_ids},
            "endings": {sid: self.records[sid].ending for sid in self.state_ids},
        }

    # ================================================================================ internals

    def _state(self, state: str):
        return next(st for st in self.s.states if st.id == state)

    def _check_state(self, state: str) -> None:
        if state not in self.records:
            raise OrdersError(f"unknown state '{state}'; choose from {', '.join(self.state_ids)}")

    def _name_table(self) -> dict[str, str]:
        # With fictional names on, the scenario's prose was already rewritten (fictionalize).
        s = self.s
        return {item.id: item.name for group in (s.indicators, s.actions, s.events, s.states, s.powers)
                for item in group}

    def _facts(self, state: str | None, env: Mapping[str, float] | None = None,
               taken: set[str] | None = None) -> Facts:
        values = env if env is not None else self.world.env(state)
        if state is None:
            return Facts(values, frozenset(), lambda p: 0, self.turn)
        return Facts(values, taken if taken is not None else set(self.records[state].taken),
                     lambda p, s=state: self.ladders[(p, s)].rung, self.turn, self._building(state))

    def _building(self, state: str, ordered: Iterable[str] = ()) -> frozenset[str]:
        """The actions whose projects `state` has under way, with the projects among `ordered`
        (this turn's orders start theirs before the powers answer)."""
        return frozenset([p.action for p in self.projects if p.state == state]
                         + [a for a in ordered if a in self.actions and self.actions[a].project_turns])

    def _amount(self, e: Effect, env: Mapping[str, float]) -> float:
        return e.change if e.change is not None else self.scenario.formula(e.formula)(env)  # type: ignore[arg-type]

    def _coming(self, state: str) -> tuple[ComingView, ...]:
        """This state's changes still to land, one line per cause, indicator and turn, soonest first."""
        inds = self.world.indicators
        total: dict[tuple[int, str, str], float] = {}
        for sch in self.scheduled:
            if sch.state == state and not inds[sch.target].hidden:
                key = (sch.due, sch.target, sch.cause.text)
                total[key] = total.get(key, 0.0) + sch.amount
        return tuple(ComingView(self._view(target, amount, due - self.turn), source)
                     for (due, target, source), amount in sorted(total.items(), key=lambda kv: kv[0][:2])
                     if amount != 0)

    def _effect_views(self, state: str | None, effects: Iterable[Effect], extra_delay: int = 0) -> list[EffectView]:
        env = self.world.env(state)
        return [self._effect_view(e, self._amount(e, env), extra_delay) for e in effects]

    def _effect_view(self, e: Effect, amount: float, extra_delay: int = 0) -> EffectView:
        return self._view(e.target, amount, e.delay + extra_delay, e.phase_in)

    def _view(self, target: str, amount: float, delay: int = 0, phase_in: int = 1) -> EffectView:
        ind = self.world.indicators[target]
        return EffectView(target, self.name(target), amount, delay, phase_in, self.world.is_world(target),
                          ind.unit, ind.decimals, ind.good)

    def _indicator_order(self, ident: str) -> int:
        return next(i for i, ind in enumerate(self.s.indicators) if ind.id == ident)

    def _indicator_view(self, state: str | None, ident: str) -> IndicatorView:
        ind = self.world.indicators[ident]
        hist = tuple(self.history.get(None if ind.scope == "world" else state, {}).get(ident, ()))
        return IndicatorView(ident, ind.name, self.world.get(state, ident), ind.min, ind.max, ind.unit,
                             ind.decimals, ind.description, ind.good, ind.scope == "world", hist)

    def _power_view(self, p: Power, state: str) -> PowerView:
        lad = self.ladders[(p.id, state)]
        rel = self.world.values[state][p.relation]
        dep = self.world.values[state][p.dependence] if p.dependence else None
        rungs = p.ladder.rungs
        nxt = rungs[lad.rung] if lad.rung < len(rungs) else None
        warning = None
        if rel < self.threshold(p) and nxt is not None:
            if lad.patience <= p.ladder.warning + 1:
                warning = (f"{self.name(p.id)} is losing patience: '{nxt.name}' in {lad.patience} "
                           f"turn{'s' if lad.patience != 1 else ''} unless relations rise above "
                           f"{self.threshold(p):g}.")
        stance = ("hostile" if rel < -40 else "cool" if rel < self.threshold(p) else
                  "cordial" if rel < 40 else "close")
        rec = self.records[state]
        offers = []
        for aid, (pid, last) in rec.offers.items():
            if pid != p.id or self.turn > last:
                continue
            a = self.actions[aid]
            conditions = tuple(req.reason for req in a.available_when)
            offers.append(OfferView(aid, a.name, last - self.turn + 1,
                                    tuple(self._effect_views(state, a.effects, a.project_turns)), conditions))
        return PowerView(
            p.id, self.name(p.id), p.color, rel, dep, lad.rung,
            rungs[lad.rung - 1].name if lad.rung else "Calm", nxt.name if nxt else None,
            tuple(self._effect_views(state, nxt.effects)) if nxt else (),
            lad.patience, self.patience_max[p.id], warning, stance,
            rec.last_responses.get(p.id), self.threshold(p), p.description, tuple(offers),
            tuple(r.name for r in rungs))

    def _project_view(self, p: Project) -> ProjectView:
        return ProjectView(p.action, p.name, p.started, p.completes, max(0, p.completes - self.turn + 1))

    def _values_copy(self) -> dict:
        return {"world": dict(self.world.world),
                **{sid: dict(v) for sid, v in self.world.values.items()}}

    def _snapshot(self) -> None:
        w = self.world
        for sid in self.state_ids:
            h = self.history.setdefault(sid, {})
            for k, v in w.values[sid].items():
                h.setdefault(k, []).append(v)
        h = self.history.setdefault(None, {})
        for k, v in w.world.items():
            h.setdefault(k, []).append(v)

    # --- market, score, endings -------------------------------------------------------------------

    def _clear_market(self, active: list[str]) -> str:
        m = self.s.market
        w = self.world
        states_supply = sum(max(0.0, w.values[sid][m.stages[0].capacity]) for sid in self.state_ids)
        clearing = mk.clear(m, self.turn, w.world[m.price], w.world[m.controls], self.start_price,
                            self.ratio0, states_supply)
        cause = Cause("market", "market", clearing.explain(m.supplier_name, m.region_name))
        w.set(None, m.price, clearing.price, cause)
        if m.china_share:
            w.set(None, m.china_share, clearing.china_share, cause)
        for sid in active:
            caps = [w.values[sid][st.capacity] for st in m.stages]
            rev, share = mk.revenue(m, caps, w.world[m.price], self.s.meta.turn_months)
            if rev:
                w.apply(sid, m.revenue_to, rev, Cause("market", "revenue",
                                                      f"rare-earth sales at price index {w.world[m.price]:.0f}"))
            if m.value_added:
                w.set(sid, m.value_added, share, Cause("market", "value_added",
                                                       "share of sales from processed products"))
        return clearing.explain(m.supplier_name, m.region_name) + f"; price index {clearing.price:.0f}"

    def _score_turn(self, state: str) -> float:
        env = self.world.env(state)
        rec = self.records[state]
        total = 0.0
        for axis in self.s.scoring.axes:
            v = self.scenario.formula(axis.formula)(env)
            rec.axis_totals[axis.id] = rec.axis_totals.get(axis.id, 0.0) + v
            total += axis.weight * v
        return total / self.s.meta.turns

    def _check_endings(self, state: str) -> None:
        rec = self.records[state]
        facts = self._facts(state)
        for ending in self.s.scoring.endings:
            if all_hold(ending.when, facts):
                rec.ending_streaks[ending.id] = rec.ending_streaks.get(ending.id, 0) + 1
            else:
                rec.ending_streaks[ending.id] = 0
            if rec.ending is None and rec.ending_streaks[ending.id] >= ending.for_turns:
                rec.ending = ending.id
                rec.decisions = []
                rec.news.append(f"{ending.name}: {ending.text}")

    def verdict(self, state: str):
        """The scenario's verdict on `state`'s score (None if the scenario gives none).

        A loss ending always reads as the lowest verdict.
        """
        verdicts = self.s.scoring.verdicts
        if not verdicts:
            return None
        ending = self.ending_of(state)
        if ending is not None and ending.kind == "loss":
            return verdicts[-1]
        total = self.score(state)["total"]
        return next((v for v in verdicts if total >= v.at_least), verdicts[-1])

    def ending_of(self, state: str):
        rec = self.records[state]
        if rec.ending is None:
            return None
        return next(e for e in self.s.scoring.endings if e.id == rec.ending)

    def _report(self, t, before, orders, answer_lines, responses, ladder_lines, score_turn,
                market_text) -> TurnReport:
        w = self.world
        changes = w.ledger[self._ledger_mark:]
        world_changes = []
        for ident in w.world_ids:
            items = [c for c in changes if c.state is None and c.indicator == ident]
            if items:
                ind = w.indicators[ident]
                world_changes.append(IndicatorChange(ident, ind.name, before["world"][ident],
                                                     w.world[ident], tuple(_group_causes(items)),
                                                     ind.unit, ind.decimals))
        states = []
        for sid in self.state_ids:
            if sid not in orders:
                continue
            per = []
            for ident in w.state_indicator_ids:
                items = [c for c in changes if c.state == sid and c.indicator == ident]
                if items:
                    ind = w.indicators[ident]
                    per.append(IndicatorChange(ident, ind.name, before[sid][ident], w.values[sid][ident],
                                               tuple(_group_causes(items)), ind.unit, ind.decimals))
            states.append(StateReport(
                sid, self.name(sid), tuple(self.name(a) for a in orders[sid].actions),
                tuple(answer_lines.get(sid, [])), tuple(responses.get(sid, [])),
                tuple(ladder_lines.get(sid, [])), tuple(per), score_turn.get(sid, 0.0),
                self.records[sid].ending))
        return TurnReport(t, self.date_label(t), tuple(self.announcements), tuple(self.announced_for),
                          market_text, tuple(world_changes), tuple(states))


def _flatten(conds) -> list:
    out = []
    for c in conds:
        out.append(c)
        out.extend(_flatten(c.any or []))
    return out


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
