"""A batch plays many seeded games on every core; game k is the same game played alone."""
from __future__ import annotations

import json

import pytest

from game.engine import Game, Scripted, policy
from game.engine.batch import play, play_batch
from game.engine.rules import Rules


def alone(scenario, seed, policies, difficulty="normal") -> Game:
    game = Game(scenario, seed, (), difficulty, policies=policies)
    while not game.over:
        game.resolve()
    return game


@pytest.mark.parametrize("name", ["adviser", "random", "nothing"])
def test_game_k_of_a_batch_is_the_game_played_alone(mini, name):
    seeds = list(range(20, 30))
    policies = {s.id: policy(name) for s in mini.model.states}
    results = play_batch(mini, seeds, {s.id: name for s in mini.model.states}, workers=2)
    assert [r.seed for r in results] == seeds
    for seed, res in zip(seeds, results):
        game = alone(mini, seed, policies)
        assert res.scores == {s: game.score(s) for s in game.state_ids}
        assert res.endings == {s: game.position.records[s].ending for s in game.state_ids}
        played: dict[str, list] = {s: [] for s in game.state_ids}
        for rep in game.reports:
            for sr in rep.states:
                played[sr.state] += [(rep.turn, a) for a in sr.actions]
        names = {s: [(t, game.name(a)) for t, a in res.actions[s]] for s in game.state_ids}
        assert names == played
        assert res.replies == [(rep.turn, r.power, sr.state, r.response)
                               for rep in game.reports for sr in rep.states for r in sr.responses]


def test_a_batch_game_ends_in_the_very_position_of_the_game_alone(busan):
    rules = Rules(busan, "hard")
    for seed in (1, 2):
        _, pos = play(rules, seed)
        game = alone(busan, seed, None, "hard")
        assert json.dumps(pos.to_dict(), sort_keys=True) == json.dumps(game.position.to_dict(), sort_keys=True)


def test_a_batch_gives_the_same_results_on_one_core_or_two(mini):
    one = play_batch(mini, range(12), {"p": "random"}, workers=1)
    two = play_batch(mini, range(12), {"p": "random"}, workers=2)
    assert [r.as_dict() for r in one] == [r.as_dict() for r in two]


def test_results_say_what_happened(mini):
    script = Scripted({1: ["mine"], 4: ["plant"]}, name="builder")
    res, _ = play(Rules(mini), 5, {"p": script})
    assert res.actions["p"][:2] == [(1, "mine"), (4, "plant")]
    assert res.turns == mini.model.meta.turns and res.endings == {"p": None, "q": None}, (res.turns, res.endings)
    assert any(ev == "lapse" for _, ev, _ in res.events)
    assert set(res.rungs) == {"a/p", "a/q", "b/p", "b/q"}
    assert json.loads(json.dumps(res.as_dict()))["seed"] == 5   # plain JSON, for reports and scripts


def test_an_unknown_policy_name_is_refused_with_the_choices(mini):
    with pytest.raises(ValueError, match="unknown policy 'genius' \\(choose adviser, random, nothing, planner, hedge, revenue, value_chain, or lean:POWER\\)"):
        play_batch(mini, [1], {"p": "genius"})
