"""The indicators panel on its own (game.ui.panels.indicators): whole rows inside its rect at 100,
110 and 125 %, a list that scrolls by the wheel, and rows that explain themselves; names whole,
in smaller type before they are ever cut (through the main screen)."""
from __future__ import annotations

import pygame
import pytest

from game.ui.panels.chain import chain_height
from game.ui.panels.indicators import IndicatorsPanel, indicator_name_width

from ..conftest import play_args
from .stub import SCALES, StubHost, assert_inside, painted_without_the_engine, regions


def panel_for(host: StubHost) -> IndicatorsPanel:
    left = regions(host.theme)["left"]
    left.h -= chain_height(host.theme, len(host.session.obs.chain)) + host.theme.px(8)
    panel = IndicatorsPanel(host)
    panel.layout(left)
    return panel


@pytest.mark.parametrize("scale", SCALES)
def test_whole_rows_inside_the_panel_and_a_list_that_scrolls(kz, scale):
    host = StubHost(kz, scale)
    panel = panel_for(host)
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    rows = [s.rect for s in panel.spots]
    assert rows and all(panel.list.contains(r) for r in rows)          # only whole rows
    assert all(a.bottom <= b.y for a, b in zip(rows, rows[1:]))
    everything = len(kz.obs.indicators) + len(kz.obs.world)
    assert panel.scroll_max > 0 and len(rows) < everything, "busan's indicators outgrow a 1280x720 column"
    assert any(t == "more ▼" for t, _ in seen)
    first = panel.spots[0].key
    assert panel.on_wheel(-1) and ("refresh",) in host.calls          # the screen lays it out again
    panel.layout(panel.rect)
    assert panel.spots[0].key != first
    assert_inside(panel, painted_without_the_engine(host, panel))
    for _ in range(everything):
        panel.on_wheel(-1)
    panel.layout(panel.rect)
    assert panel.spots[-1].key == f"ind:{(kz.obs.indicators + kz.obs.world)[-1].id}", "the wheel reaches the last"


def test_a_short_list_does_not_scroll(kz):
    host = StubHost(kz)
    panel = IndicatorsPanel(host)
    panel.layout(pygame.Rect(0, 0, 400, 2000))
    assert panel.scroll_max == 0 and not panel.on_wheel(-1)
    assert len(panel.spots) == len(kz.obs.indicators) + len(kz.obs.world)


def test_a_row_explains_itself_and_opens_its_history(kz):
    host = StubHost(kz)
    panel = panel_for(host)
    row = panel.spots[0]
    ind = kz.obs.indicators[0]
    assert panel.target_at(row.rect.center) is row
    tip = [t for t, *_ in panel.tooltip_at(row.rect.center)]
    assert tip[0].startswith(f"{ind.name}:") and "Click for its history and every cause." in tip
    row.action()
    assert host.calls == [("open", "why", kz, ind.id)]


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
