"""The history screen (game.ui.scenes.history): charts with no repeated or out-of-range ticks, and
page buttons that say where they go."""
from __future__ import annotations

import pygame

from .conftest import busan_main


def test_history_charts_show_no_repeated_or_out_of_range_ticks(app, drv, mini_main):
    s = mini_main.session
    for _ in range(2):
        drv.end_turn()
        drv.key(pygame.K_RETURN)
        while app.top.name == "decision":
            drv.answer()
    drv.key(pygame.K_h)
    assert app.top.name == "history"
    app.step([], 0.0, force=True)
    for r, ind in app.top.cells:
        ticks = [(t, rect) for t, rect in app.theme.seen if r.contains(rect) and rect.right < r.x + 60
                 and t.replace("−", "-").replace(".", "").lstrip("-").isdigit()]
        values = [float(t.replace("−", "-")) for t, _ in ticks]
        assert len(values) == len(set(values)) >= 2, (ind.name, values)
        assert all(ind.min <= v <= ind.max for v in values), (ind.name, values)
    assert s.game.turn == 3


def test_history_page_buttons_say_where_they_go(app, drv):
    busan_main(app, drv)
    drv.key(pygame.K_h)
    h = app.top
    assert h.name == "history" and h.pages > 1
    assert drv.button("Next ›") and drv.button("Last »")
    for _ in range(h.pages - 1):
        drv.press("Next ›")
    assert drv.button("« First") and drv.button("‹ Previous")
    drv.press("« First")
    assert h.page == 0
