"""Each screen, driven by synthetic input, checked on what the player sees and on the engine."""
from __future__ import annotations

import json

import pygame
import pytest

from game import paths
from game.engine import write_save
from game.paths import autosave_path, saves_dir

from .conftest import MINI, play_args, until_decision


# --- title --------------------------------------------------------------------------------------

def test_title_shows_menu_and_continue_is_off_without_a_save(app, drv):
    app.open_from_args(None)
    text = drv.text()
    for label in ("New game", "Continue", "Load game", "Scenarios", "Settings", "Quit"):
        assert label in text
    assert "New Great Game" in text
    assert not drv.button("Continue").enabled
    drv.press("New game")
    assert app.top.name == "new_game"


def test_title_keyboard_focus_and_quit(app, drv):
    app.open_from_args(None)
    drv.key(pygame.K_DOWN)
    assert app.show_focus and app.top.focused() is not None
    drv.key(pygame.K_q)
    assert not app.running


def test_continue_resumes_the_autosave_exactly(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_1)
    drv.end_turn()       # end turn 1 -> report
    drv.key(pygame.K_RETURN)       # continue
    log = json.dumps(s.game.log(), sort_keys=True)
    assert autosave_path().is_file()
    from game.ui.scenes.title import TitleScene

    app.reset([TitleScene(app)])
    drv.pump()
    assert drv.button("Continue").enabled
    drv.press("Continue")
    assert app.top.name == "main"
    resumed = app.top.session
    assert resumed is not s
    assert resumed.game.turn == 2
    assert json.dumps(resumed.game.log(), sort_keys=True) == log


# --- new game -----------------------------------------------------------------------------------

def test_new_game_lists_scenarios_and_starts_with_the_chosen_state_and_seed(app, drv):
    app.open_from_args(None)
    drv.press("New game")
    drv.choose_scenario("Mini")
    text = drv.text()
    assert "6 quarterly turns" in text and "A tiny scenario" in text
    assert "Pland" in text and "Qland" in text
    drv.press("Qland")
    entry = app.top.seed_entry
    drv.click(entry.rect.center)
    entry.set_text("")
    drv.type("4242")
    assert entry.get_text() == "4242"
    drv.press("Hard")
    drv.press("Begin")
    assert app.top.name == "briefing"
    g = app.top.session.game
    assert (g.seed, g.humans, g.difficulty.name) == (4242, ["q"], "hard")
    assert drv.sees("You govern Qland")


def test_new_game_seed_is_random_by_default_and_shown(app, drv):
    app.open_from_args(None)
    drv.press("New game")
    seed = app.top.seed_entry.get_text()
    assert seed.isdigit() and int(seed) > 0
    drv.press("Random")
    assert app.top.seed_entry.get_text().isdigit()


# --- briefing and main --------------------------------------------------------------------------

def test_briefing_shows_situation_and_goes_to_the_first_turn(app, drv):
    app.open_from_args(play_args(scenario=str(MINI), state="p", seed=3))
    drv.pump()
    text = drv.text()
    assert "BRIEFING" in text and "Mini" in text and "STARTING POSITION" in text
    drv.press("Take office")
    assert app.top.name == "main"
    assert drv.sees("Turn 1 of 6")


def test_main_shows_powers_indicators_chain_cards_and_preview(drv, mini_main):
    text = drv.text()
    for s in ("Power A", "Power B", "Relations with A", "Stability", "Price index", "VALUE CHAIN", "Mine",
              "Separation", "Deal with A", "Open a mine", "Needs a working mine first.", "End turn",
              "Left after these orders: 3 capital"):
        assert s in text, s
    assert "RUSSIA" in text, text   # the map's neighbours


def test_cards_by_number_key_and_click_update_preview_not_the_game(app, drv, mini_main):
    s = mini_main.session
    before = json.dumps(s.game.log(), sort_keys=True)
    drv.key(pygame.K_1)
    assert s.chosen == ["deal_a"]
    assert drv.sees("Left after these orders: 2 capital")
    drv.click_text("Spend on welfare")
    assert s.chosen == ["deal_a", "spend"]
    drv.click_text("Separation plant")            # unavailable: says why, changes nothing
    assert s.chosen == ["deal_a", "spend"]
    assert any("Needs a working mine first." in t.text for t in app.toasts)
    drv.key(pygame.K_2)                           # Deal with B is closed by Deal with A this turn
    assert "deal_b" not in s.chosen
    drv.key(pygame.K_1)                           # dropping a chosen card
    assert s.chosen == ["spend"]
    for _ in range(30):                           # drawing never changes the game
        app.step([], 0.0, force=True)
    assert json.dumps(s.game.log(), sort_keys=True) == before
    assert s.game.turn == 1 and not s.game.submitted


def test_enter_ends_the_turn_and_the_report_explains_it(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_3)                            # open a mine
    drv.end_turn()
    assert app.top.name == "report"
    assert s.game.turn == 2
    report = s.game.reports[-1]
    text = drv.text()
    assert "What happened, and why" in text
    sr = report.for_state("p")
    assert sr.actions == ("Open a mine",)
    for resp in sr.responses:
        assert f"{resp.power_name}: {resp.name}" in text
        assert "Why:" in text
    assert "Every change and its causes".upper() in text
    drv.key(pygame.K_RETURN)
    assert app.top.name == "main"
    assert drv.sees("Turn 2 of 6")
    assert drv.sees("Open a mine: finished in 1 turn")  # the project in the value chain, counted as its
    # capacity still to come is


def test_hovering_a_number_shows_its_causes_and_clicking_opens_why(app, drv, mini_main):
    drv.key(pygame.K_1)
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    row = next(sp for sp in app.top.spots if sp.key == "ind:rel_a")
    drv.move(row.rect.center)
    app.hover_since -= 5                           # as if the mouse had rested there
    text = drv.text()
    assert "Why it moved last turn" in text
    assert "Deal with A" in text
    drv.click(row.rect.center)
    assert app.top.name == "why"
    assert drv.sees("Turn 1 ·")
    drv.key(pygame.K_ESCAPE)
    assert app.top.name == "main"


def test_tab_and_arrows_move_focus_space_activates(app, drv, mini_main):
    drv.key(pygame.K_TAB)
    first = app.top.focused()
    assert first is not None
    drv.key(pygame.K_TAB)
    assert app.top.focused() is not first
    card = next(sp for sp in app.top.spots if sp.key == "card:spend")
    app.top.focus_key = card.key
    drv.key(pygame.K_SPACE)
    assert "spend" in app.top.session.chosen


def test_category_tabs_and_pages(app, drv):
    app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=2))
    drv.pump()
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    while app.top is not main:                     # answer the opening decisions with answer 1
        drv.answer()
    assert main.actions.pages > 1
    drv.key(pygame.K_PAGEDOWN)
    assert main.actions.page == 1
    drv.press("Industry")
    assert main.actions.category == "industry"
    assert all(o.category == "industry" for _, o, _ in main.actions.card_rects)
    drv.press("All")
    assert main.actions.category is None


# --- dialogs ------------------------------------------------------------------------------------

def test_crisis_and_event_dialogs_answer_into_the_orders(app, drv, mini_main):
    s = until_decision(app, drv)
    assert app.top.name == "decision"            # opened by itself at the start of the turn
    d = app.top.decision
    text = drv.text()
    assert d.title in text
    if d.kind == "crisis":
        for label in ("Concede", "Compensate", "Stand firm"):
            assert label in text
        assert "chance it backs down" in text    # what standing firm risks, before choosing
    drv.answer()
    assert s.answers[d.id] == d.options[0].id
    while app.top.name == "decision":
        drv.answer()
    assert not s.pending()
    turn = s.game.turn
    drv.end_turn()
    assert s.game.turn == turn + 1
    assert any(a for a in s.game.reports[-1].for_state("p").answers)


def test_decide_later_blocks_the_turn_until_answered(app, drv, mini_main):
    s = until_decision(app, drv)
    drv.press("Decide later")
    assert app.top.name == "main"
    assert drv.sees("Answer ")
    turn = s.game.turn
    drv.key(pygame.K_RETURN)                      # reopens the question instead of ending the turn
    assert app.top.name == "decision" and s.game.turn == turn


def test_invalid_scenario_shows_its_problems_not_a_traceback(app, drv, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("target: rel_b, change: 8",
                                                            "target: rel_bb, change: 8"), encoding="utf-8")
    app.open_from_args(play_args(scenario=str(bad)))
    drv.pump()
    assert app.top.name == "problems"
    text = drv.text()
    assert "cannot be played" in text and "ERROR" in text and "rel_bb" in text
    drv.key(pygame.K_ESCAPE)
    assert app.top.name == "title"


def test_unknown_scenario_and_broken_save_are_messages(app, drv, home):
    app.open_from_args(play_args(scenario="no_such_thing"))
    drv.pump()
    assert app.top.name == "message" and drv.sees("No such scenario")
    broken = home / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    app.open_from_args(play_args(load=str(broken)))
    drv.pump()
    assert app.top.name == "message" and drv.sees("This save cannot be loaded")
    drv.press("OK")
    assert app.top.name == "title"


# --- history, end, pause, settings, load, scenarios -------------------------------------------

def test_history_charts_every_indicator(app, drv, mini_main):
    s = mini_main.session
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    drv.key(pygame.K_h)
    assert app.top.name == "history"
    names = set()
    for _ in range(app.top.pages):
        text = drv.text()
        names |= {i.name for i in s.obs.indicators + s.obs.world if i.name in text}
        drv.key(pygame.K_PAGEDOWN)
    assert names == {i.name for i in s.obs.indicators + s.obs.world}
    drv.key(pygame.K_ESCAPE)
    assert app.top.name == "main"


def test_end_screen_scores_by_axis_and_against_the_adviser(app, drv, mini_main):
    s = mini_main.session
    while not s.over:
        while app.top.name == "decision":
            drv.answer()
        drv.end_turn()
        if app.top.name == "report":
            drv.key(pygame.K_RETURN)
    assert app.top.name == "end"
    text = drv.text()
    assert "Prosperity" in text and "Stability" in text and "Autonomy" in text
    assert f"{s.game.score('p')['total']:+.2f}" in text
    assert f"{s.game.adviser_score('p'):+.2f}" in text
    assert "Why did prices move?" in text
    drv.key(pygame.K_RETURN)
    assert app.top.name == "title"


def test_pause_menu_saves_and_load_screen_restores(app, drv, mini_main):
    s = mini_main.session
    drv.key(pygame.K_1)
    drv.end_turn()
    drv.key(pygame.K_RETURN)
    drv.key(pygame.K_ESCAPE)
    assert app.top.name == "pause"
    assert drv.sees("PAUSED")
    drv.press("Save game")
    own = getattr(paths, "game_save_path", None)
    autosaves = {autosave_path()} | ({own(s.game)} if own else set())
    assert all(p.is_file() for p in autosaves)       # the shared autosave and this game's own
    files = [p for p in saves_dir().glob("*.json") if p not in autosaves]
    assert len(files) == 1
    drawn = [t for t, _ in (app.step([], 0.0, force=True), app.theme.seen)[1]]
    saved = next(i for i, t in enumerate(drawn) if t.startswith("Saved"))
    assert saved > drawn.index("PAUSED")               # the message is drawn over the menu
    drv.press("Quit to title")
    assert app.top.name == "title"
    drv.press("Load game")
    assert app.top.name == "load"
    assert len(app.top.saves) == 1 and len(app.top.saves[0]["files"]) == 3, "one game, its autosaves and save"
    drv.press("Every save")                            # each file, to pick the save made from the menu
    assert drv.sees(files[0].stem)
    drv.click_text(files[0].stem)
    drv.press("Load")
    assert app.top.name == "main"
    assert app.top.session.game.turn == s.game.turn == 2


def test_settings_change_scale_names_and_window_and_persist(app, drv, home):
    app.open_from_args(None)
    drv.press("Settings")
    assert app.top.name == "settings"
    scale = app.theme.scale
    drv.press("+")
    assert app.settings.ui_scale > 1.0 and app.theme.scale > scale
    drv.press("1600×900")
    assert app.size == (1600, 900)
    fict = next(b for b in app.top.buttons if b.key == "fictional")
    drv.click(fict.rect.center)
    data = json.loads((home / "settings.json").read_text())
    assert data["fictional"] is True and data["window"] == [1600, 900] and data["ui_scale"] > 1.0
    drv.key(pygame.K_ESCAPE)
    assert app.top.name == "title"


def test_fictional_names_reach_the_game(app, drv):
    app.settings.fictional = True
    app.open_from_args(play_args(scenario=str(MINI), state="p", seed=1))
    drv.pump()
    assert drv.sees("You govern Ostria")


def test_load_screen_marks_damaged_saves(app, drv, mini_main):
    saves_dir().mkdir(parents=True, exist_ok=True)
    (saves_dir() / "junk.json").write_text("[]", encoding="utf-8")
    write_save(mini_main.session.game, saves_dir() / "good.json")
    from game.ui.scenes.load import LoadScene

    app.push(LoadScene(app))
    drv.pump()
    assert drv.sees("Not a readable save")
    assert len(app.top.saves) == 2, "the damaged file, and the game (its save and autosaves together)"
    drv.press("Every save")
    assert drv.sees("good")


def test_scenarios_screen_lists_and_plays(app, drv):
    app.open_from_args(None)
    drv.press("Scenarios")
    assert app.top.name == "scenarios"
    drv.choose_scenario("Mini")
    assert drv.sees("Pland, Qland")
    drv.press("Play this")
    assert app.top.name == "new_game"
    assert app.top.entry.id == "mini"


@pytest.mark.parametrize("size", [(960, 540), (1280, 720), (1920, 1080), (2560, 1440)])
def test_layout_holds_from_small_to_large_windows(app, drv, mini_main, size):
    app.window = pygame.display.set_mode(size, pygame.RESIZABLE)
    drv.send(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
    assert app.size == size
    main = app.top
    w, h = size
    for r, *_ in main.actions.card_rects:
        assert 0 <= r.x and r.right <= w and r.bottom <= h
    assert main.forecast.end_rect.right <= w and main.forecast.end_rect.bottom <= h
    assert drv.sees("End turn")


def test_big_ui_scale_still_fits_the_window(app, drv, mini_main):
    app.set_ui_scale(2.0)
    drv.pump()
    w, h = app.size
    main = app.top
    assert main.actions.card_rects and main.forecast.end_rect.right <= w and main.forecast.end_rect.bottom <= h
    for r, *_ in main.actions.card_rects:
        assert r.right <= w and r.bottom <= h
    assert main.map.rect.w > 0 and main.indicators.rect.w > 0


def test_fictional_games_keep_real_names_off_the_map(app, drv):
    app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=3, fictional=True))
    drv.pump()
    drv.key(pygame.K_RETURN)
    while app.top.name == "decision":
        drv.answer()
    text = drv.text()
    assert app.top.session.game.fictional
    assert "Kazakhstan" not in text and "RUSSIA" not in text and "Astana" not in text


@pytest.mark.parametrize("content", ['{"game": "new-great-game", "format": 1, "turn": "x"}',
                                     "[" * 100_000 + "]" * 100_000, '{"seed": Infinity}'])
def test_a_damaged_autosave_leaves_the_title_and_load_screens_working(app, drv, home, content):
    (home / "saves").mkdir(exist_ok=True)
    (home / "saves" / "autosave.json").write_text(content)
    app.open_from_args(None)
    assert app.top.name == "title" and not drv.button("Continue").enabled
    drv.press("Load game")
    assert app.top.name == "load"
    assert (home / "saves" / "autosave.json").read_text() == content   # kept as it was


def test_the_player_is_told_when_the_game_cannot_be_saved(app, drv, mini_main, home):
    import shutil

    shutil.rmtree(home / "saves")
    (home / "saves").write_text("a file where the saves folder should be")
    drv.end_turn()
    assert drv.sees("The game is NOT being saved")


def test_a_save_whose_name_holds_invisible_characters_is_listed_not_a_crash(app, drv, mini_main, home):
    s = mini_main.session
    s.save(home / "saves" / "odd\u00ad\u200bname\u202e.json")
    drv.key(pygame.K_ESCAPE)
    app.open_from_args(None)
    drv.press("Load game")
    drv.press("Every save")
    assert app.top.name == "load" and drv.sees("saved by you")   # listed, drawn, no crash


def test_a_change_of_orders_shows_a_quick_forecast_then_the_full_one(app, drv, mini_main):
    from game.engine.forecast import DEFAULT_SAMPLES
    from game.session import QUICK_SAMPLES

    s = mini_main.session
    card = next(o.id for o in s.options if o.available)
    s.toggle(card)
    assert s.preview.samples == QUICK_SAMPLES          # at once, on the frame after the click
    drv.pump(1)
    assert s.preview.samples == DEFAULT_SAMPLES        # refined between frames
    full = s.preview
    assert s.game.preview("p", s.orders) is full       # the same forecast the engine gives


@pytest.mark.parametrize("scale", [1.0, 1.1, 1.25])
def test_every_action_category_stays_in_reach_at_every_ui_scale(home, scale):
    from game.ui.app import App
    from game.ui.settings import Settings

    from .conftest import Driver, play_args

    app = App((1280, 720), Settings(ui_scale=scale), headless=True)
    try:
        drv = Driver(app)
        app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=3))
        drv.pump()
        drv.key(pygame.K_RETURN)
        while app.top.name != "main":
            drv.answer()
        main = app.top
        tabs = {b.key for b in main.buttons if b.key.startswith("tab:") and b.visible}
        assert tabs == {"tab:All"} | {f"tab:{c.capitalize()}" for c in main.actions.categories()}
        for b in main.buttons:   # inside the actions panel
            if b.key.startswith("tab:"):
                assert main.actions.rect.contains(b.rect), (b.key, b.rect, main.actions.rect)
        names = {ln.name for ln in main.session.preview.lines}
        app.step([], 0.0, force=True)
        in_forecast = [text for text, rect in app.theme.seen if main.forecast.box.contains(rect)]
        assert names & set(in_forecast), in_forecast   # the forecast shows at least one of its numbers
    finally:
        pygame.display.quit()


def test_after_history_enter_on_the_report_continues(app, drv, mini_main):
    drv.end_turn()
    assert app.top.name == "report"
    drv.press("History")
    assert app.top.name == "history"
    drv.key(pygame.K_ESCAPE)
    assert app.top.name == "report"
    drv.key(pygame.K_RETURN)
    assert app.top.name == "main"          # Continue, as its tooltip says, not History again


def test_the_news_reads_in_full_with_a_click(app, drv, mini_main):
    s = mini_main.session
    drv.play_until_news(s, 2)
    assert s.obs.news and app.top.name == "main"
    drv.click(app.top.news.rect.center)
    assert app.top.name == "news"
    shown = " ".join(drv.text().split())   # the dialog wraps each item over lines
    for n in s.obs.news:
        assert " ".join(n.split()) in shown, n
    drv.key(pygame.K_RETURN)
    assert app.top.name == "main"
