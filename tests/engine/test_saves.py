"""Saves: atomic, versioned, replayed exactly; a bad save gets a clear error, never a traceback."""
from __future__ import annotations

import json

import pytest

from game.engine import Game, Orders, SaveError, load_game, write_save


def test_save_holds_scenario_identity_seed_and_orders(mini, tmp_path):
    game = Game(mini, seed=9, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    data = json.loads(path.read_text())
    assert data["scenario"] == {"id": "mini", "digest": mini.digest, "rules": mini.rules_digest,
                                "file": "mini.yaml", "path": str(mini.path.resolve())}
    assert data["seed"] == 9 and data["turn"] == 2
    assert data["orders"] == [{"turn": 1, "state": "p", "actions": ["summit"], "answers": {}}]
    assert not list(tmp_path.glob("*.tmp"))


def test_a_failed_write_leaves_the_previous_save_intact(mini, tmp_path, monkeypatch):
    game = Game(mini, seed=9, humans=["p"])
    path = write_save(game, tmp_path / "s.json")
    before = path.read_text()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_save(game, path)
    assert path.read_text() == before
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("content, message", [
    ("{not json", "corrupt"),
    ('{"game": "other"}', "not a New Great Game save"),
    ('{"game": "new-great-game", "format": 99}', "format 99 is not supported"),
    ('{"game": "new-great-game", "format": 1, "scenario": {"id": "mini"}}', "damaged"),
])
def test_corrupt_saves_get_a_clear_error(mini, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SaveError, match=message):
        load_game(path, lambda _id: mini)


def test_a_save_of_a_scenario_whose_rules_changed_goes_on_from_where_it_was(mini, tmp_path):
    """A scenario rebalanced since (the same orders would play another game): the game is not lost,
    it continues from the position the save recorded, under the new rules, and says so."""
    from game.scenario import load_scenario

    from ..conftest import MINI

    changed = tmp_path / "mini.yaml"               # the author's file, rebalanced after the save
    changed.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    game = Game(load_scenario(changed), seed=9, humans=["p"])
    for _ in range(2):
        game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
        game.resolve()
    chosen = next(o.id for o in game.options("p") if o.available)
    path = write_save(game, tmp_path / "s.json", {"p": Orders((chosen,))})
    changed.write_text(MINI.read_text(encoding="utf-8").replace("  turns: 6\n", "  turns: 7\n"), encoding="utf-8")
    loaded = load_game(path, lambda _id: load_scenario(changed))
    assert "The rules of" in loaded.load_note and "goes on from" in loaded.load_note
    assert loaded.turn == 3 and loaded.s.meta.turns == 7
    assert loaded.position.values == game.position.values
    assert loaded.drafts["p"].actions == (chosen,)
    again = write_save(loaded, tmp_path / "again.json")   # and it saves and loads as its own game
    assert load_game(again, lambda _id: load_scenario(changed)).position.to_dict() == loaded.position.to_dict()


def _edited_save(mini, tmp_path, edit):
    """A save of a one-turn game, written again after `edit(data)`; (the game, the save's path)."""
    game = Game(mini, seed=3, humans=["p"])
    game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    return game, path


def test_a_save_made_under_older_rules_goes_on_from_where_it_was(mini, tmp_path):
    def older(data):
        data.pop("rules_version")                           # as saved before the rules version was kept
        data["orders"][0]["actions"] = ["no_such_action"]   # orders the rules would now play otherwise

    game, path = _edited_save(mini, tmp_path, older)
    loaded = load_game(path, lambda _id: mini)
    assert "plays its rules differently" in loaded.load_note
    assert loaded.position.to_dict() == game.position.to_dict()


def test_an_edited_save_under_the_same_rules_is_still_refused(mini, tmp_path):
    def edited(data):
        data["position"]["values"]["p"]["stability"] = 99

    _, path = _edited_save(mini, tmp_path, edited)
    with pytest.raises(SaveError, match="do not lead to the position it records"):
        load_game(path, lambda _id: mini)


def test_a_save_outlives_a_correction_of_the_scenario_texts(mini, tmp_path):
    # A teacher fixes a typo in a description mid-course: the class's saves still load, the same game.
    from game.scenario import load_scenario

    from ..conftest import MINI

    own = tmp_path / "mini.yaml"                   # the teacher's copy, the file the class plays
    own.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    game = Game(load_scenario(own), seed=9, humans=["p"])
    for _ in range(2):
        game.submit("p", Orders(("summit",)) if game.turn == 1 else Orders(()))
        game.resolve()
    path = write_save(game, tmp_path / "s.json")
    own.write_text(MINI.read_text(encoding="utf-8").replace("name: Summit", "name: A summit"), encoding="utf-8")
    fixed = load_scenario(own)
    assert fixed.digest != mini.digest and fixed.rules_digest == mini.rules_digest
    resumed = load_game(path, lambda _id: fixed)
    assert resumed.turn == game.turn and resumed.position.values == game.position.values
    assert "have been edited since this game was saved; its rules have not" in resumed.load_note
    own.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_game(path, lambda _id: load_scenario(own)).load_note is None


def test_a_save_finds_its_scenario_file_when_the_id_is_not_installed(mini, tmp_path):
    copy = tmp_path / "mine.yaml"
    copy.write_bytes(mini.path.read_bytes())
    from game.scenario import load_scenario

    game = Game(load_scenario(copy), seed=9, humans=["p"])
    path = write_save(game, tmp_path / "s.json")

    def not_installed(_id):
        raise LookupError(_id)

    assert load_game(path, not_installed).s.meta.id == "mini"
    copy.unlink()
    with pytest.raises(SaveError, match="is not installed and .*mine.yaml is gone"):
        load_game(path, not_installed)


def test_tampered_orders_are_reported_not_crashed(mini, tmp_path):
    game = Game(mini, seed=9, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    data = json.loads(path.read_text())
    data["orders"][0]["actions"] = ["plant"]
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="do not replay"):
        load_game(path, lambda _id: mini)


def test_a_game_with_fictional_names_keeps_its_own_save_beside_the_real_one(mini):
    from game.paths import game_save_path

    real, fictional = Game(mini, 5, humans=["p"]), Game(mini, 5, humans=["p"], fictional=True)
    assert game_save_path(real).name == "mini-p-seed5.json"
    assert game_save_path(fictional).name == "mini-p-seed5-fictional.json"


def test_the_rules_digest_sees_order_and_ids_that_look_like_words(mini):
    # The engine sums payoff weights in the file's order, and an id may be a word like `note`:
    # neither may pass for a mere change of wording.
    m = mini.model
    power = m.powers[0]
    weights = dict(reversed(list(power.payoff.weights.items())))
    reordered = m.model_copy(update={"powers": [power.model_copy(update={
        "payoff": power.payoff.model_copy(update={"weights": weights})})] + list(m.powers[1:])})
    import dataclasses

    assert len(weights) > 1
    assert dataclasses.replace(mini, model=reordered).rules_digest != mini.rules_digest
    renamed = m.model_copy(update={"powers": [power.model_copy(update={"name": "Another name"})]
                                   + list(m.powers[1:])})
    assert dataclasses.replace(mini, model=renamed).rules_digest == mini.rules_digest


def test_a_save_keeps_the_position_and_loading_checks_the_orders_against_it(mini, tmp_path):
    game = Game(mini, seed=9, humans=["p"])
    for actions in (("summit",), ("mine",)):
        game.submit("p", Orders(actions, {d.id: d.options[0].id for d in game.decisions("p")}))
        game.resolve()
    path = write_save(game, tmp_path / "s.json")
    data = json.loads(path.read_text())
    assert data["position"] == json.loads(json.dumps(game.position.to_dict()))
    assert load_game(path, lambda _id: mini).position.to_dict() == game.position.to_dict()
    # A save whose position was edited by hand no longer matches its orders: refused, saying so.
    data["position"]["values"]["p"]["budget"] = 49.0
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="do not lead to the position it records .*'values'"):
        load_game(path, lambda _id: mini)
    data["position"]["values"]["p"]["budget"] = "lots"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="position is damaged"):
        load_game(path, lambda _id: mini)


def test_a_save_from_before_positions_were_kept_still_loads(mini, tmp_path):
    game = Game(mini, seed=9, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    data = json.loads(path.read_text())
    del data["position"]
    path.write_text(json.dumps(data))
    assert load_game(path, lambda _id: mini).position.to_dict() == game.position.to_dict()


def test_a_save_outlives_a_correction_of_the_words_its_position_keeps(mini, tmp_path):
    from game.scenario import load_scenario

    from ..conftest import MINI

    original = tmp_path / "mini.yaml"
    original.write_text(MINI.read_text())
    scenario = load_scenario(original)
    game = Game(scenario, seed=2, humans=["p"])
    game.submit("p", Orders(("summit", "mine")))   # a phased effect and a project under way
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    original.write_text(MINI.read_text().replace("name: Summit", "name: Regional summit")
                        .replace("name: Open a mine", "name: Open the mine"))
    edited = load_scenario(original)
    assert edited.rules_digest == scenario.rules_digest and edited.digest != scenario.digest
    again = load_game(path, lambda _id: edited)
    assert again.load_note and "texts" in again.load_note
    assert [p.name for p in again.position.projects] == ["Open the mine"]


def test_a_save_played_by_an_unknown_policy_says_which(mini, tmp_path):
    from game.engine import Scripted

    game = Game(mini, seed=1, humans=["p"], policies={"q": Scripted({}, name="drill")})
    path = write_save(game, tmp_path / "s.json")
    with pytest.raises(SaveError, match="plays by a policy this version does not have .*'drill'"):
        load_game(path, lambda _id: mini)


def test_a_save_keeps_to_its_own_file_when_another_scenario_shares_its_id(mini, tmp_path):
    """Two files with the same id (an author's copy with other rules): the save loads the one it
    was made from, the same game, not the other one's rules."""
    from game.scenario import load_scenario

    from ..conftest import MINI

    own = tmp_path / "mine.yaml"
    own.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(MINI.read_text(encoding="utf-8").replace("  turns: 6\n", "  turns: 9\n"), encoding="utf-8")
    game = Game(load_scenario(own), seed=9, humans=["p"])
    game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    loaded = load_game(path, lambda _id: load_scenario(other))
    assert loaded.s.meta.turns == 6 and loaded.load_note is None
    assert loaded.position.to_dict() == game.position.to_dict()


def test_an_orders_only_save_under_other_rules_is_replayed_and_says_so(mini, tmp_path):
    def old(data):
        data.pop("rules_version")
        data["position"] = None                   # saves from before positions were kept

    _, path = _edited_save(mini, tmp_path, old)
    loaded = load_game(path, lambda _id: mini)
    assert "holds only its orders, so they were played again under the new rules" in loaded.load_note


def test_a_save_whose_turns_replay_the_same_under_new_rules_keeps_its_record(mini, tmp_path):
    from game.scenario import load_scenario

    from ..conftest import MINI

    own = tmp_path / "mini.yaml"
    own.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    game = Game(load_scenario(own), seed=9, humans=["p"])
    game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
    game.resolve()
    path = write_save(game, tmp_path / "s.json")
    own.write_text(MINI.read_text(encoding="utf-8").replace("  turns: 6\n", "  turns: 7\n"), encoding="utf-8")
    loaded = load_game(path, lambda _id: load_scenario(own))
    assert "come out the same under the new rules" in loaded.load_note
    assert len(loaded.reports) == 1                     # the record is kept: the turn replayed
