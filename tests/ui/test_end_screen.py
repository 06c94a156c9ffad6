"""The end screen (game.ui.scenes.end): what the score's weights mean."""
from __future__ import annotations


def test_the_end_screen_says_weighted_axes_count_more_toward_the_total(app):
    from game.ui.scenes.end import WEIGHT_NOTE

    assert "count more toward the total" in WEIGHT_NOTE.format(w="1.5")
