"""The main screen's panels (game.ui.panels): indicator and power names whole, in smaller type before
they are ever cut."""
from __future__ import annotations

import pygame

from game.ui.panels.indicators import indicator_name_width
from game.ui.panels.powers import power_name_role

from .conftest import busan_main, play_args


def test_indicator_names_are_never_cut_on_the_main_screen(app, drv):
    app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=2))
    drv.pump()
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    shown = [ind for _, _, ind, _, _ in main.indicators.rows]
    width = indicator_name_width(app.theme, main.indicators.list.w)
    for _, _, ind, lines, role in main.indicators.rows:
        assert " ".join(lines) == ind.name
        assert all(app.theme.size(ln, role)[0] <= width for ln in lines), ind.name
    text = drv.text()
    assert not any(t.endswith("…") and any(ind.name.startswith(t[:-1]) for ind in shown) for t in text.split("\n"))


def test_power_names_are_whole_at_1280x720(app, drv):
    s = busan_main(app, drv)
    text = drv.text()
    for p in s.obs.powers:
        assert p.name in text, p.name


def test_a_long_power_name_gets_smaller_type_before_it_is_cut(app):
    th = app.theme
    name = "The Western Federation"
    w = th.size(name, "body_bold")[0] - 4
    assert power_name_role(th, name, w) != "body_bold"
    assert th.size(name, power_name_role(th, name, w))[0] <= w
