"""What a panel of the main screen is: a part of the screen that lays itself out inside the rect the
screen gives it, draws itself from what it read when it laid itself out (it never asks the engine
while painting, and painting never changes the game), and answers for its own hot spots, buttons,
tooltips, keys and wheel. The screen (game.ui.scenes.main) only divides the window among its
panels, routes input to them and owns the play session; a panel reaches the screen through `Host`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

import pygame

from .. import theme as T
from ..targets import Button, Spot, Target, Tip, TipLines, tip_of
from ..targets import target_at as find_target

if TYPE_CHECKING:
    from game.engine.views import Preview
    from game.session import PlaySession


class Host(Protocol):
    """What a panel asks of the screen that holds it."""

    theme: T.Theme
    session: "PlaySession"
    flash: float   # 1 just after a turn resolved, fading to 0: changes are shown brighter meanwhile

    def button(self, rect: pygame.Rect, label: str, action: Callable[[], None], tooltip: Tip = None,
               style: str | None = None, enabled: bool = True, key: str = "") -> Button:
        """A pygame_gui button on the screen (the screen keeps it with its own)."""

    def hovered(self, key: str) -> bool:
        """Whether the mouse rests on the target with this key."""

    def lit(self, key: str) -> bool:
        """Whether the target with this key is hovered, or has the keyboard's focus (shown)."""

    def shown(self, key: str, value: float) -> float:
        """The value to draw for `key` while the numbers roll from last turn's: `value` once still."""

    def current_forecast(self) -> "Preview | None":
        """The forecast of the orders as they stand, or None while there is none to show."""

    def refresh(self) -> None:
        """Lay the screen out again (what a panel shows changed)."""

    def toast(self, text: str, kind: str = "info", seconds: float = 3.0) -> None: ...

    def open(self, name: str, *args, **kwargs) -> None:
        """Put the scene called `name` over the screen."""

    def focus(self, key: str) -> None:
        """Give the keyboard's focus to the target with this key."""

    def toggle(self, action_id: str) -> None:
        """Choose or drop an action, saying why not when it cannot be chosen."""

    def who(self) -> str:
        """Who plays, as the top bar names them (a team at a shared keyboard, a state)."""


class Panel:
    """One panel. Subclasses fill `arrange` (place what they show inside `self.rect`, make their
    spots and buttons, and read from the session everything `draw` paints) and `draw`."""

    def __init__(self, host: Host):
        self.host = host
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.spots: list[Spot] = []
        self.buttons: list[Button] = []

    @property
    def th(self) -> T.Theme:
        return self.host.theme

    @property
    def session(self) -> "PlaySession":
        return self.host.session

    def px(self, n: float) -> int:
        return self.host.theme.px(n)

    # --- layout -----------------------------------------------------------------------------------

    def layout(self, rect: pygame.Rect) -> None:
        """Lay the panel out inside `rect`: every spot, button and line it draws stays inside."""
        self.rect = pygame.Rect(rect)
        self.spots = []
        self.buttons = []
        self.arrange()

    def arrange(self) -> None:
        """Place the panel's contents inside `self.rect`."""

    def spot(self, rect: pygame.Rect, key: str, action: Callable[[], None] | None = None, tooltip: Tip = None,
             focus: bool = True, enabled: bool = True) -> Spot:
        s = Spot(pygame.Rect(rect), key, action, tooltip, focus, enabled)
        self.spots.append(s)
        return s

    def button(self, rect: pygame.Rect, label: str, action: Callable[[], None], tooltip: Tip = None,
               style: str | None = None, enabled: bool = True, key: str = "") -> Button:
        b = self.host.button(pygame.Rect(rect), label, action, tooltip, style=style, enabled=enabled, key=key)
        self.buttons.append(b)
        return b

    # --- painting ---------------------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        """Paint the panel from what `arrange` read (no engine call, no change to the game)."""

    # --- input ------------------------------------------------------------------------------------

    def targets(self) -> list[Target]:
        """The panel's buttons and spots, later ones over earlier ones."""
        return [*self.buttons, *self.spots]

    def target_at(self, pos: tuple[int, int]) -> Target | None:
        """What the mouse at `pos` is on: a visible button first, then the last spot laid there."""
        return find_target(self.buttons, self.spots, pos)

    def tooltip_at(self, pos: tuple[int, int]) -> str | TipLines | None:
        """The tooltip the mouse at `pos` would show."""
        return tip_of(self.target_at(pos))

    def focus_targets(self) -> list[Target]:
        """What Tab may visit in this panel."""
        return [b for b in self.buttons if b.enabled and b.visible] + \
            [s for s in self.spots if s.focus and s.action is not None]

    def on_key(self, event: pygame.event.Event) -> bool:
        """A key the screen routes here; True if the panel used it."""
        return False

    def on_wheel(self, dy: int) -> bool:
        """The wheel turned with the mouse over the panel; True if it used it."""
        return False

    def update(self, dt: float) -> None:
        """Time passes (a number being typed)."""
