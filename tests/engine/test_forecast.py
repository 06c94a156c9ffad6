"""The forecast is the turn itself played on copies: what it calls certain is what the turn does,
and the odds it shows are the odds the turn draws with."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game, Orders
from game.engine.forecast import forecast, others_orders, sample_turns
from game.engine.policies import Adviser

from ..conftest import SHIPPED, edited, random_orders

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def both_questions(mini):
    """Pland facing unrest (calming it costs money) and a tender (awarding it reads the money)."""
    def change(d):
        d["records"]["p"]["decisions"] = [
            {"id": "event_unrest", "kind": "event", "source": "unrest", "applied": []},
            {"id": "event_tender", "kind": "event", "source": "tender", "applied": []}]
    return edited(Game(mini, seed=1, humans=["p"]), change)


def test_an_answer_reading_money_is_forecast_after_the_paid_answer_before_it(mini):
    game = both_questions(mini)
    orders = Orders((), {"event_unrest": "calm", "event_tender": "award"})
    pv = game.preview("p", orders)
    line = next(ln for ln in pv.lines if ln.indicator == "rel_b")
    promised = dict(line.causes)["Tender: Award it"]
    game.submit("p", orders)
    report = game.resolve().for_state("p")
    done = {c.text: c.amount for ch in report.changes if ch.indicator == "rel_b" for c in ch.causes}
    assert promised == done["Tender: Award it"] == 5.0   # 6 in the budget, 1 paid to calm the crowds


def certain_matches_report(game: Game, state: str, orders: Orders) -> int:
    """Submit `orders` after forecasting them; every certain cause must be in the report, exactly."""
    pv = game.preview(state, orders, samples=24)
    game.submit(state, orders)
    report = game.resolve().for_state(state)
    world = {(ch.indicator, c.text): c.amount for ch in game.reports[-1].world for c in ch.causes}
    done = {(ch.indicator, c.text): c.amount for ch in report.changes for c in ch.causes} | world
    checked = 0
    for line in pv.lines:
        for text, amount in line.causes:
            assert done.get((line.indicator, text)) == pytest.approx(amount, abs=1e-9), (line.indicator, text)
            checked += 1
        assert sum(a for _, a in line.causes) == pytest.approx(line.certain, abs=1e-9)
    return checked


@FAST
@given(seed=st.integers(0, 2**32 - 1), order_seed=st.integers(0, 2**32 - 1))
def test_what_the_forecast_calls_certain_is_what_the_turn_does(mini, seed, order_seed):
    game = Game(mini, seed, humans=["p"])
    rng = np.random.default_rng(order_seed)
    while not game.over:
        certain_matches_report(game, "p", random_orders(game, "p", rng))


def test_the_certain_part_holds_on_the_shipped_scenarios():
    from game.scenario import load_scenario

    checked = 0
    for path in SHIPPED:
        scenario = load_scenario(path)
        human = next(s.id for s in scenario.model.states if s.playable)
        for seed in range(3):
            game = Game(scenario, seed, humans=[human])
            rng = np.random.default_rng(seed)
            while not game.over:
                checked += certain_matches_report(game, human, random_orders(game, human, rng))
    assert checked > 100


@FAST
@given(seed=st.integers(0, 2**32 - 1), order_seed=st.integers(0, 2**32 - 1))
def test_the_odds_shown_are_the_odds_the_turn_draws_with(mini, seed, order_seed):
    # With every state's orders known, a power's odds toward a state in the real turn are those of
    # the sample whose earlier replies were the same: the same code on the same values.
    game = Game(mini, seed, humans=["p", "q"])
    rng = np.random.default_rng(order_seed)
    checked = forecast_turns = 0
    while not game.over:
        orders = {s: random_orders(game, s, rng) for s in game.waiting_for()}
        samples = []
        if "p" in orders:
            others = [{s: o for s, o in orders.items() if s != "p"}]
            for _, out in sample_turns(game.rules, game.position, "p", orders["p"], others, 30, game.seed):
                samples.append(out)
        for s, o in orders.items():
            game.submit(s, o)
        report = game.resolve()
        if not samples:
            continue
        forecast_turns += 1
        real = _draws(game, {s.state: s.responses for s in report.states})
        stands = {s.state: _stands(s.ladder) for s in report.states}   # a stand-firm roll comes first
        for k, (power, sid, response, prob) in enumerate(real):
            matching = [out for out in samples
                        if [d[:3] for d in _draws(game, out.responses)][:k] == [d[:3] for d in real[:k]]
                        and {s: _stands(lines) for s, lines in out.ladder_lines.items()} == stands]
            for out in matching:
                cands = {c.response.id: c.probability for c in out.odds[(power, sid)]}
                assert cands[response] == pytest.approx(prob, abs=1e-12)
                checked += 1
    assert checked >= forecast_turns   # at least the first draw of every turn


def _stands(lines):
    return [line for line in lines if line.startswith("You stood firm")]


def _draws(game, responses):
    """(power, state, reply, odds) in the order the turn draws them: power by power, state by state."""
    order = {p.id: i for i, p in enumerate(game.s.powers)}
    states = {s: i for i, s in enumerate(game.state_ids)}
    out = [(rep.power, sid, rep.response, rep.probability) for sid, reps in responses.items() for rep in reps]
    return sorted(out, key=lambda d: (order[d[0]], states[d[1]]))


def test_the_first_power_s_odds_are_exact(mini):
    game = Game(mini, seed=3, humans=["p"])
    orders = Orders(("deal_a",))
    pv = game.preview("p", orders)
    game.submit("p", orders)
    report = game.resolve().for_state("p")
    first = report.responses[0]
    shown = {(r.power, r.response): r.probability for r in pv.responses}
    assert shown[(first.power, first.response)] == pytest.approx(first.probability, abs=1e-12)


def test_the_forecast_changes_nothing_and_draws_none_of_the_game_s_dice(mini):
    game = Game(mini, seed=9, humans=["p"])
    twin = Game(mini, seed=9, humans=["p"])
    before = json.dumps(game.position.to_dict(), sort_keys=True)
    for orders in (Orders(("deal_a",)), Orders(("summit", "mine")), Orders(())):
        game.preview("p", orders)
    assert json.dumps(game.position.to_dict(), sort_keys=True) == before
    for g in (game, twin):
        g.submit("p", Orders(("summit",)))
        g.resolve()
    assert json.dumps(game.log(), sort_keys=True) == json.dumps(twin.log(), sort_keys=True)


def test_the_forecast_covers_the_whole_turn_and_says_how_many_samples(mini):
    game = Game(mini, seed=1, humans=["p"])
    pv = game.preview("p", Orders(()), samples=50)
    assert pv.samples == 50 and "50 times" in pv.basis()
    rel_a = next(ln for ln in pv.lines if ln.indicator == "rel_a")
    assert rel_a.expected < 0   # drift toward 0 from 10, which the old forecast left out
    for _ in range(2):   # once demand has grown, the market moves the price
        game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
        game.resolve()
    pv = game.preview("p", Orders(()), samples=50)
    report_next = game.copy()
    report_next.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
    moved = {c.indicator for c in report_next.resolve().world}
    assert "price" in moved and "price" in {ln.indicator for ln in pv.lines}   # the market is in it too


def test_the_expected_values_are_the_mean_of_the_sampled_turns(mini):
    game = Game(mini, seed=4, humans=["p"])
    orders = Orders(("deal_a",))
    pv = game.preview("p", orders, samples=40)
    others = others_orders(game.rules, game.position, "p", lambda s: Adviser(), game.seed)
    again = forecast(game.rules, game.position, "p", orders, lambda s: Adviser(), 40, game.seed, others)
    assert again == pv
    after = [c.values["p"]["stability"] - game.position.values["p"]["stability"]
             for c, _ in sample_turns(game.rules, game.position, "p", orders, others, 40, game.seed)]
    line = next(ln for ln in pv.lines if ln.indicator == "stability")
    assert line.expected == pytest.approx(sum(after) / len(after), abs=1e-12)
    assert line.low == pytest.approx(float(np.percentile(after, 10)))   # a rare outcome may pull the
    assert line.high == pytest.approx(float(np.percentile(after, 90)))  # mean outside this range


def test_an_order_that_cannot_be_carried_out_is_left_out_and_said(mini):
    game = Game(mini, seed=1, humans=["q"])   # q has 2 capital
    pv = game.preview("q", Orders(("deal_a", "summit", "mine")))
    assert pv.problems and any("Left out of this forecast" in w and "'Open a mine'" in w for w in pv.warnings)


def test_a_repayment_after_the_last_turn_is_not_warned_of_as_a_loss(mini):
    def change(d):
        d["turn"] = mini.model.meta.turns - 1
        d["records"]["p"]["offers"]["take_loan"] = ["a", mini.model.meta.turns]
    game = edited(Game(mini, seed=1, humans=["p"]), change)
    warnings = game.preview("p", Orders(("take_loan",)), samples=10).warnings
    assert not any("comes after the last turn" in w for w in warnings)   # only the repayment is late


def test_the_odds_shown_are_the_turn_s_on_the_shipped_scenarios():
    from game.scenario import load_scenario

    for path in SHIPPED:
        scenario = load_scenario(path)
        states = [s.id for s in scenario.model.states if s.playable]
        game = Game(scenario, 3, humans=states)
        rng = np.random.default_rng(3)
        checked = 0
        while not game.over and game.turn <= 6:
            orders = {s: random_orders(game, s, rng) for s in game.waiting_for()}
            me = states[0]
            others = [{s: o for s, o in orders.items() if s != me}]
            samples = [out for _, out in sample_turns(game.rules, game.position, me, orders[me], others, 20,
                                                      game.seed)]
            for s, o in orders.items():
                game.submit(s, o)
            report = game.resolve()
            real = _draws(game, {s.state: s.responses for s in report.states})
            stands = {s.state: _stands(s.ladder) for s in report.states}
            if not real:
                continue
            power, sid, response, prob = real[0]   # the first draw: the same values in every copy
            matching = [out for out in samples
                        if {s: _stands(lines) for s, lines in out.ladder_lines.items()} == stands]
            for out in matching:
                cands = {c.response.id: c.probability for c in out.odds[(power, sid)]}
                assert cands[response] == pytest.approx(prob, abs=1e-12)
                checked += 1
        assert checked > 0, path


def test_the_forecast_shows_where_pressure_stands_once_the_answers_are_given(mini):
    """A concession eases the pressure at once: the forecast says so before the turn ends."""
    from ..conftest import with_values

    game = with_values(Game(mini, seed=5, humans=["p"]), "p", rel_a=-60)
    for _ in range(2):
        game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
        game.resolve()
    assert game.position.ladders[("a", "p")].rung == 1
    conceded = game.preview("p", Orders((), {"crisis_a": "concede"})).pressure_of("a")
    assert (conceded.now, conceded.after, conceded.after_name) == (1, 0, "Calm")
    assert conceded.share == 1.0
    held = game.preview("p", Orders((), {"crisis_a": "compensate"})).pressure_of("a")
    assert held.after >= 1 and held.after_name != "Calm"
