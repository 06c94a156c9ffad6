"""An answer whose gain lands after the last turn says so where it is chosen, as an action does."""
from __future__ import annotations

from game.engine import Game

from ..conftest import edited


def test_an_answer_whose_gain_comes_after_the_end_says_it_will_not_count(busan):
    game = Game(busan, seed=4, humans=["kz"])
    summit = game.observe("kz").decisions[0]
    sign = next(o for o in summit.options if any(e.delay for e in o.effects))
    assert sign.note == "", "early in the game everything it brings counts"
    last = busan.model.meta.turns

    def to_last_turn(data):
        data["turn"] = last

    late = edited(game, to_last_turn)
    option = next(o for d in late.observe("kz").decisions for o in d.options if o.id == sign.id)
    delayed = [e.name for e in sign.effects if e.delay and e.favourable]
    assert option.note.startswith("Its gain in "), "on the last turn none of a delayed gain counts"
    assert all(name in option.note for name in delayed) and f"after the last turn ({last})" in option.note
