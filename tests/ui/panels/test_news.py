"""The news strip on its own (game.ui.panels.news) and the turn's news in full: every word of
every item shown on the strip's pages, whole items where they fit, and the dialog (a click or N)
that lists them all and scrolls."""
from __future__ import annotations

import re

import pygame
import pytest

from game.session import PlaySession
from game.ui.panels.news import NewsPanel, lay_pages

from .stub import SCALES, StubHost, assert_inside, drawn, key_event, painted_without_the_engine, regions

ITEMS = ["Truce extended: Washington and Beijing extend the pause by another year; the clock on the export "
         "controls starts again from twelve months. [Truce clock +4]",
         "Drones hit the CPC pipeline: throughput drops for weeks.",
         "Beijing confirms the pause, narrowly: MOFCOM confirms that the October measures are suspended until "
         "10 November 2026, and says nothing about the April licences or the 'general licences' in the White "
         "House fact sheet. The truce is real, but smaller than Washington claims. Prices ease a little."]


def words(s: str) -> list[str]:
    return re.findall(r"\S+", s)


@pytest.mark.parametrize("most", [1, 2, 3, 6, 40])
def test_every_word_of_every_item_is_on_some_page(app, most):
    th = app.theme
    pages = lay_pages(th, ITEMS, th.px(420), most)
    assert all(sum(len(part) for _, part in page) <= most for page in pages)
    starts = [" ".join(part) for page in pages for start, part in page if start]
    assert len(starts) == len(ITEMS)
    text = " ".join(" ".join(part) for page in pages for _, part in page)
    assert words(text) == [w for item in ITEMS for w in words(item)]
    if most >= 6:   # room for each whole: an item is never split across pages
        assert all(start for page in pages for start, _ in page)


def strip_for(host: StubHost, most: int) -> NewsPanel:
    centre = regions(host.theme)["centre"]
    panel = NewsPanel(host, lambda: host.calls.append(("read all",)))
    panel.layout(pygame.Rect(centre.x, centre.y, centre.w, panel.wanted_height(centre.w, most)))
    return panel


@pytest.mark.parametrize("scale", SCALES)
def test_the_strip_shows_the_items_whole_and_pages_when_they_do_not_fit(kz, scale):
    host = StubHost(kz, scale)
    news = list(kz.obs.news)
    assert len(news) == 2
    roomy = strip_for(host, 400)
    seen = painted_without_the_engine(host, roomy)
    assert_inside(roomy, seen)
    assert len(roomy.pages) == 1 and not roomy.arrows
    shown = " ".join(t for t, _ in seen)
    for item in news:
        assert " ".join(words(item)) in " ".join(words(shown)), item     # whole, where it happens
    tight = strip_for(host, host.theme.px(60))
    assert tight.rect.h < roomy.rect.h and len(tight.pages) > 1
    read = []
    for page in range(len(tight.pages)):
        seen = painted_without_the_engine(host, tight)
        assert_inside(tight, seen)
        read += [t for t, r in seen if tight.body.contains(r) and t.strip() != "•"]
        arrow = next(s for s in tight.spots if s.key == "news_next")
        assert tight.target_at(arrow.rect.center) is arrow
        assert arrow.enabled == (page < len(tight.pages) - 1)
        if arrow.enabled:
            arrow.action()
            assert ("refresh",) in host.calls
            tight.layout(tight.rect)
    assert words(" ".join(read)) == [w for item in news for w in words(item)], "paging reads every word"


def test_a_click_or_n_reads_the_news_in_full(kz):
    host = StubHost(kz)
    strip = strip_for(host, 400)
    spot = strip.target_at(strip.body.center)
    assert spot.key == "news"
    tip = [t for t, *_ in strip.tooltip_at(strip.body.center)]
    assert tip[1:] == ["• " + n for n in kz.obs.news]
    spot.action()
    assert strip.on_key(key_event(pygame.K_n))
    assert host.calls == [("read all",), ("read all",)]


def test_no_news_no_strip(mini):
    session = PlaySession.new(mini, "p", 1)       # the mini game opens on a quiet turn
    assert not session.obs.news
    host = StubHost(session)
    strip = NewsPanel(host, lambda: None)
    assert strip.wanted_height(600, 400) == 0
    strip.layout(pygame.Rect(0, 0, 600, 0))
    assert not strip.spots and drawn(host, strip) == []


def test_n_on_the_main_screen_opens_every_item_whole_in_a_dialog_that_scrolls(app, drv, mini_main):
    s = mini_main.session
    drv.play_until_news(s, 3)
    assert s.obs.news and app.top is mini_main
    drv.key(pygame.K_n)
    assert app.top.name == "news"
    shown = " ".join(drv.text().split())
    for n in s.obs.news:
        assert " ".join(n.split()) in shown, n
    drv.key(pygame.K_ESCAPE)
    assert app.top is mini_main
    # a turn of much news: the dialog keeps to the window and scrolls to the last word
    many = [f"Item {i}: " + ITEMS[i % 3] for i in range(12)]
    app.push(app.scene("news", "A busy turn", many))
    dialog = app.top
    assert dialog.first_max > 0 and dialog.rect.bottom <= app.size[1]
    read = {}   # each line of the dialog, by its place, as drawn
    while True:
        drv.text()
        assert all(dialog.rect.contains(r) for _, r in app.theme.seen), "nothing drawn off the dialog"
        lines = [t for t, r in app.theme.seen if dialog.body.contains(r)]
        read.update({dialog.first + k: t for k, t in enumerate(lines)})
        if dialog.first == dialog.first_max:
            break
        drv.key(pygame.K_DOWN)
    assert sorted(read) == list(range(len(read)))
    text = " ".join(read[k] for k in sorted(read)).replace("• ", "")
    assert words(text) == [w for item in many for w in words(item)], "every word, in order"
