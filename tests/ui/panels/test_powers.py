"""The powers panel on its own (game.ui.panels.powers): a card per power inside its rect at 100,
110 and 125 %, as much of each offer as the room allows, and powers that explain themselves;
power names whole (through the main screen), in smaller type before they are ever cut."""
from __future__ import annotations

import pygame
import pytest

from game.ui.panels.powers import OFFER_DETAIL, PowersPanel, power_name_role

from ..conftest import busan_main
from .stub import SCALES, StubHost, assert_inside, painted_without_the_engine, regions


@pytest.mark.parametrize("scale", SCALES)
def test_a_card_per_power_inside_the_height_it_asks_for(kz, scale):
    host = StubHost(kz, scale)
    right = regions(host.theme)["right"]
    panel = PowersPanel(host)
    h = panel.wanted_height(right.w, right.h // 2)
    assert h <= right.h // 2 or panel.detail == OFFER_DETAIL[-1], "less of each offer before more room"
    panel.layout(pygame.Rect(right.x, right.y, right.w, h))
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    cards = [s for s in panel.spots if s.key.startswith("power:")]
    assert [s.key for s in cards] == [f"power:{p.id}" for p in kz.obs.powers]
    assert all(a.rect.bottom <= b.rect.y for a, b in zip(cards, cards[1:]))
    for p in kz.obs.powers:
        assert p.name in [t for t, _ in seen], p.name


def test_less_room_shows_less_of_each_offer(kz):
    host = StubHost(kz)
    panel = PowersPanel(host)
    roomy = panel.wanted_height(320, 10_000)
    assert panel.detail == OFFER_DETAIL[0]
    tight = panel.wanted_height(320, 50)
    assert panel.detail == OFFER_DETAIL[-1] and tight <= roomy


def test_a_power_explains_its_ladder_and_likely_replies(kz):
    host = StubHost(kz)
    panel = PowersPanel(host)
    panel.layout(pygame.Rect(0, 0, 330, panel.wanted_height(330, 1000)))
    p = kz.obs.powers[0]
    spot = next(s for s in panel.spots if s.key == f"power:{p.id}")
    assert panel.target_at(spot.rect.center) is spot
    tip = [t for t, *_ in panel.tooltip_at(spot.rect.center)]
    assert tip[0] == p.name and any(t.startswith("Pressure now:") for t in tip)


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


def test_a_narrow_card_keeps_where_the_ladder_is_going(kz):
    from types import SimpleNamespace

    from game.ui.panels.powers import power_card

    host = StubHost(kz, 1.1)
    th = host.theme
    p = kz.obs.powers[0]
    going = SimpleNamespace(after=p.rung + 1, after_name="Concern")
    seen = []
    for width in (th.px(420), th.px(300)):
        th.seen.clear()
        power_card(pygame.Surface((800, 200)), th, pygame.Rect(0, 0, width, 120), p, p.relation, len(p.rungs), False,
                   3, going)
        seen.append([t for t, _ in th.seen])
    assert f"{p.rung_name} → Concern" in seen[0]
    assert "→ Concern" in seen[1], seen[1]               # not "Calm…": the climb is what matters
