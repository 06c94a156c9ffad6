"""An event that fires again reads as news: its `again:` texts, in order, the last for every later
time, in the news and in the question it asks."""
from __future__ import annotations

from game.engine import Game


def _news(game: Game, state: str, headline: str) -> list[str]:
    return [n for n in game.observe(state).news if n.startswith(headline)]


def test_each_firing_of_an_event_tells_its_own_text(busan):
    game = Game(busan, 1)
    ev = next(e for e in busan.model.events if e.id == "cpc_drone_strike")
    assert len(ev.again) == 2
    seen = []
    for _ in range(4):
        game.inject("cpc_drone_strike", ["kz"])
        seen.append(_news(game, "kz", ev.name)[-1])
        game.resolve()
    assert ev.text.split()[0] in seen[0] and seen[0].startswith(f"{ev.name}: {ev.text[:40]}")
    assert seen[1].startswith(f"{ev.name}: {ev.again[0][:40]}")
    assert seen[2].startswith(f"{ev.name}: {ev.again[1][:40]}")
    assert seen[3].startswith(f"{ev.name}: {ev.again[1][:40]}")   # the last text serves from then on


def test_the_question_of_a_repeated_event_tells_the_new_text(busan):
    game = Game(busan, 1)
    ev = next(e for e in busan.model.events if e.id == "project_overrun_mine")
    texts = []
    for _ in range(2):
        game.inject("project_overrun_mine", ["kz"])
        q = next(d for d in game.decisions("kz") if d.source == ev.id)
        texts.append(q.text)
        game.resolve()
    assert texts == [ev.text, ev.again[0]]
