"""Saves from the window (App.load_session, the play session's autosave): unsent cards and answers
reach the autosave at once, a save loads after its scenario's texts were corrected, and loading
another save keeps the game left, or refuses to load over it when it cannot be kept."""
from __future__ import annotations

import pygame

from game.paths import autosave_path
from game.session import PlaySession

from .conftest import busan_main


def test_chosen_cards_come_back_after_quitting_to_title_and_continuing(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_1)
    chosen = list(s.chosen)
    assert chosen
    drv.key(pygame.K_ESCAPE)
    drv.press("Quit to title")
    assert app.top.name == "title"
    drv.press("Continue")
    assert app.top.name == "main"
    s2 = app.top.session
    assert s2 is not s and s2.chosen == chosen and s2.game.turn == s.game.turn


def test_chosen_cards_reach_the_autosave_without_quitting(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_1)
    assert s.chosen
    back = PlaySession.load(autosave_path(), app.find_scenario)   # as if the process were killed now
    assert back.chosen == s.chosen
    # a second toggle within the second waits, then the loop writes it
    drv.key(pygame.K_1)
    s._drafts_saved_at -= 5
    app.update(0.0)
    assert PlaySession.load(autosave_path(), app.find_scenario).chosen == s.chosen


def test_an_answer_reaches_the_autosave_at_once(app, drv):
    s = busan_main(app, drv)
    d = s.decisions()[0]
    s.note_drafts(force=True)   # just saved: an answer does not wait for the throttle all the same
    o = next(o for o in d.options if o.available)
    assert s.answer(d.id, o.id) is None
    back = PlaySession.load(autosave_path(), app.find_scenario)   # as if the process were killed now
    assert back.answers.get(d.id) == o.id


def test_a_save_loads_after_the_scenario_texts_were_corrected_and_says_so(app, drv, home):
    from game.engine import Game, write_save
    from game.scenario import load_scenario

    path = home / "scenarios" / "mini.yaml"
    game = Game(load_scenario(path), seed=3, humans=["p"])
    save = write_save(game, home / "before.json")
    path.write_text(path.read_text(encoding="utf-8").replace("name: Summit", "name: A summit"), encoding="utf-8")
    assert app.load_session(save)
    assert app.top.name in ("main", "decision")
    assert drv.sees("have been edited since this game was saved; its rules have not")


def test_loading_an_earlier_save_in_the_window_keeps_the_game_left(app, drv, mini_main):
    from game.paths import game_save_path

    s = mini_main.session
    drv.end_turn()
    drv.key(pygame.K_RETURN)                               # the report, back to the main screen
    earlier = s.save()                                     # turn 2
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    assert s.game.turn == 3
    own = game_save_path(s.game)
    assert app.load_session(earlier)
    kept = own.with_name(own.stem + "-turn3.json")         # its own name, with the turn it was left at
    assert kept.is_file() and drv.sees(f"The game you left (turn 3) is kept as {kept.name}")
    assert app.load_session(kept) and app.top.session.game.turn == 3


def test_a_game_that_cannot_be_kept_is_not_loaded_over(app, drv, mini_main, monkeypatch):
    import game.ui.app as ui_app

    s = mini_main.session
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    earlier = s.save()
    drv.end_turn()
    drv.key(pygame.K_RETURN)

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied", "/read-only/mini-p-seed1-turn3.json")

    monkeypatch.setattr(ui_app, "keep_game", refuse)
    assert not app.load_session(earlier)
    assert s.game.turn == 3
    text = " ".join(drv.text().split())
    assert app.top.name == "message" and "This save was not loaded" in text
    assert "could not be kept in /read-only/mini-p-seed1-turn3.json (Permission denied)" in text
