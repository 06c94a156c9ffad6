"""The value chain panel on its own (game.ui.panels.chain): a stage a row inside the height it
asks for at 100, 110 and 125 %, each with its projects in a tooltip."""
from __future__ import annotations

import pygame
import pytest

from game.ui.panels.chain import ChainPanel, chain_height

from .stub import SCALES, StubHost, assert_inside, painted_without_the_engine, regions


@pytest.mark.parametrize("scale", SCALES)
def test_every_stage_inside_the_height_it_asks_for(kz, scale):
    host = StubHost(kz, scale)
    left = regions(host.theme)["left"]
    h = chain_height(host.theme, len(kz.obs.chain))
    panel = ChainPanel(host)
    panel.layout(pygame.Rect(left.x, left.bottom - h, left.w, h))
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    assert [s.key for s in panel.spots] == [f"stage:{st.id}" for st in kz.obs.chain]
    assert all(panel.inner.contains(s.rect) for s in panel.spots)
    assert [t for t, _ in seen].count("not built yet") == len(kz.obs.chain)   # nothing built on turn 1


def test_a_stage_says_what_is_built_for_it(kz):
    host = StubHost(kz)
    panel = ChainPanel(host)
    panel.layout(pygame.Rect(0, 0, 320, chain_height(host.theme, len(kz.obs.chain))))
    stage = panel.spots[0]
    tip = [t for t, *_ in panel.tooltip_at(stage.rect.center)]
    assert tip[0] == kz.obs.chain[0].name and "No project under way for this stage." in tip
    assert stage.action is None and not stage.focus
