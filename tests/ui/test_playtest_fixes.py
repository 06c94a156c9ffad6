"""What a playtest found, checked: tooltips clear of their control, a question before wasting
capital, answers that can be changed, honest chart axes, finished games, drafts kept in saves,
scenarios without powers or routes."""
from __future__ import annotations

import itertools

import pygame
import pytest

from game.ui import draw as D
from game.ui.app import place_tooltip

from .conftest import MINI, play_args


def _hover(app, drv, key: str):
    target = next(t for t in list(app.top.spots) + list(app.top.buttons) if t.key == key)
    drv.move(target.rect.center)
    app.hover_since -= 5
    drv.text()
    return target


# --- tooltips -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["end_turn", "history", "menu", "card:deal_a", "preview", "power:a"])
def test_a_tooltip_never_covers_the_control_it_explains(app, drv, mini_main, key):
    target = _hover(app, drv, key)
    tip = app.tooltip_rect
    assert tip is not None, f"no tooltip for {key}"
    assert not tip.colliderect(target.rect)
    assert app.window.get_rect().contains(tip)


def test_tooltip_placement_keeps_clear_of_buttons_at_every_edge():
    window = (1280, 720)
    for x, y in itertools.product((0, 300, 1100, 1230), (0, 340, 650, 690)):
        target = pygame.Rect(x, y, 50, 30)
        r = place_tooltip((300, 80), window, target.center, target, 8)
        assert not r.colliderect(target)
        assert pygame.Rect(0, 0, *window).contains(r)


# --- ending the turn with capital left ----------------------------------------------------------

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


# --- answers can change until the turn ends -----------------------------------------------------

def _until_decision(app, drv, main):
    s = main.session
    while not s.pending():
        if "deal_b" not in s.chosen and s.why_not("deal_b") is None:
            s.toggle("deal_b")
        drv.end_turn()
        if app.top.name == "report":
            drv.key(pygame.K_RETURN)
        assert not s.over
    return s


def test_an_answered_decision_can_be_reopened_from_the_banner_and_changed(app, drv, mini_main):
    s = _until_decision(app, drv, mini_main)
    assert app.top.name == "decision"
    d = app.top.decision
    drv.key(pygame.K_1)
    while app.top.name == "decision":
        drv.key(pygame.K_1)
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
    drv.key(pygame.K_1 + other)
    assert s.answers[d.id] == d.options[other].id
    assert app.top is mini_main
    turn = s.game.turn
    drv.end_turn()
    assert s.game.turn == turn + 1
    answers = s.game.reports[-1].for_state("p").answers
    picked = d.options[other]
    assert any(picked.label.lower() in a.lower() or picked.id in a for a in answers), (answers, picked.label)


# --- the history's axes -------------------------------------------------------------------------

@pytest.mark.parametrize("lo,hi,dec,bounds", [
    (37.6, 38.0, 0, (0, 100)), (0.2, 0.2, 1, (0, 5)), (0.0, 0.0, 0, (0, 100)), (5.2, 6.0, 1, (0, 50)),
    (99.6, 100, 0, (0, 100)), (-3, 4, 0, (-100, 100)), (12, 340, 0, (0, 1000)), (0.94, 0.95, 2, (0, 5)),
    (4.6, 4.8, 1, (-10, 15)), (58, 58.4, 0, (0, 100)), (0, 0.3, 1, (0, 100)),
])
def test_axis_ticks_are_distinct_round_and_inside_the_range(lo, hi, dec, bounds):
    a, b, ticks, tick_dec = D.axis(lo, hi, dec, bounds)
    labels = [f"{t:.{tick_dec}f}" for t in ticks]
    assert len(labels) == len(set(labels)) >= 2, labels
    assert bounds[0] <= a <= lo and hi <= b <= bounds[1]
    assert all(bounds[0] - 1e-9 <= t <= bounds[1] + 1e-9 for t in ticks)
    assert tick_dec <= max(dec, 0)


def test_history_charts_show_no_repeated_or_out_of_range_ticks(app, drv, mini_main):
    s = mini_main.session
    for _ in range(2):
        drv.end_turn()
        drv.key(pygame.K_RETURN)
        while app.top.name == "decision":
            drv.key(pygame.K_1)
    drv.key(pygame.K_h)
    assert app.top.name == "history"
    app.step([], 0.0, force=True)
    for r, ind in app.top.cells:
        ticks = [(t, rect) for t, rect in app.theme.seen if r.contains(rect) and rect.right < r.x + 60
                 and t.replace("−", "-").replace(".", "").lstrip("-").isdigit()]
        values = [float(t.replace("−", "-")) for t, _ in ticks]
        assert len(values) == len(set(values)) >= 2, (ind.name, values)
        assert all(ind.min <= v <= ind.max for v in values), (ind.name, values)
    assert s.game.turn == 3


# --- finished games on the title and load screens -----------------------------------------------

def _finish(app, drv):
    app.open_from_args(play_args(scenario=str(MINI), state="p", seed=1))
    drv.pump()
    drv.key(pygame.K_RETURN)
    s = next(x for x in app.stack if x.name == "main").session
    while not s.over:
        for d in s.pending():
            s.answer(d.id, next(o.id for o in d.options if o.available))
        s.end_turn()
    return s


def test_a_finished_game_is_not_offered_as_continue(app, drv, home):
    s = _finish(app, drv)
    app.open_from_args(None)
    text = drv.text()
    assert "Last game's results" in text
    assert not any(b.text == "Continue" for b in app.top.buttons)
    b = drv.button("Last game's results")
    assert b.element.object_ids[-1] != "@primary"
    assert drv.button("New game").enabled
    drv.press("Last game's results")
    assert app.top.name == "end"
    assert not any("turn 7" in t for t in app.visible_text())
    assert s.game.over


def test_the_load_list_says_finished_instead_of_a_turn_past_the_end(app, drv, home):
    s = _finish(app, drv)
    app.open_from_args(None)
    drv.press("Load game")
    assert app.top.name == "load"
    text = drv.text()
    verdict = s.verdict()
    assert f"finished ({verdict})" in text
    assert f"turn {s.game.turn}" not in text


# --- unfinished orders travel with the save -----------------------------------------------------

def test_chosen_cards_come_back_after_quitting_to_title_and_continuing(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_1)
    chosen = list(s.chosen)
    assert chosen
    drv.key(pygame.K_ESCAPE)
    drv.press("Quit to title")
    assert app.top.name == "title"
    drv.press("Continue")
    assert app.top.name == "main"
    s2 = app.top.session
    assert s2 is not s and s2.chosen == chosen and s2.game.turn == s.game.turn


# --- the top bar under a dialog -----------------------------------------------------------------

def test_a_dialog_over_the_main_screen_shows_todays_numbers_behind_it(app, drv, mini_main):
    mini_main.session.previous = mini_main.session.obs
    mini_main._start_animation()
    assert mini_main.animating()
    drv.key(pygame.K_ESCAPE)                       # the pause menu, over a picture of the screen
    assert app.top.name == "pause"
    assert not mini_main.animating()


# --- scenarios without powers or routes ---------------------------------------------------------

def _powerless(tmp_path):
    import yaml

    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["powers"] = []
    data["actions"] = [a for a in data["actions"] if not a.get("with_power") and not a.get("offer_only")]
    for a in data["actions"]:
        a.pop("excludes", None)
    path = tmp_path / "alone.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_scenario_without_powers_says_so_and_draws_no_routes(app, drv, tmp_path):
    path = _powerless(tmp_path)
    app.open_from_args(play_args(scenario=str(path), state="p", seed=1))
    drv.pump()
    if app.top.name == "problems":
        pytest.skip("this scenario format needs powers: " + "; ".join(d.message for d in app.top.entry.problems))
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    assert drv.sees("No outside powers in this scenario.")
    assert not main.shown_corridors
    assert not any(sp.key.startswith("corridor:") for sp in main.spots)
    assert "Russian routes" not in drv.text()


def test_busan_draws_its_routes_and_deposits(app, drv):
    app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=2))
    drv.pump()
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    ids = {c["id"] for c in main.shown_corridors}
    assert {"middle", "china", "russia", "cpc"} <= ids
    assert main.deposits
    # every capital's name is clear of the deposits' diamonds
    for _, name, r in main.capital_labels:
        assert r is None or r.collidelist(main.deposit_rects) < 0, name


def test_indicator_names_are_never_cut(app, drv):
    app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=2))
    drv.pump()
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    from game.ui import panels as P

    shown = [ind for _, _, ind, _, _ in main.ind_rows]
    width = P.indicator_name_width(app.theme, main.ind_list.w)
    for _, _, ind, lines, role in main.ind_rows:
        assert " ".join(lines) == ind.name
        assert all(app.theme.size(ln, role)[0] <= width for ln in lines), ind.name
    text = drv.text()
    assert not any(t.endswith("…") and any(ind.name.startswith(t[:-1]) for ind in shown) for t in text.split("\n"))
