"""The map panel on its own (game.ui.panels.map): routes, deposits and the warnings box inside its
rect at 100, 110 and 125 %, each answering the mouse with what it is."""
from __future__ import annotations

import pygame
import pytest

from game.ui.panels.map import MapPanel

from .stub import SCALES, StubHost, assert_inside, painted_without_the_engine, regions


def panel_for(host: StubHost) -> MapPanel:
    centre = regions(host.theme)["centre"]
    panel = MapPanel(host)
    panel.layout(pygame.Rect(centre.x, centre.y + host.theme.px(60), centre.w, host.theme.px(220)))
    return panel


@pytest.mark.parametrize("scale", SCALES)
def test_routes_deposits_and_names_inside_the_map(kz, scale):
    host = StubHost(kz, scale)
    panel = panel_for(host)
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    assert panel.map.rect == panel.rect            # no warning on turn 1: the map has it all
    assert {s.key for s in panel.spots} >= {"corridor:middle", "deposit:Kuirektykol"}
    tip = [t for t, *_ in panel.tooltip_at(next(s for s in panel.spots if s.key == "corridor:middle").rect.center)]
    assert any(t.startswith("Middle Corridor share:") for t in tip)


def test_the_warnings_sit_under_the_map_never_over_its_names(kz):
    host = StubHost(kz)
    kz.warnings = lambda: ("Danger, 'Captured': Dependence on Russia is 46; the game ends when it is at least 60.",
                           "Russia is losing patience.")
    panel = panel_for(host)
    assert panel.warn_rect is not None and panel.rect.contains(panel.warn_rect)
    assert panel.map.rect.bottom <= panel.warn_rect.y
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    assert "⚠ 2 WARNINGS" in [t for t, _ in seen]
    tip = [t for t, *_ in panel.tooltip_at(panel.warn_rect.center)]
    assert tip[0] == "Before you end the turn" and "⚠ Russia is losing patience." in tip
