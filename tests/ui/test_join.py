"""The desktop game joined to a hosted class (`greatgame join`), through the window by synthetic
input: a team of a served class plays its turns in the window while another team plays from an
HTTP client; the window sends, can take its orders back, waits for the class, shows the turn's
report when the class resolves it, and ends with the class. The game stays on the server: the
window never has the seed, and the team's choices are the server's."""
from __future__ import annotations

import re
import time

import pygame
import pytest

from game.classroom.client import ClassClient, parse_address
from game.classroom.remote import RemoteSession
from game.cli import main as cli_main

from ..classroom.conftest import serving
from .conftest import play_args

CLASS = """title: Joined class
scenario: mini
seed: 4
turns: 2
timer_minutes: 5
teams:
  - {name: Eagles, state: p}
  - {name: Caravan, state: q}
"""


def _send_for(session: RemoteSession) -> None:
    """Another team's turn, from its own device: answer what is asked, send."""
    for d in session.pending():
        assert session.answer(d.id, next(o.id for o in d.options if o.available)) is None
    session.end_turn()


def _settle(drv, session, quiet: float = 0.3, seconds: float = 15.0) -> None:
    """Let the window take in the class's views until none has come for `quiet` seconds (a view
    arriving between a click's press and release rebuilds the screen under the click)."""
    deadline = time.monotonic() + seconds
    seen, since = session.version, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        drv.pump(1)
        time.sleep(0.02)
        if session.version != seen:
            seen, since = session.version, time.monotonic()


def _instructor(served):
    """The instructor's controls, over HTTP as the instructor's page uses them (the server's own lock)."""
    client = ClassClient(served.base, served.room.instructor_token)
    return lambda what, **body: client.request("POST", f"/api/instructor/{what}", body)


def _until(drv, test, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        drv.pump(1)
        if test():
            return True
        time.sleep(0.02)
    return False


def _play_window_turn(app, drv) -> str | None:
    """The window's team: its briefing, its questions, a card, then End turn. Returns the card."""
    if app.top.name == "briefing":
        drv.key(pygame.K_RETURN)
    while app.top.name == "decision":
        d = app.top.decision
        drv.answer(next(i for i, o in enumerate(d.options) if o.available) + 1)
    assert app.top.name == "main", app.top.name
    main = app.top
    _settle(drv, main.session)
    card = next((sp for sp in main.spots if sp.key.startswith("card:") and main.session.why_not(sp.key[5:]) is None),
                None)
    picked = None
    if card is not None:
        drv.click(card.rect.center)
        picked = card.key[5:]
        assert picked in main.session.chosen
    drv.press("End turn")
    if app.top.name == "confirm":
        drv.press("End turn")
    return picked


def test_a_team_plays_a_hosted_class_in_the_window(app, drv, home):
    with serving(home, CLASS) as (path, loaded, served):
        room = served.room
        where = parse_address(f"{served.base}/?code={room.join_code}")
        eagles = ClassClient(where.base)
        eagles.join(where.code, "Eagles")
        caravan = ClassClient(where.base)
        caravan.join(where.code, "Caravan")
        other = RemoteSession(caravan)
        session = RemoteSession(eagles)
        app.open_from_args(play_args(remote=session))
        drv.pump()
        assert app.top.name == "briefing" and "seed" not in drv.text(), "a class's seed stays on its server"
        assert session.preview.samples == 0, "at once: the budget; the server's forecast follows"
        assert _until(drv, lambda: session.preview.samples > 0), "the forecast came without the window waiting"
        picked = _play_window_turn(app, drv)
        assert re.search(r"Turn 1 of 2 · \S+ \d{4} · \d:\d\d left", drv.text()), "the turn's clock, as the class keeps it"
        instructor = _instructor(served)
        instructor("pause")
        assert _until(drv, lambda: "· paused" in drv.text())
        instructor("resume")
        _settle(drv, session)
        # Sent: the class has the orders; the window waits, and may take them back.
        game = room.groups[0].game
        assert picked is not None and "p" in game.submitted and picked in game.submitted["p"].actions
        assert app.top.name == "main" and drv.button("Take back orders")
        drv.key(pygame.K_RETURN)   # a stray Enter takes nothing back
        assert "p" in game.submitted
        _settle(drv, session)
        drv.press("Take back orders")
        assert "p" not in game.submitted and session.chosen == ([picked] if picked else [])
        _settle(drv, session)
        drv.press("End turn")
        if app.top.name == "confirm":
            drv.press("End turn")
        assert "p" in game.submitted
        # The other team sends from its device: the class resolves, and the window shows the report.
        _send_for(other)
        assert _until(drv, lambda: app.top.name == "report"), app.top.name
        report = app.top.session.last_report
        assert report.turn == 1 and [s.state for s in report.states] == ["p"], "the team's own report only"
        if picked:
            assert game.name(picked) in report.states[0].actions
        drv.press("Continue")
        assert app.top.name in ("main", "decision") and session.game.turn == 2
        # The last turn, then the end, as the class saw it.
        _play_window_turn(app, drv)
        _send_for(other)
        assert _until(drv, lambda: app.top.name == "report")
        drv.press("See the results")
        assert app.top.name == "end"
        assert [b.text for b in app.top.buttons if b.visible and b.text in ("Debrief", "New game")] == []
        assert game.over and session.over
        assert session.score_card().total == pytest.approx(game.score("p")["total"], abs=1e-3)
        drv.press("Leave the class")
        assert app.top.name == "title"


def test_the_instructor_ending_the_class_reaches_the_window(app, drv, home):
    with serving(home, CLASS) as (path, loaded, served):
        room = served.room
        client = ClassClient(served.base)
        client.join(room.join_code, "Eagles")
        session = RemoteSession(client)
        app.open_from_args(play_args(remote=session))
        drv.pump()
        instructor = _instructor(served)
        instructor("message", text="Two minutes left")
        assert _until(drv, lambda: any("Two minutes left" in t.text for t in app.toasts))
        instructor("end")
        assert _until(drv, lambda: app.top.name == "end")
        text = drv.text()
        assert "The adviser" not in text, "no adviser's score for a game the class cut short"
        assert "The instructor ended the class on turn 1 of 2" in text and "came through" not in text


def test_an_inject_after_sending_gives_the_orders_back_and_asks_the_new_question(app, drv, home):
    with serving(home, CLASS) as (path, loaded, served):
        room = served.room
        client = ClassClient(served.base)
        client.join(room.join_code, "Eagles")
        other = ClassClient(served.base)
        other.join(room.join_code, "Caravan")
        session = RemoteSession(client)
        app.open_from_args(play_args(remote=session))
        drv.pump()
        _play_window_turn(app, drv)
        assert session.sent
        _instructor(served)("inject", event="unrest")
        assert _until(drv, lambda: app.top.name == "decision"), app.top.name
        assert not session.sent and any("your orders are back with you" in t.text for t in app.toasts)


def test_a_word_two_teams_share_names_neither():
    from game import cli

    teams = [{"team": "Kazakhstan Eagles", "state": "Kazakhstan", "group": "Group 1"},
             {"team": "Kazakhstan Falcons", "state": "Kazakhstan", "group": "Group 2"}]
    answers = iter(["kazakhstan", "falcons"])
    assert cli._ask_team(teams, lambda prompt: next(answers)) == "Kazakhstan Falcons"


def test_a_reply_cut_short_is_a_sentence_not_a_traceback():
    import socket
    import threading

    from game.classroom.classroom import ClassError

    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)

        def cut():
            conn, _ = srv.accept()
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"")
            conn.close()

        threading.Thread(target=cut, daemon=True).start()
        with pytest.raises(ClassError, match="cannot be reached"):
            ClassClient(f"http://127.0.0.1:{srv.getsockname()[1]}", "x" * 20, timeout=5).desk()


def test_join_from_the_command_line(home, monkeypatch, capsys):
    """`greatgame join ADDRESS CODE`: asks for the team, joins, opens the window; the same command
    later brings the team back (its link is kept on this machine); a wrong code is a sentence."""
    import game.ui.app as ui_app

    opened = []
    monkeypatch.setattr(ui_app, "run_desktop", lambda args: opened.append(args.remote) or 0)
    with serving(home, CLASS) as (path, loaded, served):
        room = served.room
        answers = iter(["7", "Caravan"])
        from game import cli

        code = cli.cmd_join(cli.build_parser().parse_args(["join", served.base, room.join_code]),
                            ask=lambda prompt: next(answers))
        out = capsys.readouterr().out
        assert code == 0 and opened[-1].team == "Caravan" and opened[-1].state == "q"
        assert "1. Eagles" in out and "Type a number from 1 to 2" in out and "/team#k=" in out
        assert room.seats["Caravan"].joined
        # Again from this machine: "already joined" no more, the kept link brings it back.
        assert cli_main(["join", served.base, room.join_code, "--team", "Caravan"]) == 0
        assert opened[-1].team == "Caravan"
        # The team's own link works alone.
        link = f"{served.base}/team#k={room.seats['Eagles'].token}"
        assert cli_main(["join", link]) == 0 and opened[-1].team == "Eagles"
        assert cli_main(["join", served.base, "WRONG1", "--team", "Eagles"]) == 1
        assert "not this class's code" in capsys.readouterr().err
        # Every team has joined: the same command with no team brings back the one this machine joined as.
        monkeypatch.setenv("GREATGAME_HOME", str(home / "elsewhere"))
        assert cli_main(["join", served.base, room.join_code, "--team", "caravan"]) == 1   # any case; taken
        assert "already joined on another device" in capsys.readouterr().err, "a fresh machine: the server's words"
        assert cli_main(["join", served.base, room.join_code, "--team", "Eaglez"]) == 2
        assert "no team of this class is called 'Eaglez'. Its teams: Eagles (Pland); Caravan (Qland)." in \
            capsys.readouterr().err
        monkeypatch.setenv("GREATGAME_HOME", str(home))
        code = cli_main(["join", f"{served.base}/?code={room.join_code}"])
        assert code == 0 and opened[-1].team == "Caravan", capsys.readouterr()
        assert "Back in 'Joined class' as Caravan" in capsys.readouterr().out
        for s in opened:
            s.close()
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setattr(cli, "_has_display", lambda: False)
    assert cli_main(["join", "http://127.0.0.1:9", "ABC"]) == 1   # unreachable: said before anything else
    assert "cannot be reached" in capsys.readouterr().err
