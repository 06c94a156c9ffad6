"""Scenarios: every scenario the game can find, checked, with its facts and problems; pick one to play."""
from __future__ import annotations

import pygame

from game.paths import scenarios_dir, user_scenarios_dir

from .. import draw as D
from .. import theme as T
from .base import Scene
from ..words import length_text


class ScenariosScene(Scene):
    name = "scenarios"
    confirm_key = "play"
    scroll_rebuilds = True

    def __init__(self, app):
        super().__init__(app)
        self.entries = app.catalogue()
        self.index = 0

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        self.list_rect = pygame.Rect(px(48), px(120), max(px(300), int(w * 0.3)), h - px(120) - px(96))
        self.detail = pygame.Rect(self.list_rect.right + px(32), px(120), w - self.list_rect.right - px(80),
                                  h - px(120) - px(96))
        row_h = px(54)
        self.scroll_max = self.list_scroll_max(self.list_rect, len(self.entries), row_h)
        self.scroll = min(self.scroll, self.scroll_max)
        self.rows = self.list_rows(self.list_rect, len(self.entries), row_h, self.scroll)
        for i, r in self.rows:
            self.spot(r, f"scenario:{i}", lambda i=i: self.select(i), str(self.entries[i].path))
        self.back_button()
        e = self.entry
        self.main_button("Play this", self.play, "Set up a game of this scenario. Key: Enter", key="play",
                         enabled=bool(e and e.ok))
        if e is not None and e.problems:
            self.main_button("Show problems", self.problems, key="problems", style=None, slot=1)

    @property
    def entry(self):
        return self.entries[self.index] if self.entries else None

    def select(self, i: int) -> None:
        self.index = i
        self.refresh()

    def play(self) -> None:
        if self.entry is not None and self.entry.ok:
            self.app.replace(self.app.scene("new_game", entry=self.entry))

    def problems(self) -> None:
        self.app.push(self.app.scene("problems", self.entry))

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        self.draw_header(surf, "SCENARIOS", "Scenarios and their health")
        D.text(surf, th, f"Shipped: {scenarios_dir()} · yours: {user_scenarios_dir()}", (px(48), px(94)), "tiny",
               T.INK_FAINT, max_width=self.size[0] - px(96))
        if not self.entries:
            D.text(surf, th, "No scenarios found.", (self.list_rect.x, self.list_rect.y), "body", T.INK_DIM)
        for i, r in self.rows:
            e = self.entries[i]
            D.row_box(surf, th, r, i == self.index, self.app.hover_key == f"scenario:{i}")
            D.text(surf, th, self.app.entry_title(e), (r.x + px(14), r.y + px(7)), "body_bold", T.INK, max_width=r.w - px(28))
            errs, warns = len(e.errors), len(e.problems) - len(e.errors)
            if not e.ok:
                sub, col = f"{errs or 1} error{'s' if errs != 1 else ''}: cannot be played", T.BAD
            elif warns:
                sub, col = f"valid, {warns} warning{'s' if warns != 1 else ''}", T.WARN
            else:
                sub, col = "valid", T.GOOD
            D.text(surf, th, sub, (r.x + px(14), r.y + px(30)), "small", col)
        D.more_marks(surf, th, self.list_rect, self.scroll > 0, self.scroll < self.scroll_max)
        e = self.entry
        if e is None:
            return
        x, y, w = self.detail.x, self.detail.y, self.detail.w
        for ln in D.wrap(th, self.app.entry_title(e), "heading", w)[:3]:
            D.text(surf, th, ln, (x, y), "heading", T.INK, max_width=w)
            y += th.line_height("heading")
        y += px(4)
        D.text(surf, th, str(e.path), (x, y), "tiny", T.INK_FAINT, max_width=w)
        y += th.line_height("tiny") + px(12)
        if not e.ok:
            for d in (e.errors or e.problems)[:8]:
                y += D.paragraph(surf, th, f"line {d.line}:{d.col}: {d.message}" + (f" ({d.hint})" if d.hint else ""),
                                 pygame.Rect(x, y, w, 999), "small", T.BAD) + px(4)
            if e.error:
                D.paragraph(surf, th, e.error, pygame.Rect(x, y, w, 999), "small", T.BAD)
            return
        m = self.app.shown_scenario(e.scenario).model
        fictional = self.app.settings.fictional and m is not e.scenario.model
        D.text(surf, th, length_text(m.meta), (x, y), "small", T.ACCENT_HI)
        y += th.line_height("small") + px(8)
        y += D.paragraph(surf, th, m.meta.summary, pygame.Rect(x, y, w, 999), "body", T.INK_DIM, max_lines=8) + px(12)
        facts = [("States", ", ".join(s.name for s in m.states)),
                 ("Powers", ", ".join(p.name for p in m.powers) or "none"),
                 ("Content", f"{len(m.indicators)} indicators, {len(m.actions)} actions, {len(m.events)} events"),
                 ("Authors", ", ".join(m.meta.authors) or "—"),
                 ("Sources", f"{len(m.meta.sources)} cited"
                  + (" (their titles name the real world: hidden with fictional names)" if fictional else ""))]
        for k, v in facts:
            D.text(surf, th, k, (x, y), "small_bold", T.INK_DIM)
            y += D.paragraph(surf, th, v, pygame.Rect(x + px(100), y, w - px(100), 999), "small", T.INK) + px(4)
        for s in [] if fictional else m.meta.sources[:6]:
            if y > self.detail.bottom - px(20):
                break
            y += D.paragraph(surf, th, "• " + s.title, pygame.Rect(x + px(100), y, w - px(100), 999), "tiny",
                             T.INK_FAINT, max_lines=2)
