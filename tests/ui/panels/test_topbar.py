"""The top bar on its own (game.ui.panels.topbar): its columns placed once and never over each
other at 100, 110 and 125 %, its score and decisions banner answering the mouse, and room kept
for a class's ticking clock."""
from __future__ import annotations

import pytest

from game.ui.panels.topbar import TopBar

from .stub import SCALES, StubHost, assert_inside, drawn, painted_without_the_engine, regions

COMMANDS = ("menu", "advice", "history", "report", "decision", "score")


def bar_for(host: StubHost) -> TopBar:
    bar = TopBar(host, {c: (lambda c=c: host.calls.append(("command", c))) for c in COMMANDS})
    bar.layout(regions(host.theme)["top"])
    return bar


@pytest.mark.parametrize("scale", SCALES)
def test_the_bar_lays_out_inside_its_rect_with_nothing_over_anything(kz, scale):
    host = StubHost(kz, scale)
    bar = bar_for(host)
    seen = painted_without_the_engine(host, bar)
    assert_inside(bar, seen)
    texts = [(t, r) for t, r in seen if r.w]
    for i, (a, ra) in enumerate(texts):
        for b, rb in texts[i + 1:]:
            assert not ra.colliderect(rb), (a, b)
        for button in bar.buttons:
            assert not ra.colliderect(button.rect), (a, button.key)
    where = {t: r for t, r in seen}
    assert where["CAPITAL"].right < where["BUDGET"].x < where["SCORE"].x
    assert [b.key for b in sorted(bar.buttons, key=lambda b: b.rect.x)] == ["report", "history", "advice", "menu"]
    banner = next(s for s in bar.spots if s.key == "banner")
    assert where["SCORE"].right < banner.rect.x and banner.rect.right < min(b.rect.x for b in bar.buttons)


def test_the_score_and_the_banner_answer_the_mouse(kz):
    host = StubHost(kz)
    bar = bar_for(host)
    score = next(s for s in bar.spots if s.key == "score")
    assert bar.target_at(score.rect.center) is score
    tip = " ".join(t for t, *_ in bar.tooltip_at(score.rect.center))
    assert all(f"{axis.name}:" in tip for axis in kz.game.s.scoring.axes)
    score.action()
    banner = next(s for s in bar.spots if s.key == "banner")
    d = kz.pending()[0]
    assert bar.banner.startswith("⚠ Decide: ") and d.title in bar.banner
    assert f"{d.title}: not answered yet" in " ".join(t for t, *_ in bar.tooltip_at(banner.rect.center))
    banner.action()
    assert host.calls == [("command", "score"), ("command", "decision")]
    kz.answer(d.id, next(o.id for o in d.options if o.available))
    bar = bar_for(host)
    assert bar.banner.startswith("✓ ") and not bar.banner_open


def test_a_class_clock_ticks_in_the_room_kept_for_it(kz):
    host = StubHost(kz, 1.25)
    kz.clock = lambda: "0:07 left"
    bar = bar_for(host)
    for clock in ("59:59 left", "10:00 left", "paused", "time is up"):
        kz.clock = lambda clock=clock: clock
        where = {t.split(" · ")[-1]: r for t, r in drawn(host, bar)}
        assert where[clock].right < where["CAPITAL"].x, clock   # the turn's text never runs into the next column
