"""What the mouse and the keyboard reach on a screen: pygame_gui buttons and drawn hot spots, each
with its action, its tooltip and its key (its name in the focus order). Screens and the main
screen's panels make them; the window routes clicks, keys and hovering to them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence, Union

import pygame
from pygame_gui.elements import UIButton

# A tooltip is a string, or lines of (text, role, colour), or a function returning either.
TipLines = Sequence[tuple[str, str, tuple]]
Tip = Union[str, TipLines, Callable[[], Union[str, TipLines]], None]


@dataclass(eq=False)
class Button:
    """A pygame_gui button with the scene's callback, tooltip and place in the focus order."""

    element: UIButton
    action: Callable[[], None]
    tooltip: Tip = None
    enabled: bool = True
    key: str = ""

    @property
    def rect(self) -> pygame.Rect:
        return pygame.Rect(self.element.rect)

    @property
    def text(self) -> str:
        return self.element.text

    @property
    def visible(self) -> bool:
        return bool(self.element.visible)


@dataclass(eq=False)
class Spot:
    """A drawn area that reacts to the mouse and keyboard: a card, a map marker, a number."""

    rect: pygame.Rect
    key: str
    action: Callable[[], None] | None = None
    tooltip: Tip = None
    focus: bool = True
    enabled: bool = True
    data: dict = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return True


Target = Union[Button, Spot]


def tip_of(target: Target | None) -> str | TipLines | None:
    """A target's tooltip as text or lines (a function is asked now), or None."""
    if target is None or not target.tooltip:
        return None
    tip = target.tooltip() if callable(target.tooltip) else target.tooltip
    return tip or None


def target_at(buttons: Sequence[Button], spots: Sequence[Spot], pos: tuple[int, int]) -> Target | None:
    """What the mouse at `pos` is on: a visible button first, then the last spot laid there."""
    for b in reversed(buttons):
        if b.visible and b.rect.collidepoint(pos):
            return b
    for s in reversed(spots):
        if s.rect.collidepoint(pos):
            return s
    return None
