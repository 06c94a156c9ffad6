"""History: a chart of every indicator over the game so far, in pages of small multiples."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from .base import Scene


class HistoryScene(Scene):
    name = "history"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.page = 0

    def indicators(self):
        obs = self.session.obs
        return list(obs.indicators) + list(obs.world)

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        area = pygame.Rect(px(48), px(112), w - px(96), h - px(112) - px(90))
        cols = max(2, area.w // px(290))
        rows = max(1, area.h // px(170))
        self.per_page = cols * rows
        inds = self.indicators()
        self.pages = max(1, -(-len(inds) // self.per_page))
        self.page = min(self.page, self.pages - 1)
        cw = (area.w - (cols - 1) * px(12)) // cols
        ch = (area.h - (rows - 1) * px(12)) // rows
        self.cells = []
        for i, ind in enumerate(inds[self.page * self.per_page:(self.page + 1) * self.per_page]):
            r = pygame.Rect(area.x + (i % cols) * (cw + px(12)), area.y + (i // cols) * (ch + px(12)), cw, ch)
            self.cells.append((r, ind))
            self.spot(r, f"chart:{ind.id}", lambda ind=ind: self.why(ind.id), lambda ind=ind: self.tip(ind))
        self.back_button(style="primary")
        if self.pages > 1:
            last, first = self.page == self.pages - 1, self.page == 0
            # Past either end the pages wrap round; the buttons say where they go.
            self.main_button("« First" if last else "Next ›", lambda: self.flip(1), "PageDown", key="next",
                             width=120, style=None)
            self.main_button("Last »" if first else "‹ Previous", lambda: self.flip(-1), "PageUp", key="prev",
                             width=120, style=None, slot=1)
        self.focus_key = self.focus_key or "back"

    def flip(self, d: int) -> None:
        self.page = (self.page + d) % self.pages
        self.refresh()

    def why(self, ident: str) -> None:
        self.app.push(self.app.scene("why", self.session, ident))

    def tip(self, ind) -> list:
        h = ind.history
        out = [(ind.name, "body_bold", T.INK)]
        if ind.description:
            out.append((ind.description, "small", T.INK_DIM))
        if h:
            out.append((f"Start {D.value_text(h[0], ind.unit, ind.decimals)}, now "
                        f"{D.value_text(h[-1], ind.unit, ind.decimals)}; lowest {D.value_text(min(h), ind.unit, ind.decimals)}, "
                        f"highest {D.value_text(max(h), ind.unit, ind.decimals)}", "small", T.INK))
        out.append(("Click for the causes of every change.", "tiny", T.INK_FAINT))
        return out

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_RIGHTBRACKET) and self.pages > 1:
            self.flip(1)
            return True
        if event.key in (pygame.K_PAGEUP, pygame.K_LEFTBRACKET) and self.pages > 1:
            self.flip(-1)
            return True
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        g = s.game
        surf.fill(T.BG)
        self.draw_header(surf, f"HISTORY · {s.obs.state_name.upper()}", "Every indicator, turn by turn")
        if self.pages > 1:
            D.text(surf, th, f"page {self.page + 1} of {self.pages}", (self.size[0] - px(48), px(64)), "small",
                   T.INK_DIM, "right")
        hover = self.app.hover_key
        for r, ind in self.cells:
            inner = D.panel(surf, th, r, None, fill=T.PANEL_HI if hover == f"chart:{ind.id}" else T.PANEL)
            D.text(surf, th, ind.name + (" (world)" if ind.world else ""), (inner.x, inner.y), "small_bold", T.INK,
                   max_width=inner.w - px(80))
            D.text(surf, th, D.value_text(ind.value, ind.unit, ind.decimals), (inner.right, inner.y), "small_bold",
                   T.ACCENT_HI, "right")
            chart = pygame.Rect(inner.x, inner.y + th.line_height("small_bold") + px(4), inner.w,
                                inner.h - th.line_height("small_bold") - px(4))
            labels = [g.date_label(t + 1) for t in range(len(ind.history))]
            h = ind.history
            colour = T.ACCENT
            if len(h) >= 2 and ind.good != "neutral" and abs(h[-1] - h[0]) > 1e-9:
                colour = D.delta_colour(h[-1] - h[0], ind.good)
            D.chart(surf, th, chart, [(h, colour)], labels, decimals=ind.decimals, bounds=(ind.min, ind.max))
