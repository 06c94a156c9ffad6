"""The second playtest, checked: fictional names before a game exists, window sizes that fit the
desktop, an honest UI scale, whole power names, no signed zeros, answers kept through a crash,
number keys across pages, toasts under dialogs, weights explained, a minimum window size."""
from __future__ import annotations

import pygame

from game.paths import autosave_path
from game.ui import draw as D
from game.ui import panels as P
from game.ui.app import MIN_SIZE, fit_window
from game.session import PlaySession


REAL = ("Kazakhstan", "Uzbekistan", "Russia", "China", "Iran", "Afghanistan", "Caspian")


def _busan(app):
    return next(e for e in app.catalogue() if e.id == "busan_pause")


def _busan_main(app, drv):
    entry = _busan(app)
    s = app.start_game(entry, next(st.id for st in entry.scenario.model.states if st.playable), 3, "normal")
    app.open_session(s)
    drv.pump()
    while app.top.name != "main":
        drv.press("Decide later")
    return s


def _seen(app) -> str:
    app.step([], 0.0, force=True)
    return "\n".join(s for s, _ in app.theme.seen)


# --- 1. fictional names before a game exists ----------------------------------------------------

def test_fictional_title_map_names_no_real_country(app, drv):
    app.settings.fictional = True
    app.open_from_args(None)
    text = _seen(app).lower()
    for real in REAL:
        assert real.lower() not in text, real
    assert "republic of the steppe" in text


def test_fictional_new_game_screen_shows_the_fictional_scenario(app, drv):
    from game.scenario.fictional import fictionalize
    from game.ui.scenes.new_game import NewGameScene

    app.settings.fictional = True
    entry = _busan(app)
    app.open_from_args(None)
    app.push(NewGameScene(app, entry=entry))
    drv.pump()
    fict = fictionalize(entry.scenario).model
    text = drv.text()
    assert fict.meta.title in text
    assert any(st.name in text for st in fict.states if st.playable)
    for st in entry.scenario.model.states:
        if st.fictional_name:
            assert st.name not in text
    # the real game starts from the real scenario all the same
    assert app.top.entry.scenario is entry.scenario


def test_continue_and_load_name_the_scenario_and_state_not_their_ids(app, drv, mini_main):
    drv.key(pygame.K_ESCAPE)
    drv.press("Quit to title")
    tip = drv.button("Continue").tooltip
    assert "Resume Mini as Pland" in tip and " as p," not in tip
    app.settings.fictional = True
    app.top.build()
    assert "Resume Mini as Ostria" in drv.button("Continue").tooltip
    drv.press("Load game")
    assert "Ostria · Mini (autosave: Continue opens it)" in drv.text()


# --- 2 and 10. window sizes ---------------------------------------------------------------------

def test_window_sizes_fit_the_desktop_and_the_minimum():
    assert fit_window((1600, 900), (1280, 720)) == (1280, 720)
    assert fit_window((1280, 720), (1920, 1080)) == (1280, 720)
    assert fit_window((900, 560), None) == (MIN_SIZE[0], 560)
    assert fit_window((640, 360), (1920, 1080)) == MIN_SIZE


def test_sizes_larger_than_the_desktop_are_greyed_out_and_clamped(app, drv):
    app.desktop = (1280, 720)
    app.open_from_args(None)
    drv.press("Settings")
    assert not drv.button("1600×900").enabled and drv.button("1280×720").enabled
    assert drv.sees("Sizes larger than this screen (1280×720) are greyed out.")
    app.set_window((1920, 1080), False)
    assert app.size == (1280, 720) and tuple(app.settings.window) == (1280, 720)


def test_a_window_dragged_below_the_minimum_springs_back(app, drv, mini_main):
    app.window = pygame.display.set_mode((900, 500), pygame.RESIZABLE)
    drv.send(pygame.event.Event(pygame.VIDEORESIZE, size=(900, 500), w=900, h=500))
    assert app.size[0] >= MIN_SIZE[0] and app.size[1] >= MIN_SIZE[1]


# --- 3. UI scale --------------------------------------------------------------------------------

def test_scale_buttons_stay_put_and_a_capped_scale_says_so(app, drv):
    app.open_from_args(None)
    drv.press("Settings")
    centres = []
    for _ in range(6):
        centres.append(drv.button("+").rect.center)
        drv.press("+")
    centres.append(drv.button("+").rect.center)
    assert max(abs(c[0] - centres[0][0]) for c in centres) <= 1
    assert max(abs(c[1] - centres[0][1]) for c in centres) <= 1
    while app.settings.ui_scale < 2.0:
        drv.press("+")
    assert drv.sees("200%")
    assert drv.sees(f"({app.effective_ui_scale():.0%} fits this window)")
    assert drv.button("–").rect.center[1] == centres[0][1]


# --- 4. power names -----------------------------------------------------------------------------

def test_power_names_are_whole_at_1280x720(app, drv):
    s = _busan_main(app, drv)
    text = drv.text()
    for p in s.obs.powers:
        assert p.name in text, p.name


def test_a_long_power_name_gets_smaller_type_before_it_is_cut(app):
    th = app.theme
    name = "The Western Federation"
    w = th.size(name, "body_bold")[0] - 4
    assert P.power_name_role(th, name, w) != "body_bold"
    assert th.size(name, P.power_name_role(th, name, w))[0] <= w


# --- 5. no signed zero --------------------------------------------------------------------------

def test_no_signed_zero():
    assert D.value_text(-0.4, "pts", 0) == "0 pts"
    assert D.value_text(-0.04, "%", 1) == "0.0%"
    assert D.value_text(-0.4, "pts", 1) == "−0.4 pts"
    assert D.number(-0.001, 2) == "0.00"
    assert "−0" not in D.signed(-0.3) and "−0" not in D.signed(-0.001, 2)


# --- 6. drafts kept through a crash -------------------------------------------------------------

def test_chosen_cards_and_answers_reach_the_autosave_without_quitting(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_1)
    assert s.chosen
    back = PlaySession.load(autosave_path(), app.find_scenario)   # as if the process were killed now
    assert back.chosen == s.chosen
    # a second toggle within the second waits, then the loop writes it
    drv.key(pygame.K_1)
    s._drafts_saved_at -= 5
    app.update(0.0)
    assert PlaySession.load(autosave_path(), app.find_scenario).chosen == s.chosen


def test_an_answer_reaches_the_autosave_at_once(app, drv):
    s = _busan_main(app, drv)
    d = s.decisions()[0]
    s.note_drafts(force=True)   # just saved: an answer does not wait for the throttle all the same
    o = next(o for o in d.options if o.available)
    assert s.answer(d.id, o.id) is None
    back = PlaySession.load(autosave_path(), app.find_scenario)   # as if the process were killed now
    assert back.answers.get(d.id) == o.id


# --- 7. number keys -----------------------------------------------------------------------------

# --- 8. toasts ----------------------------------------------------------------------------------

def test_toasts_are_capped_and_drawn_under_dialogs(app, drv, mini_main):
    from game.ui.scenes.dialog import MessageDialog

    for i in range(4):
        app.toast(f"note {i}")
    assert [t.text for t in app.toasts] == ["note 2", "note 3"]
    app.push(MessageDialog(app, "A question", "Some words."))
    app.step([], 0.0, force=True)
    seen = [s for s, _ in app.theme.seen]
    assert seen.index("note 3") < seen.index("A question")


# --- 9. weights on the end screen ---------------------------------------------------------------

def test_the_weight_note_reads(app):
    from game.ui.scenes.end import WEIGHT_NOTE

    assert "count more toward the total" in WEIGHT_NOTE.format(w="1.5")


# --- causes that cancel, and causes too small to show ------------------------------------------

def test_causes_that_round_to_nothing_are_folded_and_cancelling_causes_still_show(app, drv, mini_main):
    from game.engine.views import CauseLine
    from game.ui.words import cause_lines

    s = mini_main.session
    ind = s.obs.indicators[0].id
    causes = [CauseLine("paid a power", -0.6, "x"), CauseLine("revenue", 0.62, "x"),
              CauseLine("a rounding crumb", 0.01, "x"), CauseLine("another crumb", -0.01, "x")]
    lines = [t for t, _, _ in cause_lines(s, ind, causes, 6)]
    assert lines[:2] == ["−0.6  paid a power", "+0.6  revenue"]
    assert lines[2] == "2 smaller causes"          # no "±0.0" for what sums to nothing
    assert not any("±0" in t for t in lines)


def test_a_save_loads_after_the_scenario_texts_were_corrected_and_says_so(app, drv, home):
    from game.engine import Game, write_save
    from game.scenario import load_scenario

    path = home / "scenarios" / "mini.yaml"
    game = Game(load_scenario(path), seed=3, humans=["p"])
    save = write_save(game, home / "before.json")
    path.write_text(path.read_text(encoding="utf-8").replace("name: Summit", "name: A summit"), encoding="utf-8")
    assert app.load_session(save)
    assert app.top.name in ("main", "decision")
    assert drv.sees("have been edited since this game was saved; its rules have not")


def test_cards_that_can_be_taken_come_before_those_that_cannot(app, drv, mini_main):
    opts = mini_main.visible_options()
    flags = [o.available for o in opts if o.offered_by is None]
    assert False in flags and flags == sorted(flags, reverse=True), [(o.name, o.available) for o in opts]
    drv.key(pygame.K_1)                                     # choosing a card moves no other card
    assert [o.id for o in mini_main.visible_options()] == [o.id for o in opts]


def test_tab_follows_the_turn_top_bar_then_cards_then_end_turn(app, drv, mini_main):
    keys = []
    for _ in range(len(mini_main.focusables())):
        drv.key(pygame.K_TAB)
        keys.append(mini_main.focused().key)
    assert len(set(keys)) == len(keys)                              # every control once
    assert keys[:4] == ["score", "history", "advice", "menu"]   # the top bar, left to right (no report yet)
    cards = [k for k in keys if k.startswith("card:")]
    assert cards == [f"card:{o.id}" for _, o, _ in mini_main.card_rects]   # in the order shown
    assert keys.index("end_turn") > keys.index(cards[-1])           # choose, then end the turn
    assert all(keys.index(k) > keys.index("end_turn") for k in keys if k.startswith("ind:"))


def test_the_load_list_says_what_made_each_save(tmp_path):
    from game.paths import autosave_path, saves_dir
    from game.paths import save_kind

    assert save_kind(autosave_path()) == "autosave: Continue opens it"
    assert save_kind(saves_dir() / "busan_pause-kz-seed7.json") == "this game's autosave"
    assert save_kind(saves_dir() / "busan_pause-kz-seed7-fictional-turn4-2.json") == "kept when you loaded another save"
    assert save_kind(saves_dir() / "busan_pause-kz-turn3-20261128-010600.json") == "saved by you"


def test_a_tooltip_taller_than_the_window_is_cut_and_says_so(app):
    from game.ui.app import draw_tooltip
    from game.ui import theme as T

    for height, role in ((400, "small"), (300, "tiny"), (403, "tiny")):
        surf = pygame.Surface((1280, height))
        tip = [(f"line {i} of a long tooltip", role, T.INK) for i in range(200)]
        r = draw_tooltip(surf, app.theme, tip, (640, height // 2))
        assert surf.get_rect().inflate(-4, -4).contains(r), (height, role, r)
    assert any(t.startswith("… (more than fits") for t, _ in app.theme.seen)


def test_history_page_buttons_say_where_they_go(app, drv):
    _busan_main(app, drv)
    drv.key(pygame.K_h)
    h = app.top
    assert h.name == "history" and h.pages > 1
    assert drv.button("Next ›") and drv.button("Last »")
    for _ in range(h.pages - 1):
        drv.press("Next ›")
    assert drv.button("« First") and drv.button("‹ Previous")
    drv.press("« First")
    assert h.page == 0


def test_loading_an_earlier_save_in_the_window_keeps_the_game_left(app, drv, mini_main):
    from game.paths import game_save_path

    s = mini_main.session
    drv.end_turn()
    drv.key(pygame.K_RETURN)                               # the report, back to the main screen
    earlier = s.save()                                     # turn 2
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    assert s.game.turn == 3
    own = game_save_path(s.game)
    assert app.load_session(earlier)
    kept = own.with_name(own.stem + "-turn3.json")         # its own name, with the turn it was left at
    assert kept.is_file() and drv.sees(f"The game you left (turn 3) is kept as {kept.name}")
    assert app.load_session(kept) and app.top.session.game.turn == 3


def test_a_game_that_cannot_be_kept_is_not_loaded_over(app, drv, mini_main, monkeypatch):
    import game.ui.app as ui_app

    s = mini_main.session
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    earlier = s.save()
    drv.end_turn()
    drv.key(pygame.K_RETURN)

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied", "/read-only/mini-p-seed1-turn3.json")

    monkeypatch.setattr(ui_app, "keep_game", refuse)
    assert not app.load_session(earlier)
    assert s.game.turn == 3
    text = " ".join(drv.text().split())
    assert app.top.name == "message" and "This save was not loaded" in text
    assert "could not be kept in /read-only/mini-p-seed1-turn3.json (Permission denied)" in text
