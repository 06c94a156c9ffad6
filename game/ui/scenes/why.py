"""Why a number is what it is: an indicator's history and the causes of every change, turn by turn."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from ..words import cause_lines
from .dialog import ModalScene


class WhyDialog(ModalScene):
    name = "why"
    width = 780

    def __init__(self, app, session, ident: str):
        super().__init__(app)
        self.session = session
        self.ident = ident

    def layout(self) -> None:
        px, th = self.px, self.th
        self.rect = self.panel_rect(self.size[1] - px(80))
        self.chart_rect = pygame.Rect(self.rect.x + px(24), self.rect.y + px(96), self.rect.w - px(48), px(170))
        self.body = pygame.Rect(self.rect.x + px(24), self.chart_rect.bottom + px(16), self.rect.w - px(48),
                                self.rect.bottom - px(76) - self.chart_rect.bottom - px(16))
        s = self.session
        g = s.game
        ind = s.indicator(self.ident)
        self.blocks = []
        if ind is not None:
            last, now = s.explain(ind)
            if now:
                self.blocks.append((f"So far this turn ({g.date_label()})", cause_lines(s, ind.id, now, 12)))
            who = None if ind.world else s.state
            for t in range(g.turn - 1, 0, -1):
                causes = g.explain(who, ind.id, t)
                if causes:
                    self.blocks.append((f"Turn {t} · {g.date_label(t)}", cause_lines(s, ind.id, causes, 12)))
        total = sum(th.line_height("small_bold") + px(4) + len(lines) * th.line_height("small") + px(10)
                    for _, lines in self.blocks)
        self.scroll_max = max(0, total - self.body.h)
        self.button(pygame.Rect(self.rect.right - px(24) - px(140), self.rect.bottom - px(20) - px(40), px(140), px(40)),
                    "Close", self.app.pop, "Key: Esc", style="primary", key="close")
        self.focus_key = "close"

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        ind = s.indicator(self.ident)
        self.draw_panel(surf, self.rect)
        x, y = self.rect.x + px(24), self.rect.y + px(22)
        if ind is None:
            D.text(surf, th, "This indicator is not shown to you.", (x, y), "heading", T.INK)
            return
        D.text(surf, th, "WORLD" if ind.world else s.obs.state_name.upper(), (x, y), "tiny_bold", T.ACCENT)
        r = D.text(surf, th, ind.name, (x, y + px(14)), "heading", T.INK)
        D.text(surf, th, D.value_text(ind.value, ind.unit, ind.decimals), (self.rect.right - px(24), y + px(10)),
               "big_number", T.ACCENT_HI, "right")
        if ind.description:
            D.text(surf, th, ind.description, (x, r.bottom + px(2)), "small", T.INK_DIM, max_width=self.rect.w - px(200))
        g = s.game
        labels = [g.date_label(t + 1) for t in range(len(ind.history))]
        D.chart(surf, th, self.chart_rect, [(ind.history, T.ACCENT)], labels,
                decimals=ind.decimals)
        clip = surf.get_clip()
        surf.set_clip(self.body)
        yy = self.body.y - self.scroll
        if not self.blocks:
            D.text(surf, th, "It has not moved yet.", (self.body.x, yy), "body", T.INK_FAINT)
        for title, lines in self.blocks:
            D.text(surf, th, title, (self.body.x, yy), "small_bold", T.ACCENT)
            yy += th.line_height("small_bold") + px(4)
            for text, role, colour in lines:
                D.text(surf, th, text, (self.body.x + px(12), yy), role, colour, max_width=self.body.w - px(12))
                yy += th.line_height(role)
            yy += px(10)
        surf.set_clip(clip)
        if self.scroll_max:
            D.text(surf, th, "scroll for earlier turns", (x, self.rect.bottom - px(40)), "tiny", T.INK_FAINT,
                   valign="middle")
