"""Each panel of the main screen on its own (game.ui.panels): the session the panels show."""
from __future__ import annotations

import pytest

from game.session import PlaySession


@pytest.fixture
def kz(busan):
    """Kazakhstan's session at the start of a busan_pause game (seed 3): its first question
    waits, and two items of news."""
    return PlaySession.new(busan, "kz", 3)
