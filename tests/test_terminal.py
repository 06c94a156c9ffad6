"""Terminal play driven by scripted input, the way a player types."""
from __future__ import annotations

import io

from game.engine import Game, Orders, load_game
from game.terminal import TerminalGame

from .conftest import edited, with_values


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
    outcome = tg.game.outcome("p")
    assert outcome is not None and outcome.ending is None and f" {outcome.name} " in out, out[-2000:]
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
    assert resumed.position.records["p"].taken == {"summit": [1]}
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
    offered = edited(game, lambda d: d["records"]["p"]["offers"].update(take_loan=["a", game.turn + 1]))
    after = {o.id: n for n, o in TerminalGame(offered, "p", io.StringIO(""), io.StringIO(), None, None,
                                              width=90).numbered()}
    assert all(after[k] == v for k, v in before.items())
    assert after["take_loan"] == max(after.values())


def test_answers_can_be_changed_before_the_turn_ends(mini, tmp_path):
    game = with_values(Game(mini, seed=1, humans=["p"]), "p", stability=40)
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


def _unrest(mini):
    game = with_values(Game(mini, seed=1, humans=["p"]), "p", stability=40)
    game.submit("p", Orders(()))
    game.resolve()  # unrest fires and asks
    return game


def test_a_question_takes_its_number_and_lets_the_player_look_around_first(mini, tmp_path):
    game = _unrest(mini)
    _, _, out = session(game, "powers\nscore\nwhy stability\n2\nend\ny\n", tmp_path)
    assert "is not one of the answers" not in out
    assert "Relations" in out and "so far" in out and "Stability is" in out
    assert "(Still waiting for your answer to 'Unrest'.)" in out
    assert "answered Unrest: Ignore" in out          # '2' is the second answer, as 'b' would be


def test_loading_an_older_save_keeps_the_game_being_left(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    old = tmp_path / "turn2.json"
    _, _, out = session(game, f"end\ny\nsave {old}\nend\ny\nend\ny\nload {old}\n", tmp_path)
    kept = tmp_path / "mini-p-seed4-turn4.json"
    assert f"The game you left (turn 4) is kept in {kept}." in " ".join(out.split())   # long lines wrap
    assert load_game(kept, lambda _id: mini).turn == 4
    assert "Loaded" in out and "turn 2" in out
    # A second branch left at the same turn does not overwrite the first.
    game = Game(mini, seed=4, humans=["p"])
    _, _, out = session(game, f"5\nend\ny\nend\ny\nend\ny\nload {old}\n", tmp_path)
    again = tmp_path / "mini-p-seed4-turn4-2.json"
    assert f"kept in {again}." in " ".join(out.split())
    first, second = (load_game(p, lambda _id: mini) for p in (kept, again))
    assert first.order_log != second.order_log


def test_a_file_name_typed_at_a_question_keeps_its_capitals(mini, tmp_path):
    game = _unrest(mini)
    _, _, out = session(game, f"save {tmp_path / 'MyGame.json'}\n", tmp_path)
    assert (tmp_path / "MyGame.json").exists()


def test_end_at_the_capital_question_ends_the_turn(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    tg, _, out = session(game, "end\nend\n", tmp_path)
    assert "Report: turn 1" in out


def test_a_scenario_without_powers_plays_in_the_terminal(mini, tmp_path):
    import dataclasses

    bare = dataclasses.replace(mini, model=mini.model.model_copy(update={"powers": []}))
    game = Game(bare, seed=4, humans=["p"])
    _, code, out = session(game, "end\ny\n", tmp_path)
    assert code == 0 and "Report: turn 1" in out


def test_bare_info_and_load_are_explained_and_info_takes_an_id(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    _, _, out = session(game, "info\nload\ninfo summit\n", tmp_path)
    assert "Did you mean" not in out
    assert "Info on which action?" in out and "Load which file?" in out
    assert "═ Summit ═" in out and "Category: policy" in out, out[-600:]


def test_the_same_number_twice_chooses_once(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    tg, _, out = session(game, "5 5\n", tmp_path)
    assert tg.chosen == ["summit"]


def test_each_category_is_listed_once(busan, tmp_path):
    game = Game(busan, seed=5, humans=["kz"])
    _, _, out = session(game, "a\nactions\n", tmp_path, state="kz")
    listing = out.split("Actions: you have", 1)[1].split("[turn 1]", 1)[0]
    headings = [ln.strip() for ln in listing.splitlines() if ln.startswith("  ") and not ln.startswith("   ")
                and not ln.strip().startswith("[")]
    assert headings and len(headings) == len(set(headings)), headings


def test_no_signed_zero_anywhere_in_a_whole_game(busan, tmp_path):
    import re

    game = Game(busan, seed=5, humans=["kz"])
    script = "".join("a\n1 4\npreview\nscore\nend\ny\n" for _ in range(busan.model.meta.turns))
    _, _, out = session(game, script, tmp_path, state="kz")
    out = out.replace(str(tmp_path), "TMP")   # a temporary folder such as pytest-0 is not a number
    assert re.search(r"(?<![\d.])[-+−]0(\.0+)?(?![\d.])", out) is None, \
        re.search(r".{40}(?<![\d.])[-+−]0(\.0+)?(?![\d.]).{10}", out).group(0)


def test_an_indicator_whose_causes_cancel_out_is_still_reported(mini, tmp_path):
    from game.engine.views import CauseLine, IndicatorChange, StateReport, TurnReport
    from game.terminal import TerminalGame

    change = IndicatorChange("budget", "Budget", 5.0, 5.02,
                             (CauseLine("paid Russia", -0.6, "x"), CauseLine("revenue", 0.62, "x")), "", 1)
    sr = StateReport("p", "Pland", (), (), (), (), (change,), 1.0, None)
    report = TurnReport(3, "May 2026", (), (), "", (), (sr,))
    out = io.StringIO()
    TerminalGame(Game(mini, seed=1, humans=["p"]), "p", io.StringIO(""), out, width=90).show_report(report)
    text = out.getvalue()
    assert "Budget" in text and "-0.6  paid Russia" in text and "+0.6  revenue" in text


def test_a_change_reads_as_the_difference_of_the_numbers_shown():
    from game.engine.views import shown_change, signed

    assert signed(shown_change(62.4, 60.6, 0), 0) == "-1"        # "62 → 61", not (-2)
    assert signed(shown_change(34.44, 33.46, 1), 1) == "-0.9"    # "34.4 → 33.5", not (-1.0)


def test_a_report_lists_the_world_s_events_and_the_state_s_own_only():
    from game.engine.views import TurnReport

    r = TurnReport(3, "May 2026", ("Drought (Qland)", "Unrest (Pland)", "Windfall (Qland)"),
                   (None, "p", "q"), "", (), ())
    assert r.events_for("p") == ("Drought (Qland)", "Unrest (Pland)")  # a world event, whatever its name


def test_a_save_loads_back_by_the_name_it_was_given(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    target = tmp_path / "mine.save"
    script = f"save {target}\nload {target}\nquit\n"
    tg = TerminalGame(game, "p", io.StringIO(script), io.StringIO(), tmp_path / "auto.json",
                      lambda _id: mini, width=90)
    tg.run()
    out = " ".join(tg.out.getvalue().split())   # long lines wrap at spaces
    assert f"Saved to {target}.json." in out and f"Loaded {target}.json: turn 1" in out


def test_no_line_is_wider_than_the_terminal_and_no_word_is_cut(busan, tmp_path):
    game = Game(busan, seed=5, humans=["kz"])
    _, _, out = session(game, "a\n1 4\npreview\nactions\npowers\nend\ny\n", tmp_path, state="kz")
    import re

    lines = [re.sub(r"^(\[turn \d+\] > )+", "", ln) for ln in out.splitlines()]   # typed input is not echoed
    command = [ln for ln in lines if "play --text --load" in ln]
    assert command and command[0].split()[-1].endswith("auto.json")   # the command on one line, whole
    too_wide = [ln for ln in lines if len(ln) > 90 and ln not in command and " " in ln.strip()]
    assert not too_wide, too_wide[:3]


def test_advise_says_why_and_advise_take_puts_the_orders_on_the_table(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    advice = game.advise("p")
    tg, code, out = session(game, "advise\nadvise take\nend\ny\n", tmp_path)
    assert code == 0
    assert "Tried on 3 copies of the game played to its end" in " ".join(out.split())
    assert "Type 'advise take' to choose these orders" in out
    assert "Chosen as advised" in out
    report = tg.game.reports[0].for_state("p")
    assert report.actions == tuple(game.name(a) for a in advice.orders.actions)


def test_advise_take_at_a_question_answers_it(mini, tmp_path):
    game = _unrest(mini)
    d = game.observe("p").decisions[0]
    advised = game.advise("p").orders.answers[d.id]
    tg, code, out = session(game, "advise take\nend\ny\n", tmp_path)
    assert code == 0
    assert "is not one of the answers" not in out
    assert tg.game.order_log[-1]["answers"][d.id] == advised


def test_score_explains_each_axis_now_and_last_turn(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    _, _, out = session(game, "a\nend\ny\nscore\n", tmp_path)
    text = " ".join(out.split())
    assert "now last weight so far" in text
    assert "Last turn added" in text
    for axis in mini.model.scoring.axes:
        assert axis.name in out
        if axis.description:
            assert " ".join(axis.description.split()) in text


def test_numbers_are_actions_and_the_table_shows_last_turns_values(mini, tmp_path):
    """In the terminal a number is always an action's (the window's cards carry the same ones); an
    indicator is named. The table shows each value now and last turn, with the change between."""
    game = Game(mini, seed=4, humans=["p"])
    _, code, out = session(game, "a\n5\nend\ny\nwhy 3\nwhy stab\n", tmp_path)
    assert code == 0
    turn2 = out[out.index("Turn 2/"):]
    assert "now   last turn" in turn2
    assert any(line.split()[:2] == ["Budget", "6.5"] and "6.0 $bn (+0.5)" in line for line in turn2.splitlines())
    assert "a number always means an action ('info 3' says what action 3 does)" in out
    assert "Stability is" in out
    assert "  3. Open a mine" in turn2 and "  5. Summit" in turn2


def test_a_fictional_game_in_the_terminal_reads_as_english(busan, tmp_path):
    game = Game(busan, seed=1, humans=["kz"], fictional=True)
    tg, code, out = session(game, "a\n", tmp_path, state="kz")
    assert code == 0
    assert "You govern the Republic of the Steppe. 13 turns" in out          # was "You govern Republic of…"
    flat = " ".join(out.split())
    assert "The Republic of the Steppe's delegation" in flat
    assert "Relations with the Western Federation" in flat and "with The " not in flat
    assert "Kazakh" not in out and "China" not in out and "Russia" not in out


def test_answer_shows_the_answer_so_far_and_changes_only_that_question(busan, tmp_path):
    game = Game(busan, seed=4, humans=["kz"])
    question = game.observe("kz").decisions[0]
    first, second = [o for o in question.options if o.available][:2]
    tg, code, out = session(game, "a\nanswer\nb\nanswer 3\n", tmp_path, state="kz")
    assert code == 0
    asked_again = out[out.index("[turn 1] > "):]
    assert f"a) {first.label}" in asked_again and "← your answer so far" in asked_again.split(f"b) {second.label}")[0]
    assert tg.answers[question.id] == second.id
    assert "There is no question 3; type 'answer' for the list." in out
    assert out.count(f"Event: {question.title}") + out.count(f"Crisis: {question.title}") == 2, "asked once more, not every question"


def test_a_save_is_found_again_by_the_name_it_was_saved_under(mini, tmp_path):
    game = Game(mini, seed=4, humans=["p"])
    _, code, out = session(game, f"save {tmp_path / 'mygame'}\n", tmp_path)
    assert code == 0 and (tmp_path / "mygame.json").is_file()
    assert load_game(tmp_path / "mygame", lambda _id: mini).turn == 1   # NAME finds NAME.json


def test_numbers_may_be_separated_by_commas_and_an_answer_is_confirmed(busan, tmp_path):
    game = Game(busan, seed=4, humans=["kz"])
    question = game.observe("kz").decisions[0]
    second = [o for o in question.options if o.available][1]
    cheap = [o.number for o in game.options("kz") if o.available and o.cost.capital == 1 and not o.cost.money][:2]
    tg, code, out = session(game, f"a\n{cheap[0]}, {cheap[1]}\nanswer\nb\n", tmp_path, state="kz")
    assert code == 0 and "I don't know" not in out
    assert sorted(o.number for o in tg.session.options if o.id in tg.chosen) == cheap
    assert f"Your answer to '{question.title}': {second.label}." in out
