"""The settings screen (game.ui.scenes.settings): window sizes the desktop cannot hold greyed out, and
UI scale buttons that stay put and say when the window caps the scale."""
from __future__ import annotations


def test_sizes_larger_than_the_desktop_are_greyed_out_and_clamped(app, drv):
    app.desktop = (1280, 720)
    app.open_from_args(None)
    drv.press("Settings")
    assert not drv.button("1600×900").enabled and drv.button("1280×720").enabled
    assert drv.sees("Sizes larger than this screen (1280×720) are greyed out.")
    app.set_window((1920, 1080), False)
    assert app.size == (1280, 720) and tuple(app.settings.window) == (1280, 720)


def test_scale_buttons_stay_put_and_a_capped_scale_says_so(app, drv):
    app.open_from_args(None)
    drv.press("Settings")
    centres = []
    for _ in range(6):
        centres.append(drv.button("+").rect.center)
        drv.press("+")
    centres.append(drv.button("+").rect.center)
    assert max(abs(c[0] - centres[0][0]) for c in centres) <= 1
    assert max(abs(c[1] - centres[0][1]) for c in centres) <= 1
    while app.settings.ui_scale < 2.0:
        drv.press("+")
    assert drv.sees("200%")
    assert drv.sees(f"({app.effective_ui_scale():.0%} fits this window)")
    assert drv.button("–").rect.center[1] == centres[0][1]
