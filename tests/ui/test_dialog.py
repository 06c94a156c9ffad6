"""The dialogs over the main screen (game.ui.scenes.dialog): a question's digits choose only within
it and only with Enter, an action's number typed over a question answers nothing and reaches no
card, and the turn's news in full."""
from __future__ import annotations

import pygame

from .conftest import busan_main, until_decision


def _keys(drv, *keys) -> None:
    """Keys pressed one after another without waiting between them, as fast typing does."""
    for k in keys:
        drv.send(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0),
                 pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0))


def test_an_action_number_typed_over_a_question_answers_nothing_and_picks_no_card(app, drv):
    s = busan_main(app, drv)
    drv.key(pygame.K_d)                            # the turn's question, over the main screen
    assert app.top.name == "decision"
    d = app.top.decision
    assert len(d.options) >= 2 and all(o.available for o in d.options[:2])
    assert any(o.number == 12 for o in s.options), "12 is an action's number (else this checks nothing)"
    _keys(drv, pygame.K_1, pygame.K_2)             # typed as if the cards had the keys
    drv.pump(60)                    # a second passes: nothing waits to fire
    assert app.top.name == "decision", "the question is still open"
    assert d.id not in s.answers and s.chosen == []
    assert app.top.focus_key == "later"            # Enter now leaves the question for later
    assert drv.sees("12 is not an answer here")
    drv.key(pygame.K_RETURN)
    assert app.top.name == "main" and d.id not in s.answers and s.chosen == []


def test_a_question_takes_its_own_number_then_enter(app, drv, mini_main):
    s = until_decision(app, drv)
    assert app.top.name == "decision"
    d = app.top.decision
    drv.key(pygame.K_2)                            # picks the second answer: not yet given
    assert d.id not in s.answers and app.top.focus_key == f"opt:{d.options[1].id}"
    assert drv.sees(f"Enter answers: {d.options[1].label}")
    drv.pump(60)                                   # a change of mind, a moment later
    drv.key(pygame.K_KP1)                          # (the keypad's digits too)
    assert app.top.focus_key == f"opt:{d.options[0].id}" and d.id not in s.answers
    drv.key(pygame.K_RETURN)                       # deliberately: the answer is given
    assert s.answers[d.id] == d.options[0].id


def test_a_digit_no_answer_has_is_kept_from_the_cards(app, drv):
    s = busan_main(app, drv)
    drv.key(pygame.K_d)
    d = app.top.decision
    drv.key(pygame.K_9)                            # no such answer; action 9 is on the cards
    drv.pump(60)
    assert app.top.name == "decision" and d.id not in s.answers and s.chosen == []
    assert drv.sees("9 is not an answer here")


def test_digits_typed_before_a_question_opens_are_forgotten(app, drv):
    s = busan_main(app, drv)
    main = app.top
    _keys(drv, pygame.K_1)                         # could begin 10-19: the screen waits for more
    assert main.typed == "1"
    drv.key(pygame.K_d)                            # a question before the pause is over
    assert app.top.name == "decision"
    drv.key(pygame.K_ESCAPE)                       # left for later
    assert app.top is main
    drv.pump(60)
    assert s.chosen == [] and not any("No action has the number" in t.text for t in app.toasts)
