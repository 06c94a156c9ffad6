"""A hosted class in a real browser: the class server on uvicorn on this machine, one team and the
instructor in headless Chromium (the system's package, driven by Playwright), another team as an
HTTP and WebSocket client. The class is played to its end, survives its server being stopped
mid-turn, and its debrief opens in the browser.

CI installs Chromium (.ci/run); without it these tests fail under CI and are skipped elsewhere,
saying how to install it. With GREATGAME_SCREENSHOTS=DIR they also save screenshots of the team
page, the instructor page and the debrief into DIR (docs/screenshots/ in the repo).
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest

from game.classroom.classroom import Classroom
from game.cli import main

from .conftest import serving

CLASS = """title: Browser class
scenario: busan_pause
seed: 5
turns: 3
teams:
  - {name: Eagles, state: kz}
  - {name: Caravan, state: uz}
injects:
  - {turn: 2, event: price_crash}
"""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        message = "no Chromium on this machine: install it (Debian: apt-get install chromium) to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else \
        __import__("playwright.sync_api", fromlist=["sync_playwright"])
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def hosted(busan, tmp_path):
    with serving(tmp_path, CLASS) as (path, loaded, served):
        yield path, loaded, served


class HttpTeam:
    """A team that plays from a script: HTTP for its orders, a WebSocket to hear of changes."""

    def __init__(self, base: str, code: str, team: str):
        self.client = httpx.Client(base_url=base, timeout=20)
        r = self.client.post("/api/join", json={"code": code, "team": team})
        assert r.status_code == 200, r.text
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}
        self.token = r.json()["token"]

    def view(self) -> dict:
        return self.client.get("/api/team", headers=self.headers).json()

    def answer_and_send(self) -> None:
        for d in self.view()["obs"]["decisions"]:
            opt = next(o for o in d["options"] if o["available"])
            r = self.client.post("/api/team/answer", json={"decision": d["id"], "option": opt["id"]}, headers=self.headers)
            assert r.status_code == 200, r.text
        r = self.client.post("/api/team/send", json={}, headers=self.headers)
        assert r.status_code == 200, r.text


async def _versions(base: str, token: str, count: int, seconds: float) -> list[int]:
    import websockets

    got = []
    async with websockets.connect(base.replace("http", "ws") + "/ws") as ws:
        await ws.send(json.dumps({"token": token}))
        deadline = time.monotonic() + seconds
        while len(got) < count and time.monotonic() < deadline:
            try:
                msg = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
            got.append(msg["version"])
    return got


def _wait(page, condition: str, timeout: int) -> None:
    """Wait for `condition` on the page; on time-out, fail saying what the page shows."""
    try:
        page.wait_for_function(condition, timeout=timeout)
    except Exception as exc:
        shown = page.evaluate("['#status', '#sendbox', '#turn'].map(s => { const e = document.querySelector(s); "
                              "return s + ': ' + (e ? e.textContent : '(none)'); }).join(' | ')")
        raise AssertionError(f"waited {timeout} ms for {condition}; the page shows {shown}") from exc


def _shoot(page, name: str) -> None:
    folder = os.environ.get("GREATGAME_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def _choose_an_action(page) -> str:
    """Click open actions until one is taken (one the budget left allows); returns its name."""
    for k in range(page.locator("button[data-action]:not([disabled])").count()):
        button = page.locator("button[data-action]:not([disabled])").nth(k)
        ident = button.get_attribute("data-action")
        name = button.locator("xpath=..").locator("b").first.inner_text()
        page.evaluate("document.querySelector('#status').className = ''")
        button.click()
        page.wait_for_function("(id) => document.querySelector(`button[data-action='${id}']`).textContent === 'Drop'"
                               " || document.querySelector('#status')?.className === 'bad'", arg=ident)
        if page.locator(f"button[data-action='{ident}']").inner_text() == "Drop":
            return name
        assert page.locator("#status").inner_text(), "a refused choice says why"
    raise AssertionError("no action could be chosen")


def _browser_team_plays_its_turn(page) -> str:
    """Answer every question with its first open answer, choose an action, send."""
    for i in range(page.locator("#questions .card").count()):
        page.locator("#questions .card").nth(i).locator("button[data-answer]:not([disabled])").first.click()
        page.wait_for_function(f"document.querySelectorAll('#questions .card')[{i}]"
                               ".querySelector('button.primary[data-answer]') !== null")
    name = _choose_an_action(page)
    page.wait_for_function("document.querySelector('#sendbox')?.textContent.includes('Chosen: ')")
    before = page.locator("#turn").inner_text()
    page.locator("#send").click()
    page.wait_for_function("(t) => document.querySelector('#sendbox')?.textContent.includes('Orders sent.') || "
                           "document.querySelector('#turn')?.textContent !== t", arg=before)
    return name


def test_a_class_played_to_its_end_in_a_real_browser(browser, hosted, capsys):
    path, loaded, served = hosted
    room = served.room
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    team = context.new_page()
    team.goto(served.base + "/?code=" + room.join_code)   # the QR code's link: the code is filled in
    team.wait_for_selector("button[data-team='Eagles']")
    assert team.locator("#title").inner_text() == "Browser class"
    assert team.input_value("#code") == room.join_code
    team.click("button[data-team='Eagles']")
    team.wait_for_url("**/team#k=*")
    team.wait_for_function("document.querySelector('#turn')?.textContent.startsWith('Turn 1 of 3')")
    assert "Eagles · Kazakhstan · Group 1" in team.locator("#who").inner_text()
    assert team.locator("#indicators tr").count() > 10
    assert team.locator("#powers .card").count() == 3
    caravan = HttpTeam(served.base, room.join_code, "Caravan")

    desk = browser.new_context(viewport={"width": 1280, "height": 900})   # the instructor's own device
    instructor = desk.new_page()
    instructor.goto(f"{served.base}/instructor#k={room.instructor_token}")
    instructor.wait_for_function("document.querySelectorAll('#groups tr').length === 3")
    assert "Class code: " + room.join_code in instructor.locator("#code").inner_text()
    assert "yes" in instructor.locator("#groups tr", has_text="Eagles").inner_text(), "Eagles has joined"
    instructor.wait_for_function("document.querySelector('#qr').naturalWidth > 100")
    assert instructor.locator("#join-link").inner_text() == f"{served.base}/?code={room.join_code}"

    # Turn 1: the browser team sends, then the other team; every page hears of the new turn.
    chosen = _browser_team_plays_its_turn(team)
    team.wait_for_function("document.querySelector('#forecast-box')?.hidden || "
                           "document.querySelector('#forecast')?.textContent.length > 20")
    instructor.wait_for_function("document.querySelector('#groups')?.textContent.includes('sent')")
    _shoot(instructor, "class-instructor.png")
    caravan.answer_and_send()
    team.wait_for_function("document.querySelector('#turn')?.textContent.startsWith('Turn 2 of 3')", timeout=20000)
    assert chosen in team.locator("#report").inner_text(), "last turn's report names the team's action"
    # the turn-2 inject is in the turn's news (the browser team reads it in turn 2's report, below)
    assert "price crash" in json.dumps(caravan.view()["obs"]["news"]).lower(), caravan.view()["obs"]["news"]
    _shoot(team, "class-team.png")

    # Turn 2: the instructor resolves with Caravan's state played by the computer.
    _browser_team_plays_its_turn(team)
    instructor.click("#resolve")
    team.wait_for_function("document.querySelector('#turn')?.textContent.startsWith('Turn 3 of 3')", timeout=20000)
    instructor.wait_for_function("document.querySelector('#log')?.textContent.includes('resolved')", timeout=20000)
    report = team.locator("#report").inner_text()
    assert report.startswith("Turn 2") and "Rare-earth price crash" in report, report   # the inject reached it

    # Turn 3, the last: Caravan hears the turn end over its WebSocket.
    _browser_team_plays_its_turn(team)
    listening = threading.Thread(target=lambda: heard.extend(asyncio.run(_versions(served.base, caravan.token, 2, 20))))
    heard: list[int] = []
    listening.start()
    time.sleep(0.5)
    caravan.answer_and_send()
    team.wait_for_function("document.querySelector('#turn')?.textContent === 'Game over'", timeout=20000)
    listening.join(25)
    assert len(heard) >= 2 and heard == sorted(heard), heard
    assert "The game is over:" in team.locator("#sendbox").inner_text()
    assert "For the debrief" in team.locator("#sendbox").inner_text()
    assert caravan.view()["over"]

    # The instructor saves the debrief from the page; the command writes the same page.
    with instructor.expect_download() as got:
        instructor.click("#debrief")
    assert got.value.suggested_filename == "browser-class-debrief.html"
    assert "Eagles (Kazakhstan)" in Path(got.value.path()).read_text()
    # The debrief of the class opens in the same browser.
    assert main(["report", str(path)]) == 0
    capsys.readouterr()
    debrief = context.new_page()
    debrief.goto(path.with_name("seminar-debrief.html").as_uri())
    assert debrief.locator("h1").inner_text() == "Debrief: Browser class"
    assert debrief.locator("svg").count() >= 4
    assert "Eagles (Kazakhstan)" in debrief.locator("body").inner_text()
    _shoot(debrief, "class-debrief.png")
    context.close()
    desk.close()


def test_a_server_stopped_mid_turn_resumes_and_the_page_keeps_its_choices(browser, hosted):
    path, loaded, served = hosted
    room = served.room
    context = browser.new_context()
    team = context.new_page()
    team.goto(served.base + "/")
    team.fill("#code", room.join_code)
    team.click("button[data-team='Eagles']")
    team.wait_for_url("**/team#k=*")
    team.wait_for_function("document.querySelector('#turn')?.textContent.startsWith('Turn 1 of 3')")
    name = _choose_an_action(team)

    served.stop()   # the instructor's laptop closes mid-turn
    _wait(team, "document.querySelector('#status')?.textContent.includes('Reconnecting')", 15000)
    served.start(Classroom.resume(loaded, path.with_name("seminar-session")))
    assert httpx.get(served.base + "/api/class", timeout=10).status_code == 200
    team.reload()   # the same address: the secret is in the page's address
    _wait(team, "document.querySelector('#sendbox')?.textContent.includes('Chosen: ')", 30000)
    assert name in team.locator("#sendbox").inner_text(), "the unsent choice came back after the restart"

    # A forged link gets a clear refusal on the page, not a broken one.
    stranger = context.new_page()
    stranger.goto(served.base + "/team#k=forged-secret")
    stranger.wait_for_function("document.querySelector('#status')?.className === 'bad'")
    assert "not" in stranger.locator("#status").inner_text().lower()
    context.close()
