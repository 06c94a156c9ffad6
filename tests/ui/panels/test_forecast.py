"""The forecast panel on its own (game.ui.panels.forecast): the forecast and the end-turn button
inside its rect at 100, 110 and 125 %, every line in its tooltip, and the button saying what the
turn needs first."""
from __future__ import annotations

import pygame
import pytest

from game.ui.panels.forecast import NO_FORECAST, ForecastPanel

from .stub import SCALES, StubHost, assert_inside, painted_without_the_engine, regions


def panel_for(host: StubHost, height: int | None = None) -> ForecastPanel:
    right = regions(host.theme)["right"]
    h = height or right.h // 2
    panel = ForecastPanel(host, lambda: host.calls.append(("end turn",)))
    panel.layout(pygame.Rect(right.x, right.bottom - h, right.w, h))
    return panel


@pytest.mark.parametrize("scale", SCALES)
def test_the_forecast_and_end_turn_inside_the_panel(kz, scale):
    host = StubHost(kz, scale)
    panel = panel_for(host)
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    inner = panel.inner()
    assert all(inner.contains(r) for t, r in seen if t != "FORECAST OF THIS TURN")
    names = {ln.name for ln in kz.preview.lines}
    assert names & {t for t, _ in seen}, "at least one line of numbers"
    assert any(t.startswith("Left") for t, _ in seen)
    end = next(b for b in panel.buttons if b.key == "end_turn")
    assert end.text == "Answer 1 decision"          # the first question comes first
    end.action()
    assert host.calls == [("end turn",)]


@pytest.mark.parametrize("height", [200, 300, 420])
def test_the_tooltip_has_every_line_the_panel_has_no_room_for(kz, height):
    host = StubHost(kz)
    panel = panel_for(host, height)
    seen = {t for t, _ in painted_without_the_engine(host, panel)}
    tip = [t for t, *_ in panel.tooltip_at(panel.box.center)]
    for ln in kz.preview.lines:
        assert any(t.startswith(f"{ln.name}:") for t in tip), ln.name
    shown = [ln for ln in kz.preview.lines
             if any(t == ln.name or t.endswith("…") and ln.name.startswith(t[:-1]) for t in seen)]
    more = next((t for t in seen if t.endswith("more (hover the panel)")), None)
    hidden = len([ln for ln in kz.preview.lines if abs(ln.expected) > 1e-6 or abs(ln.high - ln.low) > 1e-6
                  or abs(ln.later) > 1e-6]) - len(shown)
    assert (more is None) == (hidden == 0) and (more is None or more.startswith(f"+{hidden} more"))


def test_no_forecast_where_the_class_keeps_it(kz):
    host = StubHost(kz)
    kz.forecast_allowed = False
    panel = panel_for(host)
    seen = [t for t, _ in painted_without_the_engine(host, panel)]
    assert " ".join(seen[1:]) == NO_FORECAST
    assert panel.tooltip_at(panel.box.center)[0][0] == NO_FORECAST
