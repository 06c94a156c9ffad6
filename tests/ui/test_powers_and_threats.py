"""What the main screen and the crisis dialog show from the engine's richer views: offers in each
power's panel (accepted through their card), warnings before the turn ends, a crisis's odds and
next rung, and saves of a scenario opened by path."""
from __future__ import annotations

import dataclasses
import json

import pygame

from .conftest import MINI, play_args

# The mini scenario with A putting its loan on the table at the end of turn 1 (then not again for
# a while), so that an offer reaches the screen through play alone.
LEND = [("{id: lend, name: Offers a loan, kind: financing, offers: [take_loan], offer_turns: 2, when: [{turn_from: 99}]}",
         "{id: lend, name: Offers a loan, kind: financing, offers: [take_loan], offer_turns: 2, bias: 50, cooldown: 5}")]
# Both powers out of patience on turn 3: two ladder crises at once.
CRISES = [("start: {p: 10, q: 0}, drift", "start: {p: -30, q: 0}, drift"),
          ("{id: rel_b, name: Relations with B, min: -100, max: 100, start: 0}",
           "{id: rel_b, name: Relations with B, min: -100, max: 100, start: -40}"),
          ("threshold: -20\n", "threshold: -20\n      patience: 2\n")]
# Pland starts close to the 'Capture' loss ending.
CAPTURED = [("{id: dep_a, name: Dependence on A, min: 0, max: 100, start: 20}",
             "{id: dep_a, name: Dependence on A, min: 0, max: 100, start: {p: 55, q: 20}}")]


def variant(tmp_path, name: str, changes) -> str:
    text = MINI.read_text(encoding="utf-8").replace("id: mini\n", f"id: mini_{name}\n", 1)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"mini_{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def start(app, drv, scenario: str, seed: int = 1):
    app.open_from_args(play_args(scenario=scenario, state="p", seed=seed))
    drv.pump()
    drv.key(pygame.K_RETURN)                      # take office
    assert app.top.name in ("main", "decision")
    return next(s for s in app.stack if s.name == "main")


def next_turn(app, drv, main) -> None:
    """End the turn as it stands, read the report, answer what comes up with the first answer."""
    while app.top.name == "decision":
        drv.answer()
    drv.end_turn()
    assert app.top.name == "report"
    drv.key(pygame.K_RETURN)
    if main.session.pending():                    # the new turn's question opens by itself
        assert app.top.name == "decision"
    else:
        assert app.top is main


def hover(app, drv, key: str) -> str:
    """Rest the mouse on a spot or button; what is on screen then, wrapped lines joined up."""
    target = next(t for t in list(app.top.spots) + list(app.top.buttons) if t.key == key)
    drv.move(target.rect.center)
    app.hover_since -= 5                          # as if the mouse had rested there
    return drv.text().replace("\n", " ")


# --- offers -------------------------------------------------------------------------------------

def test_an_offer_shows_in_its_powers_panel_with_its_strings(app, drv, tmp_path):
    main = start(app, drv, variant(tmp_path, "lend", LEND))
    s = main.session
    assert not any(p.offers for p in s.obs.powers)
    assert not any(sp.key.startswith("offer:") for sp in main.spots)
    next_turn(app, drv, main)
    assert app.top is main
    offer = next(sp for sp in main.spots if sp.key == "offer:take_loan")
    card_a = next(r for r, p, _ in main.powers.power_rects if p.id == "a")
    assert card_a.contains(offer.rect)           # inside A's panel, not B's
    text = drv.text()
    for seen in ("OFFER", "Take A's loan", "2 turns left", "Requires:", "A lends only to a stable government.",
                 "Brings:", "Dependence on A +4", "Budget +2.0 $bn", "Strings:", "Budget -1.0 $bn in 2 turns"):
        assert seen in text, seen
    assert main.powers.detail == 3                 # two powers leave room for all of it
    tip = hover(app, drv, "offer:take_loan")
    assert "Power A offers: Take A's loan" in tip
    assert "• A lends only to a stable government." in tip
    assert "• Budget -1.0 $bn in 2 turns" in tip     # the repayment: a string attached
    tip = hover(app, drv, "power:a")
    assert "Open offers (accept by choosing the card):" in tip and "Deals on the table" not in tip


def test_an_offer_is_accepted_by_choosing_its_card(app, drv, tmp_path):
    main = start(app, drv, variant(tmp_path, "lend", LEND))
    s = main.session
    next_turn(app, drv, main)
    # the offer's card comes first, marked as an offer with its turns left
    rect, first, number = main.actions.card_rects[0]
    assert (first.id, first.offered_by) == ("take_loan", "a")
    assert number == first.number == max(o.number for o in s.options), "an offer is numbered after the regular actions"
    text = drv.text()
    assert "OFFER · 2 turns left" in text and "policy · offer from Power A" in text
    tip = hover(app, drv, "card:take_loan")
    assert "An offer from Power A, open for 2 more turns: choosing this card accepts it." in tip
    drv.click(rect.center)
    assert s.chosen == ["take_loan"]
    assert drv.sees("✓ ACCEPTED")                 # the power's panel shows it accepted
    drv.click(next(sp for sp in main.spots if sp.key == "offer:take_loan").rect.center)
    assert s.chosen == []                         # the panel's offer toggles the same card
    drv.digits(number)                            # its number picks it too
    assert s.chosen == ["take_loan"]
    turn = s.game.turn
    drv.end_turn()
    assert s.game.turn == turn + 1
    assert s.game.reports[-1].for_state("p").actions == ("Take A's loan",)
    drv.key(pygame.K_RETURN)
    while app.top.name == "decision":
        drv.answer()
    assert not any(sp.key.startswith("offer:") for sp in main.spots)   # accepted: off the table
    assert "take_loan" not in {o.id for o in s.options}


def test_an_offer_that_needs_what_the_state_lacks_says_so(app, drv, tmp_path):
    lacking = LEND + [("{indicator: stability, at_least: 20, reason:", "{indicator: stability, at_least: 99, reason:")]
    main = start(app, drv, variant(tmp_path, "lacking", lacking))
    s = main.session
    while not any(p.offers for p in s.obs.powers):
        next_turn(app, drv, main)
        assert not s.over
    while app.top.name == "decision":
        drv.answer()
    loan = next(o for o in s.options if o.id == "take_loan")
    assert not loan.available
    drv.click(next(sp for sp in main.spots if sp.key == "offer:take_loan").rect.center)
    assert s.chosen == []
    assert any("stable government" in t.text for t in app.toasts)
    tip = hover(app, drv, "offer:take_loan")
    assert "Cannot accept now:" in tip


# --- warnings -----------------------------------------------------------------------------------

def test_warnings_are_on_the_main_screen_before_the_turn_ends(app, drv, tmp_path):
    main = start(app, drv, variant(tmp_path, "captured", CAPTURED))
    s = main.session
    assert s.obs.warnings == ("Danger, 'Capture': Dependence on A is 55; the game ends when it is at least "
                              "60 for 2 turns.",)
    text = drv.text()
    assert "⚠ WARNING" in text and "Danger, 'Capture': Dependence on A is 55;" in text
    box = drv.where("⚠ WARNING")
    assert main.map.rect.contains(box)            # over the map, in plain view
    tip = hover(app, drv, "end_turn")
    assert "⚠ Danger, 'Capture'" in tip            # and on the button that ends the turn


def test_no_warning_box_when_nothing_threatens(app, drv, mini_main):
    assert mini_main.session.obs.warnings == ()
    assert mini_main.map.warn_rect is None and "WARNING" not in drv.text()


def test_power_warnings_join_the_box(app, drv, tmp_path):
    start(app, drv, variant(tmp_path, "crises", CRISES))
    text = drv.text()
    assert "⚠ 2 WARNINGS" in text
    assert "Power A is losing patience: 'Concern' in 2 turns unless relations rise above -10." in " ".join(
        text.split("\n"))


# --- decisions ------------------------------------------------------------------------------------

def _to_crises(app, drv, tmp_path):
    main = start(app, drv, variant(tmp_path, "crises", CRISES))
    s = main.session
    while not s.pending():
        next_turn(app, drv, main)
    assert [d.id for d in s.pending()] == ["crisis_a", "crisis_b"]
    assert app.top.name == "decision" and app.top.decision.id == "crisis_a"
    return main, s


def test_crisis_dialog_shows_the_odds_and_the_next_rung(app, drv, tmp_path):
    main, s = _to_crises(app, drv, tmp_path)
    text = drv.text()
    assert "Concede" in text and "Stand firm" in text
    assert "chance it backs down" in text and "Measure" in text     # before choosing


def test_crisis_dialog_lays_out_chance_and_next_rung_effects(app, drv, tmp_path):
    """Given the stand-firm option's odds and next rung, the dialog shows them as a bar and the next
    rung's effects in colour rather than as a sentence."""
    from game.ui.scenes.dialog import DecisionDialog

    main, s = _to_crises(app, drv, tmp_path)
    d = app.top.decision
    power = next(p for p in s.obs.powers if p.id == "a")
    options = tuple(dataclasses.replace(o, chance=0.35, next_rung=power.next_rung_name,
                                        next_effects=power.next_rung_effects, note="(note)")
                    if o.id == "stand_firm" else o for o in d.options)
    app.pop()
    app.push(DecisionDialog(app, s, dataclasses.replace(d, options=options)))
    drv.pump()
    text = drv.text()
    assert "35% chance it backs down" in text
    assert "If it does not (65%), it climbs to 'Measure', which brings:" in text
    assert "Budget -2.0 $bn" in text
    assert "(note)" not in text                   # laid out, not the sentence
    firm = d.options.index(next(o for o in d.options if o.id == "stand_firm"))
    assert app.top.opt_rects[firm].contains(drv.where("35% chance it backs down"))


def test_a_real_crisis_carries_its_odds_to_the_dialog(app, drv, tmp_path):
    main, s = _to_crises(app, drv, tmp_path)
    firm = next(o for o in app.top.decision.options if o.id == "stand_firm")
    assert firm.chance == 0.5 and firm.next_rung == "Measure"
    assert "50% chance it backs down" in drv.text()


def test_answering_one_decision_keeps_the_chosen_actions_while_another_waits(app, drv, tmp_path):
    main, s = _to_crises(app, drv, tmp_path)
    drv.press("Decide later")
    assert app.top is main
    s.toggle("summit")
    assert s.chosen == ["summit"]
    assert s.answer("crisis_a", "concede") is None
    assert s.chosen == ["summit"]                 # the other open question is not a problem of the orders
    assert [d.id for d in s.pending()] == ["crisis_b"] and s.problems() == []
    main.refresh()
    assert drv.sees("Answer 1 decision")
    assert "✗" not in drv.text()                  # the preview lists no problem for the open question


# --- saves and settings ---------------------------------------------------------------------------

def test_a_save_of_a_scenario_opened_by_path_continues_without_a_table(app, drv, tmp_path, home):
    from game.ui.app import App
    from game.ui.settings import Settings

    path = variant(tmp_path, "by_path", [])
    main = start(app, drv, path)
    next_turn(app, drv, main)
    log = json.dumps(main.session.game.log(), sort_keys=True)
    settings = home / "settings.json"
    assert not settings.exists(), settings.read_text()
    fresh = App((1280, 720), Settings(), headless=True)   # knows nothing of that path
    assert all(e.id != "mini_by_path" for e in fresh.catalogue())
    fresh.open_from_args(None)
    assert fresh.continue_game()
    assert fresh.top.name in ("main", "decision")
    resumed = next(s for s in fresh.stack if s.name == "main").session
    assert json.dumps(resumed.game.log(), sort_keys=True) == log


def test_settings_ignore_and_keep_keys_they_do_not_know(home):
    from game.ui.settings import Settings

    (home / "settings.json").write_text(json.dumps({
        "window": [1600, 900], "ui_scale": 1.25, "fictional": True,
        "scenario_paths": {"old": "/somewhere/old.yaml"}, "from_the_future": [1, 2]}), encoding="utf-8")
    s = Settings.load()
    assert (s.window, s.ui_scale, s.fictional) == ((1600, 900), 1.25, True)
    assert not hasattr(s, "scenario_paths")
    s.fullscreen = True
    s.save()
    data = json.loads((home / "settings.json").read_text())
    assert data["fullscreen"] is True and data["from_the_future"] == [1, 2]
    assert data["scenario_paths"] == {"old": "/somewhere/old.yaml"}


def test_a_concession_shows_on_the_power_panel_at_once(app, drv, tmp_path):
    main, s = _to_crises(app, drv, tmp_path)
    power = next(p for p in s.obs.powers if p.id == "a")
    turn = s.game.turn
    drv.answer()                                  # concede to A
    assert s.answers["crisis_a"] == "concede"
    while app.top.name == "decision":
        drv.press("Decide later")
    assert app.top.name == "main" and s.game.turn == turn   # the turn has not ended
    assert f"{power.rung_name} → Calm" in drv.text()


def test_a_power_without_a_ladder_says_it_never_escalates(app, drv, tmp_path):
    ladder_b = ("    ladder:\n      threshold: -20\n      rungs:\n        - id: note\n          name: Note\n"
                "          concede: {effects: [{target: rel_b, change: 10}]}\n          compensate: {cost: {money: 1}}\n"
                "          stand_firm: {}\n")
    main = start(app, drv, variant(tmp_path, "noladder", [(ladder_b, "")]))
    assert main.name == "main"
    assert "Never escalates: no pressure ladder" in drv.text()
