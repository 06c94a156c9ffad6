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


def test_the_load_list_shows_each_game_once_at_its_latest_point_and_deletes_saves(app, drv, home):
    from game.paths import saves_dir

    def play_to(turn, seed):
        app.open_from_args(play_args(scenario=str(MINI), state="p", seed=seed))
        drv.pump()
        drv.key(pygame.K_RETURN)
        s = next(x for x in app.stack if x.name == "main").session
        while s.game.turn < turn:
            for d in s.pending():
                s.answer(d.id, next(o.id for o in d.options if o.available))
            s.end_turn()
        return s

    first = play_to(2, seed=1)
    kept = first.save()                       # a save of its own at turn 2
    for d in first.pending():
        first.answer(d.id, next(o.id for o in d.options if o.available))
    first.end_turn()                          # the game's autosaves move on to turn 3
    play_to(2, seed=2)                        # another game, now the autosave's
    files = sorted(p.name for p in saves_dir().glob("*.json"))
    assert len(files) == 4 and kept.name in files   # the autosave is the second game's now
    app.open_from_args(None)
    drv.press("Load game")
    load = app.top
    assert [(g["seed"], g["turn"], len(g["files"])) for g in load.saves] == [(2, 2, 2), (1, 3, 2)]
    assert "2 saves (Every save shows them)" in drv.text()
    drv.press("Every save")
    assert len(load.saves) == 4 and drv.sees("Every save file")
    drv.press("Each game once")
    load.select(1)
    drv.press("Delete…")
    assert app.top.name == "confirm" and "Its 2 save files are deleted" in drv.text()
    drv.key(pygame.K_RETURN)                  # Enter keeps them: deleting cannot be undone
    assert app.top is load and len(list(saves_dir().glob("*.json"))) == 4
    drv.press("Delete…")
    drv.press("Delete")
    assert sorted(p.name for p in saves_dir().glob("*.json")) == sorted(str(p.name) for p in load.saves[0]["files"])
    assert [(g["seed"], g["turn"]) for g in load.saves] == [(2, 2)]
