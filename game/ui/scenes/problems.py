"""A scenario that cannot be played: every problem with its place and hint, never a traceback.
Authors can fix the file and press Reload to check it again.
"""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from .base import Scene


class ProblemsScene(Scene):
    name = "problems"
    confirm_key = "reload"

    def __init__(self, app, entry):
        super().__init__(app)
        self.entry = entry

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        self.body = pygame.Rect(px(48), px(150), w - px(96), h - px(150) - px(90))
        self.items = []
        y = 0
        lines = [(d.severity, f"line {d.line}, column {d.col}", d.message, d.hint) for d in self.entry.problems]
        if self.entry.error:
            lines.insert(0, ("error", "", self.entry.error, ""))
        for sev, where, msg, hint in lines:
            text_w = self.body.w - px(200)
            hgt = D.paragraph_height(self.th, msg, "body", text_w)
            if hint:
                hgt += D.paragraph_height(self.th, "Hint: " + hint, "small", text_w)
            self.items.append((y, sev, where, msg, hint, hgt))
            y += hgt + px(14)
        self.scroll_max = max(0, y - self.body.h)
        self.back_button()
        self.main_button("Check again", self.reload, "Read the file again after fixing it. Key: Enter",
                         key="reload")
        if self.focus_key is None:
            self.focus_key = "reload"

    def reload(self) -> None:
        self.entry = self.app.entry(self.entry.path)
        if self.entry.ok:
            self.app.toast("The scenario is valid now.", "good")
            self.app.replace(self.app.scene("new_game", entry=self.entry))
            return
        self.scroll = 0
        self.refresh()

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        errs = sum(1 for _, s, *_ in self.items if s == "error")
        warns = len(self.items) - errs
        self.draw_header(surf, "SCENARIO PROBLEMS", f"{self.entry.title} cannot be played yet", colour=T.BAD)
        D.text(surf, th, str(self.entry.path), (px(48), px(100)), "small", T.INK_DIM, max_width=self.size[0] - px(96))
        D.text(surf, th, f"{errs} error{'s' if errs != 1 else ''}, {warns} warning{'s' if warns != 1 else ''}. "
               "Fix them in the file and check again; `greatgame validate` prints the same list.",
               (px(48), px(122)), "small", T.INK_DIM)
        clip = surf.get_clip()
        surf.set_clip(self.body)
        for y, sev, where, msg, hint, hgt in self.items:
            yy = self.body.y + y - self.scroll
            if yy > self.body.bottom or yy + hgt < self.body.y:
                continue
            colour = T.BAD if sev == "error" else T.WARN
            D.badge(surf, th, sev.upper(), (self.body.x, yy + px(2)), colour)
            D.text(surf, th, where, (self.body.x + px(80), yy + px(2)), "small", T.INK_DIM)
            r = pygame.Rect(self.body.x + px(200), yy, self.body.w - px(200), 10_000)
            used = D.paragraph(surf, th, msg, r, "body", T.INK)
            if hint:
                D.paragraph(surf, th, "Hint: " + hint, r.move(0, used), "small", T.ACCENT_HI)
        surf.set_clip(clip)
        if self.scroll_max:
            D.text(surf, th, "Scroll for more", (self.size[0] - px(48), self.size[1] - px(40)), "tiny",
                   T.INK_FAINT, "right")
