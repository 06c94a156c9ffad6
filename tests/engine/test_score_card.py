"""The score explained: what each axis rewards, gives now and gave last turn, always adding up."""
from __future__ import annotations

from game.engine import Game, Orders


def test_the_card_adds_up_to_the_score_and_says_what_each_axis_rewards(mini):
    g = Game(mini, seed=2, humans=["p"])
    card = g.score_card("p")
    assert card.last_turn is None and all(a.last is None for a in card.axes)
    assert [a.id for a in card.axes] == [a.id for a in mini.model.scoring.axes]
    assert all(a.description == ax.description for a, ax in zip(card.axes, mini.model.scoring.axes))
    for _ in range(3):
        g.submit("p", Orders((), {d.id: d.options[0].id for d in g.observe("p").decisions}))
        g.resolve()
    card = g.score_card("p")
    assert abs(sum(a.counts for a in card.axes) + (card.ending or 0.0) - card.total) < 1e-9
    assert abs(card.total - g.score("p")["total"]) < 1e-9
    rep = g.reports[-1].for_state("p")
    assert card.last_turn == rep.score_turn
    assert {a.id: a.last for a in card.axes} == dict(rep.axis_points)
    weighted = sum(a.weight * a.last for a in card.axes) / mini.model.meta.turns
    assert abs(weighted - rep.score_turn) < 1e-9
    assert "averaged over all" in card.lines()[0]


def test_how_to_win_names_the_winning_verdict_and_every_loss(busan):
    g = Game(busan, seed=1, humans=["kz"])
    lines = g.score_card("kz").how_to_win()
    win = min((v for v in busan.model.scoring.verdicts if v.win), key=lambda v: v.at_least)
    line = next(x for x in lines if x.startswith("A win ("))
    assert line.startswith(f"A win ('{win.name}') needs a final score of {win.at_least:g} or more")
    for v in busan.model.scoring.verdicts:              # every winning verdict, the higher ones too
        assert (f"'{v.name}'" in line) == v.win
    losses = [e for e in busan.model.scoring.endings if e.kind == "loss"]
    assert sum(1 for x in lines if x.startswith("Lost early: ")) == len(losses)
    assert not any("((" in x for x in lines)
