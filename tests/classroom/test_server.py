"""The class server: teams join with the code and act only for themselves with their own secret,
the instructor's controls need the instructor's, every request is validated and refused with a
clear message, and pages are told when the class changes."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from game.classroom.classfile import check_class
from game.classroom.classroom import Classroom
from game.classroom.server import create_app

CLASS = """# yaml-language-server: $schema=class.schema.json
title: Server class
scenario: busan_pause
seed: 3
turns: 3
teams:
  - {name: Eagles, state: kz}
  - {name: Caravan, state: uz}
"""


@pytest.fixture
def served(busan, tmp_path):
    path = tmp_path / "class.yaml"
    path.write_text(CLASS)
    loaded, problems = check_class(path)
    assert loaded is not None, problems
    room = Classroom.start(loaded, tmp_path / "session")
    with TestClient(create_app(room, tick_seconds=0)) as client:
        yield room, client


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _join(room, client, team):
    r = client.post("/api/join", json={"code": room.join_code, "team": team})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def _answer_and_send(client, token):
    view = client.get("/api/team", headers=_auth(token)).json()
    for d in view["obs"]["decisions"]:
        opt = next(o for o in d["options"] if o["available"])
        assert client.post("/api/team/answer", json={"decision": d["id"], "option": opt["id"]},
                           headers=_auth(token)).status_code == 200
    return client.post("/api/team/send", json={}, headers=_auth(token))


def test_pages_are_served_and_the_join_list_holds_no_secrets(served):
    room, client = served
    for page in ("/", "/team", "/instructor", "/class.js", "/class.css"):
        assert client.get(page).status_code == 200
    info = client.get("/api/class").json()
    assert [t["team"] for t in info["teams"]] == ["Eagles", "Caravan"]
    assert room.instructor_token not in client.get("/api/class").text
    assert all(s.token not in client.get("/api/class").text for s in room.seats.values())


def test_a_team_plays_its_turn_through_the_api(served):
    room, client = served
    eagles, caravan = _join(room, client, "Eagles"), _join(room, client, "Caravan")
    view = client.get("/api/team", headers=_auth(eagles)).json()
    action = next(o["id"] for o in view["options"] if o["available"])
    r = client.post("/api/team/toggle", json={"action": action}, headers=_auth(eagles))
    assert r.status_code == 200 and r.json()["message"].startswith("Chosen")
    assert client.get("/api/team/forecast", headers=_auth(eagles)).json()["shown"]
    assert "Waiting" in _answer_and_send(client, eagles).json()["message"]
    assert "resolved" in _answer_and_send(client, caravan).json()["message"]
    view = client.get("/api/team", headers=_auth(eagles)).json()
    assert view["obs"]["turn"] == 2 and view["report"]["turn"] == 1
    assert view["report"]["state"]["changes"], "the report says what changed and why"


def test_nobody_gets_in_where_they_do_not_belong(served):
    room, client = served
    eagles = _join(room, client, "Eagles")
    assert client.get("/api/team").status_code == 403
    assert client.get("/api/team", headers=_auth("forged")).status_code == 403
    r = client.post("/api/instructor/pause", json={}, headers=_auth(eagles))
    assert r.status_code == 403 and "instructor" in r.json()["error"]
    assert client.get("/api/instructor", headers=_auth(eagles)).status_code == 403
    r = client.post("/api/join", json={"code": "AAAAAA", "team": "Caravan"})
    assert r.status_code == 403 and "code" in r.json()["error"]
    r = client.post("/api/join", json={"code": room.join_code, "team": "Eagles"})
    assert r.status_code == 409, "a team already joined cannot be taken by another device"
    # A team's secret only ever reaches its own state.
    view = client.get("/api/team", headers=_auth(eagles)).json()
    assert view["obs"]["state"] == "kz"
    assert room.instructor_token not in str(view) and room.seats["Caravan"].token not in str(view)


@pytest.mark.parametrize("body, words", [
    (b"{not json", "not JSON"),
    (b'{"action": 5}', "'action'"),
    (b'{"action": "x", "extra": 1}', "'extra'"),
    (b"[]", "valid dictionary"),
    (b'{"action": "' + b"x" * 20_000 + b'"}', "at most"),
])
def test_a_malformed_request_is_refused_with_a_clear_message(served, body, words):
    room, client = served
    token = _join(room, client, "Eagles")
    r = client.post("/api/team/toggle", content=body, headers={**_auth(token), "Content-Type": "application/json"})
    assert r.status_code in (400, 413) and words in r.json()["error"]
    assert room.team_session(room.seats["Eagles"]).chosen == []


def test_the_instructor_steers_and_every_page_is_told(served):
    room, client = served
    eagles = _join(room, client, "Eagles")
    key = _auth(room.instructor_token)
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"token": eagles})
        first = ws.receive_json()["version"]
        assert client.post("/api/instructor/message", json={"text": "Two minutes"}, headers=key).status_code == 200
        assert ws.receive_json()["version"] > first
    r = client.post("/api/instructor/resolve", json={"missing": "computer"}, headers=key)
    assert r.status_code == 200 and "turn 1 resolved" in r.json()["message"]
    r = client.post("/api/instructor/argue", json={"team": "Eagles", "text": "A joint venture with Korea",
                                                   "chance": 1.0, "effects": [["rel_us", 2]]}, headers=key)
    assert r.status_code == 200 and "succeeded" in r.json()["message"]
    r = client.post("/api/instructor/undo", json={}, headers=key)
    assert r.status_code == 200 and room.groups[0].game.turn == 1
    over = client.get("/api/instructor", headers=key).json()
    assert over["code"] == room.join_code and over["messages"][-1]["text"] == "Two minutes"


def test_a_websocket_without_a_secret_is_closed(served):
    room, client = served
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"token": "nobody"})
        assert "error" in ws.receive_json()


TWO_GROUPS = CLASS.replace("  - {name: Caravan, state: uz}\n",
                           "  - {name: Caravan, state: uz}\n  - {name: Falcons, state: kz}\n")


def test_a_change_in_one_group_is_news_to_its_teams_and_the_instructor_only(busan, tmp_path):
    """A class of 40 must not make every page fetch its view for each order sent anywhere."""
    import asyncio
    import json

    import websockets

    from .conftest import serving

    with serving(tmp_path, TWO_GROUPS) as (_, _, served):
        room = served.room

        async def listen(token: str) -> list[int]:
            got = []
            async with websockets.connect(served.base.replace("http", "ws") + "/ws") as ws:
                await ws.send(json.dumps({"token": token}))
                got.append(json.loads(await ws.recv())["version"])   # where the class stands
                await asyncio.sleep(0.3)
                with room.lock:   # as the server's own handlers do
                    room.toggle(room.seats["Eagles"], next(o.id for o in room.groups[0].game.options("kz")
                                                           if o.available))
                try:
                    while True:
                        got.append(json.loads(await asyncio.wait_for(ws.recv(), 1.0))["version"])
                except asyncio.TimeoutError:
                    return got

        eagles, falcons = room.seats["Eagles"], room.seats["Falcons"]
        assert (eagles.group, falcons.group) == (0, 1)
        assert len(asyncio.run(listen(falcons.token))) == 1, "another group's change is no news to Falcons"
        with room.lock:
            room.clear(eagles)
        assert len(asyncio.run(listen(room.instructor_token))) == 2, "the instructor hears of every group"
        with room.lock:
            room.clear(eagles)
        assert len(asyncio.run(listen(eagles.token))) == 2, "a team hears of its own group's changes"


def test_the_join_link_as_a_qr_code_is_for_the_instructor(served):
    room, client = served
    token = _join(room, client, "Eagles")
    assert client.get("/api/instructor/qr", headers=_auth(token)).status_code == 403
    assert client.get("/api/instructor/qr").status_code == 403
    r = client.get("/api/instructor/qr", headers=_auth(room.instructor_token))
    assert r.status_code == 200
    q = r.json()
    assert q["link"] == f"http://testserver/?code={room.join_code}"
    assert q["svg"].startswith("<svg") and "<script" not in q["svg"]
    import segno   # the image is the QR code of exactly that link

    assert segno.make(q["link"], error="m").matrix == segno.make(f"http://testserver/?code={room.join_code}",
                                                                  error="m").matrix
    assert q["svg"].count("<path") == 1


def test_a_request_sent_twice_is_carried_out_once(served):
    room, client = served
    token = _join(room, client, "Eagles")
    action = next(o["id"] for o in client.get("/api/team", headers=_auth(token)).json()["options"] if o["available"])
    once = {**_auth(token), "X-Request-Id": "a1b2c3d4e5f6"}
    assert client.post("/api/team/toggle", json={"action": action}, headers=once).status_code == 200
    again = client.post("/api/team/toggle", json={"action": action}, headers=once)
    assert again.status_code == 409 and "already carried out" in again.json()["error"]
    assert room.team_session(room.seats["Eagles"]).chosen == [action], "the choice was not dropped by the replay"
    fresh = {**_auth(token), "X-Request-Id": "f6e5d4c3b2a1"}
    assert client.post("/api/team/toggle", json={"action": action}, headers=fresh).status_code == 200
    assert client.post("/api/team/toggle", json={"action": action}, headers={**_auth(token), "X-Request-Id": "x"}) \
        .status_code == 400
    inst = {**_auth(room.instructor_token), "X-Request-Id": "msg-000001"}
    assert client.post("/api/instructor/message", json={"text": "Hello"}, headers=inst).status_code == 200
    assert client.post("/api/instructor/message", json={"text": "Hello"}, headers=inst).status_code == 409
    assert len(room.messages) == 1


def test_guessing_the_class_code_is_slowed_down(served):
    room, client = served
    for k in range(20):
        r = client.post("/api/join", json={"code": f"ZZZ{k:03d}", "team": "Eagles"})
        assert r.status_code == 403
    r = client.post("/api/join", json={"code": room.join_code, "team": "Eagles"})
    assert r.status_code == 429 and "Too many wrong class codes" in r.json()["error"]


def test_a_teams_view_travels_compressed(served):
    room, client = served
    token = _join(room, client, "Eagles")
    r = client.get("/api/team", headers={**_auth(token), "Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers.get("content-encoding") == "gzip"
    assert int(r.headers["content-length"]) < len(r.content) / 3, "compressed to well under a third"


def test_guesses_sent_all_at_once_are_counted_too(busan, tmp_path):
    import asyncio

    import httpx

    from .conftest import serving

    with serving(tmp_path, CLASS) as (_, _, served):
        async def burst() -> list[int]:
            async with httpx.AsyncClient(base_url=served.base, timeout=20) as client:
                replies = await asyncio.gather(*(client.post("/api/join", json={"code": f"WRONG{k:02d}",
                                                                                  "team": "Eagles"})
                                                 for k in range(60)))
                return [r.status_code for r in replies]
        codes = asyncio.run(burst())
        assert codes.count(403) <= 20 and codes.count(429) >= 40, codes


def test_the_instructor_saves_the_debrief_from_the_page(served):
    room, client = served
    token = _join(room, client, "Eagles")
    assert _answer_and_send(client, token).status_code == 200
    assert client.get("/api/instructor/debrief", headers=_auth(token)).status_code == 403
    r = client.get("/api/instructor/debrief", headers=_auth(room.instructor_token))
    assert r.status_code == 200
    d = r.json()
    assert d["file"] == "server-class-debrief.html"
    assert d["html"].startswith("<!doctype html>") and "Eagles (Kazakhstan)" in d["html"]
    assert "<script" not in d["html"]


def test_the_desktop_view_reads_back_as_the_sessions_views_and_gives_away_no_dice(served):
    """`greatgame join`'s view of a team: the play session's views, read back into the same
    dataclasses the window draws; its own state's part of the report; never the seed."""
    from game.classroom.remote import RemoteSession

    room, client = served
    eagles, caravan = _join(room, client, "Eagles"), _join(room, client, "Caravan")
    assert client.get("/api/team/desk").status_code == 403
    assert client.get("/api/team/desk", headers=_auth("forged-secret")).status_code == 403
    _answer_and_send(client, eagles)
    _answer_and_send(client, caravan)
    data = client.get("/api/team/desk", headers=_auth(eagles)).json()
    assert data["team"] == "Eagles" and data["state"] == "kz" and data["turn"] == 2
    assert [s["state"] for s in data["report"]["states"]] == ["kz"], "only its own state's part of the report"
    def keys(x):
        if isinstance(x, dict):
            for k, v in x.items():
                yield k
                yield from keys(v)
        elif isinstance(x, list):
            for v in x:
                yield from keys(v)
    assert not {"seed", "rng", "streams"} & set(keys(data)), "nothing that gives the dice away"

    class Local:   # the client, over the test's own connection
        token = eagles

        def desk(self):
            return client.get("/api/team/desk", headers=_auth(eagles)).json()

    session = RemoteSession(Local())  # type: ignore[arg-type]
    ts = room.team_session(room.seats["Eagles"])
    assert session.obs.turn == ts.obs.turn == 2 and session.obs.state_name == ts.obs.state_name
    assert [o.id for o in session.options] == [o.id for o in ts.options]
    assert [(o.available, o.reason) for o in session.options] == [(o.available, o.reason) for o in ts.options]
    assert session.budget_left() == ts.budget_left()
    assert [(i.id, round(i.value, 4)) for i in session.obs.indicators] == \
        [(i.id, round(i.value, 4)) for i in ts.obs.indicators]
    assert session.last_report.turn == 1 and session.last_report.states[0].changes
    ind = ts.obs.indicators[0]
    assert [c.text for c in session.explain(ind)[0]] == [c.text for c in ts.explain(ind)[0]]
    assert session.score_card().total == pytest.approx(ts.score_card().total, abs=1e-4)
    assert session.game.seed is None and session.game.date_label(2) == ts.game.date_label(2)
