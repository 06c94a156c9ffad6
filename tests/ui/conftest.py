"""Headless UI tests: no screen, no sound; synthetic input events; saves in a temporary home."""
from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import shutil  # noqa: E402
from argparse import Namespace  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "scenarios" / "mini.yaml"
DT = 1 / 60


class Driver:
    """Feeds an App the events a player would make, and reads back what the player would see."""

    def __init__(self, app):
        self.app = app

    # --- input --------------------------------------------------------------------------------
    def pump(self, frames: int = 2) -> None:
        """Deliver what pygame_gui posted (button presses) and draw."""
        for _ in range(frames):
            self.app.step(pygame.event.get(), DT, force=True)

    def send(self, *events) -> None:
        self.app.step(list(events), DT, force=True)
        self.pump()

    def move(self, pos) -> None:
        self.send(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))

    def click(self, pos, button: int = 1) -> None:
        pos = (int(pos[0]), int(pos[1]))
        self.move(pos)
        self.app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button)], DT, force=True)
        self.app.step([pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button)], DT, force=True)
        self.pump()

    def key(self, k: int, mod: int = 0, unicode: str = "") -> None:
        self.send(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0),
                  pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))
        if getattr(self.app.top, "typed", ""):   # a card's number that a second digit could extend: let it pass
            self.pump(int(1 / DT))

    def digits(self, number: int) -> None:
        """Type an action's number on the main screen, digit by digit, as a player does."""
        for d in str(number):
            self.send(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_0 + int(d), mod=0, unicode=d, scancode=0),
                      pygame.event.Event(pygame.KEYUP, key=pygame.K_0 + int(d), mod=0, unicode=d, scancode=0))
        if getattr(self.app.top, "typed", ""):
            self.pump(int(1 / DT))

    def answer(self, n: int = 1) -> None:
        """Give the open question its n-th answer, deliberately: its number, then Enter."""
        self.key(pygame.K_0 + n)
        self.key(pygame.K_RETURN)

    def end_turn(self) -> None:
        """Enter on the main screen, and Enter again if it asks about capital left unspent."""
        self.key(pygame.K_RETURN)
        if self.app.top is not None and self.app.top.name == "confirm":
            self.key(pygame.K_RETURN)

    def play_until_news(self, session, turns: int = 3) -> None:
        """End turns (answering every question with its first answer) until the news has an item."""
        for _ in range(turns):
            self.end_turn()
            self.key(pygame.K_RETURN)
            while self.app.top.name == "decision":
                self.answer()
            if session.obs.news:
                return

    def type(self, text: str) -> None:
        for ch in text:
            self.send(pygame.event.Event(pygame.TEXTINPUT, text=ch))

    def wheel(self, pos, dy: int) -> None:
        self.move(pos)
        self.send(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=dy, flipped=False, precise_x=0.0,
                                     precise_y=float(dy)))

    # --- what the player sees -------------------------------------------------------------------
    @property
    def top(self):
        return self.app.top

    def text(self) -> str:
        self.app.step([], 0.0, force=True)
        return "\n".join(self.app.visible_text())

    def sees(self, s: str) -> bool:
        return s in self.text()

    def button(self, label: str):
        """The visible button whose label starts with `label`."""
        for b in self.top.buttons:
            if b.visible and b.text.startswith(label):
                return b
        raise AssertionError(f"no button '{label}' on {self.top.name}: "
                             f"{[b.text for b in self.top.buttons]}")

    def press(self, label: str) -> None:
        b = self.button(label)
        assert b.enabled, f"button '{label}' is disabled"
        self.click(b.rect.center)

    def where(self, s: str) -> pygame.Rect:
        """Where the text `s` was drawn in the last frame."""
        self.app.step([], 0.0, force=True)
        for t, r in self.app.theme.seen:
            if t == s or t.startswith(s):
                return r
        raise AssertionError(f"'{s}' is not on screen")

    def click_text(self, s: str) -> None:
        self.click(self.where(s).center)

    def choose_scenario(self, title: str) -> None:
        """On the new-game screen: scroll the scenario list until `title` shows, as a player would,
        and click it."""
        for _ in range(30):
            if self.sees(title):
                break
            self.wheel(self.app.top.list_rect.center, -1)
        self.click_text(title)


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("GREATGAME_HOME", str(h))
    (h / "scenarios").mkdir()
    shutil.copy(MINI, h / "scenarios" / "mini.yaml")
    return h


@pytest.fixture
def app(home):
    from game.ui.app import App
    from game.ui.settings import Settings

    a = App((1280, 720), Settings(), headless=True)
    yield a
    pygame.display.quit()


@pytest.fixture
def drv(app):
    return Driver(app)


def play_args(**kw) -> Namespace:
    base = dict(text=False, scenario=None, state=None, seed=None, difficulty="normal", fictional=False, load=None,
                class_file=None)
    base.update(kw)
    return Namespace(**base)


@pytest.fixture
def mini_main(app, drv):
    """A mini game as Pland, seed 1, on the main screen."""
    app.open_from_args(play_args(scenario=str(MINI), state="p", seed=1))
    drv.pump()
    assert app.top.name == "briefing"
    drv.key(pygame.K_RETURN)
    assert app.top.name == "main"
    return app.top


def busan_entry(app):
    """The default scenario as the window lists it."""
    return next(e for e in app.catalogue() if e.id == "busan_pause")


def until_decision(app, drv):
    """Play the mini game on the main screen (taking deal_b whenever it can) until a question comes."""
    s = next(x for x in reversed(app.stack) if x.name == "main").session
    while not s.pending():
        if "deal_b" not in s.chosen and s.why_not("deal_b") is None:
            s.toggle("deal_b")
        drv.end_turn()
        if app.top.name == "report":
            drv.key(pygame.K_RETURN)
        assert not s.over
    return s


def busan_main(app, drv):
    """A busan_pause game as its first playable state, seed 3, on the main screen with the first
    turn's questions left for later; returns its play session."""
    entry = busan_entry(app)
    s = app.start_game(entry, next(st.id for st in entry.scenario.model.states if st.playable), 3, "normal")
    app.open_session(s)
    drv.pump()
    while app.top.name != "main":
        drv.press("Decide later")
    return s
