"""Names in the window: narrow labels keep the powers apart (short forms, cuts that keep the name),
and the screens' own sentences read as English with fictional names."""
from __future__ import annotations

import re

import pygame

from game.ui import draw as D
from game.ui.panels.powers import power_card

from .conftest import play_args


def fictional_main(app, drv, state="kz"):
    app.open_from_args(play_args(scenario="busan_pause", state=state, seed=3, fictional=True))
    drv.pump()
    drv.key(pygame.K_RETURN)
    while app.top.name == "decision":   # the opening event's question
        drv.answer()
    assert app.top.name == "main"
    return app.top


def power_prefixes(game) -> re.Pattern:
    """A power's name or short form cut inside a word ("the We…", "Eastern Rep…"): the cut the
    issue forbids."""
    cuts = set()
    for p in game.s.powers:
        for whole in (p.name[4:] if p.name.startswith("The ") else p.name, (p.short_name or "")[4:]):
            cuts |= {whole[:k] for k in range(1, len(whole))}
    cuts -= {(p.short_name or "")[4:] for p in game.s.powers}   # "the West…" is a whole short form
    return re.compile(r"\b[Tt]he (?:" + "|".join(map(re.escape, sorted(cuts, key=len, reverse=True))) + r")…")


def test_a_narrow_power_panel_names_each_power_by_its_short_form(app, drv):
    main = fictional_main(app, drv)
    th, game = app.theme, main.session.game
    surf = pygame.Surface((400, 200))
    shown = []
    for pv in game.observe("kz").powers:
        th.seen.clear()
        power_card(surf, th, pygame.Rect(0, 0, th.px(190), th.px(120)), pv, pv.relation, len(pv.rungs), False)
        shown.append(th.seen[0][0])
    assert shown == ["The West", "The East", "The North"]


def test_a_cut_label_keeps_the_name_that_tells_it_apart(app, drv):
    main = fictional_main(app, drv)
    th = app.theme
    labels = [f"Relations with {main.session.game.name(p)} -6 pts".replace("with The", "with the")
              for p in ("us", "cn", "ru")]
    width = th.size("Relations with the North", "tiny")[0]
    cut = [D.elide(th, s, "tiny", width) for s in labels]
    assert len(set(cut)) == 3
    assert [re.search(r"the (West|East|North)\b", c).group(1) for c in cut] == ["West", "East", "North"], cut
    assert all(th.size(c, "tiny")[0] <= width for c in cut)
    # with room for the short form, nothing else is cut
    assert D.elide(th, labels[0], "tiny", th.size("Relations with the West -6 pts", "tiny")[0]) == \
        "Relations with the West -6 pts"


def test_the_smallest_window_never_cuts_a_power_s_name_mid_word(app, drv):
    app.set_ui_scale(1.5)
    app.set_window((960, 540))
    main = fictional_main(app, drv)
    forbidden = power_prefixes(main.session.game)
    seen = set()
    for _ in range(3):
        drv.text()
        seen |= {t for t, _ in app.theme.seen}
        drv.end_turn()
        while app.top.name != "main":
            drv.text()
            seen |= {t for t, _ in app.theme.seen}
            if app.top.name == "decision":
                drv.answer()
            else:
                drv.key(pygame.K_RETURN)
    assert any("…" in t for t in seen)      # the screen is narrow enough to cut
    assert sorted(t for t in seen if forbidden.search(t)) == []


def test_the_screens_own_sentences_set_names_as_english(app, drv):
    main = fictional_main(app, drv)
    th = app.theme
    surf = pygame.Surface((800, 100))
    th.seen.clear()
    D.text(surf, th, f"An offer from {main.session.game.name('us')}, open for 2 turns", (0, 0), "small")
    assert th.seen[-1][0] == "An offer from the Western Federation, open for 2 turns"


def test_the_scenarios_screen_with_fictional_names_shows_no_real_name(app, drv):
    from game.scenario.fictional import REAL_NAMES

    app.settings.fictional = True
    app.open_from_args(None)
    drv.press("Scenarios")
    drv.click_text("The Truce")
    text = drv.text()
    assert "The Western Federation, The Eastern Republic, The Northern Federation" in text
    assert "hidden with fictional names" in text
    real = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, REAL_NAMES)) + r")(?![\w])")
    assert sorted(set(real.findall(text))) == []
