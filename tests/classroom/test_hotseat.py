"""The hot seat's turn order and memory, without a window: who gets the keyboard next, what each
team has not read yet (kept with the class, so a closed window forgets nothing), and a class
paused or ended while it was hosted."""
from __future__ import annotations

import json

import pytest

from game.classroom.classfile import check_class
from game.classroom.classroom import ClassError, Classroom
from game.classroom.hotseat import HotSeat

CLASS = """title: Hot seat
scenario: busan_pause
seed: 2
turns: 3
teams:
  - {name: Eagles, state: kz}
  - {name: Caravan, state: uz}
  - {name: Falcons, state: kz}
"""


@pytest.fixture
def loaded(busan, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CLASS)
    loaded, problems = check_class(path)
    assert loaded is not None, problems
    return loaded


def _send(hs, seat):
    ts, _ = hs.take(seat)
    advised = ts.game.suggest(ts.state)
    ts.chosen, ts.answers = list(advised.actions), dict(advised.answers)
    hs.send(ts)


def test_the_keyboard_goes_round_and_each_team_reads_its_report(loaded, tmp_path):
    hs, resumed = HotSeat.open(loaded, tmp_path / "c-session")
    assert not resumed
    order = []
    for _ in range(3):
        seat = hs.next()
        order.append(seat.team.name)
        _send(hs, seat)
    assert order == ["Eagles", "Caravan", "Falcons"]
    # Group 1 resolved when Caravan sent; Eagles reads that report when it sits down again.
    eagles = hs.next()
    assert eagles.team.name == "Eagles"
    _, unread = hs.take(eagles)
    assert unread is not None and unread.turn == 1
    assert hs.take(eagles)[1] is unread, "until the team sends, a closed window shows it again"
    _send(hs, eagles)
    assert hs.take(eagles)[1] is None, "once it has played on, the report is read"


def test_a_window_closed_between_two_teams_still_shows_the_report(loaded, tmp_path):
    folder = tmp_path / "c-session"
    hs, _ = HotSeat.open(loaded, folder)
    _send(hs, hs.next())           # Eagles
    _send(hs, hs.next())           # Caravan: group 1 resolves
    hs.close()                     # the window is closed before Falcons and Eagles sit down
    again, resumed = HotSeat.open(loaded, folder)
    assert resumed
    assert again.next().team.name == "Eagles", "round the teams again from the first"
    eagles = again.room.seats["Eagles"]
    _, unread = again.take(eagles)
    assert unread is not None and unread.turn == 1, "what Eagles had not read is still unread"


def test_a_class_paused_while_hosted_goes_on_at_one_keyboard(loaded, tmp_path):
    folder = tmp_path / "c-session"
    room = Classroom.start(loaded, folder)
    room.pause()
    room.close()
    hs, _ = HotSeat.open(loaded, folder)
    assert not hs.room.paused
    _send(hs, hs.next())
    _send(hs, hs.next())
    assert hs.room.groups[0].game.turn == 2, "the group resolves when its last team sends"


def test_one_program_at_a_time_opens_a_class(loaded, tmp_path):
    """Two programs hosting one class would each write over the other's changes."""
    import os
    import socket

    folder = tmp_path / "c-session"
    room = Classroom.start(loaded, folder)
    room.close()
    (folder / "class.lock").write_text(json.dumps({"pid": os.getppid(), "host": socket.gethostname(),
                                                    "since": "today"}))
    with pytest.raises(ClassError, match="open already, in another program"):
        Classroom.resume(loaded, folder)
    (folder / "class.lock").write_text(json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname(),
                                                    "since": "yesterday"}))
    Classroom.resume(loaded, folder).close()   # a lock left by a program that is gone is taken over
    assert not (folder / "class.lock").exists()


def test_a_damaged_session_is_a_message(loaded, tmp_path):
    folder = tmp_path / "c-session"
    Classroom.start(loaded, folder).close()
    data = json.loads((folder / "class-session.json").read_text())
    data["seats"] = [1, 2]
    (folder / "class-session.json").write_text(json.dumps(data))
    with pytest.raises(ClassError, match="is damaged"):
        HotSeat.open(loaded, folder)


def test_a_class_file_may_change_its_timer_but_not_its_games(busan, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CLASS)
    loaded, _ = check_class(path)
    Classroom.start(loaded, tmp_path / "c-session").close()
    path.write_text("# a note for myself\n" + CLASS.replace("title: Hot seat", "title: Hot seat, week 2")
                    + "timer_minutes: 5\n")
    Classroom.resume(check_class(path)[0], tmp_path / "c-session").close()
    path.write_text(CLASS.replace("seed: 2", "seed: 3"))
    with pytest.raises(ClassError, match=r"has changed what its games are \(seed\)"):
        Classroom.resume(check_class(path)[0], tmp_path / "c-session")


def test_a_window_closed_on_a_pass_screen_hands_the_keyboard_back_to_that_team(loaded, tmp_path):
    folder = tmp_path / "c-session"
    hs, _ = HotSeat.open(loaded, folder)
    _send(hs, hs.next())                  # Eagles
    _send(hs, hs.next())                  # Caravan: group 1 resolves
    falcons = hs.next()
    assert falcons.team.name == "Falcons"
    hs.hand(falcons)                      # its pass screen is up when the window closes
    hs.close()
    again, _ = HotSeat.open(loaded, folder)
    assert again.next().team.name == "Falcons"


def test_a_team_sees_how_its_game_ended_even_after_a_closed_window(loaded, tmp_path):
    folder = tmp_path / "c-session"
    hs, _ = HotSeat.open(loaded, folder)
    while not hs.room.groups[0].game.over:
        _send(hs, hs.next())
    eagles = hs.room.seats["Eagles"]
    hs.take(eagles)                       # Eagles reads its last report when the window closes
    hs.close()
    again, _ = HotSeat.open(loaded, folder)
    seen = []
    while (seat := again.next()) is not None and len(seen) < 20:
        ts, _ = again.take(seat)
        if ts.over:
            seen.append(seat.team.name)
            again.done(ts)
        else:
            _send(again, seat)
    assert "Eagles" in seen and sorted(set(seen)) == ["Caravan", "Eagles", "Falcons"]
