"""The settings screen (game.ui.scenes.settings): window sizes the desktop cannot hold greyed out, rows
evenly spaced with their controls in one column, and UI scale buttons that keep the focus (Enter
steps again) and say when the window caps the scale."""
from __future__ import annotations


def test_sizes_larger_than_the_desktop_are_greyed_out_and_clamped(app, drv):
    app.desktop = (1280, 720)
    app.open_from_args(None)
    drv.press("Settings")
    assert not drv.button("1600×900").enabled and drv.button("1280×720").enabled
    assert drv.sees("Sizes larger than this screen (1280×720) are greyed out.")
    app.set_window((1920, 1080), False)
    assert app.size == (1280, 720) and tuple(app.settings.window) == (1280, 720)


def test_rows_line_up_and_the_scale_steps_again_with_enter(app, drv):
    import pygame

    app.open_from_args(None)
    drv.press("Settings")
    rows = app.top.rows_y
    ys = [rows[k] for k in ("window", "fullscreen", "scale", "fictional")]
    assert len({b - a for a, b in zip(ys, ys[1:])}) == 1, f"no empty row: {ys}"
    column = {drv.button("Off").rect.x, drv.button("–").rect.x, drv.button("1280×720").rect.x}
    assert len(column) == 1, f"one column of controls: {column}"
    drv.press("+")
    before = app.settings.ui_scale
    drv.key(pygame.K_RETURN)                          # the focus stayed on +
    assert app.settings.ui_scale > before
    while app.settings.ui_scale < 2.0:
        drv.press("+")
    assert drv.sees("200%")
    assert drv.sees(f"({app.effective_ui_scale():.0%} fits this window)")
