"""Every action keeps one number all game, the same on the window's cards and in the terminal's
list: typing it picks the card on any page or tab (two digits typed together make one number), a
number no action has is said, and an offer arriving moves no other number."""
from __future__ import annotations

import io
import re

import pygame

from game.engine import Game
from game.terminal import TerminalGame

from .conftest import busan_main


def _terminal_numbers(game, state, tmp_path) -> dict[str, int]:
    out = io.StringIO()
    TerminalGame(game, state, io.StringIO("a\nactions\n"), out, tmp_path / "auto.json", lambda _id: game.scenario,
                 width=200).run()
    names = {game.name(o.id): o.id for o in game.options(state)}
    found = {}
    for m in re.finditer(r"\[[ x]\]\s+(\d+)\. (.+?) \(", out.getvalue()):
        if m.group(2) in names:
            found[names[m.group(2)]] = int(m.group(1))
    return found


def test_cards_carry_the_numbers_the_terminal_lists(app, drv, tmp_path):
    s = busan_main(app, drv)
    main = app.top
    on_cards = {o.id: n for _, o, n in main.actions.card_rects}
    in_terminal = _terminal_numbers(Game(s.game.scenario, 3, [s.state]), s.state, tmp_path)
    assert on_cards and all(in_terminal[a] == n for a, n in on_cards.items())
    assert sorted(in_terminal.values()) == sorted(o.number for o in s.options)


def test_typing_a_number_picks_its_card_on_any_page_and_tab(app, drv):
    s = busan_main(app, drv)
    main = app.top
    cards = main.actions
    cards.pick_category(cards.categories()[0])        # a tab without the card to pick
    far = max((o for o in s.options if o.available and o.number >= 10), key=lambda o: o.number)
    assert far not in cards.visible_options() or cards.visible_options().index(far) >= cards.per_page
    drv.digits(far.number)                             # two digits: one number
    assert s.chosen == [far.id]
    assert far in [o for _, o, _ in main.actions.card_rects], "the card picked is shown"
    one = next(o for o in s.options if o.number == 1)
    choosable = s.why_not(one.id) is None
    drv.key(pygame.K_1)                                # could begin 10-19: picked after a pause
    assert (one.id in s.chosen) == choosable
    if not choosable:
        assert any(t.text == s.why_not(one.id) for t in app.toasts), "why it cannot be chosen is said"
    drv.digits(far.number)                             # again: dropped
    assert far.id not in s.chosen
    drv.digits(max(o.number for o in s.options) + 1)
    assert any(t.text.startswith("No action has the number") for t in app.toasts)


def test_an_offer_arriving_moves_no_number(busan):
    game = Game(busan, seed=3, humans=[])
    before = {o.id: o.number for o in game.options("kz")}
    offers = set()
    for _ in range(8):
        game.resolve()   # the computer plays Kazakhstan too
        now = {o.id: o.number for o in game.options("kz")}
        offers |= {o.id for o in game.options("kz") if o.offered_by}
        assert all(now[a] == n for a, n in before.items() if a in now)
        assert len(set(now.values())) == len(now), "no two actions share a number"
    assert offers, "some offer came in these turns (else this test checks nothing)"
