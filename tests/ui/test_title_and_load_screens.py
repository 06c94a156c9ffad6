"""The title and load screens (game.ui.scenes.title, load): a finished game is offered as results, not
as Continue, and saves are listed by scenario and state with how their game stands."""
from __future__ import annotations

import pygame

from .conftest import MINI, play_args


def _finish(app, drv):
    app.open_from_args(play_args(scenario=str(MINI), state="p", seed=1))
    drv.pump()
    drv.key(pygame.K_RETURN)
    s = next(x for x in app.stack if x.name == "main").session
    while not s.over:
        for d in s.pending():
            s.answer(d.id, next(o.id for o in d.options if o.available))
        s.end_turn()
    return s


def test_a_finished_game_is_not_offered_as_continue(app, drv, home):
    s = _finish(app, drv)
    app.open_from_args(None)
    text = drv.text()
    assert "Last game's results" in text
    assert not any(b.text == "Continue" for b in app.top.buttons)
    b = drv.button("Last game's results")
    assert b.element.object_ids[-1] != "@primary"
    assert drv.button("New game").enabled
    drv.press("Last game's results")
    assert app.top.name == "end"
    assert not any("turn 7" in t for t in app.visible_text())
    assert s.game.over


def test_the_load_list_says_finished_instead_of_a_turn_past_the_end(app, drv, home):
    s = _finish(app, drv)
    app.open_from_args(None)
    drv.press("Load game")
    assert app.top.name == "load"
    text = drv.text()
    verdict = s.verdict()
    assert f"finished ({verdict})" in text
    assert f"turn {s.game.turn}" not in text


def test_continue_and_load_name_the_scenario_and_state_not_their_ids(app, drv, mini_main):
    drv.key(pygame.K_ESCAPE)
    drv.press("Quit to title")
    tip = drv.button("Continue").tooltip
    assert "Resume Mini as Pland" in tip and " as p," not in tip
    app.settings.fictional = True
    app.top.build()
    assert "Resume Mini as Ostria" in drv.button("Continue").tooltip
    drv.press("Load game")
    assert "Ostria · Mini (autosave: Continue opens it)" in drv.text()
