"""An instructor's injects and argued actions: they act on the open turn, say what they did, are
decided by seeded rolls, and replay exactly from a save; undo rewinds to any turn's opening."""
from __future__ import annotations

import json

import pytest

from game.engine import Game, InterventionError, Orders, load_game, rewind, write_save


def _play(game, turns):
    for _ in range(turns):
        for s in game.waiting_for():
            game.submit(s, game.suggest(s))
        game.resolve()


def test_an_inject_fires_its_event_now_with_news_and_question(mini):
    game = Game(mini, seed=3, humans=["p"])
    before = game.observe("p")
    assert not any(d.source == "unrest" for d in before.decisions)
    game.inject("unrest", ["p"])
    obs = game.observe("p")
    assert any(d.source == "unrest" for d in obs.decisions), "the event's question is asked this turn"
    assert any(n.startswith("Unrest: Crowds gather.") for n in obs.news)
    ind = {i.id: i for i in obs.indicators}
    assert ind["stability"].value == pytest.approx({i.id: i for i in before.indicators}["stability"].value - 2)
    assert game.interventions == [{"turn": 1, "kind": "inject", "event": "unrest", "states": ["p"]}]


def test_an_inject_that_cannot_be_made_says_why(mini):
    game = Game(mini, seed=3, humans=["p"])
    with pytest.raises(InterventionError, match="no event 'riot'"):
        game.inject("riot")
    with pytest.raises(InterventionError, match="reaches none"):
        game.inject("q_only", ["p"])    # the event is only for Qland
    game.inject("unrest", ["p"])
    with pytest.raises(InterventionError, match="already waiting"):
        game.inject("unrest", ["p"])
    assert len(game.interventions) == 1


def test_an_argued_action_is_decided_by_a_seeded_roll_and_reported(mini):
    outcomes = []
    for _ in range(2):
        game = Game(mini, seed=11, humans=["p"])
        res = game.argue("p", "Open a trade office in A's capital", 0.5, [("rel_a", 4)])
        outcomes.append((res.roll, res.succeeded, game.observe("p").news[-1]))
    assert outcomes[0] == outcomes[1], "the same seed gives the same roll"
    roll, won, news = outcomes[0]
    assert news.startswith("Argued action: Open a trade office in A's capital. The instructor set the odds at 50%")
    assert ("it succeeded" in news) == won == (roll < 0.5)
    certain = Game(mini, seed=11, humans=["p"])
    rel = certain.observe("p").powers[0].relation
    assert certain.argue("p", "A sure thing", 1.0, [("rel_a", 4)]).succeeded
    assert certain.observe("p").powers[0].relation == pytest.approx(rel + 4)
    assert not certain.argue("p", "Never", 0.0, [("rel_a", 4)]).succeeded


@pytest.mark.parametrize("args, message", [
    (("p", "", 0.5, [("rel_a", 1)]), "say what the team argues"),
    (("p", "x", 1.5, [("rel_a", 1)]), "between 0 and 1"),
    (("p", "x", 0.5, [("nowhere", 1)]), "not an indicator"),
    (("p", "x", 0.5, [("rel_a", 1e6)]), "larger than its whole range"),
    (("p", "x", 0.5, [("rel_a", 0)]), "at least one effect"),
    (("zz", "x", 0.5, [("rel_a", 1)]), "unknown state"),
])
def test_a_bad_argued_action_is_refused_with_a_reason(mini, args, message):
    game = Game(mini, seed=1, humans=["p"])
    with pytest.raises(InterventionError, match=message):
        game.argue(*args)
    assert game.interventions == []


def test_orders_an_intervention_makes_impossible_are_taken_back(mini):
    game = Game(mini, seed=2, humans=["p"])
    money = game.money("p")
    spend = next(o for o in game.options("p") if o.cost.money and o.available)
    game.submit("p", Orders((spend.id,)))
    game.argue("p", "A costly mistake", 1.0, [("budget", -money)])
    assert "p" in game.waiting_for(), "orders it can no longer pay for go back to the team"
    assert game.drafts["p"] == Orders((spend.id,))


def test_interventions_replay_from_a_save_byte_for_byte(mini, tmp_path):
    game = Game(mini, seed=7, humans=["p"])
    game.inject("unrest", ["p"])
    game.submit("p", Orders((), {"event_unrest": "calm"}))
    game.resolve()
    game.argue("p", "Mediate between the powers", 0.7, [("rel_a", 3), ("rel_b", 3)])
    _play(game, 2)
    game.inject("luck")
    path = write_save(game, tmp_path / "s.json")
    loaded = load_game(path, lambda _id: mini)
    assert loaded.load_note is None
    assert json.dumps(loaded.log(), sort_keys=True) == json.dumps(game.log(), sort_keys=True)
    assert loaded.position.to_dict() == game.position.to_dict()


def test_rewind_gives_the_game_as_a_turn_opened(mini):
    game = Game(mini, seed=4, humans=["p"])
    _play(game, 1)
    at_two = json.dumps(game.position.to_dict(), sort_keys=True)
    game.argue("p", "Host talks", 1.0, [("rel_b", 5)])
    _play(game, 2)
    back = rewind(game, 2)
    assert back.turn == 2 and back.interventions == [] and len(back.reports) == 1
    assert json.dumps(back.position.to_dict(), sort_keys=True) == at_two
    assert game.turn == 4, "the game rewound from is left as it was"
    with pytest.raises(ValueError):
        rewind(game, 9)
