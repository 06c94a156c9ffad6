"""Properties that must hold for any seed and any legal orders (hypothesis)."""
from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest

from game.engine import Game, Orders, load_game, write_save
from ..conftest import MINI, SHIPPED, random_orders

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def play(game: Game, order_seed: int, turns: int | None = None) -> None:
    """Play human states with random legal orders drawn from `order_seed`."""
    rng = np.random.default_rng(order_seed)
    n = 0
    while not game.over and (turns is None or n < turns):
        for h in game.waiting_for():
            game.submit(h, random_orders(game, h, rng))
        game.resolve()
        n += 1


def in_range(game: Game) -> bool:
    pos = game.position
    for ind in game.s.indicators:
        values = [pos.world[ind.id]] if ind.scope == "world" else [pos.values[s][ind.id] for s in game.state_ids]
        if any(not (ind.min <= v <= ind.max) for v in values):
            return False
    return True


@FAST
@given(seed=st.integers(0, 2**32 - 1), order_seed=st.integers(0, 2**32 - 1),
       difficulty=st.sampled_from(["easy", "normal", "hard"]))
def test_indicators_stay_in_range_and_legal_orders_never_raise(mini, seed, order_seed, difficulty):
    game = Game(mini, seed, humans=["p", "q"], difficulty=difficulty)
    rng = np.random.default_rng(order_seed)
    while not game.over:
        for h in game.waiting_for():
            game.submit(h, random_orders(game, h, rng))
        game.resolve()
        assert in_range(game)


@FAST
@given(seed=st.integers(0, 2**32 - 1), order_seed=st.integers(0, 2**32 - 1))
def test_same_seed_and_orders_give_the_same_log_byte_for_byte(mini, seed, order_seed):
    logs = []
    for _ in range(2):
        game = Game(mini, seed, humans=["p"])
        play(game, order_seed)
        logs.append(json.dumps(game.log(), sort_keys=True))
    assert logs[0] == logs[1]


def test_a_game_in_a_batch_equals_the_same_game_alone(mini):
    # Play eight games interleaved turn by turn, then each alone: no state leaks between games.
    seeds = [11 + k for k in range(8)]
    batch = [Game(mini, s) for s in seeds]
    while not all(g.over for g in batch):
        for g in batch:
            if not g.over:
                g.resolve()
    for s, g in zip(seeds, batch):
        alone = Game(mini, s)
        while not alone.over:
            alone.resolve()
        assert json.dumps(alone.log(), sort_keys=True) == json.dumps(g.log(), sort_keys=True)


def test_simulate_log_matches_a_game_played_alone_with_that_seed(mini, tmp_path):
    from game.cli import main

    log = tmp_path / "log.json"
    assert main(["simulate", "--scenario", str(MINI), "--seed", "40", "--games", "3", "--log", str(log)]) == 0
    alone = Game(mini, 40)
    while not alone.over:
        alone.resolve()
    assert json.loads(log.read_text()) == json.loads(json.dumps(alone.log()))


@FAST
@given(seed=st.integers(0, 2**32 - 1), order_seed=st.integers(0, 2**32 - 1), cut=st.integers(0, 6))
def test_save_load_and_continue_equals_playing_straight_through(mini, tmp_path_factory, seed, order_seed, cut):
    path = tmp_path_factory.mktemp("save") / "game.json"
    straight = Game(mini, seed, humans=["p"])
    play(straight, order_seed)

    first = Game(mini, seed, humans=["p"])
    rng = np.random.default_rng(order_seed)
    n = 0
    while not first.over and n < cut:
        first.submit("p", random_orders(first, "p", rng)) if first.waiting_for() else None
        first.resolve()
        n += 1
    write_save(first, path)
    resumed = load_game(path, lambda _id: mini)
    assert json.dumps(resumed.log(), sort_keys=True) == json.dumps(first.log(), sort_keys=True)
    while not resumed.over:
        if resumed.waiting_for():
            resumed.submit("p", random_orders(resumed, "p", rng))
        resumed.resolve()
    assert json.dumps(resumed.log(), sort_keys=True) == json.dumps(straight.log(), sort_keys=True)


def test_shipped_scenarios_play_through_without_leaving_their_ranges():
    from game.scenario import load_scenario

    for path in SHIPPED:
        scenario = load_scenario(path)
        for seed in range(3):
            game = Game(scenario, seed, humans=[s.id for s in scenario.model.states if s.playable][:1])
            play(game, seed)
            assert in_range(game)


def test_the_preview_promises_exactly_what_actions_and_answers_then_do():
    from game.scenario import load_scenario

    from ..conftest import ROOT

    scenario = load_scenario(ROOT / "scenarios" / "busan_pause.yaml")
    checked = 0
    for seed in range(1, 6):
        game = Game(scenario, seed, humans=["kz"])
        rng = np.random.default_rng(seed)
        while not game.over:
            orders = random_orders(game, "kz", rng)
            preview = game.preview("kz", orders)
            labels = {game.name(a) for a in orders.actions}
            labels |= {game.decision_label("kz", d, o) for d, o in orders.answers.items()}
            game.submit("kz", orders)
            report = game.resolve().for_state("kz")
            done = {(ch.indicator, c.text): c.amount for ch in report.changes for c in ch.causes}
            for line in preview.lines:
                for text, amount in line.causes:
                    if text.split(" (")[0] in labels or text in labels:
                        assert done.get((line.indicator, text), 0.0) == pytest.approx(amount, abs=1e-9), \
                            (seed, game.turn, line.indicator, text)
                        checked += 1
    assert checked > 50


def test_several_answers_replay_in_the_order_they_were_asked(busan, tmp_path):
    # Stand firm on everything (each stand-firm draws from the seeded stream), answering the
    # questions back to front: the save must still replay the very same game.
    for seed in range(10):
        game = Game(busan, seed, humans=["kz"], difficulty="hard")
        rng = np.random.default_rng(seed)
        most = 0
        while not game.over:
            decisions = game.decisions("kz")
            most = max(most, len(decisions))
            orders = random_orders(game, "kz", rng)
            answers = {d.id: ("stand_firm" if d.kind == "crisis" else orders.answers[d.id])
                       for d in reversed(decisions)}
            game.submit("kz", Orders(orders.actions if not answers else (), answers))
            game.resolve()
        if most >= 2:
            break
    assert most >= 2, "no game with two questions at once"
    path = write_save(game, tmp_path / "s.json")
    again = load_game(path, lambda _id: busan)
    assert json.dumps(again.log(), sort_keys=True) == json.dumps(game.log(), sort_keys=True)
