"""Terminal play driven by scripted input, the way a player types."""
from __future__ import annotations

import io

from game.engine import Game, load_game
from game.terminal import TerminalGame


def session(game, script, tmp_path, state="p"):
    out = io.StringIO()
    tg = TerminalGame(game, state, io.StringIO(script), out, tmp_path / "auto.json",
                      lambda _id: game.scenario, width=90)
    code = tg.run()
    return tg, code, out.getvalue()


def test_a_whole_game_in_the_terminal(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    # Each turn: choose the summit (5) and welfare spending (6), preview, end; answer any question 'a'.
    turn = "5 6\npreview\nend\n"
    script = ""
    for _ in range(mini.model.meta.turns):
        script += "a\n" + turn  # 'a' answers a pending question, or is explained and asked again
    tg, code, out = session(game, script, tmp_path)
    assert code == 0
    assert tg.game.over
    assert "Report: turn 1" in out and f"Report: turn {mini.model.meta.turns}" in out
    assert "What changed and why" in out and "Likely replies" in out
    assert "The end" in out or "Unrest" in out
    assert "built-in adviser" in out
    assert "Traceback" not in out


def test_mistyped_commands_are_explained_and_asked_again(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    _, code, out = session(game, "prevew\n99\n4\nwhy stab\nhelp\n", tmp_path)
    assert code == 0
    assert "Did you mean 'preview'?" in out
    assert "There is no action 99" in out
    assert "'Separation plant' is unavailable: Needs a working mine first." in out
    assert "Stability is" in out
    assert "Commands" in out


def test_end_of_input_leaves_cleanly_with_an_autosave_that_resumes(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    tg, code, out = session(game, "5\nend\n", tmp_path)
    assert code == 0 and "Game saved to" in out and "Goodbye." in out
    resumed = load_game(tmp_path / "auto.json", lambda _id: mini)
    assert resumed.turn == 2
    assert resumed.records["p"].taken == {"summit": [1]}


def test_ctrl_c_autosaves(mini, tmp_path):
    class Interrupting(io.StringIO):
        def readline(self, *a):
            raise KeyboardInterrupt

    game = Game(mini, seed=4, humans=["p"])
    out = io.StringIO()
    tg = TerminalGame(game, "p", Interrupting(), out, tmp_path / "auto.json", None, width=90)
    assert tg.run() == 0
    assert (tmp_path / "auto.json").exists()
