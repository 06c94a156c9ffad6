"""The window finds the scenarios an author made with `greatgame new`, in their own folders."""
from __future__ import annotations

from game.authoring import new_scenario


def test_the_new_game_screen_lists_a_scenario_made_with_new(app, drv, home):
    path = new_scenario("valley_test")
    ids = [e.id for e in app.catalogue()]
    assert "valley_test" in ids
    entry = next(e for e in app.catalogue() if e.id == "valley_test")
    assert entry.path == path.resolve() and entry.ok
