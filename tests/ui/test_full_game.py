"""A whole game from the title screen to the end screen, through input events only."""
from __future__ import annotations

import pygame

from game.paths import autosave_path

SEED = 1


def test_play_a_whole_game_with_mouse_and_keys(app, drv, monkeypatch):
    # the new-game screen draws a seed at random; with this one the game's end is known
    monkeypatch.setattr("game.ui.scenes.new_game.random_seed", lambda: SEED)
    app.open_from_args(None)                 # `greatgame` with no command
    drv.pump()
    assert app.top.name == "title"
    drv.press("New game")
    drv.choose_scenario("Mini")                   # the scenario list (mini sits in the user's folder)
    drv.press("Qland")
    drv.press("Begin")
    assert app.top.name == "briefing"
    drv.key(pygame.K_RETURN)                 # take office
    turns = 0
    seen = set()
    while app.top.name != "end":
        seen.add(app.top.name)
        name = app.top.name
        if name == "decision":
            # the first answer the player can afford, by its number key, then Enter
            d = app.top.decision
            n = next(i for i, o in enumerate(d.options) if o.available)
            drv.answer(n + 1)
        elif name == "main":
            main = app.top
            if not main.session.chosen:
                card = next((sp for sp in main.spots if sp.key.startswith("card:")
                             and main.session.why_not(sp.key[5:]) is None), None)
                if card is not None:
                    drv.click(card.rect.center)
            end = drv.button("End turn") if not main.session.pending() else drv.button("Answer")
            drv.click(end.rect.center)
            turns += 1
        elif name == "confirm":
            # political capital left unspent: Enter confirms ending the turn anyway
            assert "political capital" in drv.text()
            drv.key(pygame.K_RETURN)
        elif name == "report":
            drv.press("See the results" if app.top.session.over else "Continue")
        else:
            raise AssertionError(f"stuck on {name}")
        assert turns < 40
    session = app.top.session
    assert session.game.over
    # all six turns are played, and the first card every turn leaves Qland captured at the last
    assert len(session.game.reports) == session.obs.turns == 6
    assert session.game.ending_of("q").id == "capture", session.game.ending_of("q")
    assert {"main", "report"} <= seen
    text = drv.text()
    assert "The adviser" in text and "Your score" in text
    assert autosave_path().is_file()
    drv.press("Debrief")                     # the game's debrief, beside its save
    written = [p for p in autosave_path().parent.glob("*-debrief.html")]
    assert len(written) == 1 and "Questions for discussion" in written[0].read_text()
    assert str(written[0]) in drv.text().replace("\n", " "), drv.text()
    drv.press("Back to title")
    assert app.top.name == "title"
