"""The actions panel on its own (game.ui.panels.actions): tabs, pages and cards inside its rect at
100, 110 and 125 %, two rows of cards in the room it asks for, and an action's number typed
picking its card on whatever tab and page it is."""
from __future__ import annotations

import pygame
import pytest

from game.ui.panels.actions import ActionsPanel

from .stub import SCALES, StubHost, assert_inside, key_event, painted_without_the_engine, regions


def panel_for(host: StubHost) -> ActionsPanel:
    centre = regions(host.theme)["centre"]
    panel = ActionsPanel(host)
    h = panel.wanted_height(centre.w)
    panel.layout(pygame.Rect(centre.x, centre.bottom - h, centre.w, h))
    return panel


@pytest.mark.parametrize("scale", SCALES)
def test_tabs_and_two_rows_of_cards_inside_the_room_asked_for(kz, scale):
    host = StubHost(kz, scale)
    panel = panel_for(host)
    seen = painted_without_the_engine(host, panel)
    assert_inside(panel, seen)
    tabs = {b.key for b in panel.buttons if b.key.startswith("tab:")}
    assert tabs == {"tab:All"} | {f"tab:{c.capitalize()}" for c in panel.categories()}
    cards = [r for r, _, _ in panel.card_rects]
    assert len({r.y for r in cards}) == 2 and panel.per_page >= 4, "two rows of cards, at every scale"
    for tab in (b for b in panel.buttons if b.key.startswith("tab:")):
        assert all(tab.rect.bottom <= r.y for r in cards)
    assert {b.key for b in panel.buttons} >= {"prev_page", "next_page", "clear"}
    for i, a in enumerate(cards):
        assert all(not a.colliderect(b) for b in cards[i + 1:])


def test_a_number_picks_its_card_on_any_tab_and_page(kz):
    host = StubHost(kz)
    panel = panel_for(host)
    panel.pick_category(panel.categories()[0])
    far = max((o for o in kz.options if o.available and o.number >= 10), key=lambda o: o.number)
    assert far not in [o for _, o, _ in panel.card_rects]
    for d in str(far.number):
        assert panel.on_key(key_event(pygame.K_0 + int(d)))
    assert panel.category is None and kz.chosen == [far.id] and host.focused == f"card:{far.id}"
    panel.layout(panel.rect)
    assert far in [o for _, o, _ in panel.card_rects], "shown where it is"
    assert panel.on_key(key_event(pygame.K_1)) and panel.typed == "1"   # 1 could begin 10-19: it waits
    panel.update(1.0)
    assert panel.typed == "" and any(c[:2] == ("toggle", next(o.id for o in kz.options if o.number == 1))
                                     for c in host.calls)
    for d in str(max(o.number for o in kz.options) + 1):
        panel.on_key(key_event(pygame.K_0 + int(d)))
    panel.update(1.0)
    assert any(c[0] == "toast" and c[1].startswith("No action has the number") for c in host.calls)


def test_pages_turn_by_key_wheel_and_arrows(kz):
    host = StubHost(kz)
    panel = panel_for(host)
    assert panel.pages > 1
    panel.on_key(key_event(pygame.K_PAGEDOWN))
    assert panel.page == 1
    assert panel.on_wheel(1) and panel.page == 0
    next(b for b in panel.buttons if b.key == "prev_page").action()
    assert panel.page == panel.pages - 1                 # round to the last


def test_a_card_explains_itself_and_a_click_toggles_it(kz):
    host = StubHost(kz)
    panel = panel_for(host)
    rect, o, number = panel.card_rects[0]
    spot = panel.target_at(rect.center)
    assert spot.key == f"card:{o.id}"
    tip = [t for t, *_ in panel.tooltip_at(rect.center)]
    assert tip[0] == o.name and any(t.startswith("Cost:") for t in tip)
    spot.action()
    assert kz.chosen == [o.id]
