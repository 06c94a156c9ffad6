"""Helpers for testing each panel of the main screen on its own (game.ui.panels): a stand-in for
the screen that holds it (StubHost, the panels' Host), the rect a panel would have on a 1280x720
window at a UI scale, and a game that refuses every call while a panel paints."""
from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from types import SimpleNamespace  # noqa: E402

import pygame  # noqa: E402

from game.session import PlaySession  # noqa: E402
from game.ui import theme as T  # noqa: E402
from game.ui.targets import Button  # noqa: E402

SCALES = (1.0, 1.1, 1.25)
WINDOW = (1280, 720)


class StubHost:
    """What a panel asks of its screen, kept in view: the buttons it makes, what it opens,
    toggles, toasts and refreshes."""

    def __init__(self, session: PlaySession, scale: float = 1.0):
        pygame.font.init()
        self.session = session
        self.theme = T.Theme(scale)
        self.theme.names = session.game.names
        self.flash = 0.0
        self.hover: str | None = None
        self.focused: str | None = None
        self.calls: list[tuple] = []

    def button(self, rect, label, action, tooltip=None, style=None, enabled=True, key=""):
        element = SimpleNamespace(rect=pygame.Rect(rect), text=label, visible=True)
        return Button(element, action, tooltip, enabled, key or f"button:{label}")

    def hovered(self, key: str) -> bool:
        return key == self.hover

    def lit(self, key: str) -> bool:
        return key in (self.hover, self.focused)

    def shown(self, key: str, value: float) -> float:
        return value

    def current_forecast(self):
        return self.session.preview if self.session.forecast_allowed else None

    def refresh(self) -> None:
        self.calls.append(("refresh",))

    def toast(self, text: str, kind: str = "info", seconds: float = 3.0) -> None:
        self.calls.append(("toast", text))

    def open(self, name: str, *args, **kwargs) -> None:
        self.calls.append(("open", name, *args))

    def focus(self, key: str) -> None:
        self.focused = key

    def toggle(self, action_id: str) -> None:
        changed, msg = self.session.toggle(action_id)
        self.calls.append(("toggle", action_id, changed))

    def who(self) -> str:
        return self.session.obs.state_name


def regions(th: T.Theme) -> dict[str, pygame.Rect]:
    """The parts of a 1280x720 window the main screen gives its panels (as its layout does)."""
    px = th.px
    w, h = WINDOW
    gap = px(T.GAP_S)
    top = pygame.Rect(0, 0, w, px(56))
    y0, y1 = top.bottom + gap, h - gap
    lw = max(px(300), min(int(w * 0.26), px(460)))
    rw = max(px(300), min(int(w * 0.25), px(460)))
    left = pygame.Rect(gap, y0, lw - gap, y1 - y0)
    right = pygame.Rect(w - rw, y0, rw - gap, y1 - y0)
    centre = pygame.Rect(left.right + gap, y0, right.x - gap - left.right - gap, y1 - y0)
    return {"top": top, "left": left, "right": right, "centre": centre}


def drawn(host: StubHost, panel) -> list[tuple[str, pygame.Rect]]:
    """Paint the panel alone on a window-sized surface; every string it drew, and where."""
    surf = pygame.Surface(WINDOW)
    host.theme.seen.clear()
    panel.draw(surf)
    return list(host.theme.seen)


def assert_inside(panel, seen=()) -> None:
    """Everything the panel laid out or drew is inside its rect."""
    for t in panel.targets():
        assert panel.rect.contains(t.rect), (type(panel).__name__, t.key, t.rect, panel.rect)
    for text, r in seen:
        assert panel.rect.contains(r), (type(panel).__name__, text, r, panel.rect)


class EngineCallDuringPainting(AssertionError):
    pass


class NoCalls:
    """A game that answers attribute reads but fails any method called on it: painting must ask
    the engine nothing."""

    def __init__(self, game):
        self._game = game

    def __getattr__(self, name):
        value = getattr(self._game, name)
        if callable(value):
            def refuse(*args, **kwargs):
                raise EngineCallDuringPainting(f"Game.{name} called while painting")
            return refuse
        return value


def painted_without_the_engine(host: StubHost, panel) -> list[tuple[str, pygame.Rect]]:
    """Paint the panel with a game that refuses every call; what it drew."""
    game = host.session.game
    host.session.game = NoCalls(game)
    try:
        return drawn(host, panel)
    finally:
        host.session.game = game


def key_event(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)
