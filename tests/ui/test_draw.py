"""Drawing helpers (game.ui.draw): chart axes with honest ticks, and numbers without a signed zero."""
from __future__ import annotations

import pytest

from game.ui import draw as D


@pytest.mark.parametrize("lo,hi,dec,bounds", [
    (37.6, 38.0, 0, (0, 100)), (0.2, 0.2, 1, (0, 5)), (0.0, 0.0, 0, (0, 100)), (5.2, 6.0, 1, (0, 50)),
    (99.6, 100, 0, (0, 100)), (-3, 4, 0, (-100, 100)), (12, 340, 0, (0, 1000)), (0.94, 0.95, 2, (0, 5)),
    (4.6, 4.8, 1, (-10, 15)), (58, 58.4, 0, (0, 100)), (0, 0.3, 1, (0, 100)),
])
def test_chart_axis_ticks_are_distinct_round_and_inside_the_range(lo, hi, dec, bounds):
    a, b, ticks, tick_dec = D.axis(lo, hi, dec, bounds)
    labels = [f"{t:.{tick_dec}f}" for t in ticks]
    assert len(labels) == len(set(labels)) >= 2, labels
    assert bounds[0] <= a <= lo and hi <= b <= bounds[1]
    assert all(bounds[0] - 1e-9 <= t <= bounds[1] + 1e-9 for t in ticks)
    assert tick_dec <= max(dec, 0)


def test_a_number_that_rounds_to_zero_shows_no_minus_sign():
    assert D.value_text(-0.4, "pts", 0) == "0 pts"
    assert D.value_text(-0.04, "%", 1) == "0.0%"
    assert D.value_text(-0.4, "pts", 1) == "−0.4 pts"
    assert D.number(-0.001, 2) == "0.00"
    assert "−0" not in D.signed(-0.3) and "−0" not in D.signed(-0.001, 2)
