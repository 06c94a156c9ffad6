"""The window's sentences (game.ui.words): causes that round to nothing are folded, and causes that
cancel each other still show."""
from __future__ import annotations


def test_causes_that_round_to_nothing_are_folded_and_cancelling_causes_still_show(app, drv, mini_main):
    from game.engine.views import CauseLine
    from game.ui.words import cause_lines

    s = mini_main.session
    ind = s.obs.indicators[0].id
    causes = [CauseLine("paid a power", -0.6, "x"), CauseLine("revenue", 0.62, "x"),
              CauseLine("a rounding crumb", 0.01, "x"), CauseLine("another crumb", -0.01, "x")]
    lines = [t for t, _, _ in cause_lines(s, ind, causes, 6)]
    assert lines[:2] == ["−0.6  paid a power", "+0.6  revenue"]
    assert lines[2] == "2 smaller causes"          # no "±0.0" for what sums to nothing
    assert not any("±0" in t for t in lines)
