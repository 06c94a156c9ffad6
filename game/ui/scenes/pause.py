"""The pause menu (Esc on the main screen): resume, save, load, settings, quit to title or desktop."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from .dialog import ModalScene


class PauseScene(ModalScene):
    name = "pause"
    width = 380
    toasts_on_top = True  # "Saved to ..." must be readable over the menu

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session

    def layout(self) -> None:
        px = self.px
        items = ([
            ("Resume", self.app.pop, "Back to the game. Key: Esc", "primary"),
            ("Save game", self.save, "Save to a new file in your saves folder.", None),
            ("Load game", self.load, "Open a saved game.", None),
        ] if self.app.hotseat is None and not self.session.remote else [
            # a class keeps itself (at one keyboard, or on the instructor's server): no save, no load
            ("Resume", self.app.pop, "Back to the game. Key: Esc", "primary"),
        ]) + [
            ("Settings", self.settings, "Window, UI scale, fictional names.", None),
        ] + ([
            ("Leave the class", self.to_title, "The class keeps your team's game and choices; the same "
             "greatgame join command brings you back.", None),
            ("Quit game", self.app.quit, "The class keeps your team's game and choices.", "danger"),
        ] if self.session.remote else [
            ("Quit to title", self.to_title, "The game is autosaved; Continue resumes it.", None),
            ("Quit game", self.app.quit, "Leave; the game is autosaved.", "danger"),
        ])
        bh, gap = px(44), px(10)
        h = px(80) + len(items) * (bh + gap) + px(14)
        self.rect = self.panel_rect(h)
        y = self.rect.y + px(80)
        for label, fn, tip, style in items:
            self.button(pygame.Rect(self.rect.x + px(28), y, self.rect.w - px(56), bh), label, fn, tip, style=style,
                        key=f"pause:{label}")
            y += bh + gap
        self.focus_key = self.focus_key or "pause:Resume"

    def save(self) -> None:
        try:
            path = self.session.save()
        except OSError as exc:
            self.app.toast(f"Could not save: {exc.strerror or exc}", "bad", 5)
            return
        self.session.autosave()
        self.app.toast(f"Saved as {path.name}", "good")

    def load(self) -> None:
        self.app.push(self.app.scene("load"))

    def settings(self) -> None:
        self.app.push(self.app.scene("settings"))

    def to_title(self) -> None:
        self.session.autosave()
        self.session.close()
        if self.app.hotseat is not None:   # the class is kept; `play --class` resumes it
            self.app.hotseat.close()
            self.app.hotseat = None
        self.app.reset([self.app.scene("title")])

    def draw_scene(self, surf) -> None:
        px = self.px
        self.draw_panel(surf, self.rect)
        obs = self.session.obs
        D.text(surf, self.th, "PAUSED", (self.rect.centerx, self.rect.y + px(22)), "tiny_bold", T.ACCENT, "center")
        D.text(surf, self.th, f"{obs.state_name} · turn {obs.turn} · {obs.date}", (self.rect.centerx, self.rect.y + px(40)),
               "body_bold", T.INK, "center", max_width=self.rect.w - px(40))
