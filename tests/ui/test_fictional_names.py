"""Fictional names in the window before a game exists: the title map and the new-game screen name no
real country, and the game still starts from the real scenario."""
from __future__ import annotations

from .conftest import busan_entry

REAL = ("Kazakhstan", "Uzbekistan", "Russia", "China", "Iran", "Afghanistan", "Caspian")


def _seen(app) -> str:
    app.step([], 0.0, force=True)
    return "\n".join(s for s, _ in app.theme.seen)


def test_fictional_title_map_names_no_real_country(app, drv):
    app.settings.fictional = True
    app.open_from_args(None)
    text = _seen(app).lower()
    for real in REAL:
        assert real.lower() not in text, real
    assert "republic of the steppe" in text


def test_fictional_new_game_screen_shows_the_fictional_scenario(app, drv):
    from game.scenario.fictional import fictionalize
    from game.ui.scenes.new_game import NewGameScene

    app.settings.fictional = True
    entry = busan_entry(app)
    app.open_from_args(None)
    app.push(NewGameScene(app, entry=entry))
    drv.pump()
    fict = fictionalize(entry.scenario).model
    text = drv.text()
    assert fict.meta.title in text
    assert any(st.name in text for st in fict.states if st.playable)
    for st in entry.scenario.model.states:
        if st.fictional_name:
            assert st.name not in text
    # the real game starts from the real scenario all the same
    assert app.top.entry.scenario is entry.scenario
