"""The window itself (game.ui.app): tooltips clear of their control and inside the window, a window
that fits the desktop and springs back to its minimum size, and toasts kept few and under dialogs."""
from __future__ import annotations

import itertools

import pygame
import pytest

from game.ui.app import MIN_SIZE, fit_window, place_tooltip


def _hover(app, drv, key: str):
    target = next(t for t in list(app.top.spots) + list(app.top.buttons) if t.key == key)
    drv.move(target.rect.center)
    app.hover_since -= 5
    drv.text()
    return target


@pytest.mark.parametrize("key", ["end_turn", "history", "menu", "card:deal_a", "preview", "power:a"])
def test_a_tooltip_never_covers_the_control_it_explains(app, drv, mini_main, key):
    target = _hover(app, drv, key)
    tip = app.tooltip_rect
    assert tip is not None, f"no tooltip for {key}"
    assert not tip.colliderect(target.rect)
    assert app.window.get_rect().contains(tip)


def test_a_tooltip_stays_in_the_window_and_clear_of_its_control_at_every_edge():
    window = (1280, 720)
    for x, y in itertools.product((0, 300, 1100, 1230), (0, 340, 650, 690)):
        target = pygame.Rect(x, y, 50, 30)
        r = place_tooltip((300, 80), window, target.center, target, 8)
        assert not r.colliderect(target)
        assert pygame.Rect(0, 0, *window).contains(r)


def test_a_tooltip_taller_than_the_window_is_cut_and_says_so(app):
    from game.ui.app import draw_tooltip
    from game.ui import theme as T

    for height, role in ((400, "small"), (300, "tiny"), (403, "tiny")):
        surf = pygame.Surface((1280, height))
        tip = [(f"line {i} of a long tooltip", role, T.INK) for i in range(200)]
        r = draw_tooltip(surf, app.theme, tip, (640, height // 2))
        assert surf.get_rect().inflate(-4, -4).contains(r), (height, role, r)
    assert any(t.startswith("… (more than fits") for t, _ in app.theme.seen)


def test_the_window_opens_no_larger_than_the_desktop_nor_smaller_than_the_minimum():
    assert fit_window((1600, 900), (1280, 720)) == (1280, 720)
    assert fit_window((1280, 720), (1920, 1080)) == (1280, 720)
    assert fit_window((900, 560), None) == (MIN_SIZE[0], 560)
    assert fit_window((640, 360), (1920, 1080)) == MIN_SIZE


def test_a_window_dragged_below_the_minimum_springs_back(app, drv, mini_main):
    app.window = pygame.display.set_mode((900, 500), pygame.RESIZABLE)
    drv.send(pygame.event.Event(pygame.VIDEORESIZE, size=(900, 500), w=900, h=500))
    assert app.size[0] >= MIN_SIZE[0] and app.size[1] >= MIN_SIZE[1]


def test_toasts_are_capped_and_drawn_under_dialogs(app, drv, mini_main):
    from game.ui.scenes.dialog import MessageDialog

    for i in range(4):
        app.toast(f"note {i}")
    assert [t.text for t in app.toasts] == ["note 2", "note 3"]
    app.push(MessageDialog(app, "A question", "Some words."))
    app.step([], 0.0, force=True)
    seen = [s for s, _ in app.theme.seen]
    assert seen.index("note 3") < seen.index("A question")
