"""A class in progress: teams act only for themselves, the instructor steers, and a class whose
server stops mid-turn resumes exactly, with every sent order and unsent choice."""
from __future__ import annotations

import json

import pytest

from game.classroom.classfile import check_class
from game.classroom.classroom import ClassError, Classroom
from game.classroom.views import forecast_view, team_view

CLASS = """# yaml-language-server: $schema=class.schema.json
title: Test class
scenario: busan_pause
seed: 7
turns: 4
timer_minutes: {timer}
when_time_is_up: {up}
teams:
  - {{name: Eagles, state: kz}}
  - {{name: Caravan, state: uz}}
  - {{name: Falcons, state: kz}}
injects:
  - {{turn: 2, event: price_crash}}
"""


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def make(busan, tmp_path):
    def build(timer=0, up="wait", clock=None):
        path = tmp_path / "class.yaml"
        path.write_text(CLASS.format(timer=timer, up=up))
        loaded, problems = check_class(path)
        assert loaded is not None, problems
        return loaded, Classroom.start(loaded, tmp_path / "session", **({"clock": clock} if clock else {}))
    return build


def _answer_all(room, seat):
    for d in room.team_session(seat).pending():
        room.answer(seat, d.id, next(o.id for o in d.options if o.available))


def test_a_team_sees_its_own_state_and_acts_only_for_itself(make):
    _, room = make()
    eagles, caravan = room.seats["Eagles"], room.seats["Caravan"]
    view = team_view(room, eagles)
    assert view["obs"]["state"] == "kz" and view["team"] == "Eagles" and view["group"] == "Group 1"
    assert "token" not in json.dumps(view), "a team's page never carries secrets"
    assert forecast_view(room, eagles)["shown"]
    action = next(o["id"] for o in view["options"] if o["available"])
    room.toggle(eagles, action)
    assert room.team_session(eagles).chosen == [action]
    assert room.team_session(caravan).chosen == []
    with pytest.raises(ClassError) as err:
        room.seat_of("forged-token")
    assert err.value.status == 403
    assert room.seat_of(eagles.token) is eagles
    with pytest.raises(ClassError, match="instructor"):
        room.check_instructor(eagles.token)


def test_joining_needs_the_code_and_a_free_team(make):
    _, room = make()
    with pytest.raises(ClassError, match="not this class's code"):
        room.join("WRONG1", "Eagles")
    seat = room.join(room.join_code.lower(), "Eagles")
    assert seat.joined
    with pytest.raises(ClassError, match="already joined"):
        room.join(room.join_code, "Eagles")


def test_the_group_resolves_when_every_team_has_sent(make):
    _, room = make()
    eagles, caravan = room.seats["Eagles"], room.seats["Caravan"]
    _answer_all(room, eagles)
    assert "Waiting" in room.send(eagles)
    with pytest.raises(ClassError, match="take them back"):
        room.toggle(eagles, "c5_summit")
    _answer_all(room, caravan)
    assert "resolved" in room.send(caravan)
    game = room.groups[0].game
    assert game.turn == 2 and room.groups[1].game.turn == 1, "each group plays at its own pace"
    assert any(x["event"] == "price_crash" for x in game.interventions), "the class file's inject fired"
    assert team_view(room, eagles)["report"]["turn"] == 1


def test_a_class_resumes_exactly_after_the_server_stops(make, busan):
    loaded, room = make()
    eagles, caravan, falcons = (room.seats[n] for n in ("Eagles", "Caravan", "Falcons"))
    room.join(room.join_code, "Eagles")
    _answer_all(room, eagles)
    room.send(eagles)
    _answer_all(room, caravan)
    room.send(caravan)                       # group 1 resolves turn 1
    chosen = next(o.id for o in room.team_session(eagles).options if o.available)
    room.toggle(eagles, chosen)              # unsent choice
    _answer_all(room, falcons)
    room.send(falcons)                       # group 2 resolves turn 1
    _answer_all(room, caravan)
    room.send(caravan)                       # sent, group 1 still waiting for Eagles
    room.message("Five minutes left")
    before = [json.dumps(g.game.position.to_dict(), sort_keys=True) for g in room.groups]
    again = Classroom.resume(loaded, room.folder)
    assert [json.dumps(g.game.position.to_dict(), sort_keys=True) for g in again.groups] == before
    assert again.seat_of(eagles.token).team.name == "Eagles" and again.seats["Eagles"].joined
    assert again.instructor_token == room.instructor_token and again.join_code == room.join_code
    assert again.team_session(again.seats["Eagles"]).chosen[:1] == [chosen]
    assert again.sent(again.seats["Caravan"]) and not again.sent(again.seats["Eagles"])
    assert again.messages[-1]["text"] == "Five minutes left"


def test_the_instructor_resolves_undoes_injects_and_decides_argued_actions(make):
    _, room = make()
    out = room.resolve_now(None, "nothing")
    assert len(out) == 2 and all(g.game.turn == 2 for g in room.groups)
    room.inject("unrest", "Group 2")
    assert any(x["event"] == "unrest" for x in room.groups[1].game.interventions)
    p = room.propose(room.seats["Falcons"], "Offer the SCO a joint tailings project")
    said = room.argue("Falcons", p.text, 0.6, [("rel_cn", 4)], proposal=p.id)
    assert said.startswith("Argued action by Falcons") and room.proposals[0].status == "decided"
    room.undo("Group 2")
    assert room.groups[1].game.turn == 1 and room.groups[0].game.turn == 2
    with pytest.raises(ClassError, match="'computer' or 'nothing'"):
        room.resolve_now(None, "maybe")
    room.end()
    with pytest.raises(ClassError, match="ended"):
        room.send(room.seats["Eagles"])


def test_when_time_is_up_the_computer_plays_teams_that_sent_nothing(make):
    clock = Clock()
    _, room = make(timer=5, up="computer", clock=clock)
    assert room.seconds_left(0) == 300
    room.pause()
    clock.now += 1000
    assert not room.tick() and room.seconds_left(0) == 300, "a paused class's clock stands still"
    room.resume_play()
    clock.now += 301
    assert room.tick()
    assert all(g.game.turn == 2 for g in room.groups)
    assert room.seconds_left(0) == 300, "the next turn's clock starts"


def test_undo_gives_back_what_teams_chose_not_what_the_class_chose_for_them(make):
    _, room = make()
    eagles, caravan = room.seats["Eagles"], room.seats["Caravan"]
    _answer_all(room, eagles)
    action = next(o.id for o in room.groups[0].game.options("kz") if o.available)
    room.toggle(eagles, action)
    room.send(eagles)
    room.resolve_now("Group 1", "computer")          # Caravan sent nothing: the computer played it
    room.undo("Group 1")
    assert room.team_session(eagles).chosen == [action]
    assert room.team_session(caravan).chosen == [] and room.team_session(caravan).answers == {}


def test_a_team_may_propose_after_sending_its_orders(make):
    _, room = make()
    eagles = room.seats["Eagles"]
    _answer_all(room, eagles)
    room.send(eagles)
    assert room.propose(eagles, "Ask the EU for a partnership").status == "waiting"


def test_a_class_shorter_than_its_scenario_says_so_in_the_briefing(make):
    _, room = make()
    info = room.team_session(room.seats["Eagles"]).info
    assert info.turns == 4
    assert info.briefing.endswith("This game is played for 4 of the scenario's 13 turns: it ends sooner than "
                                  "the text above says.")
    assert "thirteen quarters" in info.briefing, "the scenario's own words stay as written"
