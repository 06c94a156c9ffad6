"""Briefing: the scenario's situation, the state's goals and its starting position."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from ..mapview import Highlight, MapView, match_states
from .base import Scene


class BriefingScene(Scene):
    name = "briefing"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        g = self.session.game
        self.left = pygame.Rect(px(48), px(130), int(w * 0.52) - px(48), h - px(130) - px(96))
        self.right = pygame.Rect(self.left.right + px(32), px(40), w - self.left.right - px(80), h - px(136))
        st = g.state_info(self.session.state)
        self.paras = [p.strip() for p in (g.s.meta.briefing or g.s.meta.summary).split("\n\n") if p.strip()]
        if st.description:
            self.paras.append(st.description)
        total = sum(D.paragraph_height(self.th, p, "body", self.left.w, 1.1) + px(12) for p in self.paras)
        if st.goals:
            total += self.th.line_height("tiny_bold") + px(6) + D.paragraph_height(self.th, st.goals, "body", self.left.w, 1.1)
        self.scroll_max = max(0, total - self.left.h)
        self.goals = st.goals
        states = [g.state_info(sid) for sid in g.state_ids]
        isos = match_states([(s.id, s.name) for s in states])
        hl = {isos[s.id]: Highlight(T.hex_colour(s.color), s.id == self.session.state) for s in states
              if s.id in isos}
        names = {isos[s.id]: s.name for s in states if s.id in isos}
        self.map = MapView(self.th, pygame.Rect(self.right.x, self.right.y, self.right.w, int(self.right.h * 0.42)),
                           hl, names)
        bh = px(44)
        self.button(pygame.Rect(px(48), h - px(24) - bh, px(140), bh), "Back", self.app.pop, "Key: Esc",
                    key="back")
        self.button(pygame.Rect(w - px(48) - px(240), h - px(24) - bh, px(240), bh), "Take office", self.begin,
                    "Go to the first turn. Key: Enter", style="primary", key="begin")
        self.focus_key = self.focus_key or "begin"

    def begin(self) -> None:
        self.app.open_session(self.session)

    def on_confirm(self) -> bool:
        self.begin()
        return True

    def on_back(self) -> bool:
        self.app.pop()
        return True

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        g = self.session.game
        obs = self.session.obs
        surf.fill(T.BG)
        D.text(surf, th, "BRIEFING", (px(48), px(40)), "tiny_bold", T.ACCENT)
        role = "title" if th.size(g.s.meta.title, "title")[0] <= self.left.w else "heading"
        D.text(surf, th, g.s.meta.title, (px(48), px(56) + (px(6) if role == "heading" else 0)), role, T.INK,
               max_width=self.left.w)
        D.text(surf, th, f"You govern {obs.state_name} · {obs.turns} turns from {obs.date} · seed {g.seed} · "
               f"{g.difficulty.name}", (px(48), px(98)), "small", T.ACCENT_HI, max_width=self.left.w)
        clip = surf.get_clip()
        surf.set_clip(self.left)
        y = self.left.y - self.scroll
        for p in self.paras:
            y += D.paragraph(surf, th, p, pygame.Rect(self.left.x, y, self.left.w, 9999), "body", T.INK, spacing=1.1)
            y += px(12)
        if self.goals:
            D.text(surf, th, "YOUR GOALS", (self.left.x, y), "tiny_bold", T.ACCENT)
            y += th.line_height("tiny_bold") + px(6)
            D.paragraph(surf, th, self.goals, pygame.Rect(self.left.x, y, self.left.w, 9999), "body", T.INK_DIM,
                        spacing=1.1)
        surf.set_clip(clip)
        if self.scroll_max:
            D.text(surf, th, "Scroll for more ↓", (self.left.right, self.left.bottom + px(4)), "tiny", T.INK_FAINT,
                   "right")
        # the right column: the map, then where the state starts
        self.map.draw_base(surf)
        self.map.draw_labels(surf, neighbours=not self.session.game.fictional)
        pygame.draw.rect(surf, T.PANEL_LINE, self.map.rect, width=1)
        r = pygame.Rect(self.right.x, self.map.rect.bottom + px(16), self.right.w,
                        self.right.bottom - self.map.rect.bottom - px(16))
        inner = D.panel(surf, th, r, "Starting position")
        col_w = (inner.w - px(16)) // 2
        y0 = inner.y
        rows = list(obs.indicators)
        per_col = max(1, (inner.h - th.line_height("small")) // (th.line_height("small") + px(2)))
        for i, ind in enumerate(rows[: per_col * 2]):
            cx = inner.x + (i // per_col) * (col_w + px(16))
            cy = y0 + (i % per_col) * (th.line_height("small") + px(2))
            D.text(surf, th, ind.name, (cx, cy), "small", T.INK_DIM, max_width=col_w - px(70))
            D.text(surf, th, D.value_text(ind.value, ind.unit, ind.decimals), (cx + col_w, cy), "small_bold",
                   T.INK, "right")
        if len(rows) > per_col * 2:
            D.text(surf, th, f"+{len(rows) - per_col * 2} more on the main screen", (inner.x, inner.bottom),
                   "tiny", T.INK_FAINT, valign="bottom")
