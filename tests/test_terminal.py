"""Terminal play driven by scripted input, the way a player types."""
from __future__ import annotations

import io

from game.engine import Game, Orders, load_game
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
    turn = "5 6\npreview\nend\ny\n"
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
    tg, code, out = session(game, "5\nend\ny\n6\n", tmp_path)
    assert code == 0 and "Game saved to" in out and "Goodbye." in out
    resumed = load_game(tmp_path / "auto.json", lambda _id: mini)
    assert resumed.turn == 2
    assert resumed.records["p"].taken == {"summit": [1]}
    # The unfinished choice of turn 2 (welfare spending) comes back with the save.
    assert resumed.drafts["p"].actions == ("spend",)
    out2 = session(resumed, "end\ny\n", tmp_path)[2]
    assert "You: Spend on welfare" in out2


def test_ending_a_turn_with_capital_left_asks_first(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    tg, _, out = session(game, "end\nn\n", tmp_path)
    assert "You still have 3 political capital" in out
    assert "Then choose more actions" in out and tg.game.turn == 1


def test_action_numbers_stay_put_when_an_offer_arrives(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    tg = TerminalGame(game, "p", io.StringIO(""), io.StringIO(), None, None, width=90)
    before = {o.id: n for n, o in tg.numbered()}
    game.records["p"].offers["take_loan"] = ("a", game.turn + 1)
    after = {o.id: n for n, o in tg.numbered()}
    assert all(after[k] == v for k, v in before.items())
    assert after["take_loan"] == max(after.values())


def test_answers_can_be_changed_before_the_turn_ends(mini, tmp_path):
    game = Game(mini, seed=1, humans=["p"])
    game.world.values["p"]["stability"] = 40
    game.submit("p", Orders(()))
    game.resolve()  # unrest fires and asks
    tg, _, out = session(game, "a\nanswer\nb\nend\ny\n", tmp_path)
    assert "answered Unrest: Ignore" in out


def test_ctrl_c_autosaves(mini, tmp_path):
    class Interrupting(io.StringIO):
        def readline(self, *a):
            raise KeyboardInterrupt

    game = Game(mini, seed=4, humans=["p"])
    out = io.StringIO()
    tg = TerminalGame(game, "p", Interrupting(), out, tmp_path / "auto.json", None, width=90)
    assert tg.run() == 0
    assert (tmp_path / "auto.json").exists()
