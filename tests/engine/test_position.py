"""A position copies cheaply and round-trips through JSON, and either way continues exactly as the
original; a written position that does not fit is refused with a message, never a traceback."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game, Orders, Position, PositionError

from ..conftest import SHIPPED, random_orders

FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def finish(game: Game, rng) -> str:
    while not game.over:
        for h in game.waiting_for():
            game.submit(h, random_orders(game, h, rng))
        game.resolve()
    return json.dumps(game.position.to_dict(), sort_keys=True)


@FAST
@given(seed=st.integers(0, 2**32 - 1), order_seed=st.integers(0, 2**32 - 1), cut=st.integers(0, 6),
       difficulty=st.sampled_from(["easy", "normal", "hard"]))
def test_a_copied_or_rewritten_position_continues_exactly_as_the_original(mini, seed, order_seed, cut, difficulty):
    game = Game(mini, seed, humans=["p"], difficulty=difficulty)
    rng = np.random.default_rng(order_seed)
    for _ in range(cut):
        if game.over:
            break
        for h in game.waiting_for():
            game.submit(h, random_orders(game, h, rng))
        game.resolve()
    written = json.loads(json.dumps(game.position.to_dict()))   # through JSON text, as a file would
    branches = [game.copy(),
                Game.from_position(mini, written, ["p"], difficulty, seed=seed),
                Game.from_position(mini, game.position.copy(), ["p"], difficulty, seed=seed)]
    state = rng.bit_generator.state
    ends = []
    for g in [game] + branches:
        rng.bit_generator.state = state     # the same orders for every branch
        ends.append(finish(g, rng))
    assert len(set(ends)) == 1


def test_a_position_round_trips_through_json_unchanged(busan):
    game = Game(busan, seed=3, humans=["kz"])
    rng = np.random.default_rng(3)
    for _ in range(5):
        game.submit("kz", random_orders(game, "kz", rng))
        game.resolve()
    data = game.position.to_dict()
    again = Position.from_dict(json.loads(json.dumps(data))).to_dict()
    assert json.dumps(again, sort_keys=True) == json.dumps(data, sort_keys=True)
    assert data["turn"] == 6 and data["format"] == 1


def test_a_copy_is_independent_of_its_original(mini):
    game = Game(mini, seed=1, humans=["p"])
    pos = game.position.copy()
    pos.values["p"]["stability"] = 1.0
    pos.records["p"].taken["summit"] = [1]
    pos.ladders[("a", "p")].rung = 2
    pos.rng.powers.random()
    assert game.position.values["p"]["stability"] == 60
    assert "summit" not in game.position.records["p"].taken
    assert game.position.ladders[("a", "p")].rung == 0
    assert game.position.rng.powers.random() != pos.rng.powers.random()


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(turn=99), "turn 99 is outside the game"),
    (lambda d: d["values"]["p"].update(stability=500.0), "stability = 500 for p is outside 0..100"),
    (lambda d: d["values"].pop("q"), "states"),
    (lambda d: d["records"]["p"]["taken"].update(teleport=[1]), "unknown action 'teleport'"),
    (lambda d: d["ladders"][0].update(rung=7), "its ladder has 2"),
    (lambda d: d.update(format=9), "position format 9 is not supported"),
    (lambda d: d["values"]["p"].update(stability="high"), "'high' is not a finite number"),
    (lambda d: d["rng"]["powers"].update(state="zz"), "random stream 'powers' is damaged"),
    (lambda d: d.pop("world"), "missing or bad field 'world'"),
])
def test_a_written_position_that_does_not_fit_is_refused_with_a_reason(mini, change, words):
    data = Game(mini, seed=1).position.to_dict()
    change(data)
    with pytest.raises(PositionError) as err:
        Game.from_position(mini, data)
    assert words in str(err.value)


def test_a_game_from_a_position_plays_on_with_the_public_api(mini):
    data = Game(mini, seed=2, humans=["p"]).position.to_dict()
    data["values"]["p"]["budget"] = 20.0
    game = Game.from_position(mini, data, ["p"])
    assert game.observe("p").money == 20.0
    game.submit("p", Orders(("mine",)))
    report = game.resolve().for_state("p")
    assert any(c.text == "cost of Open a mine" for ch in report.changes for c in ch.causes)


@pytest.mark.parametrize("change, words", [
    (lambda d: d["records"]["p"]["decisions"].append({"id": "event_lapse", "kind": "event", "source": "lapse",
                                                      "applied": []}), "has no choices"),
    (lambda d: d["records"]["p"]["decisions"].append({"id": "event_unrest", "kind": "event", "source": "unrest",
                                                      "applied": [["nowhere", 1.0, 0, 1]]}), "cannot be"),
    (lambda d: d["scheduled"].append({"due": 2, "state": None, "target": "stability", "amount": 1.0,
                                      "cause": {"kind": "x", "id": "x", "text": "x"}}), "is a state indicator"),
    (lambda d: d["records"]["p"]["excluded"].update(deal_b="x"), "should be [name, turn]"),
    (lambda d: d["values"]["p"].update(budget=10 ** 400), "is not a finite number"),
    (lambda d: d["rng"]["powers"].update(state="-5"), "random stream 'powers' is damaged"),
    (lambda d: d["rng"]["powers"].update(uinteger=2 ** 70), "random stream 'powers' is damaged"),
    (lambda d: d["ladders"][0].update(patience=-3), "cannot be below 0"),
])
def test_a_position_that_would_fail_later_is_refused_now(mini, change, words):
    data = Game(mini, seed=1).position.to_dict()
    change(data)
    with pytest.raises(PositionError) as err:
        Game.from_position(mini, data)
    assert words in str(err.value)


def test_a_branch_saves_and_loads_as_the_game_it_is(mini, tmp_path):
    from game.engine import load_game, write_save

    game = Game(mini, seed=4, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    branch = game.copy()
    branch.submit("p", Orders(("deal_a",), {d.id: d.options[0].id for d in branch.decisions("p")}))
    branch.resolve()
    again = load_game(write_save(branch, tmp_path / "branch.json"), lambda _id: mini)
    assert again.position.to_dict() == branch.position.to_dict()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_scenario_continues_exactly_from_a_copy_or_a_written_position(path):
    from game.scenario import load_scenario

    scenario = load_scenario(path)
    human = next(s.id for s in scenario.model.states if s.playable)
    for seed, cut in ((1, 3), (2, 7)):
        game = Game(scenario, seed, humans=[human], difficulty="hard")
        rng = np.random.default_rng(seed)
        for _ in range(cut):
            game.submit(human, random_orders(game, human, rng))
            game.resolve()
        written = json.loads(json.dumps(game.position.to_dict()))
        branches = [game, game.copy(), Game.from_position(scenario, written, [human], "hard", seed=seed)]
        state = rng.bit_generator.state
        ends = []
        for g in branches:
            rng.bit_generator.state = state
            ends.append(finish(g, rng))
        assert len(set(ends)) == 1
