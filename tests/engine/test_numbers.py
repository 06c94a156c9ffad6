"""Numbers in words, one set of helpers for every front end (game.engine.views): plain text for the
terminal, files and pages (copies as a number), type for the window; never a signed zero."""
from __future__ import annotations

from game.debrief import render
from game.engine.views import number, signed, value_text
from game.ui import draw


def test_plain_and_typographic_numbers():
    assert [number(-0.04, 1), number(-1.26, 1), number(3)] == ["0.0", "-1.3", "3"]
    assert [number(-0.04, 1, True), number(-1.26, 1, True)] == ["0.0", "\u22121.3"]
    assert [signed(0.004, 2), signed(-0.3, 1), signed(2, 0)] == ["0.00", "-0.3", "+2"]
    assert [signed(0, 0, True), signed(-0.01, 1, True), signed(-0.3, 1, True)] == ["±0", "±0.0", "\u22120.3"]
    assert [value_text(6.5, "$bn", 1), value_text(15, "%", 0), value_text(-0.2, "pts", 0)] == \
        ["6.5 $bn", "15%", "0 pts"]


def test_the_window_and_the_debrief_use_them():
    assert draw.signed(-0.3, 1) == signed(-0.3, 1, typographic=True)
    assert draw.value_text(-2, "pts", 0) == value_text(-2, "pts", 0, typographic=True)
    assert render.number is number and render.signed is signed
