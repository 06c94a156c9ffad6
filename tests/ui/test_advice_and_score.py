"""In the window: the adviser's recommendation on request, and a score the player can read."""
from __future__ import annotations

import pygame

from .conftest import until_decision


def test_advice_says_why_and_can_put_its_orders_on_the_table(app, drv, mini_main):
    s = mini_main.session
    while s.pending():                       # a question at the start is answered first
        drv.answer()
    drv.press("Advice")
    assert app.top.name == "confirm"
    advice = s.advice()
    text = " ".join(drv.text().split())
    assert "The adviser recommends" in text
    assert "Tried on 3 copies of the game played to its end" in text
    turn = s.game.turn
    drv.press("Use these orders")
    assert app.top.name == "main"
    assert s.chosen == list(advice.orders.actions)
    assert s.game.turn == turn                       # nothing is sent until the turn ends


def test_the_a_key_in_a_question_points_at_the_advised_answer(app, drv, mini_main):
    s = until_decision(app, drv)
    assert app.top.name == "decision"
    d = app.top.decision
    drv.key(pygame.K_a)
    advised = s.advice().orders.answers[d.id]
    assert app.top.focus_key == f"opt:{advised}"
    label = next(o.label for o in d.options if o.id == advised)
    assert any(f"The adviser would answer: {label}" in t.text for t in app.toasts)
    assert d.id not in s.answers                     # pointing is not answering


def test_the_score_in_the_top_bar_explains_itself(app, drv, mini_main):
    s = mini_main.session
    spot = next(sp for sp in mini_main.spots if sp.key == "score")
    drv.move(spot.rect.center)
    app.hover_since -= 5                             # as if the mouse had rested there
    tip = " ".join(drv.text().split())
    for axis in s.game.s.scoring.axes:
        assert f"{axis.name}:" in tip
    assert "a turn now" in tip
    drv.click(spot.rect.center)
    assert app.top.name == "message"
    text = " ".join(drv.text().split())
    assert "averaged over all" in text
    for axis in s.game.s.scoring.axes:
        if axis.description:
            assert " ".join(axis.description.split())[:40] in text


def test_the_briefing_and_the_end_screen_say_how_the_score_is_made(app, drv, mini_main):
    from game.ui.scenes.briefing import BriefingScene
    from game.ui.scenes.end import EndScene

    s = mini_main.session
    briefing = BriefingScene(app, s)
    app.push(briefing)
    drv.pump()
    texts = [t for t, *_ in briefing.lines]
    assert "HOW YOU WIN" in texts
    whole = " ".join(" ".join(texts).split())
    assert "averaged over all" in whole
    assert ("needs a final score of" in whole) == any(v.win for v in s.game.s.scoring.verdicts)
    for e in s.game.s.scoring.endings:
        assert (f"Lost early: {e.name}" in whole) == (e.kind == "loss")
    app.pop()
    end = EndScene(app, s)
    app.push(end)
    drv.pump()
    rows = " ".join(t for t, *_ in end.rows if isinstance(t, str))
    assert "HOW THE SCORE WAS MADE" in rows
    for axis in s.game.s.scoring.axes:
        assert f"{axis.name}:" in rows
