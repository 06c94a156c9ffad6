"""Properties that must hold for any seed and any legal orders (hypothesis)."""
from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game, load_game, write_save
from game.engine.ai import random_orders

from ..conftest import MINI, SHIPPED

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
    w = game.world
    for ind in game.s.indicators:
        values = [w.world[ind.id]] if ind.scope == "world" else [w.values[s][ind.id] for s in game.state_ids]
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
