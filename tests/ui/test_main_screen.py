"""The main screen (game.ui.scenes.main): a question before wasting capital, answers that can be
changed until the turn ends, cards in an order that helps, Tab that follows it, and
today's numbers behind a dialog."""
from __future__ import annotations

import pygame
import pytest

from .conftest import busan_main, until_decision


def test_unspent_capital_asks_before_the_turn_ends_and_enter_confirms(app, drv, mini_main):
    s = mini_main.session
    turn = s.game.turn
    assert s.preview.capital_left == 3
    drv.key(pygame.K_RETURN)
    assert app.top.name == "confirm"
    assert drv.sees("You still have 3 political capital. End the turn anyway?")
    drv.key(pygame.K_ESCAPE)                       # keep planning
    assert app.top is mini_main and s.game.turn == turn
    drv.key(pygame.K_1)                            # one action: 2 left
    drv.key(pygame.K_RETURN)
    assert drv.sees("You still have 2 political capital")
    drv.key(pygame.K_RETURN)                       # Enter confirms
    assert app.top.name == "report" and s.game.turn == turn + 1


def test_no_question_when_all_the_capital_is_spent(app, drv, mini_main):
    s = mini_main.session
    for aid in ("deal_a", "summit", "mine"):
        assert s.toggle(aid)[0], aid
    mini_main.refresh()
    assert s.preview.capital_left == 0
    drv.key(pygame.K_RETURN)
    assert app.top.name == "report"


def test_an_answered_decision_can_be_reopened_from_the_banner_and_changed(app, drv, mini_main):
    s = until_decision(app, drv)
    assert app.top.name == "decision"
    d = app.top.decision
    drv.answer()
    while app.top.name == "decision":
        drv.answer()
    assert app.top is mini_main and s.answers[d.id] == d.options[0].id
    # the banner stays, shows the answer and opens the decision again
    banner = next(sp for sp in mini_main.spots if sp.key == "banner")
    assert d.options[0].label in mini_main.banner_text()
    drv.click(banner.rect.center)
    assert app.top.name == "decision"
    assert drv.sees(f"Your answer: {d.options[0].label}")
    if app.top.decision.id != d.id:
        app.top.step(-1)
    assert app.top.decision.id == d.id
    other = next(i for i, o in enumerate(d.options) if i > 0 and o.available)
    drv.answer(other + 1)
    assert s.answers[d.id] == d.options[other].id
    assert app.top is mini_main
    turn = s.game.turn
    drv.end_turn()
    assert s.game.turn == turn + 1
    answers = s.game.reports[-1].for_state("p").answers
    picked = d.options[other]
    assert any(picked.label.lower() in a.lower() for a in answers), (answers, picked.label, picked.id)


def test_a_dialog_over_the_main_screen_shows_todays_numbers_behind_it(app, drv, mini_main):
    mini_main.session.previous = mini_main.session.obs
    mini_main._start_animation()
    assert mini_main.animating()
    drv.key(pygame.K_ESCAPE)                       # the pause menu, over a picture of the screen
    assert app.top.name == "pause"
    assert not mini_main.animating()


def test_cards_that_can_be_taken_come_before_those_that_cannot(app, drv, mini_main):
    opts = mini_main.actions.visible_options()
    flags = [o.available for o in opts if o.offered_by is None]
    assert False in flags and flags == sorted(flags, reverse=True), [(o.name, o.available) for o in opts]
    drv.key(pygame.K_1)                                     # choosing a card moves no other card
    assert [o.id for o in mini_main.actions.visible_options()] == [o.id for o in opts]


def test_tab_follows_the_turn_top_bar_then_cards_then_end_turn(app, drv, mini_main):
    keys = []
    for _ in range(len(mini_main.focusables())):
        drv.key(pygame.K_TAB)
        keys.append(mini_main.focused().key)
    assert len(set(keys)) == len(keys)                              # every control once
    assert keys[:4] == ["score", "history", "advice", "menu"]   # the top bar, left to right (no report yet)
    cards = [k for k in keys if k.startswith("card:")]
    assert cards == [f"card:{o.id}" for _, o, _ in mini_main.actions.card_rects]   # in the order shown
    assert keys.index("end_turn") > keys.index(cards[-1])           # choose, then end the turn
    assert all(keys.index(k) > keys.index("end_turn") for k in keys if k.startswith("ind:"))


def test_enter_on_a_new_question_answers_nothing(app, drv):
    from .conftest import busan_entry

    s = app.start_game(busan_entry(app), "kz", 5, "normal")
    drv.pump()
    drv.key(pygame.K_RETURN)                      # the briefing: take office
    assert app.top.name == "decision"
    drv.key(pygame.K_RETURN)                      # a stray Enter: the question waits, unanswered
    assert app.top.name == "main" and s.answers == {} and s.pending()


@pytest.mark.parametrize("scale", [1.0, 1.1, 1.25])
def test_the_panels_share_the_window_and_nothing_is_drawn_across_two(home, scale):
    from game.ui.app import App
    from game.ui.settings import Settings

    from .conftest import Driver

    app = App((1280, 720), Settings(ui_scale=scale), headless=True)
    try:
        drv = Driver(app)
        s = busan_main(app, drv)
        main = app.top
        panels = [p for p in main.panels if p.rect.h]
        window = pygame.Rect((0, 0), app.size)
        for i, p in enumerate(panels):
            assert window.contains(p.rect), (type(p).__name__, p.rect)
            for q in panels[i + 1:]:
                assert not p.rect.colliderect(q.rect), (type(p).__name__, type(q).__name__)
        drv.text()
        for text, r in app.theme.seen:
            assert sum(p.rect.contains(r) for p in panels) == 1 or any(t.text == text for t in app.toasts), text
        assert s.obs.news and main.news.rect.h and main.map.rect.h >= app.theme.px(120)
    finally:
        pygame.display.quit()


def test_painting_the_main_screen_asks_the_engine_nothing(app, drv, mini_main):
    from .panels.stub import NoCalls

    s = mini_main.session
    drv.key(pygame.K_1)
    drv.end_turn()
    drv.key(pygame.K_RETURN)                       # a new turn: numbers rolling, news
    while app.top.name == "decision":
        drv.answer()
    assert app.top is mini_main and mini_main.animating()
    row = next(sp for sp in mini_main.spots if sp.key.startswith("ind:"))
    drv.move(row.rect.center)
    app.hover_since -= 5
    app.update(0.0)                                # the tooltip is asked for between frames
    game = s.game
    s.game = NoCalls(game)                         # any call to the engine while painting fails
    try:
        app.draw_frame()
    finally:
        s.game = game
    assert app.tooltip_rect is not None, "the tooltip was painted, from what was asked before"
