"""Settings: window size, full screen, UI scale, fictional country names. Applied at once and kept
in the player's settings.json.
"""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from ..settings import UI_SCALES, WINDOW_SIZES
from .base import Scene


def th_line(scene) -> int:
    return scene.th.line_height("tiny")


class SettingsScene(Scene):
    name = "settings"

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        st = self.app.settings
        x = px(48) + px(240)
        self.rows_y = {}
        y = px(130)
        self.rows_y["window"] = y
        bx = x
        for size in WINDOW_SIZES:
            label = f"{size[0]}×{size[1]}"
            on = tuple(st.window) == size and not st.fullscreen
            fits = self.app.window_fits(size)
            self.button(pygame.Rect(bx, y, px(120), px(36)), label, lambda s=size: self.app.set_window(s, False),
                        f"A {label} window." if fits else f"Larger than this screen ({self.app.desktop[0]}×"
                        f"{self.app.desktop[1]}).", style="chip_on" if on else "chip", key=f"size:{label}",
                        enabled=fits)
            bx += px(128)
        y += px(64)
        self.rows_y["fullscreen"] = y
        self.button(pygame.Rect(x, y, px(120), px(36)), "On" if st.fullscreen else "Off", self.toggle_fullscreen,
                    "Fill the screen. Key: F11", style="chip_on" if st.fullscreen else "chip", key="fullscreen")
        y += px(64)
        # The − and + buttons line up with the other rows; after a step the focus stays on the
        # button pressed, so Enter or Space steps again.
        self.rows_y["scale"] = y
        cy = y + px(18)
        self.scale_centres = (x + px(22), x + px(172), cy)
        self.scale_hint_y = y + px(40)
        for cx, label, fn, tip, key in ((self.scale_centres[0], "–", lambda: self.step_scale(-1), "Smaller",
                                         "scale_down"),
                                        (self.scale_centres[1], "+", lambda: self.step_scale(1), "Larger",
                                         "scale_up")):
            r = pygame.Rect(0, 0, px(44), px(36))
            r.center = (cx, cy)
            self.button(r, label, fn, tip, style="chip", key=key)
        y += px(64)
        self.rows_y["fictional"] = y
        self.button(pygame.Rect(x, y, px(120), px(36)), "On" if st.fictional else "Off", self.toggle_fictional,
                    "Invented country names in new games (for classrooms).",
                    style="chip_on" if st.fictional else "chip", key="fictional")
        bh = px(44)
        self.button(pygame.Rect(px(48), h - px(24) - bh, px(140), bh), "Back", self.app.pop, "Key: Esc",
                    style="primary", key="back")
        self.focus_key = self.focus_key or "back"

    def toggle_fullscreen(self) -> None:
        self.app.set_window(fullscreen=not self.app.settings.fullscreen)

    def toggle_fictional(self) -> None:
        self.app.settings.fictional = not self.app.settings.fictional
        self.app.settings.save()
        self.refresh()

    def step_scale(self, d: int) -> None:
        cur = self.app.settings.ui_scale
        i = min(range(len(UI_SCALES)), key=lambda k: abs(UI_SCALES[k] - cur))
        i = max(0, min(len(UI_SCALES) - 1, i + d))
        self.focus_key = "scale_up" if d > 0 else "scale_down"   # Enter or Space steps again
        if UI_SCALES[i] != cur:
            self.app.set_ui_scale(UI_SCALES[i])

    def scale_note(self) -> str:
        """'(120% fits this window)' when the window cannot show the chosen scale, else ''."""
        eff = self.app.effective_ui_scale()
        if eff < self.app.settings.ui_scale - 0.005:
            return f"({eff:.0%} fits this window)"
        return ""

    def on_back(self) -> bool:
        self.app.pop()
        return True

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        st = self.app.settings
        surf.fill(T.BG)
        D.text(surf, th, "SETTINGS", (px(48), px(36)), "tiny_bold", T.ACCENT)
        D.text(surf, th, "Display and names", (px(48), px(52)), "title", T.INK)
        window_hint = "The window can also be resized by dragging its edge."
        if not all(self.app.window_fits(size) for size in WINDOW_SIZES):
            dw, dh = self.app.desktop
            window_hint += f" Sizes larger than this screen ({dw}×{dh}) are greyed out."
        rows = [("window", "Window size", window_hint),
                ("fullscreen", "Full screen", "Fills the whole screen; F11 switches at any time."),
                ("scale", "UI scale", "Text and controls grow with the window; this scales them further."),
                ("fictional", "Fictional names", "Applies to new games; saves keep their names.")]
        for key, label, hint in rows:
            y = self.rows_y[key]
            mid = self.scale_centres[2] if key == "scale" else y + px(18)
            D.text(surf, th, label, (px(48), mid), "body_bold", T.INK, "left", "middle")
            if hint:
                D.text(surf, th, hint, (px(48) + px(240), self.scale_hint_y if key == "scale" else y + px(40)),
                       "tiny", T.INK_FAINT)
        left, right, cy = self.scale_centres
        D.text(surf, th, f"{st.ui_scale:.0%}", ((left + right) // 2, cy), "body_bold", T.ACCENT_HI,
               "center", "middle")
        note = self.scale_note()
        if note:
            D.text(surf, th, note, (right + px(40), cy), "small", T.WARN, "left", "middle")
        D.text(surf, th, "Changes are kept for next time.", (px(48), self.size[1] - px(100)), "tiny", T.INK_FAINT)
