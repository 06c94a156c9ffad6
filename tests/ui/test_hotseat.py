"""A class at one keyboard (hot seat), through the window by synthetic input only: each team takes
the keyboard behind a "pass the keyboard" screen that shows nothing of anyone's choices, states
without a team are played by the computer, each group resolves when its last team has sent, and a
window closed mid-turn resumes with the team's unsent choices."""
from __future__ import annotations

import json

import pygame

from game.cli import main as cli_main

from .conftest import play_args

CLASS = """title: Hot seat class
scenario: mini
seed: 4
turns: 3
teams:
  - {name: Eagles, state: p}
  - {name: Caravan, state: q}
  - {name: Falcons, state: p}
"""


def _class(home):
    path = home / "seminar.yaml"
    path.write_text(CLASS)
    return path


def _choose_a_card(drv) -> str | None:
    main = drv.top
    card = next((sp for sp in main.spots if sp.key.startswith("card:") and main.session.why_not(sp.key[5:]) is None),
                None)
    if card is None:
        return None
    drv.click(card.rect.center)
    return card.key[5:]


def test_three_teams_play_a_class_hot_seat_to_its_end(app, drv, home, capsys):
    path = _class(home)
    app.open_from_args(play_args(class_file=str(path)))
    drv.pump()
    passes: list[str] = []
    chosen_names: dict[str, list[str]] = {}
    briefed: list[str] = []
    last_team = None
    for _ in range(400):
        name = app.top.name
        if name == "message":
            break
        if name == "pass":
            text = drv.text()
            team = app.top.seat.team.name
            passes.append(team)
            # Nothing the team before chose can be read on the screen between two teams.
            for other, names in chosen_names.items():
                if other != team:
                    assert not any(n in text for n in names), (team, other, names)
            assert f"Pass the keyboard to {team}" in text and "look away" in text
            drv.key(pygame.K_RETURN)
            last_team = team
        elif name == "briefing":   # each team's first turn opens on its state's briefing
            briefed.append(last_team)
            drv.key(pygame.K_RETURN)
        elif name == "decision":
            d = app.top.decision
            drv.answer(next(i for i, o in enumerate(d.options) if o.available) + 1)
        elif name == "main":
            session = app.top.session
            if not session.chosen:
                picked = _choose_a_card(drv)
                if picked:
                    chosen_names[last_team] = [session.game.name(picked)]
            drv.click(drv.button("End turn" if not session.pending() else "Answer").rect.center)
        elif name == "confirm":
            # At one keyboard Enter keeps planning (orders cannot be taken back): a click sends.
            drv.key(pygame.K_RETURN)
            assert app.top.name == "main"
            drv.click(drv.button("End turn").rect.center)
            drv.press("End turn")
        elif name == "report":
            drv.press("See the results" if app.top.session.over else "Continue")
        elif name == "end":
            assert app.top.session.over
            assert f"THE END · {last_team.upper()}" in drv.text(), "the end screen names the team at the keyboard"
            drv.key(pygame.K_RETURN)   # pass on, or the class's end
        else:
            raise AssertionError(f"stuck on {name}")
    assert app.top.name == "message" and "The class is over" in drv.text()
    # Three turns of three teams, then each team once more to see how its game ended.
    assert passes == ["Eagles", "Caravan", "Falcons"] * 4, passes
    assert briefed == ["Eagles", "Caravan", "Falcons"], "each team reads its briefing once, on its first turn"
    session = home / "seminar-session"
    data = json.loads((session / "class-session.json").read_text())
    assert [g["teams"] for g in data["groups"]] == [[{"name": "Eagles", "state": "p"}, {"name": "Caravan", "state": "q"}],
                                                      [{"name": "Falcons", "state": "p"}]]
    group2 = json.loads((session / data["groups"][1]["file"]).read_text())
    assert group2["humans"] == ["p"] and group2["over"], "the state without a team was computer-played"
    assert cli_main(["report", str(path), "--format", "json", "--out", "-"]) == 0
    debrief = json.loads(capsys.readouterr().out)
    assert [t["team"] for g in debrief["games"] for t in g["teams"]] == ["Eagles", "Caravan", "Falcons"]
    assert all(len(t["timeline"]) == 3 for g in debrief["games"] for t in g["teams"])


def test_a_hot_seat_class_closed_mid_turn_resumes_with_the_teams_choices(app, drv, home):
    from game.ui.app import App
    from game.ui.settings import Settings

    from .conftest import Driver

    path = _class(home)
    app.open_from_args(play_args(class_file=str(path)))
    drv.pump()
    assert app.top.name == "pass" and app.top.seat.team.name == "Eagles"
    drv.key(pygame.K_RETURN)
    assert app.top.name == "briefing"
    drv.key(pygame.K_RETURN)
    if app.top.name == "decision":
        drv.key(pygame.K_ESCAPE)
    picked = _choose_a_card(drv)
    assert picked is not None
    app.top.session.save_drafts(force=True)   # as the window's loop does every few seconds
    pygame.display.quit()

    again = App((1280, 720), Settings(), headless=True)
    d2 = Driver(again)
    again.open_from_args(play_args(class_file=str(path)))
    d2.pump()
    assert again.top.name == "pass" and again.top.seat.team.name == "Eagles"
    assert "Your choices from before are still on the table" in d2.text()
    d2.key(pygame.K_RETURN)
    while again.top.name == "decision":
        d2.key(pygame.K_ESCAPE)
    assert again.top.name == "main" and again.top.session.chosen == [picked]
    assert "Eagles · Pland" in d2.text(), "the main screen says whose turn it is"
    assert not d2.button("Advice").enabled, "this class keeps the adviser from its teams (teams_see)"


def test_a_class_in_the_terminal_says_to_host_it(home, capsys):
    path = _class(home)
    assert cli_main(["play", "--text", "--class", str(path)]) == 2
    assert f"greatgame host {path}" in capsys.readouterr().err


def test_a_class_that_keeps_the_forecast_from_its_teams_shows_none(app, drv, home):
    path = home / "seminar.yaml"
    path.write_text(CLASS.replace("turns: 3\n", "turns: 3\nteams_see: {forecast: false, adviser: true}\n"))
    app.open_from_args(play_args(class_file=str(path)))
    drv.pump()
    drv.key(pygame.K_RETURN)            # Eagles sits down
    drv.key(pygame.K_RETURN)            # past its briefing
    while app.top.name == "decision":
        drv.key(pygame.K_ESCAPE)
    assert app.top.name == "main"
    text = drv.text()
    assert "No forecast in this class" in text and "LIKELY REPLIES" not in text
    assert drv.button("Advice").enabled
