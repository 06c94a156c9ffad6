"""How a game ended is worked out once (Game.outcome), and every place that says it gives the same
answer: the play session, the save file, the load list (with and without replaying the save), the
terminal's end, the debrief and a class's team view."""
from __future__ import annotations

import io
import json

from game.debrief.report import Played, debrief
from game.engine import Game, load_game, write_save
from game.session import PlaySession, describe_save
from game.terminal import TerminalGame

from ..conftest import with_values


def _played(mini, seed, change=None):
    game = Game(mini, seed, ["p"])
    if change is not None:
        game = change(game)
    while not game.over and game.active("p"):
        game.submit("p", game.suggest("p"))
        game.resolve()
    return game


def test_every_place_gives_the_same_ending(mini, tmp_path):
    ended = _played(mini, 4, lambda g: with_values(g, "p", stability=1.0))   # collapses at once
    served = _played(mini, 4)
    outcomes = []
    for game in (ended, served):
        o = game.outcome("p")
        assert o is not None
        outcomes.append(o)
        session = PlaySession(game, "p")
        assert session.verdict() == o.name
        path = write_save(game, tmp_path / f"{o.name[:5]}.json")
        data = json.loads(path.read_text())
        assert data["ending"] == o.name, "the save records the same words"
        assert describe_save(path)["finished"] == o.name
        assert describe_save(path, lambda _id: mini)["finished"] == o.name
        assert load_game(path, lambda _id: mini).outcome("p") == o
        team = debrief("t", [Played(game, "team", (("team", "p"),), path)])["games"][0]["teams"][0]
        assert team["in_progress"] is False and team["win"] == o.win and team["verdict"] == o.verdict
        assert team["ending"] == (o.name if o.ending else None)
        out = io.StringIO()
        TerminalGame(game, "p", io.StringIO(""), out, tmp_path / "auto.json", lambda _id: mini, width=120).end_screen()
        assert f"═══ {o.name} ═" in out.getvalue(), "the terminal heads its end with the same words"
    ended_o, served_o = outcomes
    assert ended_o.ending is not None and ended_o.loss and not ended_o.win and ended_o.turn == 1
    assert served_o.ending is None and served_o.turn is None and not served_o.loss


def test_no_outcome_while_the_game_goes_on(mini):
    game = Game(mini, 1, ["p"])
    assert game.outcome("p") is None and PlaySession(game, "p").verdict() == ""
