"""What every screen shares: its widgets (pygame_gui buttons and drawn hot spots), keyboard focus,
hover targets for tooltips, and scrolling.

A scene's `handle_event` returns True when it used the event; `update(dt)` advances only what is on
screen (animations, timers); `draw(surface)` paints and never changes the game.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIContainer
from pygame_gui.elements import UIButton

from .. import draw as D
from .. import theme as T
from ..targets import Button, Spot, Target, Tip
from ..targets import target_at as find_target

if TYPE_CHECKING:
    from ..app import App


class Scene:
    """One screen. Subclasses fill `layout()` and `draw_scene()`."""

    opaque = True        # paints the whole window
    modal = False        # drawn over a dimmed picture of the scenes below
    toasts_on_top = False  # a modal scene whose own actions report in toasts shows them above it
    name = "scene"
    confirm_key = ""     # the button Enter presses when nothing has the focus
    back_key = "back"    # the button Esc presses
    scroll_rebuilds = False  # a scene whose hot spots move with its scroll lays out again

    def __init__(self, app: "App"):
        self.app = app
        self.buttons: list[Button] = []
        self.spots: list[Spot] = []
        self.container: UIContainer | None = None
        self.focus_key: str | None = None
        self.scroll = 0
        self.scroll_max = 0

    # --- plumbing ---------------------------------------------------------------------------------

    @property
    def th(self) -> T.Theme:
        return self.app.theme

    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    def px(self, n: float) -> int:
        return self.app.theme.px(n)

    def build(self) -> None:
        """Create the widgets for the current window size and scale (on entry and on relayout)."""
        self.teardown()
        w, h = self.size
        self.container = UIContainer(pygame.Rect(0, 0, w, h), self.app.manager, starting_height=1)
        self.buttons = []
        self.spots = []
        self.layout()

    def teardown(self) -> None:
        if self.container is not None:
            self.container.kill()
            self.container = None
        self.buttons = []

    def layout(self) -> None:
        """Make buttons and static spots. Called by build()."""

    def refresh(self) -> None:
        """Rebuild after the data shown changed (cheap enough to call on any change)."""
        self.build()
        self.app.invalidate()

    def show(self, visible: bool) -> None:
        if self.container is not None:
            if visible:
                self.container.show()
            else:
                self.container.hide()

    def on_enter(self) -> None:
        pass

    def on_uncover(self) -> None:
        """Called when the scene above it is closed."""

    def on_exit(self) -> None:
        pass

    def button(self, rect: pygame.Rect, label: str, action: Callable[[], None], tooltip: Tip = None,
               style: str | None = None, enabled: bool = True, key: str = "") -> Button:
        el = UIButton(pygame.Rect(rect), label, self.app.manager, container=self.container,
                      object_id=ObjectID(class_id=f"@{style}") if style else None)
        if not enabled:
            el.disable()
        b = Button(el, action, tooltip, enabled, key or f"button:{label}")
        self.buttons.append(b)
        return b

    def spot(self, rect: pygame.Rect, key: str, action: Callable[[], None] | None = None,
             tooltip: Tip = None, focus: bool = True, enabled: bool = True, **data) -> Spot:
        s = Spot(pygame.Rect(rect), key, action, tooltip, focus, enabled, data)
        self.spots.append(s)
        return s

    # --- targets, focus and hover -----------------------------------------------------------------

    def focusables(self) -> list[Target]:
        """What Tab visits, in reading order: top to bottom, and left to right along a row."""
        out: list[Target] = [b for b in self.buttons if b.enabled and b.visible]
        out += [s for s in self.spots if s.focus and s.action is not None]
        row = max(1, self.px(16))
        return sorted(out, key=lambda t: (t.rect.centery // row, t.rect.x))

    def focused(self) -> Target | None:
        if self.focus_key is None:
            return None
        return next((t for t in self.focusables() if t.key == self.focus_key), None)

    def target_at(self, pos: tuple[int, int]) -> Target | None:
        return find_target(self.buttons, self.spots, pos)

    def move_focus(self, direction: str) -> None:
        items = self.focusables()
        if not items:
            return
        cur = self.focused()
        if cur is None:
            self.focus_key = items[0].key
            self.on_focus(items[0])
            return
        if direction in ("next", "prev"):
            i = items.index(cur)
            nxt = items[(i + (1 if direction == "next" else -1)) % len(items)]
        else:
            nxt = _nearest(cur, items, direction) or cur
        self.focus_key = nxt.key
        self.on_focus(nxt)

    def on_focus(self, target: Target) -> None:
        """Keep the focused target in view (scrolling scenes override)."""

    def activate(self, target: Target) -> None:
        if not target.enabled or target.action is None:
            return
        self.app.invalidate()
        target.action()

    # --- events -----------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for b in self.buttons:
                if b.element is event.ui_element:
                    self.focus_key = b.key
                    self.activate(b)
                    return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for s in reversed(self.spots):
                if s.rect.collidepoint(event.pos) and s.action is not None:
                    if s.focus:
                        self.focus_key = s.key
                    self.activate(s)
                    return True
            return False
        if event.type == pygame.MOUSEWHEEL:
            return self.on_wheel(event.y)
        if event.type == pygame.KEYDOWN:
            return self.on_key(event)
        return False

    def on_wheel(self, dy: int) -> bool:
        if self.scroll_max > 0:
            self.scroll = max(0, min(self.scroll_max, self.scroll - dy * self.px(48)))
            if self.scroll_rebuilds:
                self.build()
            self.app.invalidate()
            return True
        return False

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        if k == pygame.K_TAB:
            self.move_focus("prev" if shift else "next")
            return True
        arrows = {pygame.K_LEFT: "left", pygame.K_RIGHT: "right", pygame.K_UP: "up", pygame.K_DOWN: "down"}
        if k in arrows:
            self.move_focus(arrows[k])
            return True
        if k in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
            t = self.focused()
            if t is not None:
                self.activate(t)
                return True
            return self.on_confirm() if k != pygame.K_SPACE else False
        if k == pygame.K_ESCAPE:
            return self.on_back()
        if k in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and self.scroll_max > 0:
            page = self.size[1] // 2
            self.scroll = max(0, min(self.scroll_max, self.scroll + (page if k == pygame.K_PAGEDOWN else -page)))
            self.app.invalidate()
            return True
        return False

    def press(self, key: str) -> bool:
        """Activate the visible, enabled button with this key; False if there is none."""
        b = next((b for b in self.buttons if b.key == key and b.visible), None)
        if b is None or not b.enabled:
            return False
        self.activate(b)
        return True

    def on_confirm(self) -> bool:
        """Enter with nothing focused: the scene's confirm button, if it has one."""
        return self.press(self.confirm_key) if self.confirm_key else False

    def on_back(self) -> bool:
        """Esc: the scene's back button, if it has one."""
        return self.press(self.back_key) if self.back_key else False

    # --- pieces many screens share --------------------------------------------------------------

    def back_button(self, label: str = "Back", action: Callable[[], None] | None = None,
                    tooltip: Tip = "Key: Esc", width: int = 140, style: str | None = None,
                    key: str = "back", enabled: bool = True) -> Button:
        """The button at the foot on the left (Esc presses it when its key is the back key)."""
        w, h = self.size
        bh = self.px(44)
        return self.button(pygame.Rect(self.px(48), h - self.px(24) - bh, self.px(width), bh), label,
                           action or self.app.pop, tooltip, style=style, enabled=enabled, key=key)

    def main_button(self, label: str, action: Callable[[], None], tooltip: Tip = None, key: str = "ok",
                    width: int = 200, enabled: bool = True, style: str | None = "primary",
                    slot: int = 0) -> Button:
        """A button at the foot on the right; slot 0 is the rightmost, 1 the one left of it (as wide)…"""
        w, h = self.size
        bh, bw = self.px(44), self.px(width)
        x = w - self.px(48) - bw - slot * (bw + self.px(10))
        return self.button(pygame.Rect(x, h - self.px(24) - bh, bw, bh), label, action, tooltip, style=style,
                           enabled=enabled, key=key)

    def draw_header(self, surf: pygame.Surface, kicker: str, title: str, width: int | None = None,
                    colour=T.ACCENT) -> int:
        """The kicker and title at the top left of a full screen; returns the y under them."""
        return D.header(surf, self.th, kicker, title, self.px(48), self.px(36),
                        width if width is not None else self.size[0] - self.px(96), colour)

    def list_rows(self, rect: pygame.Rect, count: int, row_h: int, scroll: int = 0) -> list[tuple[int, pygame.Rect]]:
        """The rows of a picking list that show whole in `rect` when scrolled by `scroll` pixels."""
        gap = self.px(6)
        out = []
        for i in range(count):
            r = pygame.Rect(rect.x, rect.y + i * (row_h + gap) - scroll, rect.w, row_h)
            if r.y >= rect.y - 2 and r.bottom <= rect.bottom + 2:
                out.append((i, r))
        return out

    def list_scroll_max(self, rect: pygame.Rect, count: int, row_h: int) -> int:
        return max(0, count * (row_h + self.px(6)) - self.px(6) - rect.h)

    def toast_anchor(self) -> tuple[int, int, bool]:
        """Where messages stack: (centre x, y, downwards). By default up from above the buttons at
        the foot of the screen."""
        return self.size[0] // 2, self.size[1] - self.px(84), False

    # --- frame ------------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        pass

    def animating(self) -> bool:
        return False

    def skip_animation(self) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_scene(surface)

    def draw_scene(self, surface: pygame.Surface) -> None:
        surface.fill(T.BG)

    def draw_focus(self, surface: pygame.Surface) -> None:
        t = self.focused()
        if t is not None and self.app.show_focus:
            D.focus_ring(surface, self.th, t.rect)

    def visible_text(self) -> list[str]:
        """Every string the player can read on this scene: drawn text and visible button labels."""
        out = [s for s, _ in self.th.seen]
        out += [b.text for b in self.buttons if b.visible]
        return out


def _nearest(cur: Target, items: list[Target], direction: str) -> Target | None:
    cx, cy = cur.rect.center
    best, best_d = None, None
    for t in items:
        if t is cur:
            continue
        x, y = t.rect.center
        dx, dy = x - cx, y - cy
        if direction == "left" and dx >= -2 or direction == "right" and dx <= 2:
            continue
        if direction == "up" and dy >= -2 or direction == "down" and dy <= 2:
            continue
        along, across = (abs(dx), abs(dy)) if direction in ("left", "right") else (abs(dy), abs(dx))
        d = along + 2.5 * across
        if best_d is None or d < best_d:
            best, best_d = t, d
    return best
